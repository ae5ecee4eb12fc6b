"""The one vocabulary every stage of kaozheng speaks.

Data flows one way: read -> numbers -> meaning -> checks -> publish. Each stage is
a plain function from these records to these records. Like spaCy's ``Doc`` and
``Span``, everything points into the document text by character offsets (Python
``str`` indices, end exclusive) into the text exactly as decoded, never a
normalised copy, so any figure can be traced to the characters it came from.

Field names and vocabularies follow ``shared/spec/CLAIMS.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("count", "ratio", "measure", "duration")
QUALIFIERS = ("exact", "approx", "over", "at_least", "under", "at_most", "range")
CATEGORIES = (
    "population", "identified", "arrested", "executed", "imprisoned", "spared",
    "confessed", "denounced", "seized_drugs", "seized_weapons",
    "seized_ammunition", "seized_equipment", "other",
)
MODALITIES = ("reported", "quota", "requested", "permitted", "planned", "hypothetical")
SEVERITIES = ("error", "warning", "info")

# The fields of a claim record on disk, in the order of CLAIMS.md, then ours.
CLAIM_FIELDS = (
    "doc", "start", "end", "text", "kind", "value", "high", "qualifier", "unit",
    "category", "modality", "place", "date", "base", "note", "rule", "links",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one document's text: ``doc`` id and ``[start, end)`` offsets."""

    doc: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Document:
    """One source text as kaozheng read it.

    ``text`` is the whole decoded (or extracted) text; every offset kaozheng
    outputs refers to it. ``body_start`` is where the text proper begins, after
    a leading metadata block (``title:``/``date:`` lines), so header lines are
    never taken for figures.
    """

    id: str
    text: str
    path: str | None = None
    encoding: str | None = None
    language: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    body_start: int = 0
    meta: dict[str, str] = field(default_factory=dict)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def summary(self) -> dict[str, Any]:
        """The document's record for tables: everything but the text."""
        return {
            "doc": self.id, "path": self.path, "encoding": self.encoding,
            "language": self.language, "title": self.title, "date": self.date,
            "author": self.author, "source": self.source,
            "body_start": self.body_start, "chars": len(self.text),
        }


@dataclass(slots=True)
class Quantity:
    """A number as the grammar found it, before meaning is attached.

    ``text`` is the whole quantity expression with its qualifier words
    ("more than 150,000", "一万余") and without the counted noun. ``rule`` names
    the grammar rule that produced it (``module:rule``).
    """

    start: int
    end: int
    text: str
    kind: str
    value: float | int
    high: float | int | None = None
    qualifier: str = "exact"
    unit: str | None = None
    rule: str = ""


@dataclass(slots=True)
class Claim:
    """One quantitative statement in a document (a record of CLAIMS.md)."""

    doc: str
    start: int
    end: int
    text: str
    kind: str
    value: float | int
    high: float | int | None = None
    qualifier: str = "exact"
    unit: str | None = None
    category: str | None = None
    modality: str | None = None
    place: list[str] | None = None
    date: str | None = None
    base: str | None = None
    note: str | None = None
    rule: str = ""
    # Figures this one refers to: {"rel": "part"|"whole"|"base"|"total_of", "doc", "start", "end"}.
    links: list[dict] = field(default_factory=list)

    @classmethod
    def from_quantity(cls, doc: str, q: Quantity) -> "Claim":
        return cls(
            doc=doc, start=q.start, end=q.end, text=q.text, kind=q.kind,
            value=q.value, high=q.high, qualifier=q.qualifier, unit=q.unit,
            rule=q.rule,
        )

    @property
    def span(self) -> Span:
        return Span(self.doc, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: d[k] for k in CLAIM_FIELDS}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Claim":
        known = {k: d.get(k) for k in CLAIM_FIELDS if k in d}
        known.setdefault("qualifier", "exact")
        known["rule"] = known.get("rule") or ""
        known["links"] = known.get("links") or []
        return cls(**known)

    def link(self, rel: str, other: "Claim") -> None:
        """Record that this figure refers to ``other`` (same document)."""
        entry = {"rel": rel, "doc": other.doc, "start": other.start, "end": other.end}
        if entry not in self.links:
            self.links.append(entry)


@dataclass(slots=True)
class Finding:
    """What a check reports about claims (the findings format of CLAIMS.md)."""

    check: str
    severity: str
    claims: list[Span]
    expected: Any
    written: Any
    inputs: dict[str, Any]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check, "severity": self.severity,
            "claims": [s.to_dict() for s in self.claims],
            "expected": self.expected, "written": self.written,
            "inputs": self.inputs, "message": self.message,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(d["check"], d["severity"], [Span(**s) for s in d["claims"]], d.get("expected"),
                   d.get("written"), d.get("inputs") or {}, d["message"])


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file kaozheng could not read, and why, in one line."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class ReadError(Exception):
    """Raised by a reader for a file it cannot turn into a Document."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.problem = ReadProblem(str(path), reason)

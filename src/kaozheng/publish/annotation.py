"""Claims (and findings) as W3C Web Annotations, JSON-LD.

:func:`to_annotations` gives one ``AnnotationCollection`` whose single
``AnnotationPage`` (``first``) holds one ``Annotation`` per claim:

- ``target``: ``source`` is the document's URI (``urn:kaozheng:doc:<id>`` by
  default, or what ``source_uri(document)`` returns), with two selectors that
  both pick out the claim's characters: a ``TextQuoteSelector`` (``exact`` =
  the claim text, ``prefix``/``suffix`` = up to ``context`` characters either
  side) and a ``TextPositionSelector`` (``start``/``end``). Positions are
  Python ``str`` indices, i.e. Unicode code points, which is what the Web
  Annotation model counts.
- ``body``: a ``TextualBody`` (purpose ``describing``) saying the claim in one
  line, and a structured body (``type`` ``kz:Claim``, purpose ``classifying``)
  with every claim field (CLAIMS.md names, plus ``rule`` and ``links``), under
  the ``kz:`` vocabulary declared in the second ``@context`` entry.
- ``motivation``: ``describing``; ``generator``: kaozheng.

With ``findings``, each finding is one more annotation (motivation
``assessing``, ``kz:Finding`` body with ``check``, ``severity``, ``expected``,
``written``, ``inputs`` (the formula and the figures used) and ``message``),
whose targets are the spans it names, with the same two selectors.

Ids are ``urn:kaozheng:claim:<doc>:<start>-<end>`` and
``urn:kaozheng:finding:<n>``: stable, no host is invented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote

from ..model import CLAIM_FIELDS, Claim, Document, Finding

__all__ = ["to_annotations", "claim_annotation", "write_annotations", "ANNO_CONTEXT", "KZ_CONTEXT"]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
KZ_VOCAB = "urn:kaozheng:vocab#"
KZ_CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "kz": KZ_VOCAB,
    **{f: f"kz:{f}" for f in CLAIM_FIELDS if f not in ("start", "end", "value", "text")},
    "claimStart": "kz:start", "claimEnd": "kz:end", "claimText": "kz:text",
    "quantity": "kz:value",
    "check": "kz:check", "severity": "kz:severity", "expected": {"@id": "kz:expected", "@type": "@json"},
    "written": {"@id": "kz:written", "@type": "@json"},
    "inputs": {"@id": "kz:inputs", "@type": "@json"}, "message": "kz:message",
}
KZ_CONTEXT["links"] = {"@id": "kz:links", "@type": "@json"}
KZ_CONTEXT["place"] = {"@id": "kz:place", "@container": "@list"}


def _doc_uri(doc_id: str) -> str:
    return "urn:kaozheng:doc:" + quote(doc_id, safe="-._~")


def _claim_uri(doc: str, start: int, end: int) -> str:
    return f"urn:kaozheng:claim:{quote(doc, safe='-._~')}:{start}-{end}"


def _selectors(text: str | None, start: int, end: int, context: int) -> list[dict]:
    out: list[dict] = []
    if text is not None:
        out.append({
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - context):start],
            "suffix": text[end:end + context],
        })
    out.append({"type": "TextPositionSelector", "start": start, "end": end})
    return out


def _describe(c: Claim) -> str:
    figure = f"{c.value}" if c.high is None else f"{c.value} to {c.high}"
    bits = [f"{c.text!r}: {c.qualifier} {figure}"]
    if c.unit:
        bits.append(c.unit)
    if c.category:
        bits.append(f"({c.category})")
    if c.modality:
        bits.append(f"[{c.modality}]")
    if c.place:
        bits.append("at " + ", ".join(c.place))
    if c.date:
        bits.append(f"as of {c.date}")
    return " ".join(bits)


def claim_annotation(claim: Claim, document: Document | None = None, *,
                     source: str | None = None, context: int = 32) -> dict:
    """The Web Annotation of one claim (without ``@context``)."""
    text = document.text if document is not None else None
    fields = claim.to_dict()
    body = {"type": "kz:Claim", "purpose": "classifying",
            "claimText": fields.pop("text"), "claimStart": fields.pop("start"),
            "claimEnd": fields.pop("end"), "quantity": fields.pop("value"), **fields}
    return {
        "id": _claim_uri(claim.doc, claim.start, claim.end),
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
             "value": _describe(claim)},
            body,
        ],
        "target": {
            "source": source or _doc_uri(claim.doc),
            "selector": _selectors(text, claim.start, claim.end, context) if text is not None
            else [{"type": "TextQuoteSelector", "exact": claim.text},
                  {"type": "TextPositionSelector", "start": claim.start, "end": claim.end}],
        },
    }


def _finding_annotation(number: int, f: Finding, docs: dict[str, Document], uri, context: int) -> dict:
    targets = []
    for span in f.claims:
        d = docs.get(span.doc)
        targets.append({
            "source": uri(d) if d is not None else _doc_uri(span.doc),
            "selector": _selectors(d.text if d else None, span.start, span.end, context),
        })
    return {
        "id": f"urn:kaozheng:finding:{number}",
        "type": "Annotation",
        "motivation": "assessing",
        "body": [
            {"type": "TextualBody", "purpose": "assessing", "format": "text/plain",
             "value": f.message},
            {"type": "kz:Finding", "check": f.check, "severity": f.severity,
             "expected": f.expected, "written": f.written, "inputs": f.inputs,
             "message": f.message},
        ],
        "target": targets,
    }


def to_annotations(documents: Iterable[Document], claims: Iterable[Claim],
                   findings: Iterable[Finding] = (), *, collection_id: str = "urn:kaozheng:annotations",
                   label: str = "kaozheng claims",
                   source_uri: Callable[[Document], str] | None = None,
                   context: int = 32) -> dict:
    """One ``AnnotationCollection`` (JSON-LD dict) of the claims, then the findings."""
    docs = {d.id: d for d in documents}
    uri = source_uri or (lambda d: _doc_uri(d.id))
    items = []
    for c in claims:
        d = docs.get(c.doc)
        items.append(claim_annotation(c, d, source=uri(d) if d else None, context=context))
    for n, f in enumerate(findings, 1):
        items.append(_finding_annotation(n, f, docs, uri, context))
    return {
        "@context": [ANNO_CONTEXT, KZ_CONTEXT],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "generator": {"id": "urn:kaozheng", "type": "Software", "name": "kaozheng"},
        "first": {
            "id": collection_id + ":page:0",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def write_annotations(path: str | Path, documents: Iterable[Document], claims: Iterable[Claim],
                      findings: Iterable[Finding] = (), **kw) -> Path:
    """Write :func:`to_annotations` as JSON-LD (UTF-8) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_annotations(documents, claims, findings, **kw),
                               ensure_ascii=False, indent=1), encoding="utf-8")
    return path

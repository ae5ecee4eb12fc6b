"""What the checks share: intervals read from written figures, number
formatting, positions (sentence, paragraph) and populations.

Interval rules (how a written figure becomes the set of values it allows):

- ``exact`` ratio: the rounding its written precision allows, half-open
  (round half up): "13%" is [12.5%, 13.5%), "19.3%" is [19.25%, 19.35%),
  "three-thousandths" is [2.5 per mille, 3.5 per mille). Fraction words
  without a scale ("half", 一半) are exact.
- ``exact`` count or measure: the number itself (counts are whole numbers as
  written; a rounded count such as "10 million" is taken as the document
  takes it).
- ``approx`` ("about", "or so", 左右, 约): +-10 %.
- ``over`` ("more than", "over", 余, 多): [v, v + one unit of v's leading
  digit): "more than 10,000" (一万多) is [10,000, 20,000), "more than
  150,000" is [150,000, 250,000), "more than two thousandths" is
  [2, 3) per mille. ``at_least`` is the same interval, closed at v.
- ``under`` / ``at_most``: [0, v).
- ``range``: [low, high].

Populations: the document's own figure when it states one for exactly the
same places (a ``population`` count, or the figure a ratio links as its
``base``) and that figure is plausible (between half and twice the 1953
census figure where the gazetteer has one); else the sum of the 1953 census
figures (``gazetteer.population``) of the places, which must all have one.
A census figure is allowed +-15 % when a written figure is judged against it
(the census is of mid-1953, documents of 1950-52 and older boundaries).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable

from ..gazetteer import Gazetteer, default_gazetteer
from ..meaning.context import View
from ..model import Claim, Document, Span

APPROX = 0.10
MIN_POPULATION = 10000  # a stated "population" below this is not a place's population
CENSUS_TOLERANCE = 0.15
PEOPLE = ("identified", "arrested", "executed", "imprisoned", "spared", "confessed")
PEOPLE_UNITS = (None, "person", "people", "household", "soldier")
SCALES = (10, 100, 1000, 10000)
SCALE_NAMES = {
    10: "a per-mille figure written as percent, or a factor of ten dropped or added",
    100: "a factor of a hundred (per ten thousand written as percent)",
    1000: "a factor of a thousand",
    10000: "a factor of ten thousand (a dropped or added 万)",
}


# --- intervals ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Interval:
    lo: float
    hi: float  # math.inf for no upper bound
    hi_open: bool = False

    @classmethod
    def point(cls, v: float) -> "Interval":
        return cls(v, v, False)

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi, self.hi_open or other.hi_open)

    def scale(self, k: float) -> "Interval":
        return Interval(self.lo * k, self.hi * k, self.hi_open)

    def contains(self, x: float) -> bool:
        return self.lo <= x and (x < self.hi if self.hi_open else x <= self.hi)

    def overlaps(self, other: "Interval") -> bool:
        """Some value lies in both (an open upper end excludes its bound)."""
        a = self.lo < other.hi or (self.lo == other.hi and not other.hi_open)
        b = other.lo < self.hi or (other.lo == self.hi and not self.hi_open)
        return a and b

    def mid(self) -> float:
        return self.lo if self.hi == math.inf else (self.lo + self.hi) / 2

    def json(self):
        """A number for a point, else [low, high] (null for no upper bound)."""
        if self.is_point:
            return _clean(self.lo)
        return [_clean(self.lo), None if self.hi == math.inf else _clean(self.hi)]


def _clean(x: float):
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return int(x)
    return float(f"{x:.6g}") if isinstance(x, float) else x


PERCENT = re.compile(r"%|％|percent|per cent|百分之", re.IGNORECASE)
PERMILLE = re.compile(r"‰|thousandth|per mille|per mil|千分之", re.IGNORECASE)
PER_TEN_THOUSAND = re.compile(r"‱|ten-?thousandth|万分之", re.IGNORECASE)


def ratio_scale(claim: Claim) -> float | None:
    """The unit a ratio is written in: 0.01 (percent), 0.001 (per mille),
    0.0001 (per ten thousand), or None for a fraction word ("half")."""
    t = claim.text
    if PER_TEN_THOUSAND.search(t):
        return 0.0001
    if PERMILLE.search(t):
        return 0.001
    if PERCENT.search(t):
        return 0.01
    return None


def _decimals(x: float) -> int:
    s = f"{round(x, 9):.9f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


def _leading_unit(x: float) -> float:
    return 10 ** math.floor(math.log10(x)) if x > 0 else 1


def interval(claim: Claim) -> Interval:
    """The values a written figure allows (rules in the module docstring)."""
    v = float(claim.value)
    q = claim.qualifier or "exact"
    scale = ratio_scale(claim) if claim.kind == "ratio" else None
    unit = scale or 1.0
    x = v / unit
    if q == "range" and claim.high is not None:
        return Interval(v, float(claim.high))
    if q == "approx":
        return Interval(v * (1 - APPROX), v * (1 + APPROX))
    if q in ("over", "at_least"):
        return Interval(v, (x + _leading_unit(x)) * unit, True)
    if q in ("under", "at_most"):
        return Interval(0.0, v, q == "under")
    if claim.kind == "ratio" and scale is not None:
        half = 0.5 * 10 ** -_decimals(x)
        return Interval((x - half) * unit, (x + half) * unit, True)
    return Interval.point(v)


def interval_rule(claim: Claim) -> str:
    q = claim.qualifier or "exact"
    if q == "range":
        return "range: [low, high]"
    if q == "approx":
        return "approximate: +-10%"
    if q in ("over", "at_least"):
        return "'more than v': [v, v + one unit of v's leading digit)"
    if q in ("under", "at_most"):
        return "'less than v': [0, v]"
    if claim.kind == "ratio" and ratio_scale(claim) is not None:
        return "exact ratio: the rounding its written precision allows (half-open)"
    return "exact: as written"


# --- formatting --------------------------------------------------------------

def fmt_count(x: float) -> str:
    if x == math.inf:
        return "no upper bound"
    if abs(x - round(x)) < 1e-9 or abs(x) >= 100:
        return f"{round(x):,}"
    return f"{x:,.1f}"


def _sig(x: float, digits: int = 2) -> str:
    if x == 0:
        return "0"
    d = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    s = f"{x:.{d}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def fmt_rate(x: float, digits: int = 2) -> str:
    """A fraction as a historian reads it: percent from 1 %, else per mille or per ten thousand."""
    if x == math.inf:
        return "no upper bound"
    if x >= 0.01:
        return f"{_sig(x * 100, max(digits, 3 if x * 100 >= 10 else digits))}%"
    if x >= 0.0001:
        return f"{_sig(x * 1000, digits)} per mille"
    return f"{_sig(x * 10000, digits)} per ten thousand"


def fmt_interval(iv: Interval, fmt=fmt_rate) -> str:
    if iv.is_point:
        return fmt(iv.lo)
    if iv.hi == math.inf:
        return f"at least {fmt(iv.lo)}"
    a, b = fmt(iv.lo), fmt(iv.hi)
    return a if a == b else f"{a} to {b}"


def quote(claim: Claim) -> str:
    return f"\u201c{' '.join(claim.text.split())}\u201d"


def span_dict(claim: Claim) -> dict:
    return claim.span.to_dict()


def claim_input(claim: Claim) -> dict:
    """A claim as a finding's input: its figure and where it is written."""
    return {"text": claim.text, "value": claim.value, "high": claim.high,
            "qualifier": claim.qualifier, "category": claim.category,
            "modality": claim.modality, "place": claim.place,
            "interval": interval(claim).json(), "interval_rule": interval_rule(claim),
            "source": {"doc": claim.doc, "start": claim.start, "end": claim.end}}


def spans(claims: Iterable[Claim]) -> list[Span]:
    out, seen = [], set()
    for c in claims:
        if (c.doc, c.start, c.end) not in seen:
            seen.add((c.doc, c.start, c.end))
            out.append(c.span)
    return out


# --- positions ---------------------------------------------------------------

class Layout:
    """Sentence, clause and paragraph of each claim, read with the meaning
    stage's own boundaries (:class:`kaozheng.meaning.context.View`)."""

    def __init__(self, doc: Document, claims: list[Claim]):
        from ..read import detect_language
        self.doc = doc
        language = doc.language or detect_language(doc.text[doc.body_start:])
        self.view = View(doc, language if language in ("en", "zh") else "en")
        v = self.view
        self._pos = {id(c): v.span(c) for c in claims}

    def span(self, c: Claim) -> tuple[int, int]:
        if id(c) not in self._pos:
            self._pos[id(c)] = self.view.span(c)
        return self._pos[id(c)]

    def sentence(self, c: Claim) -> tuple[int, int]:
        return self.view.sentence(self.span(c)[0])

    def paragraph(self, c: Claim) -> tuple[int, int]:
        return self.view.paragraph(self.span(c)[0])

    def clause(self, c: Claim) -> tuple[int, int]:
        return self.view.clause(self.span(c)[0])

    def sentence_index(self, c: Claim) -> int:
        import bisect
        return bisect.bisect_left(self.view.sentence_ends, self.span(c)[0])

    def text(self, lo: int, hi: int) -> str:
        return self.view.s[lo:hi]


def by_span(claims: list[Claim]) -> dict[tuple[int, int], Claim]:
    return {(c.start, c.end): c for c in claims}


def linked(claim: Claim, rel: str, index: dict[tuple[int, int], Claim]) -> list[Claim]:
    return [index[(l["start"], l["end"])] for l in claim.links
            if l.get("rel") == rel and l.get("doc", claim.doc) == claim.doc
            and (l["start"], l["end"]) in index]


# --- places and populations ----------------------------------------------------

def gaz(gazetteer: Gazetteer | None) -> Gazetteer:
    return gazetteer or default_gazetteer()


def place_names(place: list[str] | None, g: Gazetteer) -> str:
    if not place:
        return "an unnamed place"
    names = []
    for pid in place:
        p = g.get(pid)
        name = p.name_en if p else pid
        names.append(re.sub(r"\s*\([^)]*\)", "", name))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def same_place(a: list[str] | None, b: list[str] | None) -> bool:
    return bool(a) and bool(b) and set(a) == set(b)


def within(a: list[str] | None, b: list[str] | None, g: Gazetteer) -> bool:
    """Every place of ``a`` lies in (or is) one of ``b``."""
    return bool(a) and bool(b) and all(any(g.is_within(x, y) for y in b) for x in a)


def is_country(place: list[str] | None, g: Gazetteer) -> bool:
    return bool(place) and len(place) == 1 and g.get(place[0]) is not None \
        and g.get(place[0]).type == "country"


def census(place: list[str] | None, g: Gazetteer) -> tuple[int, list[dict]] | None:
    """Sum of the 1953 census figures of the places, with each figure's source."""
    if not place:
        return None
    total, parts = 0, []
    for pid in place:
        if pid not in g:
            return None
        pop = g.population(pid)
        if pop is None:
            return None
        total += pop[0]
        parts.append({"place": pid, "population_1953": pop[0], "population_source": pop[1]})
    return total, parts


@dataclass(slots=True)
class Population:
    value: float
    stated: Claim | None  # the document's own figure, or None for the census
    inputs: dict
    label: str  # how a message names it

    @property
    def interval(self) -> Interval:
        if self.stated is not None:
            return Interval.point(self.value)
        return Interval(self.value * (1 - CENSUS_TOLERANCE), self.value * (1 + CENSUS_TOLERANCE))


def plausible_population(c: Claim, g: Gazetteer) -> bool:
    """A stated population figure is taken as the population only if it is
    within a factor of two of the census figure (where there is one) and at least 10,000."""
    if float(c.value) < MIN_POPULATION:
        return False
    ref = census(c.place, g)
    if ref is None:
        return True
    return ref[0] / 2 <= float(c.value) <= ref[0] * 2


def population(place: list[str] | None, claims: list[Claim], g: Gazetteer,
               prefer: Claim | None = None) -> Population | None:
    """The population of ``place``: the document's (plausible) figure, else the census."""
    if not place:
        return None
    stated = [c for c in claims if c.category == "population" and c.kind == "count"
              and same_place(c.place, place) and plausible_population(c, g)]
    if prefer is not None and prefer in stated:
        stated = [prefer]
    names = place_names(place, g)
    if stated:
        c = stated[0]
        return Population(float(c.value), c, {"population": c.value, "population_source": claim_input(c)},
                          f"{names}'s population of {quote(c)}")
    ref = census(place, g)
    if ref is None:
        return None
    total, parts = ref
    formula = " + ".join(p["place"] for p in parts) if len(parts) > 1 else parts[0]["place"]
    return Population(float(total), None,
                      {"population": total, "population_source": "gazetteer 1953 census"
                       + (f" (sum: {formula})" if len(parts) > 1 else ""),
                       "population_tolerance": f"+-{int(CENSUS_TOLERANCE * 100)}% (1953 census against a figure of another year)",
                       "census": parts},
                      f"the 1953-census population of {names} ({fmt_count(total)})")


def slip_name(factor: int, ratio_too_large: bool, scale: float | None) -> str:
    """What a factor of ``factor`` between a ratio and its counts most likely is."""
    if ratio_too_large and scale == 0.01 and factor in (10, 100):
        return ("a per-mille figure rendered as percent" if factor == 10
                else "a per-ten-thousand figure rendered as percent")
    if ratio_too_large and scale == 0.001 and factor == 10:
        return "a per-ten-thousand figure rendered as per mille"
    if factor == 10000:
        return "a dropped or added 万 (a factor of ten thousand)"
    return f"a slip of a factor of {factor:,} in one of the figures"


def find_scale(expected: Interval, written: Interval) -> int | None:
    """The factor (10, 100, 1000, 10000) that reconciles two figures, if any:
    expected / f or expected * f overlaps written."""
    for f in SCALES:
        if expected.scale(1 / f).overlaps(written) or expected.scale(f).overlaps(written):
            return f
    return None

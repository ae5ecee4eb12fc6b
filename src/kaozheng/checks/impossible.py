"""Impossible [impossible]: figures that cannot be.

Arithmetic:
- a share above 100 %: a ratio of something (it has a ``base``, or counts
  people and is written as percent, per mille ...) whose lowest value
  exceeds 1 (a growth figure such as "doubled" has no base and is left alone);
- a count of people above the population of its place: the count's lowest
  value exceeds the population (the document's own figure for that place, or
  the 1953 census + 15 %).
Both ``error``.
"""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "impossible"


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    g = C.gaz(gazetteer)
    out = []
    for c in claims:
        if c.kind == "ratio":
            share = c.base is not None or (C.ratio_scale(c) is not None and c.category in C.PEOPLE)
            iv = C.interval(c)
            if share and iv.lo > 1:
                inputs = {"share": C.claim_input(c), "formula": f"{c.text} <= 100%"}
                msg = f"{C.quote(c)} is a share of more than 100%" + (f" (of {c.base})" if c.base else "") + "."
                out.append(Finding(CHECK, "error", [c.span], 1, iv.json(), inputs, msg))
        elif c.kind == "count" and c.category in C.PEOPLE and c.unit in C.PEOPLE_UNITS and c.place:
            pop = C.population(c.place, claims, g)
            if pop is None:
                continue
            iv = C.interval(c)
            if iv.lo > pop.interval.hi:
                inputs = {"count": C.claim_input(c), **pop.inputs,
                          "formula": f"{c.text} <= population ({pop.value:,.0f})"}
                msg = f"{C.quote(c)} {c.category} is more than {pop.label}."
                spans = [c.span] + ([pop.stated.span] if pop.stated is not None else [])
                out.append(Finding(CHECK, "error", spans, pop.interval.json(), iv.json(), inputs, msg))
    return out

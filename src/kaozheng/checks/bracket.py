"""Bracket [bracket]: an overall rate must lie between its regional extremes.

Arithmetic: min(regional rates) <= overall rate <= max(regional rates), each
rate as the interval its written precision allows. The overall rate is a
ratio whose place contains the places of at least two other ratios of the
same category, base and modality in its paragraph, for at least two
different places ("13% nationally"; "the
Northeast has the highest arrest rate at 19.3% ..., the Northwest the lowest
at 7.5%").

``info`` when it lies between them. Outside them: ``error`` when the
regional rates are said to be the extremes (highest/lowest, 最高/最低 ... in
their clauses), else ``warning`` (the regions named may not be all of them).
"""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "bracket"
EXTREME = re.compile(r"\b(?:highest|lowest|largest|smallest|greatest|maximum|minimum|most|least|best|worst)\b"
                     r"|最高|最低|最大|最小|最多|最少", re.IGNORECASE)


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    g = C.gaz(gazetteer)
    layout = C.Layout(doc, claims)
    ratios = [c for c in claims if c.kind == "ratio" and c.place and C.ratio_scale(c) is not None
              and c.category not in (None, "other")]
    out = []
    for a in ratios:
        regional = [b for b in ratios if b is not a and b.category == a.category and b.base == a.base
                    and b.modality == a.modality and layout.paragraph(b) == layout.paragraph(a)
                    and not C.same_place(b.place, a.place) and C.within(b.place, a.place, g)]
        if len({frozenset(b.place) for b in regional}) < 2:
            continue
        low = min(regional, key=lambda b: C.interval(b).lo)
        high = max(regional, key=lambda b: C.interval(b).hi)
        if C.same_place(low.place, high.place):
            continue
        band = C.Interval(C.interval(low).lo, C.interval(high).hi, C.interval(high).hi_open)
        w = C.interval(a)
        extremes = [b for b in (low, high) if EXTREME.search(layout.text(*layout.clause(b)))]
        inputs = {"overall": C.claim_input(a), "regional": [C.claim_input(b) for b in regional],
                  "lowest": C.claim_input(low), "highest": C.claim_input(high),
                  "said_to_be_extremes": len(extremes) == 2,
                  "formula": f"{low.text} <= {a.text} <= {high.text}"}
        where = C.place_names(a.place, g)
        if w.overlaps(band):
            msg = (f"The rate for {where}, {C.quote(a)}, lies between {C.place_names(low.place, g)}'s "
                   f"{C.quote(low)} and {C.place_names(high.place, g)}'s {C.quote(high)}.")
            out.append(Finding(CHECK, "info", C.spans([a, low, high]), band.json(), w.json(), inputs, msg))
        else:
            severity = "error" if len(extremes) == 2 else "warning"
            msg = (f"The rate for {where}, {C.quote(a)}, lies outside the range of its parts, from "
                   f"{C.place_names(low.place, g)}'s {C.quote(low)} to {C.place_names(high.place, g)}'s "
                   f"{C.quote(high)}" + ("" if severity == "error" else
                                         " (the parts named may not include the extremes)") + ".")
            out.append(Finding(CHECK, severity, C.spans([a, low, high]), band.json(), w.json(), inputs, msg))
    return out

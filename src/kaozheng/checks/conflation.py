"""Same figure, different things [conflation].

Arithmetic: none; a coincidence test. One figure (same value and qualifier,
at least 100) given for the same place under two different categories in one
document ("over 11,000" reports and "over 11,000" confessions in Chongqing)
is more often one figure copied to the wrong line than a coincidence:
``warning``, one per pair of categories. Not when both stand in one sentence
(a deliberate split: "kill 30,000 or so and keep the other 30,000 or so"),
and not for population figures (a group restated as a population).
"""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "conflation"
MIN_VALUE = 100


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    g = C.gaz(gazetteer)
    groups: dict[tuple, list[Claim]] = {}
    for c in claims:
        if c.kind != "count" or c.category in (None, "other", "population") or not c.place or float(c.value) < MIN_VALUE:
            continue
        key = (float(c.value), c.high, c.qualifier, frozenset(c.place))
        groups.setdefault(key, []).append(c)
    layout = C.Layout(doc, claims)
    out = []
    for key, group in groups.items():
        firsts: dict[str, Claim] = {}
        for c in group:
            firsts.setdefault(c.category, c)
        cats = list(firsts)
        for i in range(len(cats)):
            for j in range(i + 1, len(cats)):
                a, b = firsts[cats[i]], firsts[cats[j]]
                if layout.sentence(a) == layout.sentence(b):
                    continue  # "kill 30,000, leave 30,000": a deliberate split in one sentence
                where = C.place_names(a.place, g)
                inputs = {"first": C.claim_input(a), "second": C.claim_input(b),
                          "formula": "same value, qualifier and place; different category"}
                msg = (f"{C.quote(a)} is given for {where} both as {a.category} ({a.unit or 'people'}) and "
                       f"as {b.category} ({b.unit or 'people'}): possibly one figure used for two things.")
                out.append(Finding(CHECK, "warning", C.spans([a, b]), a.value, b.value, inputs, msg))
    return sorted(out, key=lambda f: (f.claims[0].start, f.claims[1].start))

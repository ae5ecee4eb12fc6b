"""What a figure counts: its ``category`` (CLAIMS.md vocabulary).

Rules, in order, for each claim:

1. a duration, or a unit that never counts people or seized goods (region,
   division, dollar ...), is ``other``;
2. inside a seizure ("Weapons seized include ...", 缴获...), the unit says what
   was seized: guns -> seized_weapons, rounds -> seized_ammunition, liang ->
   seized_drugs, machines and sets -> seized_equipment;
3. otherwise the category cue nearest to the figure in its clause, then in its
   sentence ("30,998 arrested", "已杀13000", "confession rate of 83%");
4. otherwise a unit that names the thing counted (reports -> denounced,
   confessions -> confessed);
5. otherwise a ratio or a count of people takes the category of the figure
   of the same kind (ratio, count) before it in the same paragraph ("Now the
   southwest has reached one-thousandths" continues a sentence about
   killing);
6. otherwise ``other``.
"""

from __future__ import annotations

from ..model import Claim
from .context import View, cues

RULE = "meaning.category"

UNIT_CATEGORY = {"report": "denounced", "confession": "confessed"}
PEOPLE_UNITS = {None, "person", "soldier", "household"}


def assign(view: View, claims: list[Claim]) -> None:
    data = cues(view.language)
    other_units = set(data["other_units"]["units"])
    seized_by_unit = {u: label for label, units in data["seized_units"].items() for u in units}
    previous: dict[str, Claim] = {}
    for claim in claims:
        claim.category = _category(view, claim, previous.get(claim.kind), other_units, seized_by_unit)
        previous[claim.kind] = claim


def _category(view: View, claim: Claim, previous: Claim | None, other_units: set, seized_by_unit: dict) -> str:
    if claim.kind == "duration" or (claim.unit in other_units):
        return "other"
    start, end = view.span(claim)
    s_lo, s_hi = view.sentence(start)
    c_lo, c_hi = view.clause(start)
    seizure = view.cues_in("category", s_lo, end)
    if any(c.label == "seized" for c in seizure) and claim.unit in seized_by_unit:
        return seized_by_unit[claim.unit]
    if claim.kind == "ratio":
        # After a share comes its base ("13% of identified offenders", "of the
        # population"): what is counted is said before it.
        skip, after = frozenset({"seized", "population", "identified"}), 4.0
    else:
        skip, after = frozenset({"seized"}), 1.5
    cue = view.nearest_cue("category", start, end, c_lo, c_hi, after_weight=after, skip=skip) \
        or view.nearest_cue("category", start, end, s_lo, s_hi, after_weight=after, skip=skip)
    if cue is not None:
        return cue.label
    if claim.unit in UNIT_CATEGORY:
        return UNIT_CATEGORY[claim.unit]
    if previous is not None and previous.category not in (None, "other") and claim.unit in PEOPLE_UNITS \
            and claim.kind in ("ratio", "count") \
            and view.paragraph(view.span(previous)[0]) == view.paragraph(start):
        return previous.category
    return "other"

"""How the document holds a figure: its ``modality`` (CLAIMS.md vocabulary).

The modality cue nearest before the figure in its clause wins, then the
nearest in its sentence before it; cues just after the figure in its clause
count too ("who are going to be killed"), at a greater distance. With no cue
the figure is ``reported``: the document states it as fact. A duration of a
thousand years or more is a figure of speech (``hypothetical``). Documents mix
modalities in one sentence ("has already killed 13,000 and ... requires
another 22,000 to 25,000; we can allow them to kill a little more than
10,000"), which is why the nearest cue, not the sentence, decides. A figure
with no cue of its own that continues a list (no full stop since the figure
before it) keeps that figure's modality.
"""

from __future__ import annotations

import re

from ..model import Claim
from .context import View, cues

RULE = "meaning.modality"

# Only these cues may follow the figure: "60,000 people ... who are going to be
# killed", "... would lack livelihood". A request or permission is said first.
AFTER = frozenset({"planned", "hypothetical"})
# A full stop ends a list: after it a figure without a cue is reported again.
STOP = re.compile(r"[。！？；\n]|[.!?]\s")


def assign(view: View, claims: list[Claim]) -> None:
    previous: Claim | None = None
    for i, claim in enumerate(claims):
        claim.modality = _modality(view, claim, previous)
        if claim.modality == "reported" and not _has_cue(view, claim):
            claim.modality = _carry_from_sentence_before(view, claim, claims[max(0, i - 12):i]) or "reported"
        previous = claim


def _has_cue(view: View, claim: Claim) -> bool:
    start, end = view.span(claim)
    s_lo, s_hi = view.sentence(start)
    return view.nearest_cue("modality", start, end, s_lo, start, skip=frozenset({"reported"})) is not None


# A span of time no record states as fact: "一万年以后", "ten thousand years
# from now" are figures of speech, suppositions about a distant future or past.
RHETORICAL_YEARS = 1000


def _modality(view: View, claim: Claim, previous: Claim | None) -> str:
    if claim.kind == "duration" and claim.unit == "year" and (claim.value or 0) >= RHETORICAL_YEARS:
        return "hypothetical"
    start, end = view.span(claim)
    c_lo, c_hi = view.clause(start)
    s_lo, _ = view.sentence(start)
    cue = view.nearest_cue("modality", start, end, c_lo, c_hi, after_weight=3.0, after_labels=AFTER) \
        or view.nearest_cue("modality", start, end, s_lo, start)
    if cue is not None:
        return cue.label
    p_lo, _ = view.paragraph(start)
    if s_lo > p_lo:
        # An example or a supposition opened in the sentence before runs on
        # ("比如..." / "If ...": the next sentence is still the example).
        before = view.nearest_cue("modality", start, end, max(p_lo, view.sentence(s_lo - 2)[0]), s_lo)
        if before is not None and before.text.lower() in cues(view.language)["modality_runs_on"]["words"]:
            return before.label
    if previous is not None and previous.modality:
        # A list runs on across ";" and ",": "calls for twenty active plus ten
        # reserve divisions; two jet fighter bomber wings ..." keeps its modality.
        p_start, p_end = view.span(previous)
        gap = view.s[p_end:start]
        if view.paragraph(p_start) == view.paragraph(start) and len(gap) < 120 \
                and not STOP.search(gap):
            return previous.modality
    return "reported"


def _carry_from_sentence_before(view: View, claim: Claim, earlier: list[Claim]) -> str | None:
    """A ratio with no cue that goes on about what the sentence before allowed
    or asked for ("we can allow them to kill a little more than 10,000 ... .
    The proportion of more than two thousandths is already ..."): the last
    figure of the same category in the sentence before, if not reported."""
    start, _ = view.span(claim)
    s_lo, _ = view.sentence(start)
    if claim.kind != "ratio" or claim.category in (None, "other") or s_lo == 0:
        return None
    before_lo = view.sentence(s_lo - 2)[0]
    p_lo, _ = view.paragraph(start)
    for other in reversed(earlier):
        o_start = view.span(other)[0]
        if o_start < max(before_lo, p_lo):
            return None
        if o_start < s_lo and other.category == claim.category:
            return other.modality if other.modality != "reported" else None
    return None

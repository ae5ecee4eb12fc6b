"""How the document holds a figure: its ``modality`` (CLAIMS.md vocabulary).

The modality cue nearest before the figure in its clause wins, then the
nearest in its sentence before it; cues just after the figure in its clause
count too ("who are going to be killed"), at a greater distance. With no cue
the figure is ``reported``: the document states it as fact. Documents mix
modalities in one sentence ("has already killed 13,000 and ... requires
another 22,000 to 25,000; we can allow them to kill a little more than
10,000"), which is why the nearest cue, not the sentence, decides.
"""

from __future__ import annotations

from ..model import Claim
from .context import View

RULE = "meaning.modality"

# Only these cues may follow the figure: "60,000 people ... who are going to be
# killed", "... would lack livelihood". A request or permission is said first.
AFTER = frozenset({"planned", "hypothetical"})


def assign(view: View, claims: list[Claim]) -> None:
    for claim in claims:
        claim.modality = _modality(view, claim)


def _modality(view: View, claim: Claim) -> str:
    start, end = view.span(claim)
    c_lo, c_hi = view.clause(start)
    s_lo, _ = view.sentence(start)
    cue = view.nearest_cue("modality", start, end, c_lo, c_hi, after_weight=3.0, after_labels=AFTER) \
        or view.nearest_cue("modality", start, end, s_lo, start)
    return cue.label if cue is not None else "reported"

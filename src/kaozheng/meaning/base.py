"""What a ratio is a share of: its ``base`` (population, identified, detained...).

The base cue nearest after the ratio in its clause ("13% of the total",
"of the population", 人口千分之一) or, failing that, before it in its
sentence. Counts, measures and durations have no base.
"""

from __future__ import annotations

from ..model import Claim
from .context import View

RULE = "meaning.base"


def assign(view: View, claims: list[Claim]) -> None:
    for claim in claims:
        if claim.kind != "ratio":
            claim.base = None
            continue
        start, end = view.span(claim)
        c_lo, c_hi = view.clause(start)
        s_lo, _ = view.sentence(start)
        cue = view.nearest_cue("base", start, end, c_lo, c_hi, before_weight=2.0) \
            or view.nearest_cue("base", start, end, s_lo, start)
        claim.base = cue.label if cue is not None else None

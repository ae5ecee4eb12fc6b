"""Figures that refer to each other, kept in each claim's ``links``.

- A share names its part and its whole: in "237,463 ... with 30,998 arrested
  -- accounting for 13% of the total", 13% links ``part`` to 30,998 and
  ``whole`` to 237,463 (the two counts before it in its sentence, nearest
  first); with one count before it, only ``part``.
- A ratio of the population links ``base`` to the population figure of the
  same place in the document ("Guizhou's population of 10 million").
- A total ("totaling 45", 共, in all) links ``total_of`` to the counts of the
  same category before it in its paragraph, at most ``MAX_PARTS`` figures back
  (a text without paragraph breaks is one paragraph: a total there does not
  sum every figure before it, and linking them all would be quadratic).
"""

from __future__ import annotations

import bisect
import re

from ..model import Claim
from .context import View

RULE = "meaning.links"
MAX_PARTS = 50
TOTAL_CUE = re.compile(r"(?:totall?ing|in all|altogether|a total of|共计|(?<![中国])共|合计|总计|总共)\s*$", re.IGNORECASE)


def assign(view: View, claims: list[Claim]) -> None:
    spans = [view.span(c) for c in claims]
    starts = [sp[0] for sp in spans]
    populations = [c for c in claims if c.category == "population" and c.kind == "count"]
    for i, claim in enumerate(claims):
        start, _ = spans[i]
        s_lo, _ = view.sentence(start)
        p_lo, _ = view.paragraph(start)
        in_sentence = claims[bisect.bisect_left(starts, s_lo):i]
        in_paragraph = claims[max(bisect.bisect_left(starts, p_lo), i - MAX_PARTS):i]
        if claim.kind == "ratio":
            counts = [c for c in in_sentence if c.kind == "count"
                      and c.category not in (None, "other", "population")]
            if counts:
                claim.link("part", counts[-1])
                if len(counts) > 1:
                    claim.link("whole", counts[-2])
            if claim.base == "population":
                for pop in populations:
                    if pop.place and claim.place and set(pop.place) & set(claim.place):
                        claim.link("base", pop)
                        break
        elif claim.kind == "count" and TOTAL_CUE.search(view.s[max(p_lo, start - 12):start]):
            for other in in_paragraph:
                if other.kind == "count" and other.category == claim.category:
                    claim.link("total_of", other)

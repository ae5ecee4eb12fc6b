"""Where a figure holds: its ``place``, as gazetteer ids.

Place names are found once per document with the gazetteer. For each figure:

1. the names in its clause before it, taken as a group when they are a list
   ("华东、中南、西南", "Central South and East China");
2. else the nearest group before it in its sentence;
3. else the nearest group after it in its sentence ("in the three major
   regions of Southwest, Central South, and East China");
4. else the place of the figure before it in the paragraph (list items and
   running text keep their subject: "- Chongqing had over 11,000, and ...");
5. else the document's main place: the one named most often, names in the
   title counting three times.

In a group, a unit that contains another member is dropped ("In Tonghua,
Jilin" is Tonghua; 东北通化市 is Tonghua).
"""

from __future__ import annotations

import re
from collections import Counter

from ..gazetteer import Gazetteer, Mention
from ..model import Claim
from .context import View

RULE = "meaning.place"

# Between two names of one list: commas, 、, "and", 和, 及, 与.
LIST_GAP = re.compile(r"^(?:\s*(?:,|、|，|and|和|及|与|以及|&)\s*|\s+|\s*,\s*and\s*)$")
TITLE_WEIGHT = 3


def assign(view: View, claims: list[Claim], gazetteer: Gazetteer) -> None:
    doc = view.doc
    mentions = [m for m in gazetteer.find_mentions(doc.text, doc.body_start)]
    spans = [(view.pos(m.start), view.pos(m.end - 1) + 1, m) for m in mentions]
    groups = _groups(view, spans, gazetteer)
    default = _main_place(doc, mentions, gazetteer)
    previous: Claim | None = None
    for claim in claims:
        start, end = view.span(claim)
        place = _place(view, start, end, groups)
        if place is None and previous is not None and previous.place \
                and view.paragraph(view.span(previous)[0]) == view.paragraph(start):
            place = previous.place
        if place is None and default:
            place = [default]
        claim.place = place
        previous = claim


def _groups(view: View, spans, gazetteer: Gazetteer) -> list[tuple[int, int, list[str]]]:
    """Adjacent names joined into lists: (start, end, ids) in view positions."""
    groups: list[tuple[int, int, list[str]]] = []
    for start, end, m in spans:
        if groups and LIST_GAP.match(view.s[groups[-1][1]:start]):
            g_start, _, ids = groups[-1]
            groups[-1] = (g_start, end, ids + [m.place_id])
        else:
            groups.append((start, end, [m.place_id]))
    out = []
    for start, end, ids in groups:
        kept = [i for i in dict.fromkeys(ids)
                if not any(o != i and gazetteer.is_within(o, i) for o in ids)]
        out.append((start, end, kept))
    return out


def _place(view: View, start: int, end: int, groups) -> list[str] | None:
    c_lo, _ = view.clause(start)
    s_lo, s_hi = view.sentence(start)
    before = [g for g in groups if s_lo <= g[0] and g[1] <= start]
    in_clause = [g for g in before if g[0] >= c_lo]
    if in_clause:
        return in_clause[-1][2]
    if before:
        return before[-1][2]
    after = [g for g in groups if end <= g[0] and g[1] <= s_hi]
    if after:
        return after[0][2]
    return None


def _main_place(doc, mentions: list[Mention], gazetteer: Gazetteer) -> str | None:
    counts = Counter(m.place_id for m in mentions)
    if doc.title:
        for m in gazetteer.find_mentions(doc.title):
            counts[m.place_id] += TITLE_WEIGHT
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])

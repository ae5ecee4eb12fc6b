"""Where a figure holds: its ``place``, as gazetteer ids.

Place names are found once per document with the gazetteer. For each figure:

1. a name right after it that it counts (半个中国, "half of Korea"), else
   the names in its clause before it, taken as a group when they are a list
   ("华东、中南、西南", "Central South and East China");
2. else the nearest group before it in its sentence;
3. else the nearest group after it in its sentence ("in the three major
   regions of Southwest, Central South, and East China");
4. else the place of the figure before it in its sentence ("Chongqing had
   over 11,000, and ..."), or in the sentence before if both count the same
   thing;
5. else a city named in the sentence before (a story about one town);
6. else the document's main place (see ``_main_place``).

Names the figure is not about are set aside: excepted places (除西藏、台湾
以外, except Tibet) and comparisons (象波兰那样, like Poland). In a group, a
unit that contains another member is dropped ("In Tonghua,
Jilin" is Tonghua; 东北通化市 is Tonghua).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cache

from ..gazetteer import Gazetteer, Mention
from ..model import Claim
from .context import View, cues

RULE = "meaning.place"

# Between two names of one list: commas, 、, "and", 和, 及, 与.
LOCATIVE = re.compile(r"(?:\b[Ii]n|\bwithin|\binside|在|于)\s*$")
LOCATIVE_WEIGHT = 4
# Between a figure and the place it counts: nothing, 个, 的, "of" (半个中国, half of Korea).
COUNTED_PLACE = re.compile(r"\s*(?:个|的|of(?:\s+the)?)?\s*$")
LIST_GAP = re.compile(r"^(?:\s*(?:,|、|，|and|和|及|与|跟|同|以及|&)\s*|\s*|\s*,\s*and\s*)$")


def assign(view: View, claims: list[Claim], gazetteer: Gazetteer) -> None:
    doc = view.doc
    mentions = gazetteer.find_mentions(doc.text, doc.body_start)
    spans = [(view.pos(m.start), view.pos(m.end - 1) + 1, m.place_id) for m in mentions]
    spans = sorted(spans + _place_words(view, spans, gazetteer) + _place_pairs(view, gazetteer))
    spans = [sp for sp in spans if not _set_aside(view, sp[0], sp[1])]
    groups = _groups(view, spans, gazetteer)
    group_starts = [g[0] for g in groups]
    default = _main_place(doc, mentions, gazetteer, view.language)
    previous: Claim | None = None
    for claim in claims:
        start, end = view.span(claim)
        place = _place(view, start, end, groups, group_starts)
        if place is None and previous is not None and previous.place and _continues(view, previous, claim, start):
            place = previous.place
        if place is None:
            place = _city_in_sentence_before(view, start, groups, group_starts, gazetteer)
        if place is None and default:
            place = [default]
        claim.place = place
        previous = claim


def _groups(view: View, spans, gazetteer: Gazetteer) -> list[tuple[int, int, list[str]]]:
    """Adjacent names joined into lists: (start, end, ids) in view positions."""
    groups: list[tuple[int, int, list[str]]] = []
    for start, end, pid in spans:
        gap = view.s[groups[-1][1]:start] if groups else None
        if groups and LIST_GAP.match(gap):
            g_start, _, ids = groups[-1]
            if _apposition(gap, ids[-1], pid, gazetteer):
                groups[-1] = (g_start, end, ids)  # "Tonghua, Jilin": the city, not its province
            else:
                groups[-1] = (g_start, end, ids + [pid])
        else:
            groups.append((start, end, [pid]))
    out = []
    for start, end, ids in groups:
        kept = [i for i in dict.fromkeys(ids)
                if not any(o != i and gazetteer.is_within(o, i) for o in ids)]
        out.append((start, end, kept))
    return out


LOCAL_TYPES = {"city", "prefecture", "county", "district"}
WIDE_TYPES = {"province", "region", "autonomous_region", "administrative_district", "country"}


def _apposition(gap: str, first: str, second: str, gazetteer: Gazetteer) -> bool:
    """"Tonghua, Jilin", "Hengyang, Hunan": a city followed by the province it
    is said to lie in, which names where the city is, not a second place."""
    a, b = gazetteer.get(first), gazetteer.get(second)
    return (a is not None and b is not None and gap.strip() in (",", "，")
            and a.type in LOCAL_TYPES and b.type in WIDE_TYPES)


def _city_in_sentence_before(view: View, start: int, groups, group_starts: list[int], gazetteer: Gazetteer):
    """A city named in the sentence just before (石家庄那个学校…。七十个代表…):
    a story told about one town keeps its place; a country or a region named in
    passing does not."""
    s_lo, _ = view.sentence(start)
    p_lo, _ = view.paragraph(start)
    if s_lo <= p_lo:
        return None
    b_lo, _ = view.sentence(s_lo - 2)
    k = bisect.bisect_left(group_starts, s_lo) - 1
    if k >= 0 and groups[k][0] >= max(b_lo, p_lo):
        ids = groups[k][2]
        if all((p := gazetteer.get(i)) is not None and p.type in LOCAL_TYPES for i in ids):
            return ids
    return None


def _continues(view: View, previous: Claim, claim: Claim, start: int) -> bool:
    """The figure goes on with the one before it: in its sentence, or in the
    sentence before with the same category ("... requires another 22,000 to
    25,000. We can allow them to kill a little more than 10,000")."""
    p_start = view.span(previous)[0]
    s_lo, _ = view.sentence(start)
    if view.sentence(p_start) == (s_lo, view.sentence(start)[1]):
        return True
    return (previous.category == claim.category and claim.category not in (None, "other")
            and s_lo > 0 and view.sentence(s_lo - 2)[0] <= p_start
            and view.paragraph(p_start) == view.paragraph(start))


def _place_pairs(view: View, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Two countries in one abbreviation (中苏条约): two names at the same spot,
    which the list rule then groups."""
    pairs = cues(view.language).get("place_pairs", {})
    pattern = _pairs_pattern(view.language)
    out = []
    for m in pattern.finditer(view.s) if pattern else ():
        for k, pid in enumerate(pairs[m.group()]):
            if pid in gazetteer:
                out.append((m.start() + k, m.start() + k + 1, pid))
    return out


@cache
def _pairs_pattern(language: str) -> re.Pattern | None:
    pairs = cues(language).get("place_pairs", {})
    return re.compile("|".join(map(re.escape, pairs))) if pairs else None


def _set_aside(view: View, start: int, end: int) -> bool:
    """A name the figure is not about: excepted (除西藏、台湾以外, except Tibet),
    a comparison (象波兰那样, like Poland) or an event named after it (匈牙利事件)."""
    data = cues(view.language)["place_context"]
    before = view.s[max(0, start - 12):start]
    clause_before = re.split(r"[。；;.!?！？\n，,]", before)[-1]
    after = view.s[end:end + 12]
    if any(w in clause_before for w in data["except_before"]) and (
            not data["except_after"] or any(w in re.split(r"[。；;.!?！？\n]", after)[0] for w in data["except_after"])):
        return True
    if any(after.startswith(w) for w in data.get("event_after", ())):
        return True  # “匈牙利事件”: an event named after a place, not the place
    if any(clause_before.rstrip().endswith(w) for w in data["like_before"]) and (
            not data["like_after"] or any(after.lstrip().startswith(w) for w in data["like_after"])):
        return True
    return False


def _place_words(view: View, spans, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Places named by ordinary words (nationwide, 全国), where no name is found."""
    starts = [a for a, _, _ in spans]
    out = []
    for cue in view.cues("place_words"):
        k = bisect.bisect_left(starts, cue.end) - 1  # the last name starting before the cue ends
        overlaps = k >= 0 and spans[k][1] > cue.start
        if cue.label in gazetteer and not overlaps:
            out.append((cue.start, cue.end, cue.label))
    return out


def _place(view: View, start: int, end: int, groups, group_starts: list[int]) -> list[str] | None:
    c_lo, _ = view.clause(start)
    s_lo, s_hi = view.sentence(start)
    k = bisect.bisect_left(group_starts, s_lo)
    before, after = [], []
    while k < len(groups) and groups[k][0] < s_hi:
        g = groups[k]
        if g[1] <= start:
            before.append(g)
        elif g[0] >= end and g[1] <= s_hi and not after:
            after.append(g)
        k += 1
    if after and COUNTED_PLACE.match(view.s, end, after[0][0]):
        return after[0][2]  # 半个中国, "half of Korea": the figure counts the place itself
    in_clause = [g for g in before if g[0] >= c_lo]
    if in_clause:
        return in_clause[-1][2]
    if before:
        return before[-1][2]
    if after:
        return after[0][2]
    return None


def _recipient(title: str, language: str, gazetteer: Gazetteer) -> set[str] | None:
    """In a letter's or telegram's title ("Telegram From the Embassy in Korea to
    the Department of State") the places of its recipient: the country it is
    written to is not what it reports on. None when the title is no address."""
    data = cues(language).get("correspondence", {})
    marker = data.get("to_marker")
    if not marker or not re.search(marker, title):
        return None
    to_part = re.split(marker, title)[-1]
    places = {_country_of(m.place_id, gazetteer) for m in gazetteer.find_mentions(to_part)}
    for pid, words in data.get("institutions", {}).items():
        if any(w in to_part for w in words):
            places.add(pid)
    return {p for p in places if p}


def _main_place(doc, mentions: list[Mention], gazetteer: Gazetteer, language: str) -> str | None:
    """The place the document is about: the place its title names (关于广西剿匪
    的电报) unless the title is an address, else the country that scores most:
    one for each time it is named, half for each of its units (a telegram about
    Guizhou and the Southwest is about China), four times as much after
    "in"/在 (where things happen, not who writes); the recipient's country of
    a telegram or letter does not count."""
    title = doc.title or ""
    recipient = _recipient(title, language, gazetteer)
    in_title = Counter(m.place_id for m in gazetteer.find_mentions(title))
    if in_title and recipient is None:
        return max(sorted(in_title), key=lambda k: in_title[k])
    counts: Counter[str] = Counter()
    for m in mentions:
        country = _country_of(m.place_id, gazetteer)
        if country and country not in (recipient or ()):
            weight = LOCATIVE_WEIGHT if LOCATIVE.search(doc.text[max(0, m.start - 8):m.start]) else 1
            counts[country] += weight if country == m.place_id else weight / 2
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])


def _country_of(pid: str, gazetteer: Gazetteer) -> str | None:
    place = gazetteer.get(pid)
    if place is None:
        return None
    if place.type == "country":
        return pid
    chain = gazetteer.ancestors(pid)
    return chain[-1] if chain else None

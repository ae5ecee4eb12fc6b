"""When a figure holds: its ``date`` (ISO, full or partial).

1. a date written before the figure in its sentence or the sentence before
   ("In February, the central meeting decided...", 一九五〇年, 去年) dates the
   figure, unless it starts a period (一九四九年四月二十一日开始..., since
   1949) or "now" (现在, at present) comes between them;
2. "As of September 12" / 截至九月十二日 dates every figure after it in its
   paragraph (the year from the document's date);
3. otherwise, for figures the document reports or plans, the date of the
   section they are in (a short line that is a date: 一月十八日的讲话 heads
   its section; a bracketed date after running text closes the section above
   it) or the document's own date; quotas, requests, permissions and hypothetical
   figures keep no date unless the text gives one.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from ..model import Claim
from ..numbers.zh import value_of
from ..numbers.common import words_regex
from .context import View, cues

RULE = "meaning.date"

MONTHS = ("january february march april may june july august september october "
          "november december").split()
MONTH = "|".join(m.capitalize() for m in MONTHS) + "|" + "|".join(m[:3].capitalize() + r"\." for m in MONTHS)
EN_DATE = re.compile(
    rf"\b(?P<month>{MONTH})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>1[89]\d\d))?\b"
    rf"|\b(?P<yearonly>19[0-6]\d)\b(?!\s*(?:tons|people|men|persons))"
)
ZH_NUM = "〇○零一二三四五六七八九十0-9０-９"
ZH_MONTH = r"十[一二]?|[一二三四五六七八九正]|1[0-2]|0?[1-9]|１[０-２]|[１-９]"
ZH_DATE_WRITTEN = (
    rf"(?P<year>[{ZH_NUM}]{{4}})年(?:(?P<month>{ZH_MONTH})月(?:(?P<day>[{ZH_NUM}]{{1,3}})[日号])?)?"
    rf"|(?P<month2>{ZH_MONTH})月(?:(?P<day2>[{ZH_NUM}]{{1,3}})[日号])?"
)


@cache
def zh_date_pattern() -> re.Pattern:
    """Written dates, and the words of ``[date_words]`` in ``data/zh.toml``
    (去年: a year from the document's; 解放以前: a named time)."""
    words = cues("zh").get("date_words", {})
    pattern = ZH_DATE_WRITTEN
    for group in ("relative_years", "named"):
        if words.get(group):
            pattern += f"|(?P<{group}>{words_regex(words[group])})"
    return re.compile(pattern)
DATED_MODALITIES = ("reported", "planned")
# A date after the figure in its sentence dates it when introduced so: "as reported April 8".
AFTER_CUE = re.compile(r"(?:as (?:reported|of|at)|reported|dated|on|截至|截止)\s*$", re.IGNORECASE)


def assign(view: View, claims: list[Claim]) -> None:
    year = _doc_year(view.doc.date)
    mentions = _Mentions(list(_mentions(view, year)), view.doc.date)
    for claim in claims:
        claim.date = _date(view, claim, mentions)


class _Mentions:
    """The dates written in a document, in text order, with what the rules
    below look up for every figure worked out once: the ends (to find the
    mentions before a figure), and for each position the last "as of" date,
    the next section date and the last section date before it. Scanning the
    whole list at every figure would make long documents quadratic."""

    def __init__(self, mentions: list[tuple[int, int, str, str]], doc_date: str | None):
        self.items = mentions
        self.ends = [m[1] for m in mentions]
        n = len(mentions)
        # last_as_of[k] / last_section[k]: index of the last such mention before k (or -1);
        # next_section[k]: index of the first heading or closing at k or after (or n).
        self.last_as_of, self.last_section = [-1] * (n + 1), [-1] * (n + 1)
        for k, (_, _, iso, kind) in enumerate(mentions):
            self.last_as_of[k + 1] = k if kind == "as_of" else self.last_as_of[k]
            own = kind in ("heading", "closing") and not (doc_date and doc_date.startswith(iso))
            self.last_section[k + 1] = k if own else self.last_section[k]
        self.next_section = [n] * (n + 1)
        for k in range(n - 1, -1, -1):
            self.next_section[k] = k if mentions[k][3] in ("heading", "closing") else self.next_section[k + 1]


def _date(view: View, claim: Claim, mentions: _Mentions) -> str | None:
    items = mentions.items
    start, _ = view.span(claim)
    p_lo, _ = view.paragraph(start)
    s_lo, _ = view.sentence(start)
    n_before = bisect.bisect_right(mentions.ends, start)  # mentions are in text order
    scope = view.sentence(s_lo - 2)[0] if s_lo > p_lo else s_lo  # this sentence and the one before
    scope = max(scope, p_lo)
    for k in range(n_before - 1, -1, -1):
        m_start, m_end, iso, kind = items[k]
        if m_start < scope:
            break
        if kind == "plain":
            if _now_between(view, m_end, start):
                break  # "一九四九年只有十九万吨 ... 现在是五百二十万吨": now is the document's date
            return iso  # "In February, the central meeting decided"
    k = mentions.last_as_of[n_before]
    if k >= 0 and items[k][0] >= p_lo:
        return items[k][2]  # "As of September 12, ..." dates its paragraph
    _, s_hi = view.sentence(start)
    for k in range(n_before, len(items)):
        m_start, m_end, iso, kind = items[k]
        if m_start >= s_hi:
            break
        if kind == "plain" and claim.modality == "reported" and AFTER_CUE.search(view.s[max(0, m_start - 16):m_start]):
            return iso  # "76 persons granted exit permits as reported April 8, 1955"
    if claim.modality not in DATED_MODALITIES:
        return None
    # A section's own date, unless it is just the document's date less precisely:
    # a date line closing the figure's section (before any new heading), or a
    # dated heading before the figure.
    k = mentions.next_section[n_before]
    if k < len(items) and items[k][3] == "closing":
        return items[k][2]
    k = mentions.last_section[n_before]
    if k >= 0:
        return items[k][2]
    return view.doc.date


def _now_between(view: View, start: int, end: int) -> bool:
    words = cues(view.language)["date"]["now"]
    text = view.s[start:end].lower()
    return any(w in text for w in words)


def _doc_year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _kind(view: View, start: int, end: int) -> str:
    """as_of, heading or closing (a short line that is a date: a section's date), start
    (the start of a period: 一九四九年四月二十一日开始..., since 1949) or plain."""
    data = cues(view.language)["date"]
    before = view.s[max(0, start - 10):start].lower().rstrip()
    after = view.s[end:end + 6].lower()
    if any(before.endswith(w) for w in data["as_of"]):
        return "as_of"
    if any(before.endswith(w) for w in data["range_end_before"]):
        return "end"  # 六月一日至九月三十日: a period is dated by its start
    if any(before.endswith(w) for w in data["period_start_before"]) or \
            any(after.lstrip().startswith(w) for w in data["period_start_after"]):
        return "start"
    # The date's line, looked for within LINE_REACH characters either way (a
    # longer line is running text; searching a whole long text at every date
    # would make long documents quadratic).
    s = view.s
    lo, hi = max(0, start - LINE_REACH), min(len(s), end + LINE_REACH)
    line_start, line_end = s.rfind("\n", lo, start) + 1, s.find("\n", end, hi)
    if (line_start == 0 and lo > 0) or (line_end < 0 and hi < len(s)):
        return "plain"
    line = s[line_start:line_end if line_end >= 0 else len(s)].strip()
    if len(line) <= 30 and not line.endswith(("。", ".", "；", ";")):
        # A line that is only a date in brackets after running text closes the
        # section above it (pieces of a collection are signed off with their
        # date); other short dated lines head what follows.
        previous_line = _line_before(s, line_start)
        if line[:1] in "(（" and line[-1:] in ")）" and len(previous_line) > 30:
            return "closing"
        return "heading"
    return "plain"


LINE_REACH = 200


def _line_before(s: str, line_start: int) -> str:
    """The last line with text before position ``line_start`` (blank lines
    skipped), stripped."""
    k = line_start
    while k > 0 and s[k - 1].isspace():
        k -= 1
    lo = max(0, k - LINE_REACH)  # a longer line is only needed as "long"
    return s[s.rfind("\n", lo, k) + 1 or lo:k].strip()


def _mentions(view: View, year: int | None):
    """(start, end, iso, kind) for every date written in the text, in order."""
    for start, end, iso in _dates_written(view, year):
        yield start, end, iso, _kind(view, start, end)


def _dates_written(view: View, year: int | None):
    if view.language == "en":
        for m in EN_DATE.finditer(view.s):
            if m.group("yearonly"):
                yield m.start(), m.end(), m.group("yearonly")
                continue
            y = int(m.group("year")) if m.group("year") else year
            if y is None:
                continue
            iso = f"{y:04d}-{_month_number(m.group('month')):02d}"
            if m.group("day"):
                iso += f"-{int(m.group('day')):02d}"
            yield m.start(), m.end(), iso
        return
    words = cues("zh").get("date_words", {})
    for m in zh_date_pattern().finditer(view.s):
        if m.lastgroup == "relative_years":
            if year is not None:
                yield m.start(), m.end(), f"{year + words['relative_years'][m.group()]:04d}"
            continue
        if m.lastgroup == "named":
            yield m.start(), m.end(), words["named"][m.group()]
            continue
        y = _zh_int(m.group("year")) if m.group("year") else year
        month = _zh_int(m.group("month") or m.group("month2"))
        day = _zh_int(m.group("day") or m.group("day2"))
        if y is None or not 1800 <= y <= 2100:
            continue
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        iso = f"{y:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
        yield m.start(), m.end(), iso


def _zh_int(numeral: str | None) -> int | None:
    if not numeral:
        return None
    v = value_of(numeral)
    return int(v) if v is not None else None


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()[:3]
    return [m[:3] for m in MONTHS].index(key) + 1

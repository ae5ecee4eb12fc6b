"""Title, date and author of a document: from its metadata header, or guessed.

A header is a leading block of ``key: value`` lines ended by a blank line (the
corpus files carry one). Without it, the first lines of the text are looked at
the way a reader would: a short title line, a name line, a date line.
"""

from __future__ import annotations

import datetime
import re

# A header key: a lowercase identifier (title, source_commit, frus_id ...).
_KEY_LINE = re.compile(r"([a-z][a-z0-9_]{0,39}):(?:[ \t]+(.*?))?[ \t]*\r?\n?")
_GUESS_LINES = 6  # title, name and date lines sit at the very top

_MONTH_NAMES = ("january february march april may june july august september "
                "october november december").split()
_MONTHS = {n: i for i, name in enumerate(_MONTH_NAMES, 1) for n in (name, name[:3])}
_MONTHS["sept"] = 9
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_EN_DATES = (
    re.compile(rf"{_MONTH}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"),  # September 14, 1952
    re.compile(rf"(?P<d>\d{{1,2}})\s+{_MONTH},?\s+(?P<y>\d{{4}})"),  # 14 September 1952
    re.compile(rf"{_MONTH},?\s+(?P<y>\d{{4}})"),                     # September 1952
)
_NUM_DATE = re.compile(
    r"(?P<y>\d{4})(?:[.\-/年](?P<m>\d{1,2})(?:[.\-/月](?P<d>\d{1,2})日?|月)?)?年?")
_ZH_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_ZH_NUM = "〇○零一二三四五六七八九十"
_ZH_DATE = re.compile(
    rf"(?P<y>[〇○零一二三四五六七八九]{{4}})年(?:(?P<m>[{_ZH_NUM}]{{1,2}})月(?:(?P<d>[{_ZH_NUM}]{{1,3}})日)?)?")
# After a date, only a range or list may follow ("九月十六日——十八日", "五月、六月").
_DATE_TAIL = re.compile(r"\s*(?:$|[—–\-~、至到])")
_PLACE = re.compile(r"[A-Z][A-Za-z.' ]{1,30},\s+")  # "Washington, " before a date
_BRACKETS = "()（）[]【】 \t\u3000"

_SENTENCE_END = tuple(".!?;:。！？；：,，")
_EN_NAME = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z]?[a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2}")
_NOT_NAME_WORDS = {
    "Central", "Committee", "Bureau", "Department", "Government", "Party",
    "Ministry", "Council", "Office", "Embassy", "Secretary", "State", "People",
    "Chairman", "Comrade", "Memorandum", "Telegram", "Bulletin", "Report",
}
# Common surnames: a 2-4 character line starting with one is taken for a name.
_ZH_SURNAMES = (
    "毛周刘劉朱邓鄧陈陳彭林贺賀李王张張赵趙高饶饒罗羅董習薄杨楊谭譚胡黄黃叶葉"
    "聂聶徐康吴吳宋孙孫郭何马馬许許郑鄭韩韓冯馮曹蒋蔣沈田任柯乌烏习粟廖陆陸程"
)
_ZH_NAME = re.compile(rf"[{_ZH_SURNAMES}][\u4e00-\u9fff]{{1,3}}")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\u3000]+(?=[\u3000-\u9fff\uff00-\uffef])")


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Return ``(meta, body_start)`` for ``text``.

    With a header, ``meta`` holds all its keys (``date`` made ISO when it
    parses) and ``body_start`` is the offset just after its closing blank line.
    Without one, ``meta`` holds only the guessed title/author/date and
    ``body_start`` is 0: those lines are still part of the text.
    """
    header = _read_header(text)
    if header is not None:
        return header
    return guess_metadata(text), 0


def _read_header(text: str) -> tuple[dict[str, str], int] | None:
    meta: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end + 1
        line = text[pos:end]
        if not line.strip():
            if meta:  # the blank line closing the header
                pos = end
                break
        elif line[0] in " \t" and meta:  # indented: continues the previous value
            key = next(reversed(meta))
            meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            m = _KEY_LINE.fullmatch(line)
            if not m:
                return None
            meta[m[1]] = m[2] or ""
        pos = end
    if "title" not in meta and "date" not in meta:
        return None
    if meta.get("date"):
        meta["date"] = parse_date(meta["date"]) or meta["date"]
    return meta, pos


def guess_metadata(text: str) -> dict[str, str]:
    """Title, author and date from the first non-empty lines (no header)."""
    meta: dict[str, str] = {}
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:_GUESS_LINES]
    for i, line in enumerate(lines):
        date = parse_date(line)
        if date and "date" not in meta:
            meta["date"] = date
        elif i == 0 and _looks_like_title(line):
            meta["title"] = _CJK_SPACE.sub("", line.lstrip("#").strip())
        elif i > 0 and "author" not in meta and is_personal_name(line):
            meta["author"] = line
        else:
            break  # the body has begun
    return meta


def _looks_like_title(line: str) -> bool:
    return (len(line) < 200 and not line.endswith(_SENTENCE_END)
            and any(c.isalpha() for c in line))


def is_personal_name(line: str) -> bool:
    """True for a line that is only a name: "Mao Zedong", "Liu Shao-chi", "毛泽东"."""
    line = _CJK_SPACE.sub("", line.strip())
    if _ZH_NAME.fullmatch(line):
        return True
    return (len(line) <= 40 and bool(_EN_NAME.fullmatch(line))
            and not _NOT_NAME_WORDS.intersection(re.split(r"[ -]", line)))


def parse_date(s: str) -> str | None:
    """An ISO date ('1951-04-20', '1951-04' or '1951') for a line that is a date.

    Reads 1951.04.20, 1951-04-20, 1951年4月20日, September 14, 1952,
    Date: September 14, 1952, Washington, May 29, 1951—7 p. m.,
    一九五一年四月二十日 and （一九五一年一月二十八日） with spaces between Chinese
    characters. A range or list gives its first date.
    """
    s = re.sub(r"^(?:date|dated|日期)\s*[:：]\s*", "", s.strip(), flags=re.I)
    s = s.strip(_BRACKETS)
    place = _PLACE.match(s)
    for start in (0, place.end()) if place else (0,):
        for pattern in _EN_DATES:
            m = pattern.match(s, start)
            if m and _DATE_TAIL.match(s, m.end()):
                month = _MONTHS.get(m["mon"].lower())
                if month:
                    return _iso(int(m["y"]), month, m.groupdict().get("d"))
    m = _NUM_DATE.match(s)
    if m and _DATE_TAIL.match(s, m.end()):
        return _iso(int(m["y"]), m["m"], m["d"])
    compact = re.sub(r"[ \t\u3000]+", "", s)
    m = _ZH_DATE.match(compact)
    if m and _DATE_TAIL.match(compact, m.end()):
        year = int("".join(str(_ZH_DIGITS[c]) for c in m["y"]))
        month, day = (zh_number(g) if g else None for g in (m["m"], m["d"]))
        if (m["m"] and month is None) or (m["d"] and day is None):
            return None
        return _iso(year, month, day)
    return None


def zh_number(s: str) -> int | None:
    """Value of a small Chinese numeral (1-99): 四, 十二, 二十, 二十八, 三十一."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        if any(c not in _ZH_DIGITS for c in tens + ones) or len(tens) > 1 or len(ones) > 1:
            return None
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)
    if len(s) == 1 and s in _ZH_DIGITS:
        return _ZH_DIGITS[s]
    return None


def _iso(year: int, month: int | str | None, day: int | str | None) -> str | None:
    """'1951-04-20', '1951-04' or '1951'; None for an impossible date."""
    try:
        datetime.date(year, int(month or 1), int(day or 1))
    except ValueError:
        return None
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{int(month):02d}"
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"

"""When a figure holds: its ``date`` (ISO, full or partial).

1. "As of September 12" / 截至九月十二日 dates every figure after it in its
   paragraph (the year from the document's date);
2. a date written in the figure's sentence before it ("In February, the
   central meeting decided...", 一九五〇年, 去年) dates the figure;
3. otherwise the document's own date, for figures it reports or plans;
   quotas, requests, permissions and hypothetical figures keep no date unless
   the text gives one.
"""

from __future__ import annotations

import re

from ..model import Claim
from ..read.metadata import parse_date
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
ZH_DATE = re.compile(
    rf"(?P<year>[{ZH_NUM}]{{4}})年(?:(?P<month>[{ZH_NUM}]{{1,2}})月(?:(?P<day>[{ZH_NUM}]{{1,3}})[日号])?)?"
    rf"|(?P<month2>[{ZH_NUM}]{{1,2}})月(?:(?P<day2>[{ZH_NUM}]{{1,3}})[日号])?"
    r"|(?P<rel>去年|今年|前年|明年)"
)
DATED_MODALITIES = ("reported", "planned")


def assign(view: View, claims: list[Claim]) -> None:
    year = _doc_year(view.doc.date)
    mentions = list(_mentions(view, year))
    as_of_words = cues(view.language)["date"]["as_of"]
    for claim in claims:
        start, _ = view.span(claim)
        p_lo, _ = view.paragraph(start)
        s_lo, _ = view.sentence(start)
        date = None
        for m_start, m_end, iso in reversed(mentions):
            if m_start >= start or m_start < p_lo:
                continue
            before = view.s[max(p_lo, m_start - 8):m_start].lower()
            if any(before.rstrip().endswith(w) for w in as_of_words) or m_start >= s_lo:
                date = iso
                break
        if date is None and claim.modality in DATED_MODALITIES:
            date = view.doc.date
        claim.date = date


def _doc_year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _mentions(view: View, year: int | None):
    """(start, end, iso) for every date written in the text, in order."""
    if view.language == "en":
        for m in EN_DATE.finditer(view.s):
            if m.group("yearonly"):
                yield m.start(), m.end(), m.group("yearonly")
                continue
            month = _month_number(m.group("month"))
            y = int(m.group("year")) if m.group("year") else year
            if y is None:
                continue
            iso = f"{y:04d}-{month:02d}"
            if m.group("day"):
                iso += f"-{int(m.group('day')):02d}"
            yield m.start(), m.end(), iso
    else:
        for m in ZH_DATE.finditer(view.s):
            if m.group("rel"):
                if year is None:
                    continue
                shift = {"去年": -1, "今年": 0, "前年": -2, "明年": 1}[m.group("rel")]
                yield m.start(), m.end(), f"{year + shift:04d}"
                continue
            text = m.group()
            if m.group("year") is None and year is not None:
                text = f"{year}年{text}"
            iso = parse_date(text)
            if iso:
                yield m.start(), m.end(), iso


def _month_number(name: str) -> int:
    key = name.rstrip(".").lower()[:3]
    return [m[:3] for m in MONTHS].index(key) + 1

"""Series [series]: cumulative figures must not fall as the date advances.

Arithmetic: for successive documents (bulletins), a cumulative figure for the
same category, place and unit at a later date must be >= the one at an
earlier date (later.high >= earlier.low, qualifiers as intervals). A figure
is cumulative when its clause says so before it (total, in all, so far, to
date, as of, has reached, already, cumulative; 累计, 共, 总数, 已达, 已, 截至,
总计, 合计). Its date is the claim's ``date``, else the document's; dates
where one is only a prefix of the other ("1951-04", "1951-04-20") are not
ordered. Only figures at most a year apart are compared (successive bulletins), and
a fall to less than a tenth is taken for a different count, not a falling
series. ``warning`` for each fall between two documents.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "series"
MAX_DAYS = 366  # successive bulletins: figures at most a year apart
MIN_KEPT = 0.1  # a fall to under a tenth is a different count, not a falling series


def _days(d1: str, d2: str) -> int:
    from datetime import date
    def parse(d: str) -> date:
        parts = [int(x) for x in d.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])
    try:
        return abs((parse(d2) - parse(d1)).days)
    except (ValueError, IndexError):
        return 10 ** 6
CUMULATIVE = re.compile(r"\b(?:total|totall?ing|in all|so far|to date|as of|has reached|have reached|reached|"
                        r"already|cumulative|altogether)\b|累计|共|总数|已达|已|截至|总计|合计", re.IGNORECASE)


def cumulative(doc: Document, claims: list[Claim]) -> list[tuple[str, Claim]]:
    layout = C.Layout(doc, claims)
    out = []
    for c in claims:
        if c.kind not in ("count", "measure") or c.category in (None, "other", "population") \
                or c.modality != "reported" or not c.place:
            continue
        date = c.date or doc.date
        if not date:
            continue
        lo, _ = layout.clause(c)
        if CUMULATIVE.search(layout.text(lo, layout.span(c)[0])):
            out.append((date, c))
    return out


def check(documents_and_claims: Iterable[tuple[Document, list[Claim]]], gazetteer: Gazetteer | None = None) -> list[Finding]:
    g = C.gaz(gazetteer)
    series: dict[tuple, list[tuple[str, Claim]]] = {}
    for doc, claims in documents_and_claims:
        for date, c in cumulative(doc, claims):
            series.setdefault(series_key(c), []).append((date, c))
    out = []
    for key, items in sorted(series.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]), str(kv[0][2]))):
        out.extend(compare(key[0], items, g))
    return out


def series_key(c: Claim) -> tuple:
    """Figures of one series: same category, places, unit and kind."""
    return (c.category, frozenset(c.place), c.unit, c.kind)


def compare(category: str, items: list[tuple[str, Claim]], gazetteer: Gazetteer | None = None) -> list[Finding]:
    """The falls in one series: ``items`` are (date, claim) of one
    :func:`series_key`, from any documents, in any order."""
    g = C.gaz(gazetteer)
    out = []
    items = sorted(items, key=lambda dc: (dc[0], dc[1].doc, dc[1].start))
    for i, (d1, a) in enumerate(items):
        for d2, b in items[i + 1:]:
            if b.doc == a.doc or d2.startswith(d1) or d1.startswith(d2) or d2 <= d1:
                continue
            ia, ib = C.interval(a), C.interval(b)
            if ib.hi < ia.lo and ib.hi >= ia.lo * MIN_KEPT and _days(d1, d2) <= MAX_DAYS:
                where = C.place_names(a.place, g)
                inputs = {"earlier": {**C.claim_input(a), "date": d1}, "later": {**C.claim_input(b), "date": d2},
                          "formula": f"{b.text} (at {d2}) >= {a.text} (at {d1})"}
                msg = (f"The cumulative {category} figure for {where} falls from {C.quote(a)} ({d1}, {a.doc}) "
                       f"to {C.quote(b)} ({d2}, {b.doc}).")
                out.append(Finding(CHECK, "warning", [a.span, b.span], ia.json(), ib.json(), inputs, msg))
    return out

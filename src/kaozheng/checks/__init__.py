"""Checks: figures tested against each other, as statcheck tests statistics.

Each check is a small module with a pure function
``check(doc, claims, gazetteer) -> list[Finding]`` (``series.check`` takes
every document's claims at once) whose docstring states its arithmetic:

========== =============== ====================================================
id         module          what it tests
========== =============== ====================================================
share      :mod:`.share`      part / whole against a stated percent or fraction
rate       :mod:`.rate`       counts and ratios against a population
scale_slip :mod:`.scale_slip` a share or rate mismatch explained by 10^k
sum        :mod:`.sums`       parts against their stated total
bracket    :mod:`.bracket`    an overall rate between its regional extremes
conflation :mod:`.conflation` one figure, one place, two categories
impossible :mod:`.impossible` shares above 100 %, counts above the population
series     :mod:`.series`     cumulative figures falling across documents
========== =============== ====================================================

Interval rules for qualified figures and populations are in :mod:`._common`.

>>> import kaozheng, kaozheng.checks
>>> doc = kaozheng.Document(id="d", text="Of 200 identified offenders, 50 were arrested, 25% of the total.", language="en")
>>> [f.severity for f in kaozheng.checks.run([(doc, kaozheng.extract_document(doc))]) if f.check == "share"]
['info']
"""

from __future__ import annotations

from typing import Iterable

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common, bracket, conflation, impossible, rate, scale_slip, series, share, sums

__all__ = ["run", "check_document", "PER_DOCUMENT", "CHECKS", "bracket", "conflation", "impossible", "rate", "scale_slip",
           "series", "share", "sums"]

# Per-document checks, in the order their findings are listed for a document.
PER_DOCUMENT = (
    ("share", share.check),
    ("rate", rate.check),
    ("scale_slip", scale_slip.check),
    ("sum", sums.check),
    ("bracket", bracket.check),
    ("conflation", conflation.check),
    ("impossible", impossible.check),
)
CHECKS = tuple(name for name, _ in PER_DOCUMENT) + ("series",)


def run(documents_and_claims: Iterable[tuple[Document, list[Claim]]],
        gazetteer: Gazetteer | None = None) -> list[Finding]:
    """Every finding: each document's (documents in the order given, checks in
    :data:`PER_DOCUMENT` order, each check's findings in text order), then the
    cross-document series."""
    g = _common.gaz(gazetteer)
    pairs = [(doc, sorted(claims, key=lambda c: (c.start, c.end))) for doc, claims in documents_and_claims
             if isinstance(doc, Document)]
    out: list[Finding] = []
    for doc, claims in pairs:
        out.extend(check_document(doc, claims, g))
    out.extend(series.check(pairs, g))
    return out


def check_document(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    """The findings of the per-document checks on one document's claims (in
    text order): checks in :data:`PER_DOCUMENT` order, each one's findings in
    text order."""
    if not claims:
        return []
    g = _common.gaz(gazetteer)
    out: list[Finding] = []
    for _, fn in PER_DOCUMENT:
        found = fn(doc, claims, g)
        out.extend(sorted(found, key=lambda f: [(s.start, s.end) for s in f.claims]))
    return out

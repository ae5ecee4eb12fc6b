"""Shared data for the publish tests: the seed documents, their claims, hand-made findings.

Findings come from ``kaozheng.checks`` (written elsewhere); these are built by
hand on the real claim spans, after the examples of CLAIMS.md.
"""

from __future__ import annotations

import glob
from functools import lru_cache
from pathlib import Path

import pytest

import kaozheng
from kaozheng.gazetteer import default_gazetteer
from kaozheng.model import Claim, Document, Finding, Span

SEEDS = sorted(glob.glob("/work/shared/corpus/seeds/*.txt") + glob.glob("/work/shared/corpus/seeds-zh/*.txt"))
ARTIFACTS = Path(__file__).parent / "artifacts"
NARC = "1952-09-14-anti-narcotics-fifth-bulletin"
EXEC = "1951-04-20-proportion-of-executions"


def _find(claims: list[Claim], doc: str, text: str, nth: int = 0) -> Claim:
    hits = [c for c in claims if c.doc == doc and c.text == text]
    if len(hits) <= nth:
        pytest.skip(f"the extractor no longer gives {text!r} in {doc}")
    return hits[nth]


@lru_cache(maxsize=1)
def _load() -> tuple[list[Document], list[Claim]]:
    if not SEEDS:
        pytest.skip("no seed documents in /work/shared/corpus")
    docs = [kaozheng.read(p) for p in SEEDS]
    claims = [c for d in docs for c in kaozheng.extract_document(d)]
    return docs, claims


def seed_data() -> tuple[list[Document], list[Claim], list[Finding]]:
    docs, claims = _load()
    docs = list(docs)
    claims = [Claim.from_dict(c.to_dict()) for c in claims]
    total = _find(claims, NARC, "237,463")
    arrested = _find(claims, NARC, "30,998")
    share = _find(claims, NARC, "13%")
    low, high = _find(claims, NARC, "7.5%"), _find(claims, NARC, "19.3%")
    reports = _find(claims, NARC, "over 11,000", 0)
    confessions = _find(claims, NARC, "over 11,000", 1)
    executed = _find(claims, EXEC, "13,000")
    population = _find(claims, EXEC, "10 million")
    requested = _find(claims, EXEC, "22,000 to 25,000")
    findings = [
        Finding("share", "info", [arrested.span, total.span, share.span], 0.1305, 0.13,
                {"formula": "part / whole", "part": 30998, "whole": 237463,
                 "written": 0.13, "tolerance": 0.005},
                "30,998 of 237,463 is 13.05 %, consistent with the 13% written."),
        Finding("between", "info", [share.span, low.span, high.span], [0.075, 0.193], 0.13,
                {"formula": "min(regional) <= national <= max(regional)",
                 "regional": {"northwest": 0.075, "northeast": 0.193}, "national": 0.13},
                "The national rate of 13% lies between the regional 7.5% and 19.3%."),
        Finding("conflation", "warning", [reports.span, confessions.span], None, 11000,
                {"formula": "same value, place and qualifier, different category",
                 "categories": ["denounced", "confessed"], "place": "chongqing"},
                "\"Over 11,000\" appears for Chongqing both as reports and as confessions: "
                "possibly one figure counted twice."),
        Finding("rate", "info", [executed.span, population.span], 0.0013, None,
                {"formula": "executed / population", "executed": 13000,
                 "population": 10_000_000, "population_source": "the document (Guizhou)"},
                "13,000 of Guizhou's 10 million is 1.3 per mille."),
        Finding("quota", "warning", [executed.span, requested.span, population.span],
                [0.0035, 0.0038], 0.003,
                {"formula": "(executed + requested) / population", "executed": 13000,
                 "requested": [22000, 25000], "population": 10_000_000},
                "13,000 plus the requested 22,000 to 25,000 is 3.5 to 3.8 per mille of "
                "Guizhou, not the three per mille asked for <sic> & \"quoted\"."),
        Finding("missing", "error", [Span(NARC, 0, 4)], None, None,
                {"formula": "none", "note": "a span that is no claim"},
                "A finding on a span that is not a claim (to test dangling references)."),
    ]
    return docs, claims, findings


@pytest.fixture(scope="module")
def seeds():
    return seed_data()


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()

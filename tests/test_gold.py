"""Regression guard on the development gold in ../shared/gold.

The figures themselves are reported by `kaozheng eval` (see the README); this
test only fails if extraction falls clearly below the level it has reached.
"""

from pathlib import Path

import pytest

import kaozheng
from kaozheng.evaluate import evaluate
from kaozheng.publish import read_claims

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD_FILES = sorted((SHARED / "gold").glob("*.jsonl"))

pytestmark = pytest.mark.skipif(not GOLD_FILES, reason=f"no gold files in {SHARED / 'gold'}")


def _predictions(gold):
    paths = {p.stem: p for p in (SHARED / "corpus").rglob("*.txt")}
    docs = {g["doc"] for g in gold}
    assert docs <= set(paths), f"gold documents missing from the corpus: {docs - set(paths)}"
    return [c.to_dict() for d in sorted(docs) for c in kaozheng.extract_document(kaozheng.read(paths[d]))]


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.stem)
def test_extraction_holds_its_level_on_each_gold_file(gold_file):
    gold = list(read_claims(gold_file))
    s = evaluate(gold, _predictions(gold))["all"]
    assert s.f1 >= 0.95, (s.to_dict(), s.misses[:5], s.extras[:5])
    assert s.accuracy("value") >= 0.99
    assert s.accuracy("kind") >= 0.97
    assert s.accuracy("qualifier") >= 0.94
    assert s.accuracy("unit") >= 0.85


@pytest.mark.skipif(not GOLD_FILES, reason="no gold files")
def test_meaning_holds_its_level_on_all_gold_together():
    gold = [g for f in GOLD_FILES for g in read_claims(f)]
    s = evaluate(gold, _predictions(gold))["all"]
    assert s.accuracy("category") >= 0.90
    assert s.accuracy("modality") >= 0.80
    assert s.accuracy("place") >= 0.85
    assert s.accuracy("date") >= 0.82

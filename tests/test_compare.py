"""Translation against original: alignment on the seed pairs and on pairs made by a script."""

import json
import random
from pathlib import Path

import pytest

import kaozheng
from kaozheng.compare import align, findings, pair_documents
from kaozheng.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_PAIRS = [("1951-04-20-proportion-of-executions", 2), ("1952-09-14-anti-narcotics-fifth-bulletin", 0)]


def _gold_alignment(zh_doc):
    pairs = set()
    for line in open(SHARED / "gold" / "seeds-zh.jsonl", encoding="utf-8"):
        g = json.loads(line)
        note = g.get("note") or ""
        if g["doc"] == zh_doc and note.startswith("en: ") and not note.startswith("en: none"):
            start, end = note[4:].split(";")[0].split("-")
            pairs.add(((g["start"], g["end"]), (int(start), int(end))))
    return pairs


def _overlap(a, b):
    return min(a[1], b[1]) > max(a[0], b[0])


@pytest.mark.skipif(not (SHARED / "gold" / "seeds-zh.jsonl").exists(), reason="no ../shared gold")
@pytest.mark.parametrize("stem, value_errors", SEED_PAIRS)
def test_seed_pairs_align_as_the_gold_says(stem, value_errors):
    en = kaozheng.read(SHARED / "corpus" / "seeds" / f"{stem}.txt")
    zh = kaozheng.read(SHARED / "corpus" / "seeds-zh" / f"{stem}.zh.txt")
    pairs = align(zh, kaozheng.extract_document(zh), en, kaozheng.extract_document(en))
    gold = _gold_alignment(zh.id)
    predicted = [((p.original.start, p.original.end), (p.translation.start, p.translation.end))
                 for p in pairs if p.original and p.translation]
    hits = [pr for pr in predicted if any(_overlap(g[0], pr[0]) and _overlap(g[1], pr[1]) for g in gold)]
    found = {g for g in gold if any(_overlap(g[0], pr[0]) and _overlap(g[1], pr[1]) for pr in predicted)}
    assert len(hits) / len(predicted) >= 0.95
    assert len(found) / len(gold) >= 0.95
    errors = [f for f in findings(pairs) if f.severity == "error"]
    assert len(errors) == value_errors
    for f in errors:  # every error is a pair whose values really differ
        assert f.expected != f.written


def test_the_known_mistranslations_are_errors():
    if not (SHARED / "corpus" / "seeds-zh").exists():
        pytest.skip("no ../shared corpus")
    stem = "1951-04-20-proportion-of-executions"
    en = kaozheng.read(SHARED / "corpus" / "seeds" / f"{stem}.txt")
    zh = kaozheng.read(SHARED / "corpus" / "seeds-zh" / f"{stem}.zh.txt")
    errors = [f for f in findings(align(zh, kaozheng.extract_document(zh), en, kaozheng.extract_document(en)))
              if f.severity == "error"]
    assert {(f.expected, f.written) for f in errors} == {(30000, 10000), (0.0015, 0.005)}
    assert any("“0.5%”" in f.message and "千分之一点五" in f.message for f in errors)


# Pairs made by a script: a Chinese text of figures, rendered into English with
# some values changed; the changed ones must come out as errors and no others.
PLACES = [("北京", "Beijing"), ("天津", "Tianjin"), ("南京", "Nanjing"), ("重庆", "Chongqing"), ("西安", "Xi'an")]
THINGS = [("名", "people", "逮捕", "arrested"), ("件", "reports", "收到检举", "received reports:"),
          ("支", "guns", "缴获枪", "seized guns:")]


def _zh_number(n: int) -> str:
    import cn2an
    return cn2an.an2cn(n)


def _make_pair(seed: int, changes: int):
    rng = random.Random(seed)
    zh_sentences, en_sentences, changed = [], [], []
    for k in range(12):
        zh_place, en_place = rng.choice(PLACES)
        zh_unit, en_unit, zh_verb, en_verb = rng.choice(THINGS)
        value = rng.randrange(20, 90000)
        zh_sentences.append(f"{zh_place}{zh_verb}{_zh_number(value)}{zh_unit}。")
        en_sentences.append((en_place, en_verb, value, en_unit))
    for k in rng.sample(range(12), changes):
        place, verb, value, unit = en_sentences[k]
        en_sentences[k] = (place, verb, value * rng.choice([10, 3, 100]) + 1, unit)
        changed.append(k)
    zh_text = "".join(zh_sentences)
    en_text = " ".join(f"{p} {v} {n:,} {u}." if ":" not in v else f"{p} {v} {n:,}." for p, v, n, u in en_sentences)
    return zh_text, en_text, sorted(changed)


@pytest.mark.parametrize("seed", range(8))
def test_script_made_pairs_report_every_changed_value_and_nothing_else(seed):
    zh_text, en_text, changed = _make_pair(seed, changes=3)
    zh = Document(id="z", text=zh_text, language="zh")
    en = Document(id="e", text=en_text, language="en")
    zh_claims, en_claims = kaozheng.extract_document(zh), kaozheng.extract_document(en)
    assert len(zh_claims) == len(en_claims) == 12
    pairs = align(zh, zh_claims, en, en_claims)
    errors = [f for f in findings(pairs) if f.severity == "error"]
    flagged = sorted(en_claims.index(next(c for c in en_claims if c.start == f.claims[1].start)) for f in errors)
    assert flagged == changed


def test_documents_pair_by_stem_and_by_original_header():
    a = Document(id="report", text="", language="en")
    b = Document(id="other", text="", language="en")
    t1 = Document(id="report.zh", text="", language="zh")
    t2 = Document(id="x", text="", language="zh", meta={"original": "other.txt"})
    t3 = Document(id="unrelated", text="", language="zh")
    assert [(o.id, t.id) for o, t in pair_documents([a, b], [t1, t2, t3])] == [("report", "report.zh"), ("other", "x")]

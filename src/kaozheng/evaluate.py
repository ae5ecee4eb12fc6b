"""Scoring predicted claims against gold claims, by the rules of CLAIMS.md.

A predicted claim matches a gold claim of the same document when their spans
overlap; each claim is matched at most once, greedily, largest overlap first.
Detection is precision, recall and F1 over matched pairs; on matched pairs each
field is scored by accuracy (``value``/``high`` within a relative error of
1e-9; ``place`` as a set, left out where gold is null; ``date`` by prefix, left
out where gold is null). The same table is given again for the gold claims
whose category is not ``other``. Only documents present in the gold are scored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

FIELDS = ("value", "high", "kind", "qualifier", "unit", "category", "modality", "place", "date")


def _num_eq(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def unit_key(unit: Any) -> str | None:
    """Units compare by their last word, singular: "light machine guns" ~ "gun"."""
    if not unit:
        return None
    word = str(unit).lower().strip().split()[-1]
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    return word


def field_equal(name: str, gold: dict, pred: dict) -> bool:
    g, p = gold.get(name), pred.get(name)
    if name in ("value", "high"):
        return _num_eq(g, p)
    if name == "unit":
        return unit_key(g) == unit_key(p)
    if name == "place":
        return set(g or []) == set(p or [])
    if name == "date":
        return (p or "")[: len(g)] == g
    return g == p


def _field_applies(name: str, gold: dict, pred: dict) -> bool:
    if name in ("place", "date", "category", "modality") and gold.get(name) is None:
        return False
    return not (name == "high" and gold.get("high") is None and pred.get("high") is None)


@dataclass
class Score:
    """Detection counts and per-field agreement on matched pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)
    wrong: list[tuple[str, dict, dict]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        ok, n = self.agree[name]
        return ok / n if n else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.tp + self.fn, "predicted": self.tp + self.fp, "matched": self.tp,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            **{name: (None if self.accuracy(name) is None else round(self.accuracy(name), 4))
               for name in FIELDS},
        }


def group_by_doc(records: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        out[r["doc"]].append(r)
    return out


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by span overlap, largest overlap first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                pairs.append((-overlap, i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def score(gold: dict[str, list[dict]], pred: dict[str, list[dict]],
          keep: Callable[[dict], bool] = lambda g: True, restricted: bool = False) -> Score:
    """Score predictions on the documents of ``gold``.

    With ``restricted``, gold claims failing ``keep`` are dropped and false
    positives are not counted: the restricted table measures recall and the
    fields of the claims that matter most, not detection precision.
    """
    s = Score()
    for doc, all_gold in gold.items():
        gs = [g for g in all_gold if keep(g)]
        ps = pred.get(doc, [])
        pairs = match(gs, ps)
        s.tp += len(pairs)
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        s.fn += len(gs) - len(matched_g)
        s.misses += [g for i, g in enumerate(gs) if i not in matched_g]
        if not restricted:
            s.fp += len(ps) - len(matched_p)
            s.extras += [p for j, p in enumerate(ps) if j not in matched_p]
        for i, j in pairs:
            g, p = gs[i], ps[j]
            for name in FIELDS:
                if not _field_applies(name, g, p):
                    continue
                ok = field_equal(name, g, p)
                s.agree[name][0] += ok
                s.agree[name][1] += 1
                if not ok:
                    s.wrong.append((name, g, p))
    return s


def evaluate(gold_records: Iterable[dict], pred_records: Iterable[dict]) -> dict[str, Score]:
    """Both tables of CLAIMS.md: ``all`` claims and ``not_other`` categories."""
    gold = group_by_doc(gold_records)
    pred = group_by_doc(pred_records)
    return {
        "all": score(gold, pred),
        "not_other": score(gold, pred, keep=lambda g: g.get("category") != "other", restricted=True),
    }

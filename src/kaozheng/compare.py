"""A translation against its original, figure by figure.

A figure mistranslated is a fact falsified, and nobody notices unless someone
reads both side by side. ``align`` pairs the claims of two documents (any two
languages kaozheng reads, either direction) and ``compare`` turns the pairs
into verdicts and findings:

- the two claim sequences are aligned by dynamic programming (monotonic, as a
  translation keeps the order of its original); each pair scores by value
  (intervals of the qualifier overlapping), kind, unit, category, modality,
  place and relative position in the document; a pair must score above a
  floor, otherwise the claims stay unmatched;
- claims left over on both sides between the same two aligned pairs render
  each other (a changed value scores too low to align by value);
- translations reorder within a sentence ("天津三天半内收到四千九百七十六件" /
  "Tianjin received 4,976 reports in three and a half days"), so claims left
  unmatched are then paired, best first, with unmatched claims nearby whose
  value agrees;
- verdicts: ``same``, ``differs`` (the value or its range differs: an
  ``error`` finding), ``qualifier`` or ``modality`` changed (a ``warning``),
  ``missing in translation`` and ``added in translation`` (``info``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .evaluate import unit_key
from .model import Claim, Document, Finding, Span

CHECK = "translation"
FLOOR = 2.0        # a pair must score at least this to be aligned
GAP = 0.0          # leaving a claim unmatched costs nothing; a pair must earn its place
WINDOW = 0.08      # second pass: unmatched claims this close (share of the document) may pair


@dataclass(slots=True)
class Pair:
    """One row of the side-by-side table: an original claim, a translation claim, or both."""

    original: Claim | None
    translation: Claim | None
    verdict: str
    score: float = 0.0

    def to_dict(self) -> dict:
        def side(c: Claim | None) -> dict | None:
            return None if c is None else {"doc": c.doc, "start": c.start, "end": c.end, "text": c.text,
                                           "value": c.value, "high": c.high, "qualifier": c.qualifier,
                                           "modality": c.modality}
        return {"original": side(self.original), "translation": side(self.translation),
                "verdict": self.verdict, "score": round(self.score, 3)}


def _interval(c: Claim) -> tuple[float, float]:
    """The values a figure allows: "more than 10,000" reaches to the next leading digit."""
    lo = float(c.value)
    hi = float(c.high) if c.high is not None else lo
    if c.qualifier == "approx":
        return lo * 0.9, hi * 1.1
    if c.qualifier in ("over", "at_least"):
        step = 10 ** math.floor(math.log10(abs(lo))) if lo else 1
        return lo, hi + step
    if c.qualifier in ("under", "at_most"):
        return 0.0, hi
    return lo, hi


def _same_value(a: Claim, b: Claim) -> bool:
    def eq(x, y):
        if x is None or y is None:
            return x is None and y is None
        return abs(float(x) - float(y)) <= 1e-9 * max(abs(float(x)), abs(float(y)), 1e-300)
    return eq(a.value, b.value) and eq(a.high, b.high)


def similarity(a: Claim, b: Claim, pos_a: float, pos_b: float) -> float:
    """How likely two claims render the same figure; higher is better."""
    score = 0.0
    if _same_value(a, b):
        score += 3.0
    else:
        (alo, ahi), (blo, bhi) = _interval(a), _interval(b)
        if alo <= bhi and blo <= ahi:
            score += 2.0
        elif a.value and b.value and a.kind == b.kind:
            ratio = abs(math.log10(abs(float(a.value)) / abs(float(b.value)))) if float(a.value) * float(b.value) > 0 else 9
            score += 1.0 if ratio <= 1 else -1.0  # same order of magnitude: maybe a mistranslation
        else:
            score -= 1.0
    score += 0.8 if a.kind == b.kind else -1.5
    if a.unit and b.unit:
        score += 0.4 if unit_key(a.unit) == unit_key(b.unit) else -0.2
    if a.category and b.category and a.category != "other":
        score += 0.6 if a.category == b.category else -0.3
    if a.modality and b.modality:
        score += 0.3 if a.modality == b.modality else 0.0
    if a.place and b.place:
        score += 0.5 if set(a.place) & set(b.place) else -0.3
    score -= 6.0 * abs(pos_a - pos_b)  # far apart in the document: unlikely
    return score


def _positions(doc: Document, claims: list[Claim]) -> list[float]:
    length = max(1, len(doc.text) - doc.body_start)
    return [(c.start - doc.body_start) / length for c in claims]


def align(original: Document, o_claims: list[Claim], translation: Document, t_claims: list[Claim]) -> list[Pair]:
    """Pair the figures of a translation with those of its original, in order."""
    po, pt = _positions(original, o_claims), _positions(translation, t_claims)
    n, m = len(o_claims), len(t_claims)
    # best[i][j]: best score aligning the first i original and j translation claims.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[0] * (m + 1) for _ in range(n + 1)]  # 1 = pair, 2 = skip original, 3 = skip translation
    sims: dict[tuple[int, int], float] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                if abs(po[i - 1] - pt[j - 1]) < 0.35:
                    s = sims.setdefault((i - 1, j - 1), similarity(o_claims[i - 1], t_claims[j - 1], po[i - 1], pt[j - 1]))
                    if s >= FLOOR:
                        options.append((best[i - 1][j - 1] + s, 1))
            if i:
                options.append((best[i - 1][j] - GAP, 2))
            if j:
                options.append((best[i][j - 1] - GAP, 3))
            best[i][j], step[i][j] = max(options)
    pairs: list[tuple[int | None, int | None, float]] = []
    i, j = n, m
    while i or j:
        move = step[i][j]
        if move == 1:
            pairs.append((i - 1, j - 1, sims[(i - 1, j - 1)]))
            i, j = i - 1, j - 1
        elif move == 2:
            pairs.append((i - 1, None, 0.0))
            i -= 1
        else:
            pairs.append((None, j - 1, 0.0))
            j -= 1
    pairs.reverse()
    pairs = _pair_the_crossings(pairs, o_claims, t_claims, po, pt)
    pairs = _fill_the_gaps(pairs, o_claims, t_claims, po, pt)
    return [Pair(o_claims[a] if a is not None else None, t_claims[b] if b is not None else None,
                 _verdict(o_claims[a] if a is not None else None, t_claims[b] if b is not None else None), s)
            for a, b, s in pairs]


def _pair_the_crossings(pairs, o_claims, t_claims, po, pt):
    """Second pass: unmatched claims close together whose values agree pair up
    (word order differs between the languages)."""
    lone_o = [a for a, b, _ in pairs if b is None]
    lone_t = [b for a, b, _ in pairs if a is None]
    candidates = []
    for a in lone_o:
        for b in lone_t:
            if abs(po[a] - pt[b]) <= WINDOW and _same_value(o_claims[a], t_claims[b]):
                candidates.append((similarity(o_claims[a], t_claims[b], po[a], pt[b]), a, b))
    used_o, used_t, extra = set(), set(), {}
    for s, a, b in sorted(candidates, reverse=True):
        if a not in used_o and b not in used_t and s >= FLOOR:
            used_o.add(a)
            used_t.add(b)
            extra[a] = (b, s)
    out = []
    for a, b, s in pairs:
        if b is None and a in extra:
            out.append((a, extra[a][0], extra[a][1]))
        elif a is None and b in used_t:
            continue
        else:
            out.append((a, b, s))
    return out


def _fill_the_gaps(pairs, o_claims, t_claims, po, pt):
    """Third pass: between two aligned pairs, claims left over on both sides
    stand in the same place of the text: the translation's figure renders the
    original's, wrongly (a changed value scores too low to align by value)."""
    out, lone_o, lone_t = [], [], []

    def flush():
        while lone_o and lone_t and o_claims[lone_o[0]].kind == t_claims[lone_t[0]].kind \
                and abs(po[lone_o[0]] - pt[lone_t[0]]) <= 2 * WINDOW:
            a, b = lone_o.pop(0), lone_t.pop(0)
            out.append((a, b, similarity(o_claims[a], t_claims[b], po[a], pt[b])))
        out.extend((a, None, 0.0) for a in lone_o)
        out.extend((None, b, 0.0) for b in lone_t)
        lone_o.clear()
        lone_t.clear()

    for a, b, s in pairs:
        if a is not None and b is not None:
            flush()
            out.append((a, b, s))
        elif a is not None:
            lone_o.append(a)
        else:
            lone_t.append(b)
    flush()
    return out


def _verdict(o: Claim | None, t: Claim | None) -> str:
    if o is None:
        return "added in translation"
    if t is None:
        return "missing in translation"
    if not _same_value(o, t):
        return "differs"
    if o.qualifier != t.qualifier and not _qualifiers_agree(o, t):
        return "qualifier changed"
    if o.modality and t.modality and o.modality != t.modality:
        return "modality changed"
    return "same"


def _qualifiers_agree(o: Claim, t: Claim) -> bool:
    """A range is its own qualifier; "exact" against a range written the same way agrees."""
    return {o.qualifier, t.qualifier} <= {"range"} or (o.high is not None and t.high is not None)


def _quote(c: Claim) -> str:
    return f"“{c.text}”"


def findings(pairs: list[Pair]) -> list[Finding]:
    """One finding per difference: a value that differs is an error, a changed
    qualifier or modality a warning, a figure missing or added is info."""
    out = []
    for p in pairs:
        if p.verdict == "same":
            continue
        o, t = p.original, p.translation
        spans = [Span(c.doc, c.start, c.end) for c in (o, t) if c is not None]
        inputs = {"original": o.to_dict() if o else None, "translation": t.to_dict() if t else None,
                  "alignment_score": round(p.score, 3),
                  "formula": "aligned by dynamic programming over value, kind, unit, category, modality, "
                             "place and position"}
        if p.verdict == "differs":
            severity = "error"
            message = (f"The translation has {_quote(t)} ({_num(t)}) where the original has {_quote(o)} "
                       f"({_num(o)}).")
        elif p.verdict in ("qualifier changed", "modality changed"):
            severity = "warning"
            field = "qualifier" if p.verdict == "qualifier changed" else "modality"
            message = (f"The translation renders {_quote(o)} as {_quote(t)}: the {field} changes from "
                       f"{getattr(o, field)} to {getattr(t, field)}.")
        elif p.verdict == "missing in translation":
            severity = "info"
            message = f"The original's {_quote(o)} has no figure in the translation."
        else:
            severity = "info"
            message = f"The translation's {_quote(t)} has no figure in the original."
        out.append(Finding(check=CHECK, severity=severity, claims=spans,
                           expected=_value(o), written=_value(t), inputs=inputs, message=message))
    return out


def _value(c: Claim | None):
    if c is None:
        return None
    return [c.value, c.high] if c.high is not None else c.value


def _num(c: Claim) -> str:
    v = f"{c.value:g}" if isinstance(c.value, float) else f"{c.value:,}"
    return v if c.high is None else f"{v} to {c.high:g}" if isinstance(c.high, float) else f"{v} to {c.high:,}"


def pair_documents(originals: list[Document], translations: list[Document]) -> list[tuple[Document, Document]]:
    """Which translation renders which original: an ``original:`` header line
    naming the original's file or id, else the same stem once a language
    suffix is dropped (``x.txt`` and ``x.zh.txt``)."""
    by_id = {d.id: d for d in originals}
    by_base = {_base(d.id): d for d in originals}
    out = []
    for t in translations:
        named = (t.meta or {}).get("original")
        o = None
        if named:
            o = by_id.get(named) or by_id.get(named.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        o = o or by_id.get(t.id) or by_base.get(_base(t.id))
        if o is not None:
            out.append((o, t))
    return out


def _base(doc_id: str) -> str:
    stem, _, suffix = doc_id.rpartition(".")
    return stem if stem and suffix in ("zh", "en", "ru", "ja", "ko", "fr", "de") else doc_id


def sentence(doc: Document, c: Claim, reach: int = 160) -> str:
    """The sentence around a claim, for the side-by-side table."""
    text = doc.text
    start = max((text.rfind(ch, 0, c.start) for ch in ".。!?！？\n"), default=-1) + 1
    ends = [i for i in (text.find(ch, c.end) for ch in ".。!?！？\n") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    start = max(start, c.start - reach)
    end = min(end, c.end + reach)
    return " ".join(text[start:end].split())


def write_report(path, original: Document, translation: Document, pairs: list[Pair]) -> None:
    """A self-contained HTML page: the aligned figures side by side, each
    difference highlighted, each figure shown in its sentence."""
    from html import escape

    rows = []
    for k, p in enumerate(pairs):
        def cell(doc, c):
            if c is None:
                return "<td class=none>—</td>"
            s = sentence(doc, c)
            i = s.find(" ".join(c.text.split()))
            shown = escape(s) if i < 0 else (escape(s[:i]) + f"<mark>{escape(s[i:i + len(' '.join(c.text.split()))])}</mark>"
                                              + escape(s[i + len(' '.join(c.text.split())):]))
            return (f"<td><div class=fig>{escape(c.text)} <span class=meta>{c.value:g} · {c.qualifier} · "
                    f"{c.modality or ''} · {c.start}-{c.end}</span></div><div class=sent>{shown}</div></td>")
        rows.append(f"<tr id=p{k} class='{p.verdict.replace(' ', '-')}'><td class=v>{escape(p.verdict)}</td>"
                    f"{cell(original, p.original)}{cell(translation, p.translation)}</tr>")
    counts = {}
    for p in pairs:
        counts[p.verdict] = counts.get(p.verdict, 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    html = f"""<!doctype html><html><head><meta charset=utf-8><title>kaozheng: {escape(translation.id)} against {escape(original.id)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4em;vertical-align:top}}th{{text-align:left;background:#f4f4f4}}
.v{{white-space:nowrap;font-weight:600}}.differs{{background:#fde2e1}}.qualifier-changed,.modality-changed{{background:#fff4cc}}
.missing-in-translation,.added-in-translation{{background:#eef3ff}}mark{{background:#ffd54f}}.meta{{color:#666;font-size:.85em}}
.sent{{color:#444;font-size:.9em;margin-top:.2em}}.fig{{font-weight:600}}</style></head><body>
<h1>{escape(translation.title or translation.id)}</h1><p>Translation <b>{escape(translation.id)}</b> against original
<b>{escape(original.id)}</b>: {escape(summary)}.</p>
<table><tr><th>verdict</th><th>original ({escape(original.id)})</th><th>translation ({escape(translation.id)})</th></tr>
{''.join(rows)}</table></body></html>"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)

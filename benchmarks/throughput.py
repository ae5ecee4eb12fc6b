"""Throughput of kaozheng, against other number finders and a bare regex scan.

Run from the repository root::

    .venv/bin/python benchmarks/throughput.py --mb 50

What it measures, in one run (MB are megabytes of UTF-8 text, 10**6 bytes; a
Chinese character is 3 bytes; times cover only the calls being measured, after
a warm-up call, not the reading of the files):

* **stream**: the ``.txt`` documents of the corpus (English and Chinese,
  including ``bulk/``), repeated until ``--mb`` MB have gone by. Documents are
  read and processed one at a time, so the whole stream is never in memory;
  the peak RSS after 10% of the stream and at its end shows memory stays flat.
  On every document: ``kaozheng.extract`` and, as the ceiling, a bare
  ``re.compile(r"\\d+")`` scan.
* **sample**: ``--sample-mb`` MB (default 0.3) of the same documents, half
  English and half Chinese by bytes, each cut to at most 32 KB at a line
  break. On it: kaozheng, Recognizers-Text (``recognize_number``, both
  languages) and quantulum3 (``parser.parse``, English only), which are too
  slow for the stream. Each tool makes ``--passes`` passes over the sample
  (default 5; one if a pass takes over 2 s) and its fastest pass is shown,
  with the ratio of the median passes beside the ratio of the fastest. As in
  ``timeit``, the garbage collector is off during the passes: the objects
  the other tools keep (Recognizers-Text's models) would otherwise be
  collected in the time of whichever tool happened to allocate.
  Recognizers-Text is called line by line: it drops every
  result of a call when one number in it fails to parse.
* **gold**: if ``../shared/gold/*.jsonl`` exists, detection precision, recall
  and F1 of each tool on the gold documents (spans matched by overlap, with
  :func:`kaozheng.evaluate.evaluate`). The bare scan shows what digits alone get.

The language of a document is English or Chinese by its share of CJK
ideographs (at least 20% of its letters: Chinese). quantulum3 and
Recognizers-Text are the ``bench`` extra: ``pip install -e .[bench]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
try:
    import kaozheng
except ImportError:  # not installed in the venv: use the source tree
    sys.path.insert(0, str(ROOT / "src"))
    import kaozheng
from kaozheng.evaluate import evaluate
from rich.console import Console
from rich.markup import escape
from rich.table import Table

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
DIGITS = re.compile(r"\d+")
NOT_INSTALLED = "not installed (pip install -e .[bench])"
Spans = list[tuple[int, int]]


def language(text: str) -> str:
    letters = sum(ch.isalpha() for ch in text)
    return "zh" if letters and len(CJK.findall(text)) >= 0.2 * letters else "en"


def documents(files: list[Path]) -> Iterator[tuple[str, str, str]]:
    """(doc id, text, language) of the corpus files, cycling for ever, one file read at a time."""
    langs: dict[Path, str] = {}
    while True:
        for path in files:
            text = path.read_text(encoding="utf-8")
            lang = langs.setdefault(path, language(text))
            yield path.stem, text, lang


def cut(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    head = data[:max_bytes].decode("utf-8", errors="ignore")
    return head[: head.rfind("\n") + 1] or head


def sample(files: list[Path], target: int, max_doc: int = 32_000) -> list[tuple[str, str, str]]:
    """About ``target`` bytes of documents, half English and half Chinese."""
    langs = {"en": [], "zh": []}
    for path in files:
        text = path.read_text(encoding="utf-8")
        langs[language(text)].append(path)
    langs = {lang: paths for lang, paths in langs.items() if paths}
    iters = {lang: documents(paths) for lang, paths in langs.items()}
    done = dict.fromkeys(langs, 0)
    out = []
    while sum(done.values()) < target:
        lang = min(done, key=done.get)
        doc, text, _ = next(iters[lang])
        text = cut(text, max_doc)
        out.append((doc, text, lang))
        done[lang] += len(text.encode("utf-8"))
    return out


# Each finder: (text, language) -> character spans, end exclusive; None if it does not apply.

def kaozheng_finder() -> Callable[[str, str], Spans]:
    """The figures alone (what the other tools do): kaozheng's number grammars."""
    from kaozheng.numbers import find_quantities
    return lambda text, lang: [(q.start, q.end) for q in find_quantities(text, lang)]


def kaozheng_meaning_finder() -> Callable[[str, str], Spans]:
    """The figures with their meaning (category, modality, place, date, links)."""
    return lambda text, lang: [(c.start, c.end) for c in kaozheng.extract(text, doc="d", language=lang)]


def bare_finder() -> Callable[[str, str], Spans]:
    return lambda text, lang: [m.span() for m in DIGITS.finditer(text)]


def quantulum_finder() -> Callable[[str, str], Spans | None]:
    with warnings.catch_warnings():  # "Classifier dependencies not installed": it is optional
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    return lambda text, lang: [tuple(q.span) for q in parser.parse(text)] if lang == "en" else None


def recognizers_finder() -> Callable[[str, str], Spans]:
    from recognizers_number import Culture, recognize_number

    cultures = {"en": Culture.English, "zh": Culture.Chinese}

    def find(text: str, lang: str) -> Spans:
        spans, offset = [], 0
        for line in text.splitlines(keepends=True):
            if line.strip():  # results have .start and .end, end inclusive
                spans += [(offset + r.start, offset + r.end + 1) for r in recognize_number(line, cultures[lang])]
            offset += len(line)
        return spans

    return find


def load(make: Callable) -> tuple[Callable | None, str]:
    try:
        find = make()
    except ImportError as e:
        return None, NOT_INSTALLED if e.name in ("quantulum3", "recognizers_number") else f"import failed: {e}"
    find("There were 18,000 men.\n", "en"), find("共一万八千人。\n", "zh")  # warm-up
    return find, ""


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def timed(find: Callable, docs: list[tuple[str, str, str]], passes: int = 5) -> Timing | None:
    """(MB, seconds of the fastest pass, matches, seconds of the median pass) of
    ``find`` over the documents; None if it does not apply to one.

    Every tool makes the same number of passes (one, if a pass takes longer
    than 2 s). The fastest pass is the tool's speed, as ``timeit`` advises:
    the others were slowed by whatever else the machine was doing, which on
    a shared machine is a lot; the median is kept for the record. The garbage
    collector is off during the passes, as ``timeit`` has it.
    """
    gc.collect()
    gc.disable()  # as timeit does: a collection of other tools' objects is not this tool's time
    try:
        return _passes(find, docs, passes)
    finally:
        gc.enable()


def _passes(find: Callable, docs: list[tuple[str, str, str]], passes: int) -> Timing | None:
    times: list[float] = []
    nbytes = count = 0
    while len(times) < passes and not (times and times[0] > 2.0):
        nbytes, seconds, count = 0, 0.0, 0
        for _, text, lang in docs:
            t = time.perf_counter()
            spans = find(text, lang)
            seconds += time.perf_counter() - t
            if spans is None:
                return None
            nbytes, count = nbytes + len(text.encode("utf-8")), count + len(spans)
        times.append(seconds)
    return Timing(nbytes / 1e6, min(times), count, statistics.median(times))


class Timing(NamedTuple):
    mb: float
    seconds: float  # the fastest pass
    count: int
    median: float


def row(table: Table, tool: str, text: str, result: Timing | None, note: str = "") -> None:
    note = escape(note)
    if result is None:
        table.add_row(tool, text, "", "", "", "", "", note)
        return
    mb, s, n, _ = result
    table.add_row(tool, text, f"{mb:.2f}", f"{s:.3f}", f"{mb / s:.3f}", f"{n:,}", f"{n / s:,.0f}", note)


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, kaozheng {kaozheng.__version__}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=50, help="size of the stream, MB (default 50)")
    ap.add_argument("--sample-mb", type=float, default=0.3, help="size of the sample for the slow tools (default 0.3)")
    ap.add_argument("--passes", type=int, default=5, help="passes of each tool over the sample (default 5)")
    args = ap.parse_args()
    files = sorted(args.corpus.rglob("*.txt"))
    if not files:
        sys.exit(f"no .txt files in {args.corpus}")
    console = Console(width=max(Console().width, 120))
    console.print(f"Machine: {machine()}")
    console.print(f"Corpus: {args.corpus} ({len(files)} files)")

    kz, _ = load(kaozheng_finder)
    bare, _ = load(bare_finder)
    table = Table(title="Throughput", title_justify="left")
    for col in ("tool", "text", "MB", "seconds", "MB/s", "claims", "claims/s", "notes"):
        table.add_column(col, justify="left" if col in ("tool", "text", "notes") else "right")

    # The stream: kaozheng and the bare scan on every document, one document in memory at a time.
    target, seen, seen_zh = args.mb * 1e6, 0, 0
    stats = {"kaozheng": [0.0, 0], "re": [0.0, 0]}
    rss_start, rss_10 = rss_mb(), None
    for _, text, lang in documents(files):
        for name, find in (("kaozheng", kz), ("re", None)):
            t = time.perf_counter()
            n = sum(1 for _ in DIGITS.finditer(text)) if find is None else len(find(text, lang))
            stats[name][0] += time.perf_counter() - t
            stats[name][1] += n
        seen += len(text.encode("utf-8"))
        seen_zh += len(text.encode("utf-8")) if lang == "zh" else 0
        if rss_10 is None and seen >= target / 10:
            rss_10 = rss_mb()
        if seen >= target:
            break
    stream_k = Timing(seen / 1e6, *stats["kaozheng"], stats["kaozheng"][0])  # one pass: no median
    stream_re = Timing(seen / 1e6, *stats["re"], stats["re"][0])
    mix = f"stream ({seen_zh / seen:.0%} zh)"
    row(table, "kaozheng", mix, stream_k,
        f"peak RSS: {rss_start:.0f} MB before, {rss_10:.0f} at 10%, {rss_mb():.0f} at end")
    row(table, r"re \d+ (ceiling)", mix, stream_re)

    # The sample: the slow tools and kaozheng on the same text.
    docs = sample(files, int(args.sample_mb * 1e6))
    parts = {"en": [d for d in docs if d[2] == "en"], "zh": [d for d in docs if d[2] == "zh"], "en+zh": docs}
    finders = {"kaozheng": (kz, ""), "kaozheng + meaning": load(kaozheng_meaning_finder),
               "Recognizers-Text": load(recognizers_finder), "quantulum3": load(quantulum_finder)}
    on_sample = {}
    table.add_section()
    for tool, (find, note) in finders.items():
        for part, part_docs in parts.items():
            if find is None:
                if part == "en+zh":
                    row(table, tool, "sample", None, note)
                continue
            on_sample[tool, part] = result = timed(find, part_docs, args.passes)
            if result is not None or part != "en+zh":
                row(table, tool, f"sample {part}", result, "" if result else "English only")
    console.print(table)

    def speed(r: Timing | None, median: bool = False) -> float | None:
        return r.mb / (r.median if median else r.seconds) if r and r.seconds else None

    kz_s, rt_s, q_s = (speed(on_sample.get(k)) for k in
                       (("kaozheng", "en+zh"), ("Recognizers-Text", "en+zh"), ("quantulum3", "en")))
    if rt_s:
        kz_m, rt_m = speed(on_sample["kaozheng", "en+zh"], True), speed(on_sample["Recognizers-Text", "en+zh"], True)
        console.print(f"kaozheng / Recognizers-Text on the sample: {kz_s / rt_s:.1f}x (target >= 20x); "
                      f"on the median passes: {kz_m / rt_m:.1f}x")
    if q_s:
        console.print(f"kaozheng / quantulum3 on the English sample: {speed(on_sample['kaozheng', 'en']) / q_s:.1f}x")
    console.print(f"bare re scan / kaozheng on the stream: {speed(stream_re) / speed(stream_k):.1f}x "
                  "(long-run goal: kaozheng within 5x of it)")

    gold_files = sorted((args.corpus.parent / "gold").glob("*.jsonl"))
    if gold_files:
        gold_detection(console, files, gold_files, {"kaozheng": kz, r"re \d+": bare} |
                       {tool: find for tool, (find, _) in finders.items() if tool not in ("kaozheng", "kaozheng + meaning") and find})


def gold_detection(console: Console, files: list[Path], gold_files: list[Path], finders: dict) -> None:
    by_stem = {p.stem: p for p in files}
    gold = [json.loads(line) for f in gold_files for line in open(f, encoding="utf-8") if line.strip()]
    gold = [g for g in gold if g["doc"] in by_stem]
    texts = {doc: by_stem[doc].read_text(encoding="utf-8") for doc in {g["doc"] for g in gold}}
    langs = {doc: language(text) for doc, text in texts.items()}
    # Every tool reads the document body only, not the metadata header above it
    # (title:, source_commit: ... lines are not the document's text).
    body = {doc: kaozheng.read(by_stem[doc]).body_start for doc in texts}
    table = Table(title=f"Detection on the gold ({len(texts)} documents, {len(gold)} claims): "
                        "F1 (precision / recall)", title_justify="left")
    table.add_column("tool")
    for lang in ("en", "zh", "en+zh"):
        docs = [d for d in texts if lang in (langs[d], "en+zh")]
        n = sum(g["doc"] in docs for g in gold)
        table.add_column(f"{lang} ({len(docs)} docs, {n} claims)", justify="right")
    for tool, find in finders.items():
        pred = {}
        for doc, text in texts.items():
            spans = find(text[body[doc]:], langs[doc])
            pred[doc] = None if spans is None else [(a + body[doc], b + body[doc]) for a, b in spans]
        cells = []
        for lang in ("en", "zh", "en+zh"):
            docs = [d for d in texts if lang in (langs[d], "en+zh")]
            if any(pred[d] is None for d in docs):
                cells.append("English only")
                continue
            s = evaluate([g for g in gold if g["doc"] in docs],
                         [{"doc": d, "start": a, "end": b} for d in docs for a, b in pred[d]])["all"]
            cells.append(f"{s.f1:.3f} ({s.precision:.3f} / {s.recall:.3f})")
        table.add_row(tool, *cells)
    console.print(table)


if __name__ == "__main__":
    main()

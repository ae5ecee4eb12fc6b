"""kaozheng at collection scale: ``kaozheng.run`` over hundreds of MB.

Run from the repository root::

    .venv/bin/python benchmarks/scale.py            # 500 MB, several minutes
    .venv/bin/python benchmarks/scale.py --mb 40    # a quick try

It builds ``--mb`` MB (10**6 bytes) of text in a temporary folder from the
real corpus (``../shared/corpus``, or ``--corpus``): every ``.txt`` document,
the long ``bulk/`` files cut at line breaks into documents of about 30 KB,
copied again and again into folders ``copy-0000/``, ``copy-0001/``... of one
copy each (streaming writes; the corpus is mostly Chinese, as the archives
are). Then, each in its own process (``python scale.py --child``), it runs
:func:`kaozheng.run.extract_to_dataset` into a fresh output folder:

* the first ``--speed-mb`` MB (default 100) with 1 process, with 2 processes
  and on a Dask ``LocalCluster`` of 2 single-threaded worker processes:
  MB/s and documents/s, speed-up from 1 to 2 processes, Dask relative to local;
* peak RSS at 100 MB (the 2-process run above) and at the full ``--mb`` MB
  (2 processes again): sampled every 0.1 s with psutil over the whole process
  tree (the run's parent, its workers, the forkserver, Dask's nannies); the
  parent's own peak and the largest worker's are shown apart. Flat memory
  means the 500 MB peak is about the 100 MB peak.

Times are wall-clock for the whole run (listing, reading, extraction, Parquet
writing, process start-up). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DOC_BYTES = 30_000  # cut long files into documents of about this size


# ------------------------------------------------------------------ building the corpus

def source_documents(corpus: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every document of one copy: .txt files, long ones cut."""
    docs = []
    for path in sorted(corpus.rglob("*.txt")):
        data = path.read_bytes()
        rel = "__".join(path.relative_to(corpus).with_suffix("").parts)
        if len(data) <= 4 * DOC_BYTES:
            docs.append((f"{rel}.txt", data))
            continue
        lines = data.splitlines(keepends=True)
        chunk, size, n = [], 0, 0
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size >= DOC_BYTES:
                docs.append((f"{rel}-{n:04d}.txt", b"".join(chunk)))
                chunk, size, n = [], 0, n + 1
        if chunk:
            docs.append((f"{rel}-{n:04d}.txt", b"".join(chunk)))
    return docs


def build(corpus: Path, folder: Path, mb: float) -> list[tuple[Path, int, int]]:
    """Write copies until ``mb`` MB; (copy folder, documents, bytes) of each."""
    docs = source_documents(corpus)
    if not docs:
        sys.exit(f"no .txt documents in {corpus}")
    copies, total, limit = [], 0, mb * 1e6
    while total < limit:
        sub = folder / f"copy-{len(copies):04d}"
        sub.mkdir(parents=True)
        n = size = 0
        for name, data in docs:
            if total + size >= limit and n:
                break
            (sub / name).write_bytes(data)
            n += 1
            size += len(data)
        copies.append((sub, n, size))
        total += size
    return copies


def first(copies, mb: float) -> tuple[list[str], int, int]:
    paths, docs, size = [], 0, 0
    for sub, n, s in copies:
        if size >= mb * 1e6:
            break
        paths.append(str(sub))
        docs += n
        size += s
    return paths, docs, size


# ------------------------------------------------------------------ measuring a run

def child(args) -> None:
    """Run one extraction in this process and print its summary as JSON."""
    sys.path.insert(0, str(ROOT / "src"))
    paths = json.loads(args.child)
    if args.engine == "dask":
        from kaozheng.run.dask_engine import extract_to_dataset
    else:
        from kaozheng.run import extract_to_dataset
    start = time.perf_counter()
    s = extract_to_dataset(paths, args.out, jobs=args.jobs)
    print(json.dumps({"seconds": time.perf_counter() - start, "documents": s.documents,
                      "failed": s.failed, "claims": s.claims, "bytes": s.bytes}))


def measure(paths: list[str], out: Path, engine: str, jobs: int) -> dict:
    import psutil

    cmd = [sys.executable, __file__, "--child", json.dumps(paths), "--out", str(out),
           "--engine", engine, "--jobs", str(jobs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak = {"tree": 0, "parent": 0, "worker": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                rss_parent = parent.memory_info().rss
                workers = []
                for c in parent.children(recursive=True):
                    try:
                        workers.append(c.memory_info().rss)
                    except psutil.Error:
                        pass
                peak["parent"] = max(peak["parent"], rss_parent)
                peak["worker"] = max([peak["worker"], *workers])
                peak["tree"] = max(peak["tree"], rss_parent + sum(workers))
            except psutil.Error:
                pass
            stop.wait(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    stdout, _ = proc.communicate()
    stop.set()
    t.join()
    if proc.returncode:
        sys.exit(f"run failed ({engine}, {jobs}): exit {proc.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update({f"peak_{k}_mb": v / 1e6 for k, v in peak.items()})
    shutil.rmtree(out, ignore_errors=True)
    return result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=500, help="MB of input to build (default 500)")
    ap.add_argument("--speed-mb", type=float, default=100,
                    help="MB for the speed runs and the first RSS figure (default 100)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=f"source documents (default {CORPUS})")
    ap.add_argument("--tmp", type=Path, default=None, help="where to build the input (default: system temp)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    speed_mb = min(args.speed_mb, args.mb)
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores "
          f"({len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable), "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory(prefix="kaozheng-scale-", dir=args.tmp) as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        copies = build(args.corpus, tmp / "input", args.mb)
        all_paths, all_docs, all_bytes = first(copies, args.mb)
        print(f"input: {all_bytes / 1e6:.0f} MB, {all_docs:,} documents "
              f"(mean {all_bytes / all_docs / 1e3:.1f} KB) in {len(copies)} copies of {args.corpus}, "
              f"written in {time.perf_counter() - t0:.1f} s")
        speed_paths, speed_docs, speed_bytes = first(copies, speed_mb)
        print(f"speed runs on the first {speed_bytes / 1e6:.0f} MB ({speed_docs:,} documents)\n")

        rows = []
        for label, engine, jobs, paths in (
            ("local, 1 process", "local", 1, speed_paths),
            ("local, 2 processes", "local", 2, speed_paths),
            ("dask LocalCluster, 2 workers", "dask", 2, speed_paths),
            ("local, 2 processes", "local", 2, all_paths),
        ):
            r = measure(paths, tmp / "out", engine, jobs)
            r["label"] = label
            rows.append(r)
            print(f"{label:<30} {r['bytes'] / 1e6:6.0f} MB  {r['seconds']:7.1f} s  "
                  f"{r['bytes'] / 1e6 / r['seconds']:6.2f} MB/s  {r['documents'] / r['seconds']:7.1f} docs/s  "
                  f"{r['claims']:>10,} claims  {r['failed']} failed  "
                  f"peak RSS: tree {r['peak_tree_mb']:.0f} MB, parent {r['peak_parent_mb']:.0f} MB, "
                  f"largest worker {r['peak_worker_mb']:.0f} MB", flush=True)

        one, two, dask, big = rows
        rate = lambda r: r["bytes"] / r["seconds"]
        print()
        print(f"speed-up 1 -> 2 processes: x{rate(two) / rate(one):.2f}")
        print(f"dask (2 workers) relative to local (2 processes): x{rate(dask) / rate(two):.2f}")
        print(f"peak RSS of the whole tree: {two['peak_tree_mb']:.0f} MB at {two['bytes'] / 1e6:.0f} MB of input, "
              f"{big['peak_tree_mb']:.0f} MB at {big['bytes'] / 1e6:.0f} MB of input")


if __name__ == "__main__":
    main()

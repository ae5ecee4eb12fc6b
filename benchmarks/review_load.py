"""Load on the review app: N concurrent reviewers on a synthetic corpus (loopback only, bounded).

    .venv/bin/python benchmarks/review_load.py [--docs 10000] [--reviewers 50] [--rounds 10]
                                                [--database postgresql://...]

Builds a results database of ``--docs`` documents (3 claims each), starts the
app under uvicorn on 127.0.0.1 (one process), logs in ``--reviewers`` users, then
each reviewer does ``--rounds`` rounds of: open a random document (page load),
accept or correct one of its claims (decision), and every fifth round the
corpus page. Prints p50/p95/max latency per kind of request. Goal: p95 < 150 ms
on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from kaozheng.review import accounts
from kaozheng.review.testing import free_port, start_server, stop_server, synthetic_results


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


async def reviewer(base: str, name: str, docs: int, rounds: int, timings: dict, seed: int,
                   think: float, ready: asyncio.Event, logged_in: list) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        page = await c.get("/login")
        token = page.text.split('name="login_token" value="')[1].split('"')[0]
        r = await c.post("/login", data={"name": name, "password": "bench-password",
                                         "login_token": token, "next": "/"}, follow_redirects=True)
        csrf = r.text.split('name="csrf" value="')[1].split('"')[0]
        # Logins (argon2, deliberately slow) are not what is measured: start together after them.
        logged_in.append(name)
        if len(logged_in) == ready.n:
            ready.set()
        await ready.wait()
        for i in range(rounds):
            if think:
                await asyncio.sleep(rng.expovariate(1 / think))   # a person reading the claim
            doc = f"doc-{rng.randrange(docs):05d}"
            t = time.perf_counter()
            r = await c.get(f"/doc/{doc}")
            timings["document page"].append(time.perf_counter() - t)
            assert r.status_code == 200, r.status_code
            start = r.text.split('name="start" value="')[1].split('"')[0]
            end = r.text.split('name="end" value="')[1].split('"')[0]
            data = {"csrf": csrf, "doc": doc, "start": start, "end": end, "verdict": "accept"}
            if rng.random() < 0.3:
                data.update(verdict="correct", value="1", qualifier="approx", category="other",
                            modality="planned", unit="", date="", comment="bench")
            t = time.perf_counter()
            r = await c.post("/decide", data=data, follow_redirects=False)
            timings["decision"].append(time.perf_counter() - t)
            assert r.status_code == 303, (r.status_code, r.text[:200])
            if i % 5 == 0:
                t = time.perf_counter()
                r = await c.get(f"/?p={rng.randrange(1, docs // 100 + 1)}")
                timings["corpus page"].append(time.perf_counter() - t)
                assert r.status_code == 200


async def run(base: str, args) -> dict:
    timings = {"document page": [], "decision": [], "corpus page": []}
    ready = asyncio.Event()
    ready.n = args.reviewers
    logged_in: list[str] = []
    await asyncio.gather(*(reviewer(base, f"r{i}", args.docs, args.rounds, timings, i, args.think,
                                    ready, logged_in) for i in range(args.reviewers)))
    return timings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--reviewers", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--think", type=float, default=1.0,
                    help="mean pause in seconds before each round (0: every reviewer hammers the server)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    ap.add_argument("--database", default=None, help="review store URL (default: a fresh SQLite file)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        results = synthetic_results(tmp / "kaozheng.sqlite", args.docs)
        print(f"corpus: {args.docs} documents, {3 * args.docs} claims ({time.perf_counter() - t:.1f} s to build)")
        store = args.database or str(tmp / "review.sqlite")
        for i in range(args.reviewers):
            accounts.add_user(store, f"r{i}", "reviewer", "bench-password")
        port = free_port()
        proc = start_server(results, store, port, timeout=120, workers=args.workers)
        try:
            t = time.perf_counter()
            timings = asyncio.run(run(f"http://127.0.0.1:{port}", args))
            wall = time.perf_counter() - t
        finally:
            stop_server(proc)
    n = sum(len(v) for v in timings.values())
    print(f"{args.reviewers} concurrent reviewers (mean think time {args.think} s), {n} requests in {wall:.1f} s ({n / wall:.0f} req/s)")
    print(f"{'request':<15} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    for kind, xs in timings.items():
        ms = [x * 1000 for x in xs]
        print(f"{kind:<15} {len(ms):>6} {statistics.median(ms):>8.1f} {_pct(ms, 95):>8.1f} {max(ms):>8.1f}")
        worst = max(worst, _pct(ms, 95))
    print(f"goal p95 < 150 ms: {'met' if worst < 150 else 'NOT met'} (worst p95 {worst:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

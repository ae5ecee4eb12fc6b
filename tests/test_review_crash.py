"""Crash test: SIGKILL the server mid-burst; every acknowledged decision must survive.

The server runs as a uvicorn subprocess on 127.0.0.1 (a free port). Four
threads post decisions (each with a unique comment); the main thread kills the
server once some have been acknowledged (HTTP 303) and others are in flight.
After a restart, the store must hold every acknowledged one.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from kaozheng.review import accounts  # noqa: E402
from kaozheng.review.store import Store  # noqa: E402
from kaozheng.review.testing import (free_port, login, start_server, stop_server,  # noqa: E402
                                     synthetic_results)


def test_acknowledged_decisions_survive_sigkill(tmp_path):
    results_db = synthetic_results(tmp_path / "kaozheng.sqlite", 20)
    store_url = str(tmp_path / "review.sqlite")
    accounts.add_user(store_url, "ann", "reviewer", "ann-password")
    con = sqlite3.connect(results_db)
    spans = con.execute('SELECT doc, start, "end" FROM claims ORDER BY doc, start').fetchall()
    con.close()

    port = free_port()
    proc = start_server(results_db, store_url, port)
    acked: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as c:
            csrf = login(c, "ann", "ann-password")
            cookies = dict(c.cookies)

        def burst(worker: int) -> None:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5, cookies=cookies) as c:
                for i in range(400):                     # bounded
                    if stop.is_set():
                        return
                    doc, s, e = spans[(worker * 7 + i) % len(spans)]
                    tag = f"w{worker}-{i}"
                    try:
                        r = c.post("/decide", data={"csrf": csrf, "doc": doc, "start": s, "end": e,
                                                    "verdict": "accept", "comment": tag})
                    except httpx.HTTPError:
                        return                           # the server is gone
                    if r.status_code in (200, 303):
                        with lock:
                            acked.append(tag)

        threads = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while len(acked) < 40 and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)                 # mid-burst: threads are still posting
        proc.wait(10)
        stop.set()
        for t in threads:
            t.join(10)
        assert len(acked) >= 40, "the burst did not get going"

        # restart on the same store: the app opens it (recovering the WAL) and serves
        proc = start_server(results_db, store_url, port := free_port())
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as c:
            login(c, "ann", "ann-password")              # sessions survived too
            assert c.get(f"/doc/{spans[0][0]}").status_code == 200
        kept = {e["comment"] for e in Store(store_url).events()}
        missing = [t for t in acked if t not in kept]
        assert not missing, f"{len(missing)} acknowledged decisions lost: {missing[:5]}"
    finally:
        stop.set()
        stop_server(proc)

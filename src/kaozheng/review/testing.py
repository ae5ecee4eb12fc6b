"""Helpers shared by the review tests and the load benchmark (loopback only).

- :func:`synthetic_results`: a ``kaozheng.sqlite`` of N made-up documents.
- :func:`start_server` / :func:`stop_server`: the app under uvicorn in a subprocess
  on 127.0.0.1 and a free port.
- :func:`login`: log an ``httpx`` client in through the login form; returns the
  CSRF token of the session.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..model import Claim, Document, Finding, Span
from ..publish.sqlite import write_sqlite

__all__ = ["synthetic_results", "free_port", "start_server", "stop_server", "login", "csrf_of"]

_TEMPLATE = ("Report {i} on the campaign in {place}.\n"
             "In {place} {a} counter-revolutionaries were arrested and {b} were executed; "
             "about {c} more cases await review.\n")


def synthetic_results(path: str | Path, n_docs: int, *, extra: list[tuple[Document, list[Claim]]] = (),
                      with_findings: bool = True) -> Path:
    """Write a results database of ``n_docs`` short documents with three claims each."""
    places = ["guizhou", "sichuan", "yunnan", "hubei", "hunan", "jiangxi"]
    docs, claims, findings = [], [], []
    for i in range(n_docs):
        place = places[i % len(places)]
        a, b, c = 1000 + i, 100 + i % 900, 50 + i % 50
        text = _TEMPLATE.format(i=i, place=place.title(), a=a, b=b, c=c)
        d = Document(id=f"doc-{i:05d}", text=text, title=f"Report {i}", date=f"1951-{1 + i % 12:02d}-01",
                     language="en")
        docs.append(d)
        mine = []
        for s, cat, mod, qual in ((str(a), "arrested", "reported", "exact"),
                                  (str(b), "executed", "reported", "exact"),
                                  (f"about {c}", "other", "planned", "approx")):
            start = text.index(f" {s} ") + 1   # whole numbers: "100" is not the one in "1000"
            v = int(s.split()[-1])
            mine.append(Claim(doc=d.id, start=start, end=start + len(s), text=s, kind="count", value=v,
                              qualifier=qual, unit="person", category=cat, modality=mod,
                              place=[place], date=d.date, rule="synthetic"))
        claims += mine
        if with_findings and i % 10 == 0:
            findings.append(Finding("rate", "warning", [mine[1].span, mine[0].span], None, None, {},
                                    f"{b} executed of {a} arrested is a high share."))
    for d, cs in extra:
        docs.append(d)
        claims += cs
    return write_sqlite(path, docs, claims, findings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(results_db, store_url, port: int, *, public: bool = False, log=None,
                 timeout: float = 20.0, workers: int = 1) -> subprocess.Popen:
    """uvicorn on 127.0.0.1:port in a subprocess; returns once it answers."""
    env = dict(os.environ, KAOZHENG_RESULTS=str(results_db), KAOZHENG_STORE=str(store_url),
               KAOZHENG_PUBLIC="1" if public else "0", KAOZHENG_LOGIN_LIMIT="1000")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "kaozheng.review.app:app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--workers", str(workers)],
        env=env, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    stop_server(proc)
    raise RuntimeError("server did not start in time")


def stop_server(proc: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    if not m:
        raise AssertionError("no CSRF token on the page")
    return m.group(1)


def login(client, name: str, password: str) -> str:
    """Log ``client`` (httpx or TestClient) in; returns the session's CSRF token."""
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"name": name, "password": password, "login_token": token,
                                    "next": "/"}, follow_redirects=False)
    if r.status_code != 303 or r.headers.get("location") != "/":
        raise AssertionError(f"login failed: {r.status_code} {r.headers.get('location')}")
    return csrf_of(client.get("/").text)

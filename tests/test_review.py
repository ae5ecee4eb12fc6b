"""The review app and its store: decisions kept, state derived, security, export.

Store tests run on SQLite always, and on PostgreSQL too when
KAOZHENG_TEST_POSTGRES_URL is set (e.g. postgresql://u:p@127.0.0.1/db; the
tables there are dropped and re-created by each test).
"""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("sqlalchemy")
from fastapi.testclient import TestClient  # noqa: E402

from kaozheng.model import Claim, Document  # noqa: E402
from kaozheng.review import accounts  # noqa: E402
from kaozheng.review.app import create_app  # noqa: E402
from kaozheng.review.export import export  # noqa: E402
from kaozheng.review.state import derive, kappa  # noqa: E402
from kaozheng.review.store import Store, metadata  # noqa: E402
from kaozheng.review.testing import csrf_of, login, synthetic_results  # noqa: E402

PG = os.environ.get("KAOZHENG_TEST_POSTGRES_URL")
EVIL = "Title\n<script>alert('x')</script> and 1,200 people & 3 <b>bold</b> cases."


def _evil_doc():
    d = Document(id="evil", text=EVIL, title="<i>evil</i>", date="1951-01-01", language="en")
    start = EVIL.index("1,200")
    c = Claim(doc="evil", start=start, end=start + 5, text="1,200", kind="count", value=1200,
              unit="person", category="arrested", modality="reported", place=["guizhou"], rule="t")
    return d, [c]


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG else []))
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "review.sqlite")
    s = Store(PG)
    metadata.drop_all(s.engine)
    s.close()
    return PG


@pytest.fixture
def results_db(tmp_path):
    return synthetic_results(tmp_path / "kaozheng.sqlite", 12, extra=[_evil_doc()])


@pytest.fixture
def app_setup(results_db, store_url):
    accounts.add_user(store_url, "ann", "reviewer", "ann-password")
    accounts.add_user(store_url, "ben", "reviewer", "ben-password")
    accounts.add_user(store_url, "ada", "admin", "ada-password")
    accounts.add_user(store_url, "vic", "viewer", "vic-password")
    return results_db, store_url


def _client(app_setup, public=False, limit=10):
    results_db, store_url = app_setup
    return TestClient(create_app(results_db, store_url, public=public, login_limit=limit),
                      base_url="http://testserver")


def _decide(client, csrf, doc, start, end, verdict, **fields):
    data = {"csrf": csrf, "doc": doc, "start": str(start), "end": str(end), "verdict": verdict, **fields}
    return client.post("/decide", data=data, follow_redirects=False)


FIRST = ("doc-00000", 39, 43)     # "1000" arrested, in Report 0


def _first_claim_span(results_db):
    import sqlite3
    con = sqlite3.connect(results_db)
    row = con.execute('SELECT doc, start, "end" FROM claims WHERE doc = ? ORDER BY start', ("doc-00000",)).fetchone()
    con.close()
    return row


# --- store and state ---------------------------------------------------------

def test_store_keeps_every_event_and_derives_state(store_url):
    s = Store(store_url)
    machine = {"value": 10, "category": "executed", "modality": "reported"}
    corrected = {**machine, "modality": "quota"}
    ids = [s.record(user="ann", doc_hash="h", doc="d", start=1, end=3, verdict="accept",
                    machine=machine, after=machine),
           s.record(user="ann", doc_hash="h", doc="d", start=1, end=3, verdict="correct",
                    machine=machine, after=corrected, comment="a quota"),
           s.record(user="ben", doc_hash="h", doc="d", start=1, end=3, verdict="accept",
                    machine=machine, after=machine)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    evs = s.events(keys=[("h", 1, 3)])
    assert [e["id"] for e in evs] == ids          # nothing overwritten: ann's first decision is kept
    assert evs[1]["comment"] == "a quota" and evs[1]["after"]["modality"] == "quota"
    st = derive(evs, machine)
    assert st.status == "disputed" and st.final is None
    assert set(st.latest) == {"ann", "ben"} and st.latest["ann"]["verdict"] == "correct"
    s.record(user="ada", doc_hash="h", doc="d", start=1, end=3, verdict="correct", machine=machine,
             after=corrected, kind="adjudication")
    st = derive(s.events(doc_hashes=["h"]), machine)
    assert st.status == "adjudicated" and st.final["modality"] == "quota"
    assert s.count_events() == 4
    # the machine version changed underneath: the decisions are stale, still there
    st = derive(s.events(doc_hashes=["h"]), {**machine, "value": 11})
    assert st.stale and all(e["stale"] for e in st.events)
    s.close()


def test_kappa_known_values():
    # 10 items: a says yes 5, b says yes 5, agree on 8 -> po .8, pe .5, kappa .6
    pairs = [("y", "y")] * 4 + [("n", "n")] * 4 + [("y", "n"), ("n", "y")]
    assert kappa(pairs) == pytest.approx(0.6)
    assert kappa([("y", "y")] * 3) is None       # undefined, not 1.0 nor a division error
    assert kappa([("y", "n"), ("n", "y")]) == pytest.approx(-1.0)


def test_add_user_checks_role_and_password(tmp_path):
    url = str(tmp_path / "r.sqlite")
    with pytest.raises(ValueError):
        accounts.add_user(url, "x", "overlord", "long-enough")
    with pytest.raises(ValueError):
        accounts.add_user(url, "x", "viewer", "short")
    accounts.add_user(url, "x", "viewer", "long-enough")
    user = Store(url).user("x")
    assert user["role"] == "viewer" and user["password_hash"].startswith("$argon2")
    assert "long-enough" not in user["password_hash"]


def test_sqlite_store_is_in_wal_mode(tmp_path):
    s = Store(tmp_path / "w.sqlite")
    with s.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    s.close()


# --- app: access and security ---------------------------------------------------

def test_reading_needs_an_account_unless_public(app_setup):
    c = _client(app_setup)
    r = c.get("/doc/doc-00000", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert c.get("/export.jsonl", follow_redirects=False).status_code == 303
    p = _client(app_setup, public=True)
    assert p.get("/doc/doc-00000").status_code == 200
    # public still needs an account to write
    r = _decide(p, "x", *FIRST, "accept")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_security_headers_cookie_flags_and_csrf(app_setup, results_db):
    c = _client(app_setup)
    page = c.get("/login")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    token_field = 'name="login_token"'
    assert token_field in page.text
    # login without the double-submit token fails
    r = c.post("/login", data={"name": "ann", "password": "ann-password", "login_token": "nope"},
               follow_redirects=False)
    assert r.status_code == 403
    c = _client(app_setup)
    p = c.get("/login")
    import re
    token = re.search(r'name="login_token" value="([^"]+)"', p.text).group(1)
    r = c.post("/login", data={"name": "ann", "password": "ann-password", "login_token": token},
               follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert "kz_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    doc, start, end = _first_claim_span(results_db)
    assert _decide(c, "forged", doc, start, end, "accept").status_code == 403
    assert Store(app_setup[1]).count_events() == 0
    csrf = csrf_of(c.get("/").text)
    assert _decide(c, csrf, doc, start, end, "accept").status_code == 303
    assert Store(app_setup[1]).count_events() == 1
    css = c.get("/static/report.css")
    assert css.headers["content-type"].startswith("text/css") and "mark.claim" in css.text
    assert c.get("/static/review.js").headers["content-type"].startswith("text/javascript")
    # no inline script on any page (the CSP would block it anyway)
    html = c.get(f"/doc/{doc}").text
    assert "<script>" not in html and '<script src="/static/review.js"' in html


def test_login_is_rate_limited(app_setup):
    c = _client(app_setup, limit=3)
    codes = [c.post("/login", data={"name": "ann", "password": "wrong-one", "login_token": "x"},
                    follow_redirects=False).status_code for _ in range(5)]
    assert codes[:3] == [403, 403, 403] and codes[3:] == [429, 429]


def test_wrong_password_and_viewer_cannot_write(app_setup, results_db):
    c = _client(app_setup)
    with pytest.raises(AssertionError):
        login(c, "ann", "not-her-password")
    v = _client(app_setup)
    csrf = login(v, "vic", "vic-password")
    doc, start, end = _first_claim_span(results_db)
    assert _decide(v, csrf, doc, start, end, "accept").status_code == 403
    assert Store(app_setup[1]).count_events() == 0


def test_document_text_is_escaped(app_setup):
    c = _client(app_setup)
    login(c, "ann", "ann-password")
    html = c.get("/doc/evil").text
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html or \
        "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&amp; 3" in html
    assert "&lt;i&gt;evil&lt;/i&gt;" in html                  # the title too
    assert '<mark class="claim cat-arrested st-unreviewed selected" id="c-' in html


# --- app: reviewing --------------------------------------------------------------

def test_accept_reject_correct_and_export(app_setup, results_db, tmp_path):
    c = _client(app_setup)
    csrf = login(c, "ann", "ann-password")
    import sqlite3
    con = sqlite3.connect(results_db)
    spans = con.execute('SELECT start, "end" FROM claims WHERE doc = ? ORDER BY start', ("doc-00001",)).fetchall()
    (s0, e0), (s1, e1), (s2, e2) = spans
    r = _decide(c, csrf, "doc-00001", s0, e0, "accept", comment="fine")
    assert r.status_code == 303 and r.headers["location"].endswith(f"claim={s1}-{e1}&saved=accept")
    assert _decide(c, csrf, "doc-00001", s1, e1, "reject").status_code == 303
    fields = dict(value="55", qualifier="approx", unit="case", category="other", modality="quota",
                  place=["guizhou", "sichuan"], date="1951-02")
    assert _decide(c, csrf, "doc-00001", s2, e2, "correct", **fields).status_code == 303
    bad = _decide(c, csrf, "doc-00001", s2, e2, "correct", **{**fields, "modality": "rumoured"})
    assert bad.status_code == 400 and "modality must be one of" in bad.text
    assert _decide(c, csrf, "doc-00001", s2, e2, "correct", **{**fields, "place": ["atlantis"]}).status_code == 400
    page = c.get(f"/doc/doc-00001?claim={s2}-{e2}").text
    assert "corrected" in page and "quota" in page
    out = tmp_path / "reviewed.jsonl"
    n = export(app_setup[1], results_db, out)
    recs = {(r["doc"], r["start"]): r for r in map(json.loads, out.read_text().splitlines())}
    assert n == len(recs)
    assert recs[("doc-00001", s0)]["status"] == "accepted"
    assert recs[("doc-00001", s0)]["decisions"][0]["comment"] == "fine"
    assert recs[("doc-00001", s1)]["status"] == "rejected" and recs[("doc-00001", s1)]["final"] is None
    rec = recs[("doc-00001", s2)]
    assert rec["status"] == "corrected" and rec["machine"]["modality"] == "planned"
    assert rec["final"]["modality"] == "quota" and rec["final"]["place"] == ["guizhou", "sichuan"]
    assert rec["final"]["value"] == 55 and rec["decisions"][0]["user"] == "ann"
    assert {r["status"] for (d, _), r in recs.items() if d == "doc-00002"} == {"unreviewed"}
    # the app's export says the same
    lines = c.get("/export.jsonl").text.splitlines()
    assert len(lines) == n and any('"quota"' in l for l in lines)


def test_disagreement_kappa_and_adjudication(app_setup, results_db):
    ann, ben, ada = _client(app_setup), _client(app_setup), _client(app_setup)
    ca, cb, cd = login(ann, "ann", "ann-password"), login(ben, "ben", "ben-password"), login(ada, "ada", "ada-password")
    import sqlite3
    con = sqlite3.connect(results_db)
    spans = con.execute('SELECT doc, start, "end", category, modality FROM claims WHERE doc LIKE ? ORDER BY doc, start',
                        ("doc-%",)).fetchall()[:6]
    for i, (doc, s, e, cat, mod) in enumerate(spans):
        assert _decide(ann, ca, doc, s, e, "accept").status_code == 303
        verdict = "reject" if i == 0 else "accept"
        assert _decide(ben, cb, doc, s, e, verdict).status_code == 303
    proj = ann.get("/project").text
    assert "ann · ben" in proj and "Disagreements <span class=\"n\">1</span>" in proj
    assert "n/a" in proj                    # category: always the same -> undefined
    doc, s, e = spans[0][:3]
    # a reviewer cannot adjudicate; an admin can, by adopting ann's decision
    ben_event = max(x["id"] for x in Store(app_setup[1]).events() if x["user"] == "ben")
    ann_event = min(x["id"] for x in Store(app_setup[1]).events() if x["user"] == "ann")
    r = ben.post("/adjudicate", data={"csrf": cb, "event": ben_event}, follow_redirects=False)
    assert r.status_code == 403
    r = ada.post("/adjudicate", data={"csrf": cd, "event": ann_event}, follow_redirects=False)
    assert r.status_code == 303
    page = ada.get(f"/doc/{doc}?claim={s}-{e}").text
    assert "st-adjudicated" in page
    assert "Disagreements <span class=\"n\">0</span>" in ada.get("/project").text
    evs = Store(app_setup[1]).events()
    assert len(evs) == 13 and sum(x["kind"] == "adjudication" for x in evs) == 1


def test_rerun_keeps_reviews_and_marks_them_stale(app_setup, tmp_path):
    results_db, store_url = app_setup
    c = _client(app_setup)
    csrf = login(c, "ann", "ann-password")
    import sqlite3
    con = sqlite3.connect(results_db)
    (s, e), = con.execute('SELECT start, "end" FROM claims WHERE doc = ? AND category = ?', ("doc-00003", "executed")).fetchall()
    (s4, e4), = con.execute('SELECT start, "end" FROM claims WHERE doc = ? AND category = ?', ("doc-00004", "executed")).fetchall()
    con.close()
    assert _decide(c, csrf, "doc-00003", s, e, "accept").status_code == 303
    assert _decide(c, csrf, "doc-00004", s4, e4, "accept").status_code == 303
    # a newer extraction: same texts, but doc-00003's claim now says "arrested";
    # and doc-00004 renamed (same text: its review must follow it)
    con = sqlite3.connect(results_db)
    con.execute('UPDATE claims SET category = ? WHERE doc = ? AND start = ?', ("arrested", "doc-00003", s))
    con.execute("PRAGMA foreign_keys=OFF")
    for t in ("documents", "claims", "finding_claims"):
        con.execute(f"UPDATE {t} SET doc = ? WHERE doc = ?", ("renamed-4", "doc-00004"))
    con.commit()
    con.close()
    c2 = TestClient(create_app(results_db, store_url))
    login(c2, "ann", "ann-password")
    page = c2.get(f"/doc/doc-00003?claim={s}-{e}").text
    assert 'class="tag stale"' in page and "st-accepted" in page
    page = c2.get(f"/doc/renamed-4?claim={s4}-{e4}").text
    assert "st-accepted" in page and 'class="tag stale"' not in page.split('id="panel"')[1].split("</h3>")[0]
    stale_list = c2.get("/claims?state=stale").text
    assert "doc-00003" in stale_list and "renamed-4" not in stale_list
    recs = [json.loads(l) for l in c2.get("/export.jsonl").text.splitlines()]
    r3 = next(r for r in recs if r["doc"] == "doc-00003" and r["start"] == s)
    assert r3["stale"] and r3["final"]["category"] == "executed" and r3["machine"]["category"] == "arrested"


def test_filters_and_search(app_setup):
    c = _client(app_setup)
    login(c, "ann", "ann-password")
    page = c.get("/claims?category=executed&modality=reported").text
    assert page.count("<tr class=\"cat-executed\">") == 12 and "cat-arrested\"" not in page
    page = c.get("/claims?q=Report 7").text
    assert "doc-00007" in page and "doc-00006" not in page
    page = c.get("/claims?place=guizhou&category=arrested").text
    assert "doc-00000" in page and "doc-00006" in page and "doc-00001" not in page
    page = c.get("/claims?severity=warning").text
    assert "doc-00000" in page and "doc-00010" in page and "doc-00001" not in page
    assert "No claim matches." in c.get("/claims?state=disputed").text
    corpus = c.get("/").text
    assert "0 of 37 claims reviewed" in corpus and corpus.count('class="open-findings">1<') == 2

"""Tests of kaozheng.publish.sqlite: tables, foreign keys, JSON fields, Datasette."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from kaozheng.model import Claim, Document
from kaozheng.publish.sqlite import write_sqlite

from test_publish_common import ARTIFACTS, NARC, gazetteer, seeds  # noqa: F401


@pytest.fixture(scope="module")
def db(seeds, gazetteer, tmp_path_factory):  # noqa: F811
    docs, claims, findings = seeds
    ARTIFACTS.mkdir(exist_ok=True)
    return write_sqlite(ARTIFACTS / "kaozheng.db", docs, claims, findings, gazetteer)


def test_tables_and_rows(db, seeds):
    docs, claims, findings = seeds
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "claims", "findings", "finding_claims", "gazetteer",
            "claim_places", "claim_links"} <= tables
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(docs)
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == len(claims)
    assert con.execute("SELECT count(*) FROM findings").fetchone()[0] == len(findings)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_claims_round_trip_every_field(db, seeds):
    _, claims, _ = seeds
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    cols = [r[1] for r in con.execute("PRAGMA table_info(claims)")]
    for field in ("doc", "start", "end", "text", "kind", "value", "high", "qualifier", "unit",
                  "category", "modality", "place", "date", "base", "note", "rule", "links"):
        assert field in cols
    rows = {(r["doc"], r["start"], r["end"]): r for r in con.execute("SELECT * FROM claims")}
    for c in claims:
        r = rows[(c.doc, c.start, c.end)]
        back = dict(r)
        back["place"] = json.loads(back["place"]) if back["place"] is not None else None
        back["links"] = json.loads(back["links"])
        for k, v in c.to_dict().items():
            assert back[k] == v, (k, c)


def test_foreign_keys_declared_and_joins(db):
    con = sqlite3.connect(db)
    fks = {(r[2], r[3]) for r in con.execute("PRAGMA foreign_key_list(claims)")}
    assert ("documents", "doc") in fks
    assert {r[2] for r in con.execute("PRAGMA foreign_key_list(finding_claims)")} == {
        "findings", "claims", "documents"}
    # the share finding reaches its three claims through the join table
    rows = con.execute(
        "SELECT c.text FROM findings f JOIN finding_claims fc ON fc.finding = f.id "
        "JOIN claims c ON c.id = fc.claim WHERE f.\"check\" = 'share' ORDER BY fc.position"
    ).fetchall()
    assert [r[0] for r in rows] == ["30,998", "237,463", "13%"]
    # a span that is not a claim is kept, with a null claim
    assert con.execute("SELECT claim FROM finding_claims fc JOIN findings f ON f.id = fc.finding"
                       " WHERE f.\"check\" = 'missing'").fetchone() == (None,)
    # inputs keep the formula
    inputs = json.loads(con.execute("SELECT inputs FROM findings WHERE \"check\" = 'share'").fetchone()[0])
    assert inputs["formula"] == "part / whole"
    # places join the gazetteer
    n = con.execute("SELECT count(*) FROM claim_places cp JOIN gazetteer g ON g.id = cp.place"
                    " WHERE g.id = 'chongqing'").fetchone()[0]
    assert n >= 2
    # links resolve to claims
    target = con.execute("SELECT t.text FROM claim_links l JOIN claims c ON c.id = l.claim "
                         "JOIN claims t ON t.id = l.target WHERE c.doc = ? AND c.text = '13%' "
                         "AND l.rel = 'whole'", (NARC,)).fetchone()
    assert target == ("237,463",)


def test_missing_document_or_place_raises(tmp_path, gazetteer):  # noqa: F811
    doc = Document(id="d", text="over 10 cases")
    good = Claim(doc="d", start=0, end=7, text="over 10", kind="count", value=10,
                 qualifier="over", place=["nanjing"])
    write_sqlite(tmp_path / "ok.db", [doc], [good], [], gazetteer)
    with pytest.raises(ValueError, match="documents"):
        write_sqlite(tmp_path / "a.db", [], [good], [], gazetteer)
    bad_place = Claim.from_dict({**good.to_dict(), "place": ["atlantis"]})
    with pytest.raises(ValueError, match="gazetteer"):
        write_sqlite(tmp_path / "b.db", [doc], [bad_place], [], gazetteer)
    assert not (tmp_path / "b.db").exists() and not (tmp_path / "b.db.tmp").exists()


def test_opens_in_datasette(db, seeds):
    datasette_app = pytest.importorskip("datasette.app", reason="datasette is not installed")
    _, claims, _ = seeds

    async def fetch():
        ds = datasette_app.Datasette([str(db)])
        await ds.invoke_startup()
        claims_page = await ds.client.get("/kaozheng/claims.json?_shape=objects&_size=max")
        finding = await ds.client.get(
            "/kaozheng/finding_claims.json?_shape=objects&_labels=on&finding=1")
        return claims_page, finding

    claims_page, finding = asyncio.run(fetch())
    assert claims_page.status_code == 200, claims_page.text
    rows = claims_page.json()["rows"]
    assert len(rows) == len(claims)
    texts = {r["text"] for r in rows}
    assert {"237,463", "30,998", "13%", "一万余"} & texts >= {"237,463", "30,998", "13%"}
    r = next(r for r in rows if r["text"] == "237,463")
    assert r["doc"] == NARC and r["category"] == "identified" and json.loads(r["place"]) == ["china"]
    assert finding.status_code == 200, finding.text
    assert len(finding.json()["rows"]) == 3

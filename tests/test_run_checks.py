"""Checking a collection without holding it (kaozheng.run.checks, `kaozheng check` at scale).

The findings must be those of the in-memory checks (kaozheng.checks.run) on
the same documents; the series check runs as a second pass over the dataset.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kaozheng.checks import run as run_checks
from kaozheng.cli import app
from kaozheng.model import ReadProblem
from kaozheng.pipeline import process
from kaozheng.run.checks import check_to_dataset

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "kaozheng" / "sample"
BULLETINS = {
    "b4.txt": "date: 1952-09-01\n\n截至八月底，南京市累计逮捕毒犯三千人。\n",
    "b5.txt": "date: 1952-09-14\n\n截至九月十日，南京市累计逮捕毒犯二千人。\n",
    "b6.txt": "date: 1952-09-20\n\n截至九月十八日，上海市累计逮捕毒犯五千人，南京市累计逮捕毒犯三千五百人。\n",
}


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    root = tmp_path / "collection"
    (root / "bulletins").mkdir(parents=True)
    for name, text in BULLETINS.items():
        (root / "bulletins" / name).write_text(text, encoding="utf-8")
    for seed in SAMPLE.glob("*.txt"):
        (root / seed.name).write_bytes(seed.read_bytes())
    (root / "broken.txt").write_bytes(b"\x00\x01\x02" * 20)
    return root


def in_memory(root: Path) -> list[dict]:
    read = [(doc, claims) for doc, claims in process([root]) if not isinstance(doc, ReadProblem)]
    return [f.to_dict() for f in run_checks(read)]


def as_set(findings) -> list[str]:
    return sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in findings)


def read_findings(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_findings_are_the_in_memory_findings(collection, tmp_path, jobs):
    result = check_to_dataset([collection], tmp_path / "out", jobs=jobs, batch_size=2)
    assert (result.run.documents, result.run.failed) == (5, 1)
    found = read_findings(result.path)
    assert as_set(found) == as_set(in_memory(collection))
    series = [f for f in found if f["check"] == "series"]
    assert len(series) == 1 and "falls from “三千”" in series[0]["message"]
    assert {"share", "rate"} <= {f["check"] for f in found}  # the seeds' findings
    assert result.findings == len(found) and sum(result.by_severity.values()) == len(found)


def test_resume_and_a_corrected_document(collection, tmp_path):
    first = check_to_dataset([collection], tmp_path / "out", jobs=1, batch_size=2)
    before = first.path.read_bytes()
    again = check_to_dataset([collection], tmp_path / "out", jobs=1, batch_size=2)
    assert (again.run.documents, again.run.skipped) == (0, 5)
    assert again.path.read_bytes() == before
    (collection / "bulletins" / "b5.txt").write_text(BULLETINS["b5.txt"].replace("二千", "三千二百"), encoding="utf-8")
    fixed = check_to_dataset([collection], tmp_path / "out", jobs=1, batch_size=2)
    assert (fixed.run.documents, fixed.run.skipped) == (1, 4)
    found = read_findings(fixed.path)
    assert not [f for f in found if f["check"] == "series"]
    assert as_set(found) == as_set(in_memory(collection))


def test_an_interrupted_batch_is_redone(collection, tmp_path):
    out = tmp_path / "out"
    check_to_dataset([collection], out, jobs=1, batch_size=2)
    last = sorted((out / "findings").glob("part-*.parquet"))[-1]
    last.unlink()  # as if killed after the claims, before the findings of this batch
    result = check_to_dataset([collection], out, jobs=1, batch_size=2)
    assert result.run.documents >= 1
    assert as_set(read_findings(result.path)) == as_set(in_memory(collection))


def test_cli_checks_a_collection_into_a_dataset(collection, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(collection), "--jobs", "1"])
    assert result.exit_code == 2 and "give --out" in result.output
    result = runner.invoke(app, ["check", str(collection), "--jobs", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1  # broken.txt could not be read; the rest was checked
    assert "5 documents checked" in result.output and "series" in result.output
    assert (tmp_path / "out" / "claims").is_dir() and (tmp_path / "out" / "findings.jsonl").is_file()


def test_dask_gives_the_same_findings(collection, tmp_path):
    distributed = pytest.importorskip("distributed")
    local = check_to_dataset([collection], tmp_path / "local", jobs=1, batch_size=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        dask = check_to_dataset([collection], tmp_path / "dask", engine="dask", scheduler=client, batch_size=2)
    assert dask.path.read_bytes() == local.path.read_bytes()
    for table in ("claims", "findings", "series", "documents"):
        parts = lambda out: {p.name: p.read_bytes() for p in sorted((out / table).glob("part-*.parquet"))}
        assert parts(tmp_path / "dask") == parts(tmp_path / "local"), table


def test_the_review_database_is_the_in_memory_one(collection, tmp_path):
    import sqlite3

    from kaozheng.publish import write_sqlite

    result = check_to_dataset([collection], tmp_path / "out", jobs=2, batch_size=2)
    read = [(doc, claims) for doc, claims in process([collection]) if not isinstance(doc, ReadProblem)]
    expected = write_sqlite(tmp_path / "memory.sqlite", [d for d, _ in read], [c for _, cs in read for c in cs],
                            run_checks(read))

    def rows(db, sql):
        con = sqlite3.connect(db)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    for sql in ("SELECT doc, path, text FROM documents ORDER BY doc",
                'SELECT id, doc, start, "end", text, value, unit, category, place, links FROM claims ORDER BY id',
                "SELECT claim, place FROM claim_places ORDER BY claim, place",
                "SELECT claim, rel, target FROM claim_links ORDER BY claim, rel, target"):
        assert rows(result.database, sql) == rows(expected, sql), sql
    findings = "SELECT f.\"check\", f.severity, f.message, group_concat(c.claim) FROM findings f " \
               "JOIN finding_claims c ON c.finding = f.id GROUP BY f.id"
    assert sorted(rows(result.database, findings)) == sorted(rows(expected, findings))
    assert result.left_out == []


def test_a_repeated_document_id_is_left_out_of_the_database_not_fatal(collection, tmp_path):
    (collection / "bulletins" / "again").mkdir()
    (collection / "bulletins" / "again" / "b4.txt").write_text(BULLETINS["b4.txt"], encoding="utf-8")
    result = check_to_dataset([collection], tmp_path / "out", jobs=1, batch_size=2)
    assert result.left_out == [str(collection / "bulletins" / "b4.txt")]
    assert result.database.is_file()

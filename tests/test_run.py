"""kaozheng.run: the dataset run (local and Dask engines), resume, interruption, DuckDB queries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kaozheng.run import EXTRACTOR_VERSION, extract_to_dataset, iter_paths, scan_totals
from kaozheng.run.series import executions_by_province_month, iter_series

EN = [
    "title: Report on Guizhou\ndate: 1951-05-10\n\nIn Guizhou, 1,200 counter-revolutionaries were executed in April 1951.\n",
    "date: 1951-05-20\n\nIn Yunnan, over 800 bandits were executed and 2,000 arrested.\n",
    "date: 1952-09-14\n\nNanjing received over 18,000 reports; 19.3% of them were true.\n",
]
ZH = [
    "title: 贵州报告\ndate: 1951-06-02\n\n贵州省共处决反革命分子三百余人。\n",
    "date: 1952-09-12\n\n全国共逮捕毒犯三万零九百九十八名，占百分之十三。\n",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "en").mkdir(parents=True)
    (root / "zh" / "deeper").mkdir(parents=True)
    for i, text in enumerate(EN):
        (root / "en" / f"en{i}.txt").write_text(text, encoding="utf-8")
    for i, text in enumerate(ZH):
        (root / "zh" / f"zh{i}.txt").write_text(text, encoding="utf-8")
    for i in range(4):  # more documents, so there are several batches
        (root / "zh" / "deeper" / f"zh-extra{i}.md").write_text(ZH[i % 2] + f"\n另有{i + 2}人。\n", encoding="utf-8")
    (root / "en" / "bad.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    (root / "en" / ".hidden.txt").write_text("not a document 5", encoding="utf-8")
    (root / "en" / "notes.docx").write_bytes(b"skipped: unsupported extension")
    return root


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def claims_rows(out: Path) -> list[tuple]:
    rows = pq.read_table(out / "claims").to_pylist()
    return sorted((r["doc"], r["start"], r["end"], r["text"], r["value"]) for r in rows)


def documents(out: Path) -> list[dict]:
    return sorted(pq.read_table(out / "documents").to_pylist(), key=lambda r: r["path"])


def run(corpus: Path, out: Path, **kw):
    kw.setdefault("batch_size", 3)
    return extract_to_dataset([corpus], out, **kw)


def test_listing_is_lazy_sorted_and_matches_the_reader(corpus):
    from kaozheng.read import iter_documents

    listed = [p for p, _, problem in iter_paths(corpus) if problem is None]
    read = [item.path for item in iter_documents(corpus)]  # documents and problems
    assert [Path(p).name for p in listed] == [
        "bad.txt", "en0.txt", "en1.txt", "en2.txt",
        "zh-extra0.md", "zh-extra1.md", "zh-extra2.md", "zh-extra3.md", "zh0.txt", "zh1.txt",
    ]
    assert listed == read
    docs, size = scan_totals(corpus)
    assert docs == 10 and size == sum(Path(p).stat().st_size for p in listed)


def test_layout_documents_and_problems(corpus, tmp_path):
    out = tmp_path / "out"
    seen = []
    summary = run(corpus, out, jobs=1, progress=lambda p: seen.append((p.done, p.claims, p.failed)),
                  count_total=True)
    assert summary.documents == 9 and summary.failed == 1 and summary.skipped == 0
    assert seen[-1] == (10, summary.claims, 1) and len(seen) == 4  # 4 batches of <= 3
    assert sorted(p.name for p in (out / "claims").iterdir()) == [f"part-0000{i}.parquet" for i in range(4)]
    assert sorted(p.name for p in (out / "documents").iterdir()) == sorted(p.name for p in (out / "claims").iterdir())
    problems = [json.loads(line) for line in (out / "problems.jsonl").read_text().splitlines()]
    assert len(problems) == 1 and problems[0]["path"].endswith("bad.txt")
    assert "binary" in problems[0]["reason"]
    docs = documents(out)
    assert len(docs) == 9 and {d["extractor"] for d in docs} == {EXTRACTOR_VERSION}
    zh0 = next(d for d in docs if d["doc"] == "zh0")
    assert zh0["language"] == "zh" and zh0["title"] == "贵州报告" and zh0["date"] == "1951-06-02"
    assert zh0["bytes"] == (corpus / "zh" / "zh0.txt").stat().st_size and len(zh0["sha256"]) == 64
    assert sum(d["claims"] for d in docs) == summary.claims == pq.read_table(out / "claims").num_rows
    start = EN[0].index("1,200")
    assert ("en0", start, start + 5, "1,200", 1200.0) in claims_rows(out)


def test_same_bytes_whatever_the_number_of_processes(corpus, tmp_path):
    run(corpus, tmp_path / "one", jobs=1)
    run(corpus, tmp_path / "two", jobs=2)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_dask_local_cluster_gives_the_same_bytes(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    from kaozheng.run.dask_engine import extract_to_dataset as dask_extract

    run(corpus, tmp_path / "local", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summary = dask_extract([corpus], tmp_path / "dask", scheduler=client, batch_size=3)
    assert summary.documents == 9 and summary.failed == 1
    assert files(tmp_path / "local") == files(tmp_path / "dask")


def test_resume_skips_unchanged_and_redoes_a_changed_document(corpus, tmp_path):
    out = tmp_path / "out"
    first = run(corpus, out, jobs=1)
    before = files(out)
    again = run(corpus, out, jobs=1)
    assert (again.documents, again.skipped, again.failed, again.parts) == (0, 9, 1, 0)
    assert files(out) == before  # nothing rewritten (problems.jsonl is rewritten identically)

    (corpus / "en" / "en1.txt").write_text(
        "date: 1951-05-20\n\nIn Yunnan, over 900 bandits were executed.\n", encoding="utf-8")
    third = run(corpus, out, jobs=2)
    assert (third.documents, third.skipped) == (1, 8)
    docs = documents(out)
    assert [d["path"] for d in docs] == sorted({d["path"] for d in docs}) and len(docs) == 9
    rows = claims_rows(out)
    en1 = [r for r in rows if r[0] == "en1"]
    assert [r[3] for r in en1] == ["over 900"]
    assert len(rows) == first.claims - 1  # 800 and 2,000 replaced by 900
    # the part that held the old en1 was rewritten without it; all parts pair up
    assert sorted(os.listdir(out / "claims")) == sorted(os.listdir(out / "documents"))
    assert sum(d["claims"] for d in docs) == len(rows)
    # a fresh run over the changed corpus finds the same claims
    run(corpus, tmp_path / "fresh", jobs=1)
    assert claims_rows(tmp_path / "fresh") == rows


def test_an_interrupted_run_leaves_no_partial_file_and_the_next_completes(corpus, tmp_path):
    out = tmp_path / "out"

    def stop(progress):
        if progress.done >= 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(corpus, out, jobs=2, progress=stop)
    for p in (out / "claims").iterdir():
        assert p.name.startswith("part-")
        pq.read_table(p)  # every file there is whole
    done = len(list((out / "documents").iterdir()))
    assert 1 <= done < 4
    summary = run(corpus, out, jobs=2)
    assert summary.skipped >= 2 and summary.documents + summary.skipped == 9
    run(corpus, tmp_path / "fresh", jobs=1)
    assert claims_rows(out) == claims_rows(tmp_path / "fresh")
    assert documents(out) and len(documents(out)) == 9


def test_kill_9_mid_run(corpus, tmp_path):
    out = tmp_path / "out"
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from kaozheng.run import extract_to_dataset
        def die(progress):
            if progress.done >= 3:
                # a half-written part, as a kill during a write would leave
                Path({str(out)!r}, "claims", ".part-00001.parquet.tmp").write_bytes(b"PAR1 partial")
                os.kill(os.getpid(), signal.SIGKILL)
        extract_to_dataset([{str(corpus)!r}], {str(out)!r}, jobs=1, batch_size=3, progress=die)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -9
    assert [p.name for p in (out / "documents").iterdir()] == ["part-00000.parquet"]
    summary = run(corpus, out, jobs=1)
    assert (summary.skipped, summary.documents) == (2, 7)  # batch 0: bad.txt, en0, en1
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    run(corpus, tmp_path / "fresh", jobs=1)
    assert claims_rows(out) == claims_rows(tmp_path / "fresh")


def test_duckdb_series_and_executions_by_province_month(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out, jobs=1)
    rows = executions_by_province_month(out)
    got = [(r["province"], r["month"], r["claims"], r["total"], r["docs"]) for r in rows]
    assert ("guizhou", "1951-05", 1, 1200.0, ["en0"]) in got
    assert ("yunnan", "1951-05", 1, 800.0, ["en1"]) in got
    guizhou_june = next(r for r in rows if r["province"] == "guizhou" and r["month"] == "1951-06")
    assert "zh0" in guizhou_june["docs"]
    source = next(s for s in guizhou_june["sources"] if s["doc"] == "zh0")
    assert source["text"] == "三百余" and source["value"] == 300 and source["path"].endswith("zh0.txt")

    series = dict(iter_series(out, category="executed"))
    guizhou = series[("executed", "guizhou")]
    assert [c["date"] for c in guizhou] == sorted(c["date"] for c in guizhou)
    assert {c["doc"] for c in guizhou} >= {"en0", "zh0"}
    assert all(k[0] == "executed" for k in series)

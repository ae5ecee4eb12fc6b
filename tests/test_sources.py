"""Documents named by URL (s3://, gs://, file://, memory:// ...), read through fsspec.

memory:// stands in for object storage (it lives in this process, so the
runs that use it are in-process); file:// URLs go through worker processes.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import fsspec
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kaozheng.cli import app
from kaozheng.model import ReadError, ReadProblem
from kaozheng.read import iter_documents, read
from kaozheng.read.sources import is_url, url_name
from kaozheng.run import extract_to_dataset, iter_paths

DOCS = {
    "en/guizhou.txt": b"date: 1951-05-10\n\nIn Guizhou, 1,200 counter-revolutionaries were executed.\n",
    "zh/a/report.md": "贵州省共处决反革命分子三百余人。\n".encode("utf-8"),
    "zh/b.txt": "全国共逮捕毒犯三万零九百九十八名。\n".encode("gb18030"),
    "zh/.hidden/x.txt": b"not a document 5",
    "en/notes.docx": b"unsupported",
    "en/empty.txt": b"",
}


@pytest.fixture
def bucket():
    """A folder of documents in fsspec's in-memory file system: memory://<name>."""
    fs = fsspec.filesystem("memory")
    name = f"archive-{uuid.uuid4().hex[:8]}"
    for path, data in DOCS.items():
        fs.pipe(f"/{name}/{path}", data)
    yield f"memory://{name}"
    fs.rm(f"/{name}", recursive=True)


def test_urls_are_told_from_paths():
    assert is_url("s3://bucket/a.txt") and is_url("file:///tmp/a.txt") and is_url("memory://x")
    assert not is_url("archive/a.txt") and not is_url("C:\\archive\\a.txt") and not is_url(Path("s3:/x"))
    assert url_name("s3://bucket/zh/report.md?versionId=3").stem == "report"


def test_read_a_url_like_a_file(bucket):
    doc = read(f"{bucket}/zh/b.txt")
    assert doc.id == "b" and doc.path == f"{bucket}/zh/b.txt"
    assert doc.encoding == "gb18030" and "三万零九百九十八" in doc.text
    with pytest.raises(ReadError, match="empty file"):
        read(f"{bucket}/en/empty.txt")
    with pytest.raises(ReadError, match="unsupported file type '.docx'"):
        read(f"{bucket}/en/notes.docx")
    with pytest.raises(ReadError, match="not found"):
        read(f"{bucket}/en/missing.txt")
    with pytest.raises(ReadError, match="too large"):
        read(f"{bucket}/en/guizhou.txt", max_bytes=10)


def test_a_protocol_that_is_not_installed_is_a_clear_problem():
    with pytest.raises(ReadError, match=r"unknown protocol nosuch://"):
        read("nosuch://bucket/a.txt")
    problems = list(iter_documents(["nosuch://bucket/archive/"]))
    assert len(problems) == 1 and isinstance(problems[0], ReadProblem)
    assert "unknown protocol" in problems[0].reason


def test_a_url_folder_is_listed_as_a_local_folder_is(bucket, tmp_path):
    fs = fsspec.filesystem("memory")
    local = tmp_path / "archive"
    for path, data in DOCS.items():
        (local / path).parent.mkdir(parents=True, exist_ok=True)
        (local / path).write_bytes(data)
    remote = [(url.split(bucket.split("://")[1], 1)[1], size, problem) for url, size, problem in iter_paths(bucket)]
    here = [(p[len(str(local)):], size, problem) for p, size, problem in iter_paths(local)]
    assert remote == here
    assert [r[0] for r in remote] == ["/en/empty.txt", "/en/guizhou.txt", "/zh/a/report.md", "/zh/b.txt"]
    assert fs.exists(f"/{bucket.split('://')[1]}/zh/.hidden/x.txt")  # there, but hidden: skipped
    items = list(iter_documents([bucket]))
    assert [type(i).__name__ for i in items] == ["ReadProblem", "Document", "Document", "Document"]


def test_an_empty_url_folder_says_so(bucket):
    fsspec.filesystem("memory").pipe(f"/{bucket.split('://')[1]}-empty/readme.docx", b"x")
    (item,) = list(iter_paths(f"{bucket}-empty"))
    assert item[2].startswith("no documents")


def test_dataset_from_a_url_with_resume(bucket, tmp_path):
    first = extract_to_dataset([bucket], tmp_path / "out", jobs=1, batch_size=2)
    assert (first.documents, first.failed) == (3, 1)
    docs = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    assert sorted(d["path"] for d in docs) == sorted(f"{bucket}/{p}" for p in ("en/guizhou.txt", "zh/a/report.md", "zh/b.txt"))
    assert sorted(r["doc"] for r in pq.read_table(tmp_path / "out" / "claims").to_pylist()) == ["b", "guizhou", "report"]
    again = extract_to_dataset([bucket], tmp_path / "out", jobs=1, batch_size=2)
    assert (again.documents, again.skipped) == (0, 3)
    fsspec.filesystem("memory").pipe(f"/{bucket.split('://')[1]}/zh/b.txt", "全国共逮捕毒犯四百人。\n".encode("utf-8"))
    changed = extract_to_dataset([bucket], tmp_path / "out", jobs=1, batch_size=2)
    assert (changed.documents, changed.skipped) == (1, 2)


def test_file_urls_through_worker_processes_give_the_same_claims(tmp_path):
    local = tmp_path / "archive"
    for path, data in DOCS.items():
        (local / path).parent.mkdir(parents=True, exist_ok=True)
        (local / path).write_bytes(data)
    by_url = extract_to_dataset([local.as_uri()], tmp_path / "url", jobs=2, batch_size=2)
    by_path = extract_to_dataset([local], tmp_path / "path", jobs=1, batch_size=2)
    assert (by_url.documents, by_url.failed) == (by_path.documents, by_path.failed) == (3, 1)

    def rows(out):
        return sorted((r["doc"], r["start"], r["end"], r["value"]) for r in pq.read_table(out / "claims").to_pylist())

    assert rows(tmp_path / "url") == rows(tmp_path / "path")


def test_cli_extract_and_text_take_urls(bucket, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["extract", bucket, "-o", str(tmp_path / "claims.jsonl")])
    assert result.exit_code == 1  # the empty file failed, the rest went on
    assert "3 documents" in result.output and "empty file" in result.output
    assert (tmp_path / "claims.jsonl").read_text(encoding="utf-8").count("\n") == 3
    result = runner.invoke(app, ["text", f"{bucket}/zh/a/report.md"])
    assert result.exit_code == 0 and "三百余人" in result.output

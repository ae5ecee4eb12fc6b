"""Extract a whole collection into a partitioned Parquet dataset, with local processes.

>>> summary = extract_to_dataset(["archive/"], "claims/", jobs=4)   # doctest: +SKIP

What it writes in ``out_dir``:

``claims/part-NNNNN.parquet``
    The claims of one batch of documents (``CLAIM_SCHEMA`` of
    :mod:`kaozheng.publish.tables`), in input order, then text order.
``documents/part-NNNNN.parquet``
    One row per document of the same batch (:data:`DOCUMENT_SCHEMA`): doc id,
    path, sha256 of the file's bytes, size, encoding, language, title, date,
    author, source, characters, number of claims, :data:`EXTRACTOR_VERSION`
    and the part number. Read both folders as datasets (``pyarrow.dataset``,
    DuckDB ``read_parquet('out/claims/*.parquet')``, pandas, polars...).
``problems.jsonl``
    One line per file that could not be read or processed in this run:
    ``{"path": ..., "reason": ...}``. A bad file never stops the run.
``findings/``, ``series/`` (with ``checks=True``)
    Per batch, the findings of the per-document checks and the cumulative
    figures for the series check, committed with the claims: see
    :mod:`kaozheng.run.checks`.

How it runs:

* Streaming. Paths are listed lazily (folders walked depth first, entries in
  sorted order, hidden files and folders skipped, as
  :func:`kaozheng.read.iter_documents` does) and cut into batches of at most
  ``batch_size`` documents and ``batch_mb`` MB. Workers are given paths, read
  the files themselves and send back the batch already encoded as Parquet;
  at most ``2 * jobs`` batches are in flight. Memory stays flat however large
  the collection: neither the corpus nor its claims are ever held whole (only
  the sorted listing of the folder being walked).
* Deterministic. Batches are cut independently of ``jobs`` and committed in
  input order; Parquet writer options are fixed and no timestamp is written.
  The same input gives the same files, byte for byte, with 1 or 16 processes
  or on Dask (:mod:`kaozheng.run.dask_engine`).
* Safe to interrupt. A part is written to a hidden temporary name
  (``.part-NNNNN.parquet.tmp``, ignored by Parquet readers), fsynced and
  renamed into place; the claims part first, then the documents part, which
  commits the batch. Ctrl-C or ``kill -9`` loses at most the batches in flight
  and never leaves a partial Parquet file; the next run removes leftovers.
* Resumable. A re-run into the same ``out_dir`` skips every document whose
  path is already there with the same sha256 and the same extractor version;
  a changed file (or a new extractor version) is extracted again and its old
  rows are removed from the dataset (the part that held them is rewritten
  under a new part number, without them). Files that failed are retried.
  ``problems.jsonl`` is rewritten by each run. Paths are compared as given:
  run from the same folder with the same (relative or absolute) paths.

:data:`EXTRACTOR_VERSION` is ``kaozheng.__version__`` plus the first 12 hex
digits of a sha256 over the code and bundled language data that make claims
(``read/``, ``numbers/``, ``meaning/``, ``gazetteer/`` with their ``data/``,
``pipeline.py``, ``model.py``): any change to the grammar, the vocabulary or
the code makes earlier output stale, even without a version bump. User gazetteers (``gazetteer_paths``) add a
hash of their contents (:func:`run_version`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..model import ReadError
from ..publish.tables import CLAIM_SCHEMA, FINDING_SCHEMA, finding_row
from ..read import DEFAULT_MAX_BYTES, SUPPORTED_EXTENSIONS
from ..read.sources import SourceError, is_url, list_url, read_url_bytes

__all__ = [
    "DOCUMENT_SCHEMA", "EXTRACTOR_VERSION", "RunProgress", "RunSummary",
    "extract_to_dataset", "iter_paths", "process_batch", "run_version", "scan_totals",
]

_PACKAGE = Path(__file__).resolve().parents[1]
# What the claims of a document depend on: the code and data of these stages.
_EXTRACTOR_FOLDERS = ("read", "numbers", "numbers/data", "meaning", "meaning/data",
                      "gazetteer", "gazetteer/data")
_EXTRACTOR_FILES = ("pipeline.py", "model.py")
_EXTRACTOR_SUFFIXES = (".py", ".toml", ".csv", ".json", ".txt")


def _hash_files(files: Iterable[tuple[str, Path]]) -> str:
    h = hashlib.sha256()
    for name, path in files:
        data = path.read_bytes()
        h.update(name.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


def _extractor_hash() -> str:
    files = [(name, _PACKAGE / name) for name in _EXTRACTOR_FILES]
    files += [
        (f"{folder}/{p.name}", p)
        for folder in _EXTRACTOR_FOLDERS
        for p in (_PACKAGE / folder).glob("*")
        if p.is_file() and p.suffix in _EXTRACTOR_SUFFIXES
    ]
    return _hash_files(sorted(files))


#: The version of the extraction: ``kaozheng.__version__`` and a hash of the code
#: and language data that turn a file into claims (read, numbers, meaning,
#: gazetteer, pipeline, model), e.g. ``0.1.0+3f2a9c01b7d4``.
EXTRACTOR_VERSION = f"{__version__}+{_extractor_hash()[:12]}"


def run_version(gazetteer_paths: Iterable[str | os.PathLike] | None = None) -> str:
    """The extractor version of a run: :data:`EXTRACTOR_VERSION`, plus a hash of
    the user's gazetteer CSVs (in the order given) when there are any."""
    paths = [Path(p) for p in gazetteer_paths or ()]
    if not paths:
        return EXTRACTOR_VERSION
    return f"{EXTRACTOR_VERSION}+gaz.{_hash_files((str(i), p) for i, p in enumerate(paths))[:12]}"


DOCUMENT_SCHEMA = pa.schema([
    ("doc", pa.string()), ("path", pa.string()), ("sha256", pa.string()), ("bytes", pa.int64()),
    ("encoding", pa.string()), ("language", pa.string()), ("title", pa.string()),
    ("date", pa.string()), ("author", pa.string()), ("source", pa.string()),
    ("chars", pa.int64()), ("claims", pa.int64()), ("extractor", pa.string()),
    ("part", pa.int64()),
])

#: With ``checks=True``: the findings of the per-document checks
#: (:func:`kaozheng.checks.check_document`), nested fields as JSON text, and
#: the path of the document they are about.
FINDINGS_SCHEMA = pa.schema([("path", pa.string()), *FINDING_SCHEMA])
#: With ``checks=True``: the cumulative figures (:func:`kaozheng.checks.series.cumulative`)
#: with the date the series check compares, for the second pass over all documents.
SERIES_SCHEMA = pa.schema([("path", pa.string()), ("series_date", pa.string()), *CLAIM_SCHEMA])

CHECK_TABLES = {"findings": FINDINGS_SCHEMA, "series": SERIES_SCHEMA}

# Fixed writer options: the same table always gives the same bytes.
_PARQUET_OPTIONS = dict(
    compression="zstd", compression_level=3, use_dictionary=True, write_statistics=True,
    version="2.6", data_page_version="1.0", row_group_size=1 << 20,
)


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **_PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def part_name(part: int) -> str:
    return f"part-{part:05d}.parquet"


def _part_number(path: Path) -> int | None:
    stem = path.name
    if stem.startswith("part-") and stem.endswith(".parquet"):
        digits = stem[len("part-"):-len(".parquet")]
        if digits.isdigit():
            return int(digits)
    return None


# --------------------------------------------------------------------------- listing

def iter_paths(paths: str | os.PathLike | Iterable[str | os.PathLike]
               ) -> Iterator[tuple[str, int | None, str | None]]:
    """``(path, size, problem)`` for every document in ``paths``, lazily.

    Same files and order as :func:`kaozheng.read.iter_documents`: a folder is
    walked depth first with its entries in sorted order, taking supported
    files and skipping hidden files and folders. A path that is not a folder
    is passed on as given (the reader will say if it is missing or of an
    unsupported type). ``problem`` is set (and ``size`` None) for a folder
    that cannot be listed or holds no documents.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        if is_url(given):  # s3://bucket/archive/ and other fsspec URLs
            yield from list_url(given, SUPPORTED_EXTENSIONS)
            continue
        root = Path(given)
        if not root.is_dir():
            try:
                size = root.stat().st_size
            except OSError:
                size = None
            yield str(root), size, None
            continue
        found = 0
        for item in _walk(root):
            found += item[2] is None
            yield item
        if not found:
            yield str(root), None, f"no documents ({', '.join(SUPPORTED_EXTENSIONS)}) in this folder"


def _walk(folder: Path) -> Iterator[tuple[str, int | None, str | None]]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield str(e.filename or folder), None, f"cannot list folder ({e.strerror})"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():  # like os.walk: symlinked folders are not entered
                yield from _walk(Path(entry.path))
            continue
        if os.path.splitext(entry.name)[1].lower() not in SUPPORTED_EXTENSIONS:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            size = None
        yield str(Path(entry.path)), size, None


def scan_totals(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> tuple[int, int]:
    """(documents, bytes) in ``paths``: a cheap stat pass, for a progress bar's ETA."""
    docs = total = 0
    for _, size, problem in iter_paths(paths):
        if problem is None:
            docs += 1
            total += size or 0
    return docs, total


# --------------------------------------------------------------------------- worker side

@dataclass(frozen=True, slots=True)
class BatchTask:
    """What a worker is given: paths (with the sha256 already in the output, if any)."""

    index: int
    part: int
    entries: tuple[tuple[str, str | None, str | None], ...]  # (path, known sha256, problem)
    max_bytes: int
    gazetteer_paths: tuple[str, ...]
    extractor: str
    checks: bool = False  # also run the per-document checks and keep the series figures


@dataclass(slots=True)
class BatchResult:
    index: int
    part: int
    claims_parquet: bytes | None      # None when no document of the batch was extracted
    documents_parquet: bytes | None
    keys: list[tuple[str, str]]       # (path, sha256) of the documents extracted
    problems: list[dict[str, str]]
    documents: int = 0
    skipped: int = 0
    claims: int = 0
    bytes: int = 0
    tables: dict[str, bytes] = field(default_factory=dict)  # findings, series (checks=True)
    findings: int = 0


@lru_cache(maxsize=4)
def _gazetteer(paths: tuple[str, ...]):
    if not paths:
        return None
    from ..gazetteer import Gazetteer
    return Gazetteer.load(list(paths))


def _sha256(path: str, max_bytes: int) -> tuple[str | None, int]:
    """sha256 of a file's bytes and its size; (None, 0) when it cannot be read whole."""
    try:
        if is_url(path):
            data = read_url_bytes(path, max_bytes)
        else:
            with open(path, "rb") as f:
                data = f.read(max_bytes + 1)
    except (OSError, SourceError):
        return None, 0
    if len(data) > max_bytes:
        return None, len(data)
    return hashlib.sha256(data).hexdigest(), len(data)


def process_batch(task: BatchTask) -> BatchResult:
    """Read, extract and encode one batch (runs in a worker: a process or a Dask task).

    A file that cannot be read, or whose extraction fails, becomes a problem;
    the rest of the batch goes on.
    """
    from ..checks import check_document
    from ..checks.series import cumulative
    from ..pipeline import extract_document
    from ..read import read

    gazetteer = _gazetteer(task.gazetteer_paths)
    claim_rows: list[dict[str, Any]] = []
    doc_rows: list[dict[str, Any]] = []
    finding_rows: list[dict[str, Any]] = []
    series_rows: list[dict[str, Any]] = []
    result = BatchResult(task.index, task.part, None, None, [], [])
    for path, known, problem in task.entries:
        if problem is not None:
            result.problems.append({"path": path, "reason": problem})
            continue
        sha, size = _sha256(path, task.max_bytes)
        result.bytes += size
        if known is not None and sha == known:
            result.skipped += 1
            continue
        try:
            doc = read(path, task.max_bytes)
        except ReadError as e:
            result.problems.append({"path": e.problem.path, "reason": e.problem.reason})
            continue
        except Exception as e:  # a reader bug must not stop the collection
            result.problems.append({"path": path, "reason": f"cannot read ({type(e).__name__}: {e})"})
            continue
        try:
            claims = extract_document(doc, gazetteer)
            if task.checks:
                finding_rows += [{"path": doc.path, **finding_row(f)} for f in check_document(doc, claims, gazetteer)]
                series_rows += [{"path": doc.path, "series_date": date, **c.to_dict()}
                                for date, c in cumulative(doc, claims)]
        except Exception as e:
            result.problems.append({"path": path, "reason": f"extraction failed ({type(e).__name__}: {e})"})
            continue
        if sha is None:  # the file changed between hashing and reading
            sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        claim_rows.extend(c.to_dict() for c in claims)
        doc_rows.append({
            "doc": doc.id, "path": doc.path, "sha256": sha, "bytes": size,
            "encoding": doc.encoding, "language": doc.language, "title": doc.title,
            "date": doc.date, "author": doc.author, "source": doc.source,
            "chars": len(doc.text), "claims": len(claims), "extractor": task.extractor,
            "part": task.part,
        })
        result.keys.append((doc.path, sha))
        result.documents += 1
        result.claims += len(claims)
    if doc_rows:
        result.claims_parquet = _parquet_bytes(pa.Table.from_pylist(claim_rows, schema=CLAIM_SCHEMA))
        result.documents_parquet = _parquet_bytes(pa.Table.from_pylist(doc_rows, schema=DOCUMENT_SCHEMA))
        if task.checks:
            result.tables = {
                "findings": _parquet_bytes(pa.Table.from_pylist(finding_rows, schema=FINDINGS_SCHEMA)),
                "series": _parquet_bytes(pa.Table.from_pylist(series_rows, schema=SERIES_SCHEMA)),
            }
            result.findings = len(finding_rows)
    return result


# --------------------------------------------------------------------------- parent side

@dataclass(slots=True)
class RunProgress:
    """Counts so far, given to the ``progress`` callback after each committed batch.

    ``bytes`` counts every file handled (extracted, skipped or failed);
    ``total_docs``/``total_bytes`` are None until the optional stat pass is done.
    """

    documents: int = 0
    skipped: int = 0
    failed: int = 0
    claims: int = 0
    findings: int = 0  # with checks: findings of the per-document checks
    bytes: int = 0
    elapsed: float = 0.0
    total_docs: int | None = None
    total_bytes: int | None = None

    @property
    def done(self) -> int:
        return self.documents + self.skipped + self.failed

    @property
    def docs_per_second(self) -> float:
        return self.done / self.elapsed if self.elapsed else 0.0

    @property
    def mb_per_second(self) -> float:
        return self.bytes / 1e6 / self.elapsed if self.elapsed else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, from the byte rate so far (None without totals)."""
        if self.total_bytes is None or not self.bytes or not self.elapsed:
            return None
        return max(0.0, (self.total_bytes - self.bytes) / (self.bytes / self.elapsed))


@dataclass(slots=True)
class RunSummary:
    out_dir: Path
    extractor: str
    documents: int = 0          # extracted in this run
    skipped: int = 0            # unchanged since an earlier run
    failed: int = 0             # in problems.jsonl
    claims: int = 0             # found in this run
    bytes: int = 0
    parts: int = 0              # part files written (new batches and rewrites)
    seconds: float = 0.0
    problems: list[dict[str, str]] = field(default_factory=list)  # the first 100

    @property
    def claims_dir(self) -> Path:
        return self.out_dir / "claims"

    @property
    def documents_dir(self) -> Path:
        return self.out_dir / "documents"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _indices(rows: list[int]) -> pa.Array:
    return pa.array(rows, type=pa.int64())  # typed: an empty list would be of type null


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Dataset:
    """The output folder and an index of the documents already in it.

    The index (path, sha256, extractor, part) lives in a private on-disk SQLite
    database, rebuilt from ``documents/`` at each start, so resuming a run over
    millions of documents does not hold them in memory.
    """

    def __init__(self, out_dir: Path, extractor: str, extra_tables: dict[str, pa.Schema] | None = None):
        self.out = out_dir
        self.claims_dir = out_dir / "claims"
        self.docs_dir = out_dir / "documents"
        # Tables written with the claims of each batch (findings, series), rows keyed by "path".
        self.extra = {name: (out_dir / name, schema) for name, schema in (extra_tables or {}).items()}
        self.extractor = extractor
        self.parts_written = 0
        for d in (self.claims_dir, self.docs_dir, *(d for d, _ in self.extra.values())):
            d.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect("")  # a private temporary on-disk database
        self.db.execute("CREATE TABLE docs (path TEXT, sha256 TEXT, extractor TEXT, part INTEGER)")
        self._recover()
        self.db.execute("CREATE INDEX docs_path ON docs (path)")
        self.next_part = 1 + max(self._parts(self.docs_dir), default=-1)
        self.reconcile()

    @staticmethod
    def _parts(folder: Path) -> dict[int, Path]:
        found = {}
        for p in folder.iterdir():
            n = _part_number(p)
            if n is not None:
                found[n] = p
        return found

    def _recover(self) -> None:
        """Remove what an interrupted run left: temporary files, unpaired parts."""
        extra_dirs = [d for d, _ in self.extra.values()]
        for folder in (self.claims_dir, self.docs_dir, *extra_dirs):
            for p in folder.glob(".part-*.tmp"):
                p.unlink(missing_ok=True)
        docs = self._parts(self.docs_dir)
        with_data = [self._parts(folder) for folder in (self.claims_dir, *extra_dirs)]
        for parts in with_data:
            for n in parts.keys() - docs.keys():   # batch not committed
                parts[n].unlink()
        for n in list(docs):
            if any(n not in parts for parts in with_data):  # claims (or findings) lost: do these again
                docs.pop(n).unlink()
                for parts in with_data:
                    if n in parts:
                        parts.pop(n).unlink()
        for n, p in sorted(docs.items()):
            t = pq.read_table(p, columns=["path", "sha256", "extractor"])
            self.db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?)",
                ((path, sha, ext, n) for path, sha, ext in zip(
                    t["path"].to_pylist(), t["sha256"].to_pylist(), t["extractor"].to_pylist())))
        self.db.commit()

    def known(self, paths: list[str]) -> dict[str, str]:
        """sha256 of the latest current-version record of each path already done."""
        out: dict[str, str] = {}
        for i in range(0, len(paths), 500):
            chunk = paths[i:i + 500]
            rows = self.db.execute(
                f"SELECT path, sha256, extractor FROM docs WHERE path IN ({','.join('?' * len(chunk))})"
                " ORDER BY part", chunk)
            for path, sha, ext in rows:
                if ext == self.extractor:
                    out[path] = sha
                else:
                    out.pop(path, None)
        return out

    def commit(self, result: BatchResult) -> None:
        if result.documents_parquet is None:
            return
        name = part_name(result.part)
        _atomic_write(self.claims_dir / name, result.claims_parquet)
        for table, (folder, _) in self.extra.items():
            _atomic_write(folder / name, result.tables[table])
        _atomic_write(self.docs_dir / name, result.documents_parquet)  # commits the batch
        self.parts_written += 1
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)",
                            ((p, s, self.extractor, result.part) for p, s in result.keys))
        self.db.commit()

    def reconcile(self) -> None:
        """Drop rows of documents extracted again in a later part.

        Each part holding such rows is rewritten without them under a new part
        number (claims, then documents), then the old part is deleted
        (documents, then claims): every step leaves a dataset that the next
        start can finish cleaning, and no row is ever lost or doubled for good.
        """
        rows = self.db.execute(
            "SELECT d.part, d.path FROM docs d JOIN "
            "(SELECT path, max(part) AS last FROM docs GROUP BY path HAVING count(*) > 1) x "
            "ON d.path = x.path AND d.part < x.last ORDER BY d.part").fetchall()
        stale: dict[int, set[str]] = {}
        for part, path in rows:
            stale.setdefault(part, set()).add(path)
        for part, drop in stale.items():
            name = part_name(part)
            docs = pq.read_table(self.docs_dir / name, schema=DOCUMENT_SCHEMA)
            claims = pq.read_table(self.claims_dir / name, schema=CLAIM_SCHEMA)
            keep_docs, keep_claims, offset = [], [], 0
            for i, (path, count) in enumerate(zip(docs["path"].to_pylist(), docs["claims"].to_pylist())):
                if path not in drop:
                    keep_docs.append(i)
                    keep_claims.extend(range(offset, offset + count))
                offset += count
            if keep_docs:
                new = self.next_part
                self.next_part += 1
                kept = docs.take(_indices(keep_docs))
                kept = kept.set_column(kept.schema.get_field_index("part"), "part",
                                       pa.array([new] * kept.num_rows, pa.int64()))
                _atomic_write(self.claims_dir / part_name(new), _parquet_bytes(claims.take(_indices(keep_claims))))
                for folder, schema in self.extra.values():
                    rows = pq.read_table(folder / name, schema=schema)
                    keep = [i for i, path in enumerate(rows["path"].to_pylist()) if path not in drop]
                    _atomic_write(folder / part_name(new), _parquet_bytes(rows.take(_indices(keep))))
                _atomic_write(self.docs_dir / part_name(new), _parquet_bytes(kept))
                self.parts_written += 1
            (self.docs_dir / name).unlink()
            (self.claims_dir / name).unlink()
            for folder, _ in self.extra.values():
                (folder / name).unlink()
            self.db.executemany("DELETE FROM docs WHERE part = ? AND path = ?", ((part, p) for p in drop))
            if keep_docs:
                self.db.execute("UPDATE docs SET part = ? WHERE part = ?", (new, part))
            else:
                self.db.execute("DELETE FROM docs WHERE part = ?", (part,))
            self.db.commit()
        if stale:
            _fsync_dir(self.docs_dir)

    def close(self) -> None:
        self.db.close()


class _Inline:
    """An executor that runs each task at once in this process (jobs=1)."""

    def submit(self, fn, arg) -> Future:
        f: Future = Future()
        f.set_result(fn(arg))
        return f

    def cancel(self, futures) -> None:
        pass


def _batches(paths, batch_size: int, batch_bytes: int) -> Iterator[list[tuple[str, int | None, str | None]]]:
    batch: list = []
    size = 0
    for item in paths:
        batch.append(item)
        size += item[1] or 0
        if len(batch) >= batch_size or size >= batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def run_batches(
    paths, out_dir, *, submit: Callable[[Callable, BatchTask], Any], cancel: Callable[[list], None],
    in_flight: int, batch_size: int, batch_mb: float, max_bytes: int,
    gazetteer_paths, progress: Callable[[RunProgress], None] | None, count_total: bool,
    checks: bool = False,
) -> RunSummary:
    """The engine-independent run: list, batch, submit, commit in input order."""
    start = time.perf_counter()
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)  # the roots: listed twice
    out = Path(out_dir)
    gaz = tuple(str(Path(p)) for p in gazetteer_paths or ())
    if gaz:
        _gazetteer(gaz)  # a bad gazetteer CSV is an error before anything starts
    extractor = run_version(gaz) + ("+checks" if checks else "")
    dataset = _Dataset(out, extractor, CHECK_TABLES if checks else None)
    summary = RunSummary(out_dir=out, extractor=extractor)
    state = RunProgress()
    if count_total:
        def totals() -> None:
            state.total_docs, state.total_bytes = scan_totals(paths)
        threading.Thread(target=totals, daemon=True, name="kaozheng-stat").start()

    base = dataset.next_part
    pending: deque = deque()
    problems_path = out / "problems.jsonl"
    try:
        with open(problems_path, "w", encoding="utf-8") as problems:
            def commit(result: BatchResult) -> None:
                dataset.commit(result)
                for p in result.problems:
                    problems.write(json.dumps(p, ensure_ascii=False) + "\n")
                    if len(summary.problems) < 100:
                        summary.problems.append(p)
                problems.flush()
                state.documents += result.documents
                state.skipped += result.skipped
                state.failed += len(result.problems)
                state.claims += result.claims
                state.findings += result.findings
                state.bytes += result.bytes
                state.elapsed = time.perf_counter() - start
                if progress is not None:
                    progress(state)

            n_batches = 0
            for i, batch in enumerate(_batches(iter_paths(paths), batch_size, int(batch_mb * 1e6))):
                known = dataset.known([p for p, _, problem in batch if problem is None])
                task = BatchTask(
                    index=i, part=base + i,
                    entries=tuple((p, known.get(p), problem) for p, _, problem in batch),
                    max_bytes=max_bytes, gazetteer_paths=gaz, extractor=extractor, checks=checks,
                )
                while len(pending) >= in_flight:
                    commit(pending.popleft().result())
                pending.append(submit(process_batch, task))
                n_batches = i + 1
            while pending:
                commit(pending.popleft().result())
        dataset.next_part = max(dataset.next_part, base + n_batches)
        dataset.reconcile()
    except BaseException:
        cancel(list(pending))
        raise
    finally:
        dataset.close()
    summary.documents, summary.skipped, summary.failed = state.documents, state.skipped, state.failed
    summary.claims, summary.bytes = state.claims, state.bytes
    summary.parts = dataset.parts_written
    summary.seconds = time.perf_counter() - start
    return summary


def extract_to_dataset(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    jobs: int | None = None,
    batch_size: int = 256,
    batch_mb: float = 32.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    gazetteer_paths: Iterable[str | os.PathLike] | None = None,
    progress: Callable[[RunProgress], None] | None = None,
    count_total: bool = False,
    checks: bool = False,
) -> RunSummary:
    """Extract every claim of ``paths`` (files and folders) into the dataset ``out_dir``.

    ``jobs`` worker processes (default: all cores; 1 runs in this process);
    batches of at most ``batch_size`` documents and ``batch_mb`` MB;
    ``progress`` is called with a :class:`RunProgress` after each batch;
    ``count_total`` runs a stat pass in a background thread to fill in
    ``total_docs``/``total_bytes`` for an ETA. See the module docstring for
    the layout and the guarantees.
    """
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    common = dict(batch_size=batch_size, batch_mb=batch_mb, max_bytes=max_bytes,
                  gazetteer_paths=gazetteer_paths, progress=progress, count_total=count_total, checks=checks)
    if jobs == 1:
        inline = _Inline()
        return run_batches(paths, out_dir, submit=inline.submit, cancel=inline.cancel,
                           in_flight=1, **common)
    # forkserver: workers start from a clean process, not a fork of this one (threads).
    ctx = get_context("forkserver" if "forkserver" in get_all_start_methods() else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    try:
        summary = run_batches(
            paths, out_dir, submit=pool.submit,
            cancel=lambda fs: [f.cancel() for f in fs], in_flight=2 * jobs, **common)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return summary

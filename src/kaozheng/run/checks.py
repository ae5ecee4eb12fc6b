"""The checks of a whole collection, without holding it: ``kaozheng check`` at scale.

:func:`check_to_dataset` runs the extraction of :mod:`kaozheng.run.local`
(or Dask) with ``checks=True``: while each document is in memory, its
workers also run the per-document checks (:func:`kaozheng.checks.check_document`)
and keep its cumulative figures, in two more tables of the dataset:

``findings/part-NNNNN.parquet``
    The per-document findings of the batch (CLAIMS.md fields, nested ones as
    JSON text) with the ``path`` of their document.
``series/part-NNNNN.parquet``
    The batch's cumulative figures (:func:`kaozheng.checks.series.cumulative`):
    claim columns, ``path`` and ``series_date``.

Then the cross-document series check runs as a second pass over the
``series`` table with DuckDB (:func:`iter_findings`), one series (category,
places, unit, kind) at a time, so neither the documents nor their claims are
ever held whole. The findings, per-document ones in input order and then the
series, go to ``findings.jsonl``; documents (read again, one at a time, for
their text), claims and findings go to ``kaozheng.sqlite`` for the review app
(``kaozheng serve``). Resume, interruption and determinism are those of the
extraction; the passes after it are run again each time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..model import Claim, Document, Finding, ReadError
from ..numbers.common import tidy
from ..publish.sqlite import write_sqlite_stream
from ..publish.tables import finding_from_row
from ..read import DEFAULT_MAX_BYTES, read
from .local import RunSummary, _Dataset

__all__ = ["CheckSummary", "check_to_dataset", "iter_documents_and_claims", "iter_findings"]


@dataclass(slots=True)
class CheckSummary:
    run: RunSummary
    findings: int  # in findings.jsonl
    by_severity: dict[str, int]
    path: Path     # findings.jsonl
    database: Path  # kaozheng.sqlite
    left_out: list[str] = field(default_factory=list)  # paths not in the database (unreadable now, or a repeated id)


def _parts(folder: Path) -> list[Path]:
    """The part files of one table, in part order (none if the table is not there)."""
    return [p for _, p in sorted(_Dataset._parts(folder).items())] if folder.is_dir() else []


def _claim(row: dict[str, Any]) -> Claim:
    row = dict(row)
    for key in ("value", "high"):
        row[key] = tidy(row[key]) if row.get(key) is not None else None
    row["place"] = row.get("place") or []
    return Claim.from_dict(row)


def iter_findings(out_dir: str | os.PathLike, gazetteer=None, chunk: int = 10_000) -> Iterator[dict[str, Any]]:
    """Every finding of a dataset made with ``checks=True`` (CLAIMS.md records):
    the per-document findings, part by part, then the series check over all
    documents, from DuckDB one series at a time."""
    import duckdb

    from ..checks import _common
    from ..checks.series import compare

    out = Path(out_dir)
    for part in _parts(out / "findings"):
        for row in pq.read_table(part).to_pylist():
            yield finding_from_row(row)
    series_parts = _parts(out / "series")
    if not series_parts:
        return
    g = _common.gaz(gazetteer)
    files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in series_parts)
    con = duckdb.connect()
    try:
        cur = con.execute(f"""
            SELECT *, list_sort(coalesce(place, [])) AS series_places
            FROM read_parquet([{files}])
            ORDER BY category, series_places, unit NULLS FIRST, kind, series_date, doc, start
        """)
        names = [d[0] for d in cur.description]
        key, items = None, []
        while rows := cur.fetchmany(chunk):
            for values in rows:
                record = dict(zip(names, values))
                k = (record["category"], tuple(record.pop("series_places")), record["unit"], record["kind"])
                if k != key and items:
                    yield from (f.to_dict() for f in compare(key[0], items, g))
                    items = []
                key = k
                items.append((record.pop("series_date"), _claim(record)))
        if items:
            yield from (f.to_dict() for f in compare(key[0], items, g))
    finally:
        con.close()


def iter_documents_and_claims(out_dir: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES,
                              left_out: list[str] | None = None) -> Iterator[tuple[Document, list[Claim]]]:
    """Each document of a dataset, read again from its path, with its claims
    from the dataset, in dataset order, one at a time. A file that cannot be
    read now is left out (its path appended to ``left_out``)."""
    out = Path(out_dir)
    for part in _parts(out / "documents"):
        claim_rows = pq.read_table(out / "claims" / part.name).to_pylist()
        pos = 0
        for row in pq.read_table(part, columns=["path", "claims"]).to_pylist():
            rows, pos = claim_rows[pos:pos + row["claims"]], pos + row["claims"]
            try:
                doc = read(row["path"], max_bytes)
            except ReadError:
                if left_out is not None:
                    left_out.append(row["path"])
                continue
            yield doc, [_claim(r) for r in rows]


def check_to_dataset(paths, out_dir: str | os.PathLike, *, engine: str = "local", gazetteer_paths=None,
                     **run_options) -> CheckSummary:
    """Extract and check ``paths`` into the dataset ``out_dir``; findings in
    ``out_dir/findings.jsonl``. ``engine``: ``local`` (``jobs`` processes) or
    ``dask`` (``scheduler``); other options as :func:`kaozheng.run.extract_to_dataset`."""
    if engine == "dask":
        from .dask_engine import extract_to_dataset
    else:
        from .local import extract_to_dataset
    summary = extract_to_dataset(paths, out_dir, gazetteer_paths=gazetteer_paths, checks=True, **run_options)
    gazetteer = None
    if gazetteer_paths:
        from ..gazetteer import Gazetteer
        gazetteer = Gazetteer.load([Path(p) for p in gazetteer_paths])
    path = Path(out_dir) / "findings.jsonl"
    tmp = path.with_name(".findings.jsonl.tmp")
    count, by_severity = 0, {}
    with open(tmp, "w", encoding="utf-8") as f:
        for finding in iter_findings(out_dir, gazetteer):
            f.write(json.dumps(finding, ensure_ascii=False) + "\n")
            count += 1
            by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    os.replace(tmp, path)
    database, left_out, repeated = Path(out_dir) / "kaozheng.sqlite", [], []
    with open(path, encoding="utf-8") as f:
        write_sqlite_stream(
            database, iter_documents_and_claims(out_dir, run_options.get("max_bytes", DEFAULT_MAX_BYTES), left_out),
            (Finding.from_dict(json.loads(line)) for line in f), gazetteer, duplicates=repeated)
    return CheckSummary(summary, count, by_severity, path, database, left_out + [d.path for d in repeated])

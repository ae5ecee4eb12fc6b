"""Claims as tables: JSON Lines, CSV and Parquet, chosen by file extension.

Writers stream: records are written as documents are processed, so a corpus
never has to fit in memory. Parquet is written in row groups by pyarrow's
``ParquetWriter``; CSV keeps the ``place`` list as JSON text so that nothing
is lost on the way back.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import CLAIM_FIELDS, Claim

TABLE_FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}

CLAIM_SCHEMA = pa.schema([
    ("doc", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
    ("kind", pa.string()), ("value", pa.float64()), ("high", pa.float64()),
    ("qualifier", pa.string()), ("unit", pa.string()), ("category", pa.string()),
    ("modality", pa.string()), ("place", pa.list_(pa.string())), ("date", pa.string()),
    ("base", pa.string()), ("note", pa.string()), ("rule", pa.string()),
    ("links", pa.list_(pa.struct([("rel", pa.string()), ("doc", pa.string()),
                                  ("start", pa.int64()), ("end", pa.int64())]))),
])


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    try:
        return TABLE_FORMATS[suffix]
    except KeyError:
        raise ValueError(
            f"cannot tell the table format of {path}: use one of {', '.join(TABLE_FORMATS)}"
        ) from None


class ClaimWriter:
    """Write claims to one file (or stdout as JSON Lines) as they come."""

    def __init__(self, path: str | Path | None, batch_rows: int = 10_000):
        self.path = Path(path) if path else None
        self.format = format_for(path) if path else "jsonl"
        self.batch_rows = batch_rows
        self.count = 0
        self._pending: list[dict] = []
        self._parquet: pq.ParquetWriter | None = None
        self._file: IO[str] | None = None
        self._csv: csv.DictWriter | None = None
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.format == "parquet":
            self._parquet = pq.ParquetWriter(str(self.path), CLAIM_SCHEMA)
        else:
            self._file = open(self.path, "w", encoding="utf-8", newline="") if self.path else sys.stdout
            if self.format == "csv":
                self._csv = csv.DictWriter(self._file, fieldnames=list(CLAIM_FIELDS))
                self._csv.writeheader()

    def write(self, claims: Iterable[Claim]) -> None:
        for claim in claims:
            record = claim.to_dict()
            self.count += 1
            if self.format == "jsonl":
                self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif self.format == "csv":
                record["place"] = json.dumps(record["place"], ensure_ascii=False) if record["place"] is not None else ""
                record["links"] = json.dumps(record["links"], ensure_ascii=False) if record["links"] else ""
                self._csv.writerow(record)
            else:
                self._pending.append(record)
                if len(self._pending) >= self.batch_rows:
                    self._flush()

    def _flush(self) -> None:
        if self._pending and self._parquet is not None:
            self._parquet.write_table(pa.Table.from_pylist(self._pending, schema=CLAIM_SCHEMA))
            self._pending = []

    def close(self) -> None:
        if self._parquet is not None:
            self._flush()
            if self.count == 0:
                self._parquet.write_table(CLAIM_SCHEMA.empty_table())
            self._parquet.close()
        elif self._file is not None and self._file is not sys.stdout:
            self._file.close()
        elif self._file is sys.stdout:
            sys.stdout.flush()

    def __enter__(self) -> "ClaimWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_claim_writer(path: str | Path | None) -> ClaimWriter:
    return ClaimWriter(path)


def read_claims(path: str | Path) -> Iterator[dict]:
    """Claim records from a table written by kaozheng (or a gold file)."""
    fmt = format_for(path)
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{number}: not a JSON object ({e.msg})") from None
                if not isinstance(record, dict):
                    raise ValueError(f"{path}:{number}: not a JSON object (a JSON {type(record).__name__})")
                yield record
    elif fmt == "csv":
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                yield _typed(row)
    else:
        for batch in pq.ParquetFile(str(path)).iter_batches():
            yield from batch.to_pylist()


_NOT_NULL = ("doc", "text", "kind", "qualifier", "rule")  # str fields never null


def _typed(row: dict) -> dict:
    """Undo CSV's strings: numbers, nulls and the place list."""
    out: dict = {}
    for key, value in row.items():
        if value == "":
            out[key] = "" if key in _NOT_NULL else [] if key == "links" else None
        elif key in ("start", "end"):
            out[key] = int(value)
        elif key in ("value", "high"):
            number = float(value)
            out[key] = int(number) if number.is_integer() else number
        elif key in ("place", "links"):
            out[key] = json.loads(value)
        else:
            out[key] = value
    return out


FINDING_SCHEMA = pa.schema([
    ("check", pa.string()), ("severity", pa.string()), ("claims", pa.string()),
    ("expected", pa.string()), ("written", pa.string()), ("inputs", pa.string()), ("message", pa.string()),
])


_NESTED = ("claims", "expected", "written", "inputs")


def _flat_finding(record: dict) -> dict:
    return {k: (json.dumps(v, ensure_ascii=False) if k in _NESTED else v) for k, v in record.items()}


def finding_row(finding) -> dict:
    """A finding as a flat row of :data:`FINDING_SCHEMA`: nested fields as JSON text."""
    return _flat_finding(finding.to_dict())


def finding_from_row(row: dict) -> dict:
    """The finding record (CLAIMS.md) of a flat row: JSON text fields parsed back."""
    return {k: (json.loads(row[k]) if k in _NESTED and row[k] is not None else row[k]) for k in FINDING_SCHEMA.names}


def write_findings(path: str | Path, findings) -> Path:
    """Findings as JSON Lines (the format of CLAIMS.md), CSV or Parquet, by
    extension. In CSV and Parquet the nested fields (claims, expected,
    written, inputs) are JSON text, so nothing is lost."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = [f.to_dict() for f in findings]
    fmt = format_for(path)
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        return path
    flat = [_flat_finding(r) for r in records]
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FINDING_SCHEMA.names)
            w.writeheader()
            w.writerows(flat)
    else:
        pq.write_table(pa.Table.from_pylist(flat, schema=FINDING_SCHEMA), str(path))
    return path

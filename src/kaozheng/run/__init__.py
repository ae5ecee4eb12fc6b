"""Running kaozheng over whole collections: a claims dataset on disk.

``extract_to_dataset`` (local processes, :mod:`kaozheng.run.local`) or the same
on a Dask cluster (:mod:`kaozheng.run.dask_engine`) stream a collection of any
size into a partitioned Parquet dataset, resumably; :mod:`kaozheng.run.series`
queries that dataset across documents with DuckDB.

Layout of the output folder::

    out_dir/claims/part-00000.parquet     claims (CLAIM_SCHEMA), one file per batch
    out_dir/documents/part-00000.parquet  one row per document of that batch
    out_dir/problems.jsonl                files that could not be read, this run

See :mod:`kaozheng.run.local` for the guarantees (determinism, resume,
interruption).
"""

from __future__ import annotations

from .local import (
    DOCUMENT_SCHEMA, EXTRACTOR_VERSION, RunProgress, RunSummary, extract_to_dataset,
    iter_paths, scan_totals,
)

__all__ = [
    "DOCUMENT_SCHEMA", "EXTRACTOR_VERSION", "RunProgress", "RunSummary",
    "extract_to_dataset", "iter_paths", "scan_totals",
]

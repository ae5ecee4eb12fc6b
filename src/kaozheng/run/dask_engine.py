"""The dataset run of :mod:`kaozheng.run.local` on a Dask cluster (``--engine dask``).

>>> extract_to_dataset(["archive/"], "claims/", scheduler="tcp://10.0.0.5:8786")  # doctest: +SKIP

Listing, batching and committing stay in this process, exactly as with the
local engine; each batch is one Dask task (:func:`kaozheng.run.local.process_batch`)
that reads its files on the worker and sends back the batch encoded as
Parquet, so the output is the same, byte for byte, as the local engine's.
Workers must see the input files at the same paths (a shared file system,
or URLs such as ``s3://bucket/archive/`` that every worker can read: see
:mod:`kaozheng.read.sources`) and have kaozheng installed (the same version: the extractor version is
computed here). At most ``2 x`` (worker threads) batches are in flight.

``scheduler``: the address of a running scheduler (``tcp://host:8786``), a
``distributed.Client``, or None to start a ``LocalCluster`` of ``jobs``
single-threaded worker processes (default: all cores) for this run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from ..read import DEFAULT_MAX_BYTES
from .local import RunProgress, RunSummary, default_jobs, run_batches

__all__ = ["extract_to_dataset"]


def extract_to_dataset(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    *,
    scheduler=None,
    jobs: int | None = None,
    batch_size: int = 256,
    batch_mb: float = 32.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    gazetteer_paths: Iterable[str | os.PathLike] | None = None,
    progress: Callable[[RunProgress], None] | None = None,
    count_total: bool = False,
    checks: bool = False,
) -> RunSummary:
    """Like :func:`kaozheng.run.local.extract_to_dataset`, with batches run by Dask."""
    from distributed import Client, LocalCluster

    cluster = None
    if isinstance(scheduler, Client):
        client, own_client = scheduler, False
    else:
        if scheduler:
            client = Client(scheduler)
        else:
            n = default_jobs() if jobs is None else max(1, int(jobs))
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        own_client = True
    try:
        threads = sum(client.nthreads().values()) or 1
        if jobs is not None and scheduler is not None:
            threads = min(threads, max(1, int(jobs)))  # jobs caps the batches in flight

        def submit(fn, task):
            return client.submit(fn, task, pure=False)

        def cancel(futures) -> None:
            if futures:
                client.cancel(futures)

        return run_batches(
            paths, out_dir, submit=submit, cancel=cancel, in_flight=2 * threads,
            batch_size=batch_size, batch_mb=batch_mb, max_bytes=max_bytes,
            gazetteer_paths=gazetteer_paths, progress=progress, count_total=count_total, checks=checks,
        )
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()

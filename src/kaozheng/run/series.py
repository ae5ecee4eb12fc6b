"""Second pass: queries across documents over a claims dataset, with DuckDB.

The dataset written by :func:`kaozheng.run.extract_to_dataset` is plain
Parquet, so DuckDB reads it out of core: these queries never hold the corpus,
and only the rows asked for come back into Python.

>>> for (category, place), claims in iter_series("out/", category="executed"):  # doctest: +SKIP
...     check_series(category, place, claims)

The example query, "all executions reported per province per month, with
their sources" (:func:`executions_by_province_month`), is the SQL of
``EXECUTIONS_BY_PROVINCE_MONTH`` below, run over the views ``claims`` and
``documents`` (``read_parquet('out/claims/*.parquet')`` and its documents).

``provinces`` maps every gazetteer place at or below a province (province,
municipality, autonomous region; cities and districts inside one) to that
province; it is built from the gazetteer (:func:`province_table`). A claim
about a region or the whole country has no province and is left out; a claim
naming two provinces counts in both. ``total`` adds figures as written:
overlapping reports (a running total and its parts) are added too, so read
it with ``sources``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "connect", "executions_by_province_month", "iter_series", "province_table",
    "EXECUTIONS_BY_PROVINCE_MONTH",
]

PROVINCE_TYPES = ("province", "municipality", "autonomous_region")

EXECUTIONS_BY_PROVINCE_MONTH = """
WITH c AS (
    SELECT c.*, d.path, d.title
    FROM claims c JOIN documents d USING (doc)
    WHERE c.category = 'executed' AND c.modality = 'reported'
      AND c.kind = 'count' AND length(c.date) >= 7
)
SELECT p.province, substr(c.date, 1, 7) AS month,
       count(*) AS claims, sum(c.value) AS total,
       list(DISTINCT c.doc ORDER BY c.doc) AS docs,
       list({doc: c.doc, path: c.path, start: c.start, "end": c."end",
             text: c.text, value: c.value, date: c.date}
            ORDER BY c.date, c.doc, c.start) AS sources
FROM c, unnest(c.place) AS u(place)
JOIN provinces p ON p.place = u.place
GROUP BY ALL
ORDER BY p.province, month
"""


def _glob(out_dir: str | os.PathLike, table: str) -> str:
    return str(Path(out_dir) / table / "*.parquet").replace("'", "''")


def province_table(gazetteer=None) -> list[tuple[str, str]]:
    """(place, province) for every gazetteer place inside or equal to a province."""
    from ..gazetteer import default_gazetteer
    g = gazetteer or default_gazetteer()
    rows = []
    for place in g:
        chain = [place.id] + g.ancestors(place.id)
        province = next((pid for pid in chain if g[pid].type in PROVINCE_TYPES), None)
        if province is not None:
            rows.append((place.id, province))
    return sorted(rows)


def connect(out_dir: str | os.PathLike, gazetteer=None, con=None):
    """A DuckDB connection with views ``claims`` and ``documents`` over the
    dataset and a table ``provinces`` (place, province)."""
    import duckdb
    con = con or duckdb.connect()
    con.execute(f"CREATE OR REPLACE VIEW claims AS SELECT * FROM read_parquet('{_glob(out_dir, 'claims')}')")
    con.execute(f"CREATE OR REPLACE VIEW documents AS SELECT * FROM read_parquet('{_glob(out_dir, 'documents')}')")
    con.execute("CREATE OR REPLACE TABLE provinces (place VARCHAR, province VARCHAR)")
    con.executemany("INSERT INTO provinces VALUES (?, ?)", province_table(gazetteer))
    return con


def executions_by_province_month(out_dir: str | os.PathLike, gazetteer=None) -> list[dict[str, Any]]:
    """All executions reported, per province and month, with their sources.

    One dict per (province, month): ``claims`` (how many), ``total`` (their
    values added), ``docs`` and ``sources`` (each claim: doc, path, offsets,
    text, value, date). See the module docstring for the SQL.
    """
    con = connect(out_dir, gazetteer)
    try:
        cur = con.execute(EXECUTIONS_BY_PROVINCE_MONTH)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


def iter_series(
    out_dir: str | os.PathLike, *, category: str | None = None, place: str | None = None,
    modality: str | None = None, chunk: int = 10_000,
) -> Iterator[tuple[tuple[str | None, str | None], list[dict[str, Any]]]]:
    """Claims grouped by (category, place), each group ordered by date.

    A claim with several places is in the group of each; a claim without a
    place is in the group of place None. Claims without a date come last in
    their group. Rows stream from DuckDB ``chunk`` at a time; only one group
    is held at once. Filter with ``category``, ``place`` and ``modality``.
    This is what a series check needs: the figures of one category in one
    place, in time order, whatever document they came from.
    """
    import duckdb
    con = duckdb.connect()
    where, params = [], []
    for column, value in (("category", category), ("place_id", place), ("modality", modality)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"""
        WITH c AS (
            SELECT c.*, unnest(CASE WHEN len(c.place) > 0 THEN c.place
                                    ELSE [NULL::VARCHAR] END) AS place_id
            FROM read_parquet('{_glob(out_dir, 'claims')}') c
        )
        SELECT * EXCLUDE (place_id), place_id FROM c
        {'WHERE ' + ' AND '.join(where) if where else ''}
        ORDER BY category NULLS LAST, place_id NULLS LAST, date NULLS LAST, doc, start
    """
    try:
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        key, group = None, []
        while True:
            rows = cur.fetchmany(chunk)
            if not rows:
                break
            for row in rows:
                record = dict(zip(names, row))
                k = (record["category"], record.pop("place_id"))
                if k != key and group:
                    yield key, group
                    group = []
                key = k
                group.append(record)
        if group:
            yield key, group
    finally:
        con.close()

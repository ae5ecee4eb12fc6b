"""The reviewed dataset as JSON Lines: per claim, machine and final version and every decision.

One object per claim of the results database, then one per claim that has
decisions but is no longer in it (``status: "orphaned"``: its document text or
span changed; the reviews are kept, never dropped):

``doc``, ``doc_hash``, ``start``, ``end``, ``status`` (see
:mod:`kaozheng.review.state`), ``stale``, ``machine`` (the current machine
version, or null), ``final`` (the reviewed version, or null when rejected,
disputed or unreviewed), ``decisions`` (in log order: ``id``, ``user``,
``kind``, ``at``, ``verdict``, ``machine`` as decided on, ``after``,
``comment``, ``stale``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from .results import Results, machine_version
from .state import derive, group_events
from .store import Store

__all__ = ["export", "export_records"]


def export_records(store: Store, results: Results) -> Iterator[dict]:
    by_key = group_events(store.events())
    seen = set()
    for claim in results.all_claims():
        info = results.docs[claim["doc"]]
        key = (info.hash, claim["start"], claim["end"])
        seen.add(key)
        machine = machine_version(claim)
        evs = by_key.get(key, [])
        st = derive(evs, machine)
        yield _record(claim["doc"], key, st, machine)
    for key, evs in by_key.items():
        if key not in seen:
            st = derive(evs, None)
            yield {**_record(evs[-1]["doc"], key, st, None), "status": "orphaned"}


def _record(doc, key, st, machine) -> dict:
    return {
        "doc": doc, "doc_hash": key[0], "start": key[1], "end": key[2],
        "status": st.status, "stale": st.stale, "machine": machine, "final": st.final,
        "decisions": [{k: e[k] for k in ("id", "user", "kind", "at", "verdict", "machine", "after",
                                         "comment", "stale")} for e in st.events],
    }


def export(store_url: str | Path, results_db: str | Path, out_path: str | Path) -> int:
    """Write the reviewed dataset to ``out_path`` (JSONL); returns the number of records."""
    store, results = Store(store_url), Results(results_db)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    try:
        with out_path.open("w", encoding="utf-8") as f:
            for rec in export_records(store, results):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    finally:
        store.close()
    return n

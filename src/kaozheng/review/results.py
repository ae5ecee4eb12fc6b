"""Read-only access to a ``kaozheng.sqlite`` (see :mod:`kaozheng.publish.sqlite`).

Documents are keyed for the review by the sha256 of their text (or by a
``content_hash``/``sha256`` column when a newer database has one), so reviews
follow the text, not the file name or the run. The document list, claim counts
and findings are read once at start (they are small); texts and claims per
request, through one read-only connection per thread.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Results", "DocInfo", "MACHINE_FIELDS", "machine_version"]

# The fields a reviewer sees and may correct, plus what identifies the figure.
MACHINE_FIELDS = ("text", "kind", "value", "high", "qualifier", "unit", "category", "modality",
                  "place", "date", "base")


def machine_version(claim: dict) -> dict:
    """The part of a claim record a decision is made on (compared to detect staleness)."""
    return {k: claim.get(k) for k in MACHINE_FIELDS}


@dataclass
class DocInfo:
    id: str
    title: str | None
    date: str | None
    language: str | None
    hash: str
    claims: int = 0
    findings: list[int] = field(default_factory=list)   # finding ids whose first span is here


class Results:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"no kaozheng database at {self.path}")
        self._local = threading.local()
        con = self.con()
        cols = {r[1] for r in con.execute("PRAGMA table_info(documents)")}
        hash_col = next((c for c in ("content_hash", "sha256") if c in cols), None)
        self.docs: dict[str, DocInfo] = {}
        q = f"SELECT doc, title, date, language, {hash_col or 'text'} FROM documents ORDER BY date, doc"
        for doc, title, date, language, h in con.execute(q):
            if not hash_col:
                h = hashlib.sha256(h.encode("utf-8")).hexdigest()
            self.docs[doc] = DocInfo(doc, title, date, language, h)
        self.by_hash = {d.hash: d for d in self.docs.values()}
        for doc, n in con.execute("SELECT doc, count(*) FROM claims GROUP BY doc"):
            if doc in self.docs:
                self.docs[doc].claims = n
        self.findings: dict[int, dict] = {}
        for fid, check, sev, expected, written, inputs, message in con.execute(
                'SELECT id, "check", severity, expected, written, inputs, message FROM findings ORDER BY id'):
            self.findings[fid] = {"id": fid, "check": check, "severity": sev, "message": message,
                                  "expected": _json(expected), "written": _json(written),
                                  "inputs": _json(inputs), "spans": []}
        for fid, doc, start, end in con.execute(
                'SELECT finding, doc, start, "end" FROM finding_claims ORDER BY finding, position'):
            self.findings[fid]["spans"].append((doc, start, end))
        for f in self.findings.values():
            if f["spans"] and f["spans"][0][0] in self.docs:
                self.docs[f["spans"][0][0]].findings.append(f["id"])
        self.total_claims = sum(d.claims for d in self.docs.values())

    def con(self) -> sqlite3.Connection:
        """This thread's read-only connection (sqlite3 connections are not shared)."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def text(self, doc: str) -> tuple[str, int]:
        row = self.con().execute("SELECT text, body_start FROM documents WHERE doc = ?", (doc,)).fetchone()
        if row is None:
            raise KeyError(doc)
        return row[0], row[1]

    def claims(self, doc: str) -> list[dict]:
        cur = self.con().execute(
            'SELECT doc, start, "end", text, kind, value, high, qualifier, unit, category, modality,'
            ' place, date, base FROM claims WHERE doc = ? ORDER BY start, "end"', (doc,))
        return [_claim(cur, r) for r in cur.fetchall()]

    def claim(self, doc: str, start: int, end: int) -> dict | None:
        cur = self.con().execute(
            'SELECT doc, start, "end", text, kind, value, high, qualifier, unit, category, modality,'
            ' place, date, base FROM claims WHERE doc = ? AND start = ? AND "end" = ?', (doc, start, end))
        row = cur.fetchone()
        return _claim(cur, row) if row else None

    def all_claims(self):
        """Every claim, document by document (for the export)."""
        for doc in self.docs:
            yield from self.claims(doc)

    def search(self, *, q: str = "", category: str = "", modality: str = "", place: str = "",
               limit: int | None = None) -> list[dict]:
        """Claims matching the filters; ``q`` matches the claim's text or its document's title or text."""
        where, args = [], []
        if category:
            where.append("c.category = ?"); args.append(category)
        if modality:
            where.append("c.modality = ?"); args.append(modality)
        if place:
            where.append("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim = c.id AND p.place = ?)")
            args.append(place)
        if q:
            # instr, not LIKE: no wildcard characters to escape, works for Chinese.
            where.append("(instr(lower(c.text), lower(?)) OR instr(lower(d.title), lower(?))"
                         " OR instr(lower(d.text), lower(?)))")
            args += [q, q, q]
        sql = ('SELECT c.doc, c.start, c."end", c.text, c.kind, c.value, c.high, c.qualifier, c.unit,'
               ' c.category, c.modality, c.place, c.date, c.base FROM claims c JOIN documents d ON d.doc = c.doc'
               + (" WHERE " + " AND ".join(where) if where else "") + ' ORDER BY d.date, c.doc, c.start')
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.con().execute(sql, args)
        return [_claim(cur, r) for r in cur.fetchall()]

    def places(self) -> list[tuple[str, str]]:
        """(id, label) of every gazetteer place, for the place picker."""
        rows = self.con().execute("SELECT id, name_en, name_zh_hans FROM gazetteer ORDER BY name_en").fetchall()
        return [(pid, f"{en} {zh or ''}".strip()) for pid, en, zh in rows]


def _json(s: str | None) -> Any:
    return None if s is None else json.loads(s)


def _claim(cur, row) -> dict:
    d = {col[0]: v for col, v in zip(cur.description, row)}
    d["place"] = _json(d["place"])
    return d

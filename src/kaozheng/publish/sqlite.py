"""Documents, claims, findings and the gazetteer as one SQLite file (for Datasette).

:func:`write_sqlite` writes a fresh database (an existing file is replaced) with
the standard library's ``sqlite3``; nothing else is needed to read it, and
``datasette kaozheng.db`` browses it, following the foreign keys:

- ``documents`` (``doc`` primary key): :meth:`Document.summary` plus ``text``
  and ``meta`` (JSON text).
- ``claims`` (``id`` integer key, unique ``doc, start, end``; ``doc`` →
  ``documents``): every field of CLAIMS.md, plus ``rule`` and ``links``.
  ``place`` and ``links`` are JSON text, exactly as in the JSON Lines table.
- ``claim_places`` (``claim`` → ``claims``, ``place`` → ``gazetteer``): one row
  per place of a claim, so a place's figures are one join away.
- ``claim_links`` (``claim`` → ``claims``, ``target`` → ``claims``): one row per
  entry of ``links``; ``target`` is null when the linked span is not a claim of
  this database (its ``doc``/``start``/``end`` are kept).
- ``findings`` (``id`` integer key): ``check``, ``severity``, ``message``, and
  ``expected``/``written``/``inputs`` as JSON text (``inputs`` holds the
  formula and the figures a derived number was computed from).
- ``finding_claims`` (``finding`` → ``findings``, ``claim`` → ``claims``,
  ``doc`` → ``documents``): the spans a finding names, in order; ``claim`` is
  null for a span that is no claim of this database.
- ``gazetteer`` (``id`` primary key, ``parent`` → ``gazetteer``): the places.

Foreign keys are declared and checked (``PRAGMA foreign_key_check``) before the
file is closed: a claim whose document or place is missing raises
``ValueError`` rather than writing a database whose joins silently lose rows.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from ..model import Claim, Document, Finding

__all__ = ["write_sqlite", "write_sqlite_stream", "SCHEMA"]

SCHEMA = """
CREATE TABLE documents (
    doc TEXT PRIMARY KEY,
    path TEXT, encoding TEXT, language TEXT, title TEXT, date TEXT, author TEXT,
    source TEXT, body_start INTEGER NOT NULL, chars INTEGER NOT NULL,
    text TEXT NOT NULL, meta TEXT
);
CREATE TABLE gazetteer (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL, name_en TEXT NOT NULL, name_zh_hans TEXT, name_zh_hant TEXT,
    aliases TEXT, parent TEXT REFERENCES gazetteer(id),
    valid_from INTEGER, valid_to INTEGER, population_1953 INTEGER,
    population_source TEXT, notes TEXT
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(doc),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    kind TEXT NOT NULL, value NUMERIC, high NUMERIC, qualifier TEXT NOT NULL, unit TEXT,
    category TEXT, modality TEXT, place TEXT, date TEXT, base TEXT, note TEXT,
    rule TEXT NOT NULL, links TEXT NOT NULL,
    UNIQUE (doc, start, "end")
);
CREATE TABLE claim_places (
    claim INTEGER NOT NULL REFERENCES claims(id),
    place TEXT NOT NULL REFERENCES gazetteer(id),
    PRIMARY KEY (claim, place)
);
CREATE TABLE claim_links (
    claim INTEGER NOT NULL REFERENCES claims(id),
    rel TEXT NOT NULL,
    target INTEGER REFERENCES claims(id),
    doc TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    "check" TEXT NOT NULL, severity TEXT NOT NULL,
    expected TEXT, written TEXT, inputs TEXT NOT NULL, message TEXT NOT NULL
);
CREATE TABLE finding_claims (
    finding INTEGER NOT NULL REFERENCES findings(id),
    position INTEGER NOT NULL,
    claim INTEGER REFERENCES claims(id),
    doc TEXT NOT NULL REFERENCES documents(doc),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (finding, position)
);
CREATE INDEX claims_category ON claims(category);
CREATE INDEX claims_doc ON claims(doc);
CREATE INDEX claim_places_place ON claim_places(place);
CREATE INDEX finding_claims_claim ON finding_claims(claim);
"""


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def write_sqlite(path: str | Path, documents: Iterable[Document], claims: Iterable[Claim],
                 findings: Iterable[Finding], gazetteer=None) -> Path:
    """Write one SQLite database at ``path`` (replacing it); returns the path.

    ``gazetteer`` is a :class:`kaozheng.gazetteer.Gazetteer` (the bundled one
    when None).
    """
    documents = list(documents)
    by_doc: dict[str, list[Claim]] = {d.id: [] for d in documents}
    strays: list[Claim] = []  # claims of no document given: the foreign-key check reports them
    for c in claims:
        if c.doc in by_doc:
            by_doc[c.doc].append(c)
        else:
            strays.append(c)
    pairs = [(d, by_doc.pop(d.id, [])) for d in documents]
    return write_sqlite_stream(path, pairs, findings, gazetteer, strays)


def write_sqlite_stream(path: str | Path, documents_and_claims: Iterable[tuple[Document, list[Claim]]],
                        findings: Iterable[Finding], gazetteer=None, strays: Iterable[Claim] = (),
                        duplicates: list[Document] | None = None) -> Path:
    """:func:`write_sqlite` from (document, its claims) pairs, one at a time:
    a collection of any size, never held whole (``kaozheng check`` on a dataset).

    Document ids are file stems: with ``duplicates`` given, a document whose id
    is already in the database is left out and appended there, instead of
    stopping the whole database with an error."""
    if gazetteer is None:
        from ..gazetteer import default_gazetteer
        gazetteer = default_gazetteer()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        with con:
            _insert_gazetteer(con, gazetteer)
            for doc, claims in documents_and_claims:
                if duplicates is not None and con.execute("SELECT 1 FROM documents WHERE doc = ?", (doc.id,)).fetchone():
                    duplicates.append(doc)
                    continue
                _insert_document(con, doc, claims)
            _insert_claims(con, strays)
            _insert_findings(con, findings)
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ValueError(_describe(con, problems))
        con.execute("VACUUM")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    tmp.replace(path)
    return path


def _insert_gazetteer(con: sqlite3.Connection, gazetteer) -> None:
    for p in gazetteer:
        con.execute(
            "INSERT INTO gazetteer VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (p.id, p.type, p.name_en, p.name_zh_hans or None, p.name_zh_hant or None,
             _json(list(p.aliases)) if p.aliases else None, p.parent or None,
             p.valid_from, p.valid_to, p.population_1953, p.population_source or None,
             p.notes or None))


def _insert_document(con: sqlite3.Connection, d: Document, claims: list[Claim]) -> None:
    s = d.summary()
    con.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (s["doc"], s["path"], s["encoding"], s["language"], s["title"], s["date"],
         s["author"], s["source"], s["body_start"], s["chars"], d.text, _json(d.meta or None)))
    _insert_claims(con, claims)


def _insert_claims(con: sqlite3.Connection, claims: Iterable[Claim]) -> None:
    """Claims and their places, then their links (a link names a figure of the same document)."""
    ids: dict[tuple[str, int, int], int] = {}
    claims = list(claims)
    for c in claims:
        key = (c.doc, c.start, c.end)
        if key in ids:
            raise ValueError(f"two claims with the same span: {c.doc} [{c.start}, {c.end})")
        cur = con.execute(
            'INSERT INTO claims (doc, start, "end", text, kind, value, high, qualifier, unit,'
            ' category, modality, place, date, base, note, rule, links)'
            ' VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            (c.doc, c.start, c.end, c.text, c.kind, c.value, c.high, c.qualifier, c.unit,
             c.category, c.modality, _json(c.place), c.date, c.base, c.note, c.rule or "",
             json.dumps(c.links or [], ensure_ascii=False)))
        ids[key] = cur.lastrowid
        for place in dict.fromkeys(c.place or []):
            con.execute("INSERT INTO claim_places VALUES (?,?)", (cur.lastrowid, place))
    for c in claims:
        for link in c.links or []:
            target = ids.get((link["doc"], link["start"], link["end"]))
            if target is None:
                target = _claim_id(con, link["doc"], link["start"], link["end"])
            con.execute('INSERT INTO claim_links VALUES (?,?,?,?,?,?)',
                        (ids[(c.doc, c.start, c.end)], link.get("rel"), target,
                         link["doc"], link["start"], link["end"]))


def _claim_id(con: sqlite3.Connection, doc: str, start: int, end: int) -> int | None:
    row = con.execute('SELECT id FROM claims WHERE doc = ? AND start = ? AND "end" = ?', (doc, start, end)).fetchone()
    return row[0] if row else None


def _insert_findings(con: sqlite3.Connection, findings: Iterable[Finding]) -> None:
    for number, f in enumerate(findings, 1):
        con.execute("INSERT INTO findings VALUES (?,?,?,?,?,?,?)",
                    (number, f.check, f.severity, _json(f.expected), _json(f.written),
                     json.dumps(f.inputs or {}, ensure_ascii=False), f.message))
        for position, span in enumerate(f.claims):
            con.execute("INSERT INTO finding_claims VALUES (?,?,?,?,?,?)",
                        (number, position, _claim_id(con, span.doc, span.start, span.end),
                         span.doc, span.start, span.end))


def _describe(con: sqlite3.Connection, problems: list) -> str:
    lines = []
    for table, rowid, parent, fk in problems[:10]:
        cols = [r[3] for r in con.execute(f"PRAGMA foreign_key_list({table})") if r[0] == fk]
        row = con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM {table}'
                          f' WHERE rowid = ?', (rowid,)).fetchone()
        lines.append(f"{table} row {rowid}: {', '.join(cols)} = {row} not in {parent}")
    more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
    return "broken references: " + "; ".join(lines) + more

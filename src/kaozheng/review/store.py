"""The review store: an append-only log of decisions, plus users and sessions.

Every decision is one row of ``events`` (who, when, claim key, the machine
version it was made on, the version it asks for, comment). Rows are only ever
inserted: nothing here updates or deletes an event, so a review is never
overwritten or dropped; the current state of a claim is derived from its
events (:mod:`kaozheng.review.state`).

A claim is keyed by ``(doc_hash, start, end)``: the sha256 of its document's
text and its character span. Re-running extraction (a newer kaozheng, a new
``kaozheng.sqlite``) leaves the key unchanged as long as the text is, so every
review attaches to the new run; the ``machine`` snapshot kept with each event
tells when the machine version changed underneath it (stale).

One code path for SQLite and PostgreSQL (SQLAlchemy Core 2.x; psycopg 3).
SQLite runs in WAL mode with ``synchronous=FULL``: an acknowledged decision
survives the server being killed, and readers never block the writer.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import secrets
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import (Column, Index, Integer, MetaData, String, Table, Text, create_engine,
                        event, insert, select, delete, func, tuple_)
from sqlalchemy.engine import Engine

__all__ = ["Store", "normalise_url", "ROLES", "VERDICTS"]

ROLES = ("viewer", "reviewer", "admin")
# accept: the machine version is right; reject: not a claim at all;
# correct: a claim, with the fields in ``after``.
VERDICTS = ("accept", "reject", "correct")
SESSION_DAYS = 14

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("name", String(100), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created", String(40), nullable=False),
)

# Sessions survive a restart (they are rows, not process memory); only the
# sha256 of the cookie's token is kept, so a leaked database opens no session.
sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(100), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires", String(40), nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),           # ISO 8601 UTC, microseconds
    Column("user", String(100), nullable=False),
    Column("kind", String(20), nullable=False),         # decision | adjudication
    Column("doc_hash", String(64), nullable=False),
    Column("doc", Text, nullable=False),                # the id when decided (for people)
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("verdict", String(20), nullable=False),
    Column("machine", Text),                            # JSON: machine version decided on ("before")
    Column("after", Text),                              # JSON: the version asked for; null = rejected
    Column("comment", Text),
)
Index("events_key", events.c.doc_hash, events.c.span_start, events.c.span_end, events.c.id)
Index("events_user", events.c.user, events.c.id)


def normalise_url(store: str | Path) -> str:
    """A SQLAlchemy URL from a path or URL (``postgresql://`` uses psycopg 3)."""
    s = str(store)
    if "://" not in s:
        return "sqlite:///" + str(Path(s).resolve())
    if s.startswith("postgresql://") or s.startswith("postgres://"):
        return "postgresql+psycopg://" + s.split("://", 1)[1]
    return s


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sqlite_pragmas(dbapi_con, _record) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")  # writers queue instead of failing
    cur.close()


class Store:
    """The review database at ``url`` (a path means SQLite); tables are created if missing."""

    def __init__(self, url: str | Path):
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
            kwargs["pool_size"] = 20
        else:
            kwargs["pool_size"] = 20
            kwargs["max_overflow"] = 20
        self.engine: Engine = create_engine(self.url, pool_pre_ping=not self.is_sqlite, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- users ---------------------------------------------------------------

    def put_user(self, name: str, role: str, password_hash: str) -> None:
        """Add a user, or replace the role and password of an existing one."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        with self.engine.begin() as con:
            con.execute(delete(users).where(users.c.name == name))
            con.execute(insert(users).values(name=name, role=role, password_hash=password_hash,
                                             created=now()))

    def user(self, name: str) -> dict | None:
        with self.engine.connect() as con:
            row = con.execute(select(users).where(users.c.name == name)).mappings().first()
        return dict(row) if row else None

    def users(self) -> list[dict]:
        with self.engine.connect() as con:
            return [dict(r) for r in con.execute(
                select(users.c.name, users.c.role, users.c.created).order_by(users.c.name)).mappings()]

    # --- sessions ------------------------------------------------------------

    def new_session(self, user: str) -> tuple[str, str]:
        """A fresh session for ``user``: (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = (_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=SESSION_DAYS)).isoformat()
        with self.engine.begin() as con:
            con.execute(insert(sessions).values(token_hash=_hash_token(token), user=user,
                                                csrf=csrf, expires=expires))
        return token, csrf

    def session(self, token: str | None) -> dict | None:
        """The session's user (name, role) and CSRF token, or None if unknown or expired."""
        if not token:
            return None
        with self.engine.connect() as con:
            row = con.execute(
                select(sessions.c.user, sessions.c.csrf, sessions.c.expires, users.c.role)
                .join(users, users.c.name == sessions.c.user)
                .where(sessions.c.token_hash == _hash_token(token))).mappings().first()
        if not row or row["expires"] < now():
            return None
        return {"user": row["user"], "role": row["role"], "csrf": row["csrf"]}

    def end_session(self, token: str) -> None:
        with self.engine.begin() as con:
            con.execute(delete(sessions).where(sessions.c.token_hash == _hash_token(token)))

    # --- events --------------------------------------------------------------

    def record(self, *, user: str, doc_hash: str, doc: str, start: int, end: int, verdict: str,
               machine: dict | None, after: dict | None, comment: str | None = None,
               kind: str = "decision") -> int:
        """Append one decision (or adjudication); returns its id once committed."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}")
        if kind not in ("decision", "adjudication"):
            raise ValueError("kind must be decision or adjudication")
        row = dict(at=now(), user=user, kind=kind, doc_hash=doc_hash, doc=doc, span_start=start,
                   span_end=end, verdict=verdict,
                   machine=None if machine is None else json.dumps(machine, ensure_ascii=False, sort_keys=True),
                   after=None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True),
                   comment=comment or None)
        with self.engine.begin() as con:
            result = con.execute(insert(events).values(**row).returning(events.c.id))
            return int(result.scalar_one())

    def events(self, doc_hashes: Iterable[str] | None = None,
               keys: Iterable[tuple[str, int, int]] | None = None) -> list[dict]:
        """Events in the order they were recorded, optionally only some documents or claims."""
        q = select(events).order_by(events.c.id)
        if doc_hashes is not None:
            q = q.where(events.c.doc_hash.in_(list(doc_hashes)))
        if keys is not None:
            q = q.where(tuple_(events.c.doc_hash, events.c.span_start, events.c.span_end)
                        .in_(list(keys)))
        with self.engine.connect() as con:
            return [_decode(r) for r in con.execute(q).mappings()]

    def event(self, event_id: int) -> dict | None:
        with self.engine.connect() as con:
            row = con.execute(select(events).where(events.c.id == event_id)).mappings().first()
        return _decode(row) if row else None

    def reviewed_keys(self, doc_hashes: Iterable[str] | None = None) -> set[tuple[str, int, int]]:
        """The claim keys with at least one event (optionally only in some documents)."""
        q = select(events.c.doc_hash, events.c.span_start, events.c.span_end).distinct()
        if doc_hashes is not None:
            q = q.where(events.c.doc_hash.in_(list(doc_hashes)))
        with self.engine.connect() as con:
            return {(h, s, e) for h, s, e in con.execute(q)}

    def count_reviewed(self) -> int:
        """How many distinct claim keys have an event (claims since gone included)."""
        keys = select(events.c.doc_hash, events.c.span_start, events.c.span_end).distinct().subquery()
        with self.engine.connect() as con:
            return int(con.execute(select(func.count()).select_from(keys)).scalar_one())

    def count_events(self) -> int:
        with self.engine.connect() as con:
            return int(con.execute(select(func.count()).select_from(events)).scalar_one())


def _decode(row) -> dict:
    d = dict(row)
    d["start"] = d.pop("span_start")
    d["end"] = d.pop("span_end")
    for k in ("machine", "after"):
        d[k] = None if d[k] is None else json.loads(d[k])
    return d

"""The review web app: a team accepts, rejects or corrects kaozheng's claims.

Machine extraction is the first draft; the published dataset is what the
reviewers accepted. Modules:

- :mod:`.store`: the append-only event log of every decision (SQLite in WAL
  mode, or PostgreSQL, through the same SQLAlchemy Core code), users, sessions.
- :mod:`.results`: read-only access to a ``kaozheng.sqlite`` (documents,
  claims, findings), each document keyed by the sha256 of its text.
- :mod:`.state`: the current state of a claim derived from its events
  (final version, disagreements, staleness) and Cohen's kappa per field.
- :mod:`.accounts`: users and passwords (argon2).
- :mod:`.app`: the FastAPI app (server-rendered pages, Jinja2).
- :mod:`.export`: the reviewed dataset as JSON Lines.
"""

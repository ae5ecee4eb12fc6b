"""Read documents (.txt, .md, .html, .htm, .pdf) into ``Document`` records.

``read`` turns one file into a Document or raises ReadError with a one-line
reason; ``iter_documents`` walks files and folders and yields a ReadProblem for
whatever it cannot read, so one bad file never stops a batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from kaozheng.model import Document, ReadError, ReadProblem
from kaozheng.read.html import read_html
from kaozheng.read.metadata import parse_date, parse_header
from kaozheng.read.pdf import read_pdf
from kaozheng.read.sources import SourceError, is_url, list_url, read_url_bytes, url_name
from kaozheng.read.text import decode, is_ideograph, looks_binary

__all__ = [
    "DEFAULT_MAX_BYTES", "SUPPORTED_EXTENSIONS", "detect_language", "iter_documents",
    "parse_header", "read",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_EXTENSIONS = (".txt", ".md")
HTML_EXTENSIONS = (".html", ".htm")
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + (".pdf",)
_SUPPORTED = ", ".join(SUPPORTED_EXTENSIONS)
_DOC_FIELDS = ("title", "date", "author", "source")


def read(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a Document, or raise ReadError saying why not.

    ``path`` is a local path or a URL (``s3://bucket/doc.txt``; see
    :mod:`kaozheng.read.sources`)."""
    if is_url(path):
        name = url_name(path)
        data = _read_url(path, name, max_bytes)
    else:
        path = name = Path(path)
        data = _read_bytes(path, max_bytes)
    ext = name.suffix.lower()
    if not data:
        raise ReadError(path, "empty file (0 bytes)")
    fallback: dict[str, str] = {}
    encoding: str | None = None
    if ext == ".pdf":
        text, fallback = read_pdf(data, str(path))
    else:
        if looks_binary(data):
            raise ReadError(path, "binary file, not text (NUL or control bytes)")
        if ext in HTML_EXTENSIONS:
            text, encoding, title = read_html(data, str(path))
            fallback = {"title": title} if title else {}
        else:
            text, encoding = decode(data, str(path))
        if not text.strip():
            raise ReadError(path, "empty file (only whitespace)")

    meta, body_start = parse_header(text)
    for key, value in fallback.items():
        meta.setdefault(key, value)
    fields = {key: meta.pop(key) or None for key in _DOC_FIELDS if key in meta}
    date = fields.get("date")
    if date and parse_date(date) != date:
        # Not an ISO date: keep what the header said, but not as Document.date.
        meta["date"] = fields.pop("date")
    return Document(
        id=name.stem, text=text, path=str(path), encoding=encoding,
        language=detect_language(text[body_start:]), body_start=body_start,
        meta=meta, **fields,
    )


def _check_type(path, name: PurePath) -> None:
    if name.suffix.lower() not in SUPPORTED_EXTENSIONS:
        what = f"'{name.suffix}'" if name.suffix else "(no extension)"
        raise ReadError(path, f"unsupported file type {what}; supported: {_SUPPORTED}")


def _read_url(url: str, name: PurePath, max_bytes: int) -> bytes:
    _check_type(url, name)
    try:
        data = read_url_bytes(url, max_bytes)
    except SourceError as e:
        raise ReadError(url, e.reason) from None
    if len(data) > max_bytes:
        raise ReadError(url, f"too large: over the limit of {_mb(max_bytes)}")
    return data


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReadError(path, "is a folder, not a file")
        _check_type(path, path)
        if size > max_bytes:
            raise ReadError(path, f"too large: {_mb(size)}, over the limit of {_mb(max_bytes)}")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat
    except FileNotFoundError:
        raise ReadError(path, "not found") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as e:
        raise ReadError(path, f"cannot read ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise ReadError(path, f"too large: over the limit of {_mb(max_bytes)}")
    return data


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB ({n:,} bytes)"


def detect_language(text: str) -> str:
    """'zh' when CJK ideographs are at least 20% of the letters, else 'en'."""
    letters = cjk = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            cjk += is_ideograph(ch)
    return "zh" if letters and cjk >= 0.2 * letters else "en"


def iter_documents(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | ReadProblem]:
    """Yield a Document or a ReadProblem for each file in ``paths``.

    A folder is walked recursively in sorted order, taking supported files and
    skipping hidden files and folders.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        if is_url(given):
            for url, _, problem in list_url(given, SUPPORTED_EXTENSIONS):
                yield ReadProblem(url, problem) if problem else _read_or_problem(url, max_bytes)
            continue
        root = Path(given)
        if not root.is_dir():
            yield _read_or_problem(root, max_bytes)  # says "not found" if missing
            continue
        files, unreadable = _documents_in(root)
        yield from (ReadProblem(str(e.filename), f"cannot list folder ({e.strerror})")
                    for e in unreadable)
        if not files and not unreadable:
            yield ReadProblem(str(root), f"no documents ({_SUPPORTED}) in this folder")
        for file in files:
            yield _read_or_problem(file, max_bytes)


def _documents_in(root: Path) -> tuple[list[Path], list[OSError]]:
    found, errors = [], []
    for folder, dirs, names in os.walk(root, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder, n) for n in names
                  if not n.startswith(".") and Path(n).suffix.lower() in SUPPORTED_EXTENSIONS]
    return sorted(found, key=lambda p: p.relative_to(root).parts), errors


def _read_or_problem(path: Path | str, max_bytes: int) -> Document | ReadProblem:
    try:
        return read(path, max_bytes)
    except ReadError as e:
        return e.problem

"""Documents named by URL: ``s3://bucket/archive/``, ``gs://...``, ``https://...``,
``file:///data/...``, through fsspec, for an archive kept in object storage.

A URL is read and listed the way a local path is: the same supported
extensions, hidden files and folders skipped, folders walked depth first in
sorted order, the same size limit. The document id is the file stem and the
document's ``path`` is the URL. fsspec knows the protocols; most need a
package of their own (``s3://`` needs s3fs: ``pip install 'kaozheng[s3]'``),
and a URL whose protocol is not installed is reported like any unreadable
file, naming the package to install.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")


def is_url(path: str | os.PathLike) -> bool:
    """``s3://bucket/a.txt`` and the like; a local path (even ``C:\\x``) is not."""
    return isinstance(path, str) and bool(_URL.match(path))


def url_name(url: str) -> PurePosixPath:
    """The path part of a URL, for its file name, stem and extension."""
    rest = url.split("://", 1)[1].split("?", 1)[0].split("#", 1)[0]
    return PurePosixPath(rest)


class SourceError(Exception):
    """A URL that cannot be listed or read; ``reason`` is one line for the user."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


def _filesystem(url: str):
    """The fsspec filesystem of a URL and the path within it."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:  # pragma: no cover - fsspec is a dependency
        raise SourceError(url, "cannot read URLs: fsspec is not installed") from None
    protocol = url.split("://", 1)[0].lower()
    try:
        return url_to_fs(url)
    except ImportError as e:
        hint = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs"}.get(protocol)
        package = hint or getattr(e, "name", None) or "the package for it"
        raise SourceError(url, f"cannot read {protocol}:// URLs: install {package}") from None
    except ValueError:
        raise SourceError(url, f"unknown protocol {protocol}:// (not one fsspec knows)") from None


def _reason(e: Exception) -> str:
    if isinstance(e, FileNotFoundError):
        return "not found"
    if isinstance(e, PermissionError):
        return "permission denied"
    return f"cannot read ({type(e).__name__}: {e})"


def read_url_bytes(url: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of the file at ``url``; SourceError saying why not."""
    fs, path = _filesystem(url)
    try:
        if fs.isdir(path):
            raise SourceError(url, "is a folder, not a file")
        with fs.open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except SourceError:
        raise
    except Exception as e:  # network and storage errors come in many classes
        raise SourceError(url, _reason(e)) from None
    return data


def list_url(url: str, extensions: tuple[str, ...]) -> Iterator[tuple[str, int | None, str | None]]:
    """``(url, size, problem)`` of every document under ``url``, as
    :func:`kaozheng.run.local.iter_paths` gives them for a local path.

    A URL that is not a folder is yielded as given (reading it says what is
    wrong with it); a folder with no documents, or one that cannot be listed,
    is yielded with the problem.
    """
    try:
        fs, root = _filesystem(url)
        is_dir = fs.isdir(root)
    except SourceError as e:
        yield url, None, e.reason
        return
    except Exception as e:
        yield url, None, _reason(e)
        return
    if not is_dir:
        yield url, None, None
        return
    try:
        found = fs.find(root, detail=True)
    except Exception as e:
        yield url, None, f"cannot list folder ({_reason(e)})"
        return
    root_parts = PurePosixPath(root).parts
    documents = []
    for name, info in found.items():
        parts = PurePosixPath(name).parts[len(root_parts):]
        if not parts or any(p.startswith(".") for p in parts):
            continue
        if PurePosixPath(parts[-1]).suffix.lower() not in extensions:
            continue
        documents.append((parts, name, info.get("size")))
    if not documents:
        yield url, None, f"no documents ({', '.join(extensions)}) in this folder"
        return
    base = url.rstrip("/")
    for parts, _, size in sorted(documents):  # named under the URL as the user wrote it
        yield f"{base}/{'/'.join(parts)}", size, None

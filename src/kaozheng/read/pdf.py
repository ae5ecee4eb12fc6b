"""The text layer of a PDF (no OCR: a scanned PDF is reported, not guessed at)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError, PyPdfError

from kaozheng.model import ReadError

PAGE_SEPARATOR = "\n\n"


def read_pdf(data: bytes, path: str = "<bytes>") -> tuple[str, dict[str, str]]:
    """Return ``(text, info)``: pages joined by a blank line, and the PDF's
    own title/author (used only when the text gives none)."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        meta = {key: str(info.get(f"/{key.title()}") or "").strip() for key in ("title", "author")}
    except ReadError:
        raise
    except DependencyError as e:
        raise ReadError(path, f"cannot decrypt PDF ({e})") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ReadError(path, f"broken PDF ({type(e).__name__}: {_one_line(e)})") from None
    text = PAGE_SEPARATOR.join(pages)
    if not text.strip():
        raise ReadError(path, "no text layer (scanned PDF? run OCR first)")
    return text, {k: v for k, v in meta.items() if v}


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]

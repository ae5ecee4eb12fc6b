"""The stages in order, as plain functions from the data model to the data model."""

from __future__ import annotations

from .model import Claim, Document
from .numbers import find_quantities


def extract_document(doc: Document) -> list[Claim]:
    """Every claim in a document read by :func:`kaozheng.read`."""
    from .read import detect_language

    language = doc.language or detect_language(doc.text[doc.body_start:])
    quantities = find_quantities(doc.text, language, doc.body_start)
    return [Claim.from_quantity(doc.id, q) for q in quantities]


def extract(text: str, doc: str = "text", language: str | None = None) -> list[Claim]:
    """Every claim in a string; offsets index ``text``."""
    return extract_document(Document(id=doc, text=text, language=language))

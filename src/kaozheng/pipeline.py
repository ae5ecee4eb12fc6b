"""The stages in order, as plain functions from the data model to the data model.

read -> numbers -> (meaning, checks: later stages) -> publish.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .gazetteer import Gazetteer
from .meaning import annotate
from .model import Claim, Document, ReadProblem
from .numbers import find_quantities
from .read import DEFAULT_MAX_BYTES, detect_language, iter_documents


def extract_document(doc: Document, gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Every claim in a document read by :func:`kaozheng.read`, in text order,
    with its meaning (category, modality, place, date, base, links)."""
    language = doc.language or detect_language(doc.text[doc.body_start:])
    quantities = find_quantities(doc.text, language, doc.body_start)
    claims = [Claim.from_quantity(doc.id, q) for q in quantities]
    return annotate(doc, claims, language, gazetteer)


def extract(text: str, doc: str = "text", language: str | None = None,
            gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Every claim in a string; offsets index ``text``.

    >>> [c.value for c in extract("Nanjing received over 18,000 reports.", doc="d")]
    [18000]
    """
    return extract_document(Document(id=doc, text=text, language=language or detect_language(text)), gazetteer)


def process(paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES,
            gazetteer: Gazetteer | None = None) -> Iterator[tuple[Document | ReadProblem, list[Claim]]]:
    """Read and extract document by document: (document, claims) or (problem, [])."""
    for item in iter_documents(paths, max_bytes=max_bytes):
        if isinstance(item, ReadProblem):
            yield item, []
        else:
            yield item, extract_document(item, gazetteer)


def sample_paths() -> list[Path]:
    """The sample corpus shipped inside the package (see sample/SOURCE.md)."""
    folder = resources.files("kaozheng").joinpath("sample")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))

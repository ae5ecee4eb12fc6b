"""The meaning of each figure: category, modality, place, date, base, links.

Each step is a small module with a function ``assign(view, claims)`` that
fills one field of every claim; the cue lists are data files per language in
``data/`` that a historian can extend. ``annotate`` runs them in order.
"""

from __future__ import annotations

from ..gazetteer import Gazetteer, default_gazetteer
from ..model import Claim, Document
from . import base, category, dates, links, modality, place
from .context import View

STEPS = ("category", "modality", "place", "date", "base", "links")


def annotate(doc: Document, claims: list[Claim], language: str, gazetteer: Gazetteer | None = None) -> list[Claim]:
    """Fill the meaning fields of ``claims`` (figures of ``doc``, in text order)."""
    if not claims:
        return claims
    view = View(doc, language)
    category.assign(view, claims)
    modality.assign(view, claims)
    place.assign(view, claims, gazetteer or default_gazetteer())
    dates.assign(view, claims)
    base.assign(view, claims)
    links.assign(view, claims)
    return claims

"""Find every figure in a text: the number grammars of each language.

``find_quantities(text, language)`` returns :class:`~kaozheng.model.Quantity`
records whose offsets index ``text`` itself. The grammar for each language is a
module here (``en``, ``zh``); the words it knows are data files in ``data/``.
"""

from __future__ import annotations

from ..model import Quantity
from . import en, zh

GRAMMARS = {"en": en.find_quantities, "zh": zh.find_quantities}


def find_quantities(text: str, language: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    try:
        grammar = GRAMMARS[language]
    except KeyError:
        raise ValueError(f"no number grammar for language {language!r} (have: {', '.join(GRAMMARS)})") from None
    return grammar(text, start, end)

"""Find every figure in a text: the number grammars of each language.

``find_quantities(text, language)`` returns :class:`~kaozheng.model.Quantity`
records whose offsets index ``text`` itself. The grammar for each language is a
module here (``en``, ``zh``); the words it knows are data files in ``data/``.

``pip install`` also compiles the grammars with Cython (``setup.py``), which
makes them about a quarter faster. Python imports a compiled module in
preference to its source, so a grammar edited since it was compiled would be
silently ignored: :func:`_load_edited_sources` loads the source instead, with
a warning, until the package is installed again.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import warnings
from pathlib import Path

from ..model import Quantity

COMPILED_GRAMMARS = ("en", "zh")


class EditedSinceCompiled(UserWarning):
    """A grammar's source is newer than its compiled module."""


def compiled_module(name: str, here: Path = Path(__file__).parent) -> Path | None:
    """The compiled module of ``<here>/<name>.py`` beside it, if one was built."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if (here / f"{name}{suffix}").exists():
            return here / f"{name}{suffix}"
    return None


def _load_edited_sources(here: Path = Path(__file__).parent, package: str = __name__,
                         names: tuple[str, ...] = COMPILED_GRAMMARS) -> None:
    for name in names:
        compiled, source = compiled_module(name, here), here / f"{name}.py"
        # Two seconds' grace: an install may write the source just after the compiled module.
        if compiled is None or not source.exists() or source.stat().st_mtime <= compiled.stat().st_mtime + 2:
            continue
        warnings.warn(f"{source} was edited after it was compiled: running the source, which is slower; "
                      "`pip install -e .` compiles it again", EditedSinceCompiled, stacklevel=2)
        full_name = f"{package}.{name}"
        spec = importlib.util.spec_from_file_location(full_name, source)
        module = importlib.util.module_from_spec(spec)
        sys.modules[full_name] = module
        spec.loader.exec_module(module)


_load_edited_sources()

from . import en, zh  # noqa: E402 - after the check above

GRAMMARS = {"en": en.find_quantities, "zh": zh.find_quantities}


def find_quantities(text: str, language: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    try:
        grammar = GRAMMARS[language]
    except KeyError:
        raise ValueError(f"no number grammar for language {language!r} (have: {', '.join(GRAMMARS)})") from None
    return grammar(text, start, end)

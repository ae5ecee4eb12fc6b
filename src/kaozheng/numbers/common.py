"""What both language grammars share: loading language data, tidy values."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources


@cache
def load_data(name: str) -> dict:
    """Read ``numbers/data/<name>.toml`` once per process."""
    with resources.files("kaozheng.numbers").joinpath("data", f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


def tidy(value: float | int) -> float | int:
    """An integer when the value is whole, else a float without binary noise.

    Decimal arithmetic such as 19.3 / 100 leaves 0.19300000000000003; rounding
    to 12 significant digits gives back the figure as written.
    """
    if isinstance(value, int):
        return value
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    return float(f"{value:.12g}")


def ratio(value: float | int, divisor: float | int) -> float | int:
    return tidy(value / divisor) if divisor != 1 else tidy(value)


def words_regex(words) -> str:
    """A regex source matching any of ``words``, written as a trie.

    Python's ``re`` tries the alternatives of ``a|b|c`` one after another at
    every position; a trie (``t(?:hree|wo)``) lets it give up after one
    character, which makes scanning for number words several times faster.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)

"""Nesting possibly overlapping character spans into a tree, for markup writers.

Markup (TEI, HTML) needs properly nested elements, but the spans kaozheng
annotates may overlap: a place name inside a claim, two claims sharing words,
a place name that starts inside one claim and ends after it. :func:`nest`
turns ``(start, end, payload)`` spans into a tree in which every node lies
inside its parent and siblings never overlap. A span that crosses the edge of
one already placed is cut there into *fragments*: every fragment keeps the
payload and knows its index and the number of fragments, so writers can link
them (TEI ``@prev``/``@next``) and put an id on the first only.

Earlier spans win: they are placed first and never cut. Sort by priority
(outer elements first) before calling; ties in position are broken by the order
given. Empty spans are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class Node:
    start: int
    end: int
    payload: Any
    key: int = 0            # index of the original span in the input
    part: int = 0           # fragment number (0-based)
    parts: int = 1          # number of fragments the span was cut into
    children: list["Node"] = field(default_factory=list)


def nest(spans: Iterable[tuple[int, int, Any]]) -> list[Node]:
    """The forest of ``spans`` (in priority order), children sorted by offset."""
    roots: list[Node] = []
    for key, (start, end, payload) in enumerate(spans):
        if end <= start:
            continue
        _place(roots, start, end, payload, key)
    return roots


def _place(siblings: list[Node], start: int, end: int, payload: Any, key: int) -> None:
    """Insert one span into a sorted, disjoint sibling list, recursively."""
    fragments: list[tuple[int, int, list[Node]]] = []  # (s, e, where to put it)

    def walk(level: list[Node], s: int, e: int) -> None:
        pos = s
        overlapping = [n for n in level if n.start < e and n.end > s]
        for n in overlapping:
            if n.start <= pos and n.end >= e:
                walk(n.children, pos, e)  # inside n (same extent too: the earlier is outer)
                return
            if n.start >= pos and n.end <= e:
                continue  # wholly inside our span: adopted later
            # partial overlap: split at n's edge
            if n.start < pos:          # n starts before us, ends inside
                walk(n.children, pos, n.end)
                pos = n.end
            else:                      # n starts inside us, ends after
                if pos < n.start:
                    fragments.append((pos, n.start, level))
                walk(n.children, n.start, e)
                return
        if pos < e:
            fragments.append((pos, e, level))

    walk(siblings, start, end)
    fragments.sort(key=lambda f: f[0])
    count = len(fragments)
    for i, (s, e, level) in enumerate(fragments):
        node = Node(s, e, payload, key=key, part=i, parts=count)
        node.children = [n for n in level if n.start >= s and n.end <= e]
        level[:] = [n for n in level if not (n.start >= s and n.end <= e)]
        level.append(node)
        level.sort(key=lambda n: (n.start, -n.end))


def fragments_of(forest: list[Node]) -> dict[int, list[Node]]:
    """Every node of the forest by its span's key, fragments in text order."""
    out: dict[int, list[Node]] = {}

    def visit(nodes: list[Node]) -> None:
        for n in nodes:
            out.setdefault(n.key, []).append(n)
            visit(n.children)

    visit(forest)
    for v in out.values():
        v.sort(key=lambda n: n.start)
    return out


def render(forest: list[Node], text: str, start: int, end: int, open_, close, chars) -> None:
    """Walk ``text[start:end]`` calling ``chars(s)``, ``open_(node)``, ``close(node)`` in order."""

    def walk(nodes: list[Node], s: int, e: int) -> None:
        pos = s
        for n in nodes:
            if n.start > pos:
                chars(text[pos:n.start])
            open_(n)
            walk(n.children, n.start, n.end)
            close(n)
            pos = n.end
        if pos < e:
            chars(text[pos:e])

    walk([n for n in forest if n.start >= start and n.end <= end], start, end)

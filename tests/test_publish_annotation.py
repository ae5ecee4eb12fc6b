"""Tests of kaozheng.publish.annotation: W3C Web Annotation JSON-LD of claims and findings."""

from __future__ import annotations

import json

from kaozheng.model import CLAIM_FIELDS, Claim
from kaozheng.publish.annotation import ANNO_CONTEXT, claim_annotation, to_annotations, write_annotations

from test_publish_common import ARTIFACTS, NARC, seeds  # noqa: F401


def test_collection_shape(seeds):
    docs, claims, findings = seeds
    coll = to_annotations(docs, claims, findings)
    assert coll["@context"][0] == ANNO_CONTEXT
    assert coll["type"] == "AnnotationCollection"
    page = coll["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert coll["total"] == len(page["items"]) == len(claims) + len(findings)
    ids = [a["id"] for a in page["items"]]
    assert len(set(ids)) == len(ids)
    json.dumps(coll)  # plain JSON


def test_every_claim_selects_its_characters(seeds):
    docs, claims, _ = seeds
    text = {d.id: d.text for d in docs}
    items = to_annotations(docs, claims)["first"]["items"]
    for c, a in zip(claims, items):
        assert a["type"] == "Annotation" and a["motivation"] == "describing"
        assert a["target"]["source"].startswith("urn:kaozheng:doc:")
        sel = {s["type"]: s for s in a["target"]["selector"]}
        quote, pos = sel["TextQuoteSelector"], sel["TextPositionSelector"]
        t = text[c.doc]
        assert t[pos["start"]:pos["end"]] == quote["exact"] == c.text
        assert t[:pos["start"]].endswith(quote["prefix"]) and t[pos["end"]:].startswith(quote["suffix"])
        assert 0 < len(quote["prefix"]) <= 32
        body = next(b for b in a["body"] if b["type"] == "kz:Claim")
        back = {**body, "text": body["claimText"], "start": body["claimStart"],
                "end": body["claimEnd"], "value": body["quantity"]}
        assert {k: back[k] for k in CLAIM_FIELDS} == c.to_dict()
        assert any(b["type"] == "TextualBody" and c.text in b["value"] for b in a["body"])


def test_findings_target_their_claims_and_keep_inputs(seeds):
    docs, claims, findings = seeds
    items = to_annotations(docs, claims, findings)["first"]["items"][len(claims):]
    share = items[0]
    assert share["motivation"] == "assessing"
    body = next(b for b in share["body"] if b["type"] == "kz:Finding")
    assert body["inputs"]["formula"] == "part / whole" and body["expected"] == 0.1305
    exact = [next(s for s in t["selector"] if s["type"] == "TextQuoteSelector")["exact"]
             for t in share["target"]]
    assert exact == ["30,998", "237,463", "13%"]


def test_custom_source_and_no_document():
    c = Claim(doc="a b", start=5, end=8, text="237", kind="count", value=237)
    a = claim_annotation(c)
    assert a["target"]["source"] == "urn:kaozheng:doc:a%20b"
    assert {s["type"] for s in a["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}


def test_write(seeds):
    docs, claims, findings = seeds
    path = write_annotations(ARTIFACTS / "annotations.jsonld", docs, claims, findings,
                             source_uri=lambda d: f"file:///corpus/{d.id}.txt")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["first"]["items"][0]["target"]["source"].startswith("file:///corpus/")
    assert "二十三万七千四百六十三" in path.read_text(encoding="utf-8")

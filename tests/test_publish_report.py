"""Tests of kaozheng.publish.report: one self-contained HTML file, checked in headless Chromium.

The browser test uses Debian's Chromium (/usr/bin/chromium) through Playwright
and skips when either is missing. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kaozheng.model import Claim, Document, Finding, Span
from kaozheng.publish.report import render_report, write_report

from test_publish_common import ARTIFACTS, NARC, gazetteer, seeds  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(seeds, gazetteer) -> Path:  # noqa: F811
    docs, claims, findings = seeds
    ARTIFACTS.mkdir(exist_ok=True)
    return write_report(ARTIFACTS / "report.html", docs, claims, findings, gazetteer=gazetteer)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_self_contained_and_complete(report, seeds):
    docs, claims, findings = seeds
    page = report.read_text(encoding="utf-8")
    # nothing from the network
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    p = _Collect()
    p.feed(page)
    marks = [a for t, a in p.tags if t == "mark"]
    ids = {a.get("id") for _, a in p.tags if a.get("id")}
    assert len([m for m in marks if m.get("id")]) == len(claims)
    for m in marks:
        assert m["data-claim"] in ids
    # every link to an anchor in the page resolves
    for t, a in p.tags:
        if t == "a" and a.get("href", "").startswith("#"):
            assert a["href"][1:] in ids, a
        for target in (a.get("data-claims") or "").split():
            assert target in ids, a
    # findings, each with its message, formula and inputs
    for n, f in enumerate(findings, 1):
        assert f"f{n}" in ids
        assert html.escape(f.message) in page
    assert "part / whole" in page and "237,463" in page


def test_document_text_is_escaped(gazetteer):  # noqa: F811
    text = "<script>alert(1)</script> & 1,000 <b>men</b>\x0c"
    doc = Document(id="x<y>", text=text, title="<i>T</i>")
    start = text.index("1,000")
    claim = Claim(doc="x<y>", start=start, end=start + 5, text="1,000", kind="count",
                  value=1000, category="arrested", rule="</script><script>alert(2)</script>")
    finding = Finding("c", "error", [claim.span], 1, 2, {"formula": "<a> & b"}, "</script> \"x\" <b>")
    page = render_report([doc], [claim], [finding], gazetteer=gazetteer)
    assert "<script>alert" not in page and "<b>men" not in page and "<i>T" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the JSON payload cannot close its script element
    payload = page.split('id="kz-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in payload
    assert "\u240c" in page  # the form feed is shown as its control picture


def _browser_or_skip():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    return pytest.importorskip("playwright.async_api", reason="the playwright package is not installed")


def test_in_chromium(report, seeds):
    pw = _browser_or_skip()
    docs, claims, findings = seeds
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)

    async def run() -> dict:
        async with pw.async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = await browser.new_page(viewport={"width": 1400, "height": 900})
                requests = []
                page.on("request", lambda r: requests.append(r.url))
                errors = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                await page.goto(report.resolve().as_uri())
                await page.screenshot(path=str(shots / "report-top.png"))
                await page.screenshot(path=str(shots / "report-full.png"), full_page=True)
                out = {
                    "marks": await page.locator("mark.claim[id]").count(),
                    "findings": await page.locator("article.finding").count(),
                    "links": await page.locator("article.finding a[data-claims]").count(),
                    "svg": await page.locator("svg.timeline circle, svg.bars rect").count(),
                }
                # the colour of a highlight is its category's
                out["bg"] = await page.eval_on_selector(
                    "mark.claim.cat-arrested", "m => getComputedStyle(m).borderBottomColor")
                # click the share finding's "show in text": its claims are selected and in view
                share = page.locator("#f1")
                await share.scroll_into_view_if_needed()
                await page.screenshot(path=str(shots / "findings.png"))
                await share.locator("a.show").click()
                first = share.locator("a.show")
                target = (await first.get_attribute("data-claims")).split()
                await page.wait_for_timeout(400)
                out["selected"] = [await page.eval_on_selector(
                    f"[id='{t}']", "m => m.classList.contains('selected')") for t in target]
                out["in_view"] = await page.eval_on_selector(
                    f"[id='{target[0]}']",
                    """m => { const r = m.getBoundingClientRect();
                              const b = m.closest('.text').getBoundingClientRect();
                              return r.top >= Math.max(0, b.top) && r.bottom <= Math.min(innerHeight, b.bottom); }""")
                out["finding_active"] = await share.evaluate("f => f.classList.contains('active')")
                out["hash"] = await page.evaluate("location.hash")
                await page.screenshot(path=str(shots / "after-finding-click.png"))
                # clicking a claim opens the panel with every field and the rule
                await page.locator(f"[id='{target[2]}']").click()
                panel = page.locator("#detail")
                await panel.wait_for(state="visible")
                out["panel"] = await panel.inner_text()
                await page.screenshot(path=str(shots / "claim-detail.png"))
                # the superscript on a claim links back to its finding
                out["back"] = await page.locator(f"[id='{target[0]}'] ~ sup.frefs a").first.get_attribute("href")
                await page.keyboard.press("Escape")
                out["panel_closed"] = await panel.is_hidden()
                # the Chinese document renders
                zh = page.locator("section.doc").filter(has=page.locator(".text:lang(zh)")).first
                await zh.scroll_into_view_if_needed()
                await page.screenshot(path=str(shots / "chinese.png"))
                await page.add_style_tag(content=".top{position:static}")
                await page.locator("#corpus").scroll_into_view_if_needed()
                await page.locator("#corpus").screenshot(path=str(shots / "corpus.png"))
                out["requests"] = [u for u in requests if not u.startswith("file:")]
                out["errors"] = errors
                return out
            finally:
                await browser.close()

    out = asyncio.run(run())
    assert out["errors"] == []
    assert out["requests"] == []
    assert out["marks"] == len(claims)
    assert out["findings"] == len(findings)
    assert out["links"] >= sum(len(f.claims) for f in findings) - 1
    assert out["svg"] > 5
    assert out["bg"] == "rgb(225, 87, 89)"
    assert out["selected"] == [True, True, True]
    assert out["in_view"] is True
    assert out["finding_active"] is True
    assert out["hash"].startswith("#d")
    for field in ("kind", "qualifier", "category", "modality", "rule", "en:digits+ratio", "links"):
        assert field in out["panel"]
    assert out["back"] == "#f1"
    assert out["panel_closed"] is True

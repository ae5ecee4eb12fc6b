"""The review app as a person uses it, in Debian's Chromium through Playwright.

Log in, open a seed document, correct a claim's modality, see the correction in
the export; keyboard shortcuts accept and move on; screenshots of the document
view and the agreement page go to tests/artifacts/review-*.png.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")

from kaozheng.review import accounts  # noqa: E402
from kaozheng.review.store import Store  # noqa: E402
from kaozheng.review.testing import free_port, start_server, stop_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
DOC = "1951-04-20-proportion-of-executions"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    sample = Path(__file__).parents[1] / "src" / "kaozheng" / "sample"
    subprocess.run([sys.executable, "-m", "kaozheng.cli", "check", str(sample), "--out", str(out)],
                   check=True, capture_output=True)
    results_db = out / "kaozheng.sqlite"
    store_url = str(out / "review.sqlite")
    for name, role in (("ann", "reviewer"), ("ben", "reviewer"), ("ada", "admin")):
        accounts.add_user(store_url, name, role, f"{name}-password")
    port = free_port()
    proc = start_server(results_db, store_url, port)
    yield f"http://127.0.0.1:{port}", store_url
    stop_server(proc)


def _login(page, base, name):
    page.goto(f"{base}/doc/{DOC}")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", f"{name}-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/doc/{DOC}")


def test_review_in_a_browser(server):
    base, store_url = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 1400, "height": 900})
            page = ctx.new_page()
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            _login(page, base, "ann")
            # open the claim "half" (a quota) by clicking it in the text
            page.click("#doctext mark.claim >> text=half")
            page.wait_for_url("**claim=519-523")
            assert "“half”" in page.inner_text("#panel h3")
            page.click("#correct summary")
            page.select_option("select[name=modality]", "planned")
            page.fill("#comment-box", "a plan, not a quota")
            page.click("#correct-form button[type=submit]")
            page.wait_for_url("**saved=correct")
            # keyboard: "p" goes back to it, "n" moves on, "a" accepts
            page.keyboard.press("p")
            page.wait_for_url("**claim=519-523")
            assert "corrected" in page.inner_text("#panel h3").lower()
            page.keyboard.press("n")
            page.wait_for_url("**claim=554-568")
            page.keyboard.press("a")
            page.wait_for_url("**saved=accept")
            page.screenshot(path=str(ARTIFACTS / "review-document.png"))

            # a second reviewer disagrees on "half"
            page2 = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            _login(page2, base, "ben")
            page2.goto(f"{base}/doc/{DOC}?claim=519-523")
            page2.keyboard.press("a")
            page2.wait_for_url("**saved=accept")
            page2.goto(f"{base}/doc/{DOC}?claim=554-568")
            page2.keyboard.press("r")
            page2.wait_for_url("**saved=reject")
            page2.goto(f"{base}/project")
            assert "ann · ben" in page2.inner_text("table.kappa")
            assert page2.locator("article.dispute").count() == 2
            page2.screenshot(path=str(ARTIFACTS / "review-agreement.png"), full_page=True)

            # the export (downloaded as the user) shows ann's corrected modality
            text = page.request.get(f"{base}/export.jsonl").text()
            recs = {(r["doc"], r["start"]): r for r in map(json.loads, text.splitlines())}
            half = recs[(DOC, 519)]
            ann = [d for d in half["decisions"] if d["user"] == "ann"][0]
            assert ann["after"]["modality"] == "planned" and ann["comment"] == "a plan, not a quota"
            assert half["machine"]["modality"] == "quota" and half["status"] == "disputed"
            assert not errors, errors                     # no CSP violation, no script error
        finally:
            browser.close()
    assert len(Store(store_url).events()) == 4

"""The 30-second log in a real Chromium on a phone-sized screen: from the navigation to a
logged note in under ten interactions, with Log it visible without scrolling, and no page
wider than the screen."""
import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from tests.browser.test_evidence_loop import ARGS, CHROMIUM, sign_in
from tracker.extensions import db
from tracker.models import Artifact

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["390px", "1280px"])
def test_a_quick_note_in_under_ten_interactions(org, live_server, viewport):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context(viewport=viewport).new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server, "candidate@example.com")
        interactions = 0

        def act(action, *args):
            nonlocal interactions
            interactions += 1
            action(*args)

        act(page.locator("header nav").get_by_role("link", name="Quick note").click)
        expect(page.locator("h1")).to_contain_text("Quick impact note")
        submit = page.get_by_role("button", name="Log it")
        box = submit.bounding_box()
        assert box["y"] + box["height"] <= viewport["height"], "Log it must show without scrolling"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        act(page.fill, "#title", "Cut checkout p95 latency by 40%")
        act(page.fill, "input[name=metric_name]", "p95 latency")
        act(page.fill, "input[name=metric_baseline]", "480")
        act(page.fill, "input[name=metric_result]", "290")
        act(page.fill, "#summary", "Paused two features for a sprint with product's agreement.")
        act(page.select_option, "#claim", "planning:emerging_vp")
        act(submit.click)
        expect(page.locator(".flash")).to_contain_text("Impact note logged and sent for verification.")
        assert interactions < 10
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        browser.close()
    artifact = db.session.scalar(select(Artifact))
    db.session.rollback()
    assert (artifact.title, artifact.state) == ("Cut checkout p95 latency by 40%", "submitted")

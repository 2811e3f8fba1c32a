"""No page scrolls sideways: every page, as each kind of user, at 390 and 1280 px wide, in a
real Chromium (tables scroll inside their own box instead)."""
from datetime import date

import pytest
from playwright.sync_api import sync_playwright

from tests.artifacts.samples import SAMPLES
from tests.browser.test_evidence_loop import ARGS, CHROMIUM, sign_in
from tests.reviews.helpers import act, close, schedule

PAGES = {
    "candidate@example.com": ["/", "/artifacts/quick", "/artifacts/new", "/artifacts/new?type=risk_register",
                              "/artifacts/new?type=kpi_tree", "/artifacts/new?type=postmortem", "/artifacts/",
                              "/artifacts/?q=register", "/artifacts/trash", "/readiness",
                              "/readiness?framework=em_scorecard", "/notifications", "/settings",
                              "{risk_register}", "{kpi_tree}", "{postmortem}", "{budget_narrative}",
                              "{risk_register}/edit", "{postmortem}/edit", "/artifacts/999999",
                              "/self-assessment", "/people/{candidate_id}/self-assessments", "/reviews",
                              "{review}", "/brag-document", "/my-data",
                              "/people/{candidate_id}/packet"],
    "manager@example.com": ["/", "/artifacts/queue", "/artifacts/?person=all", "/artifacts/?person=all&q=a",
                            "/team", "/readiness/{candidate_id}", "{risk_register}", "/reviews",
                            "/people/{candidate_id}/reviews", "{review}", "{closed_review}"],
    "admin@example.com": ["/admin/mail", "/admin/settings", "/artifacts/queue", "/team"],
}


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(org, live_server, width):
    ids = {}
    for type_, details in SAMPLES.items():
        artifact = org.log(org.candidate, type=type_, title=f"A {type_}", details=details, state="submitted")
        ids["{" + type_ + "}"] = f"/artifacts/{artifact.id}"
    closed = schedule(org, location="https://meet.example/a-rather-long-video-link-that-must-wrap-on-a-phone")
    act(closed, "candidate@example.com", "Write the hiring plan for the platform group", due=date(2026, 12, 15))
    ids["{closed_review}"] = f"/reviews/{close(closed).id}"
    ids["{review}"] = f"/reviews/{schedule(org).id}"
    too_wide = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for email, paths in PAGES.items():
            page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
            page.set_default_timeout(10_000)
            sign_in(page, live_server, email)
            for path in paths:
                for key, value in ids.items():
                    path = path.replace(key, value)
                page.goto(live_server + path.replace("{candidate_id}", str(org.candidate.id)))
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    too_wide.append((email, path, scroll_width))
            page.context.close()
        page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
        page.goto(live_server + "/login")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            too_wide.append(("anonymous", "/login", width))
        browser.close()
    assert too_wide == []

"""The core loop in a real Chromium: a candidate logs evidence, the manager verifies it,
and the readiness matrix shows the level reached."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tracker.artifacts import service as artifacts
from tracker.extensions import db
from tracker.models import Artifact

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def artifact_count():
    count = db.session.scalar(select(func.count()).select_from(Artifact))
    db.session.rollback()  # hold no transaction open while the server writes
    return count


def sign_in(page, base, email):
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/")
    expect(page.locator("h1")).to_contain_text("Hello,")


@pytest.mark.browser
def test_candidate_logs_evidence_and_manager_verification_reaches_a_level(org, live_server):
    base, today = live_server, date.today()
    # One verified planning claim at Emerging VP, about three months ago (another month).
    earlier = artifacts.create_artifact(
        org.candidate, org.candidate,
        {"type": "impact_note", "title": "Quarterly planning reset", "occurred_on": today - timedelta(days=92),
         "claims": [{"competency": "planning", "level": "emerging_vp"}]}, today=today)
    artifacts.decide(org.manager, earlier, "verified", "Seen it.")
    db.session.commit()
    candidate_id = org.candidate.id
    assert artifact_count() == 1

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context().new_page()
        page.set_default_timeout(10_000)

        sign_in(page, base, "candidate@example.com")
        expect(page.locator("h1")).to_have_text("Hello, Cara Candidate")
        expect(page.get_by_text("1 piece of evidence logged.")).to_be_visible()
        page.locator("header nav").get_by_role("link", name="Log evidence").click()
        expect(page).to_have_url(base + "/artifacts/new")
        expect(page.locator("h1")).to_have_text("Log evidence")

        # Bad input first: no title. The form comes back with an error and keeps what was typed.
        page.select_option("#type", "roadmap")
        page.fill("#occurred_on", today.isoformat())
        page.fill("#summary", "Merged three roadmaps into one plan for the org.")
        # choosing the type brings up its own sections, and the coach follows the writing
        expect(page.locator('textarea[name="roadmap-now"]')).to_be_visible()
        expect(page.locator('textarea[name="risk_register-risks-0-mitigation"]')).to_be_hidden()
        page.fill('textarea[name="roadmap-now"]', "Payments platform\nOn-call health\nHiring")
        expect(page.locator('[data-check="number"]')).to_have_class("missing")
        page.get_by_text("Outcome metrics", exact=False).first.click()  # collapsed until asked for
        page.fill('input[name="metric-0-name"]', "Planning cycle time")
        page.fill('input[name="metric-0-baseline"]', "6")
        page.fill('input[name="metric-0-result"]', "2")
        page.fill('input[name="metric-0-unit"]', "weeks")
        page.select_option('select[name="metric-0-category"]', "speed")
        expect(page.locator('[data-check="number"]')).to_have_class("met")
        expect(page.locator('[data-check="result"]')).to_have_class("met")
        page.check('input[name="claim-planning"][value="emerging_vp"]')
        page.get_by_role("button", name="Submit for verification").click()
        expect(page.locator(".error-summary")).to_contain_text("Nothing was saved yet.")
        expect(page.locator('textarea[name="roadmap-now"]')).to_have_value("Payments platform\nOn-call health\nHiring")
        expect(page.locator("#title-error")).to_have_text("This field is required.")
        expect(page.locator("#summary")).to_have_value("Merged three roadmaps into one plan for the org.")
        expect(page.locator("#type")).to_have_value("roadmap")
        expect(page.locator('input[name="metric-0-name"]')).to_have_value("Planning cycle time")
        expect(page.locator('input[name="claim-planning"][value="emerging_vp"]')).to_be_checked()
        assert artifact_count() == 1

        # Now a good submission.
        page.fill("#title", "One roadmap for the platform org")
        page.get_by_role("button", name="Submit for verification").click()
        expect(page).to_have_url(re.compile(re.escape(base) + r"/artifacts/\d+$"))
        new_id = int(page.url.rsplit("/", 1)[1])
        expect(page.locator("h1")).to_contain_text("One roadmap for the platform org")
        expect(page.locator("h1 .badge")).to_have_text("Awaiting verification")
        expect(page.locator(".flash")).to_have_text("Evidence submitted for verification.")
        expect(page.locator("table.list")).to_contain_text("Planning cycle time")
        expect(page.locator(".claims-list")).to_contain_text("Planning and prioritisation at Emerging VP")
        expect(page.locator(".kind-view")).to_contain_text("On-call health")
        assert artifact_count() == 2

        # Awaiting verification does not count yet.
        page.goto(base + "/readiness")
        planning = page.locator('tr[data-competency="planning"]')
        expect(planning).to_have_attribute("data-level", "")
        expect(planning).to_contain_text("No level reached yet")
        expect(planning.locator("td.reached")).to_have_count(0)

        page.get_by_role("button", name="Sign out").click()
        expect(page.locator(".flash")).to_have_text("You are signed out on every device.")

        # The manager verifies it from the queue.
        sign_in(page, base, "manager@example.com")
        page.get_by_role("link", name="Verification queue").click()
        expect(page.locator("h1")).to_contain_text("Verification queue 1 waiting")
        item = page.locator(f"#queue-{new_id}")
        expect(page.locator("article.queue-item")).to_have_count(1)
        expect(item).to_contain_text("One roadmap for the platform org")
        expect(item).to_contain_text("Cara Candidate")
        item.get_by_role("button", name="Verify").click()
        expect(page.locator(".flash")).to_have_text("“One roadmap for the platform org” is verified.")
        expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()

        # Two verified claims in two months: Emerging VP is reached in planning.
        page.goto(f"{base}/readiness/{candidate_id}")
        expect(page.locator("h1")).to_contain_text("Cara Candidate")
        planning = page.locator('tr[data-competency="planning"]')
        expect(planning).to_have_attribute("data-level", "emerging_vp")
        expect(planning).to_contain_text("Reached: Emerging VP")
        reached = planning.locator("td.reached")
        expect(reached).to_have_count(1)
        expect(reached).to_contain_text("One roadmap for the platform org")
        expect(reached).to_contain_text("Quarterly planning reset")
        expect(planning.locator("td").nth(1)).to_have_class("reached")
        expect(page.locator("p.stage")).to_have_text(re.compile(r"Stage: Strong Engineering Manager\s+\(manager\)"))
        browser.close()

    assert db.session.get(Artifact, new_id).state == "verified"

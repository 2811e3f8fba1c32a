"""A review session in a real Chromium: the manager schedules it from the Reviews page,
verifies waiting evidence inline, agrees a level, adds an action item for the candidate and
closes it; the candidate then reads the summary and sees the agreed level on their matrix.
The session page fits a phone screen (390 px) without scrolling sideways."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser.test_evidence_loop import ARGS, CHROMIUM, sign_in
from tracker.extensions import db
from tracker.models import Artifact, ReviewSession

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
EVIDENCE = "Quarterly plan across three teams"
RATIONALE = "Leads planning for two groups beyond their own; the dependency review caught two slips early."
ACTION = "Run the Q1 cross-team planning review"


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_manager_runs_a_review_session_and_the_candidate_sees_its_outcome(org, live_server):
    base, today = live_server, datetime.now(timezone.utc).date()  # the people here have no zone: UTC
    waiting = org.log(org.candidate, claims=[("planning", "emerging_vp")], state="submitted", title=EVIDENCE)
    waiting_id = waiting.id
    db.session.rollback()  # hold no transaction open while the server writes
    due = today + timedelta(days=14)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(10_000)

        # The manager schedules a session with the candidate from the Reviews page.
        sign_in(page, base, "manager@example.com")
        page.locator("header nav").get_by_role("link", name="Reviews").click()
        expect(page).to_have_url(base + "/reviews")
        expect(page.locator("h1")).to_have_text("Review sessions")
        expect(page.get_by_text("No review sessions yet.")).to_be_visible()
        expect(page.locator("details#schedule")).to_have_attribute("open", "")  # open while there are none
        expect(page.locator("#candidate option:checked")).to_have_text("Cara Candidate")
        page.fill("#date", today.isoformat())
        page.fill("#time", "14:30")
        page.fill("#duration_minutes", "60")
        page.fill("#location", "Room 4.2")
        page.get_by_role("button", name="Schedule and send invitations").click()

        # The session page.
        expect(page).to_have_url(re.compile(re.escape(base) + r"/reviews/\d+$"))
        review_id = int(page.url.rsplit("/", 1)[1])
        session_url = f"{base}/reviews/{review_id}"
        expect(page.locator(".flash")).to_have_text(
            "Session scheduled. Cara Candidate and you have an invitation in your mail.")
        expect(page.locator("h1")).to_have_text("Review: Cara Candidate with Mia Manager")
        when = page.locator("p.session-when")
        expect(when).to_contain_text(f"{today.strftime('%A %d %B %Y')}, 14:30 to 15:30")
        expect(when).to_contain_text("Room 4.2")
        expect(when.locator(".badge")).to_have_attribute("data-state", "scheduled")


        # The waiting evidence is on the agenda; the manager verifies it there.
        agenda = page.locator("section#agenda")
        expect(agenda.locator("h3", has_text="Waiting for verification")).to_contain_text("1")
        expect(agenda.get_by_text("Nothing waiting.")).to_have_count(0)
        item = page.locator(f"#evidence-{waiting_id}")
        expect(item, "the evidence awaiting verification is listed on the agenda").to_contain_text(EVIDENCE)
        expect(item.get_by_role("button", name="Send back")).to_be_visible()
        item.locator(f"#comment-{waiting_id}").fill("The dependency review shows it.")
        item.get_by_role("button", name="Verify").click()
        expect(page).to_have_url(re.compile(re.escape(session_url) + r"(\?.*)?#decide$"))
        expect(page.locator(".flash")).to_have_text("Decision recorded.")
        expect(page.locator(f"#evidence-{waiting_id}")).to_have_count(0)
        expect(agenda.get_by_text("Nothing waiting.")).to_be_visible()
        expect(agenda.locator("h3", has_text="Waiting for verification")).to_contain_text("0")
        decided = page.locator("section#decisions li")
        expect(decided).to_have_count(1)
        expect(decided).to_have_text(f"{EVIDENCE}: verified (The dependency review shows it.)")

        # An agreed level, with why.
        levels = page.locator("section#levels")
        expect(levels.locator('.agree-row[data-competency="planning"] .evidence-level')).to_have_text(
            "evidence: no level")  # one verified piece is not yet a level
        page.select_option("#level-planning", "emerging_vp")
        page.fill('input[name="rationale-planning"]', RATIONALE)
        levels.get_by_role("button", name="Save agreed levels").click()
        expect(page.locator(".flash")).to_have_text("Agreed levels saved.")
        expect(page.locator("#level-planning")).to_have_value("emerging_vp")
        expect(page.locator('input[name="rationale-planning"]')).to_have_value(RATIONALE)
        expect(page.locator("#level-org_design")).to_have_value("")

        # An action item for the candidate, with a due date.
        page.fill("#action-title", ACTION)
        page.select_option("#action-owner", "candidate@example.com")
        page.fill("#action-due", due.isoformat())
        page.get_by_role("button", name="Add action item").click()
        expect(page.locator(".flash")).to_have_text("Action item added.")
        actions = page.locator("section#action > ul > li")
        expect(actions).to_have_count(1)
        expect(actions).to_contain_text(ACTION)
        expect(actions).to_contain_text(f"· Cara Candidate · due {due.isoformat()}")
        expect(actions.get_by_role("button", name="Done")).to_be_visible()
        expect(page.locator("#action-title")).to_have_value("")

        assert no_sideways_scroll(page)

        # The same page on a phone: nothing wider than the screen.
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.set_default_timeout(10_000)
        sign_in(phone, base, "manager@example.com")
        phone.goto(session_url)
        expect(phone.locator("h1")).to_have_text("Review: Cara Candidate with Mia Manager")
        expect(phone.get_by_role("button", name="Close the session")).to_be_visible()
        width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the session page scrolls sideways at 390 px: {width}"
        phone.context.close()

        # Closing freezes the session.
        page.get_by_role("button", name="Close the session").click()
        expect(page.locator(".flash[role=status]")).to_have_text(
            "Session closed; both of you have the summary in your mail.")
        expect(page.locator("p.session-when .badge")).to_have_attribute("data-state", "closed")
        expect(page.get_by_role("button", name="Close the session")).to_have_count(0)
        expect(page.locator("#action-title")).to_have_count(0)
        expect(page.locator("#level-planning")).to_have_count(0)
        page.context.close()

        # The candidate opens the session from their Reviews list.
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(10_000)
        sign_in(page, base, "candidate@example.com")
        page.locator("header nav").get_by_role("link", name="Reviews").click()
        expect(page.locator("h1")).to_have_text("Review sessions")
        expect(page.locator("details#schedule")).to_have_count(0)  # candidates do not schedule
        rows = page.locator("table.sessions tbody tr")
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text("Mia Manager")
        expect(rows.locator(".badge")).to_have_text("closed")
        rows.get_by_role("link", name=f"{today.isoformat()} 14:30").click()
        expect(page).to_have_url(session_url)

        # The summary: closed, the agreed level, the action item, the decision.
        expect(page.locator("h1")).to_have_text("Review: Cara Candidate with Mia Manager")
        expect(page.locator("p.session-when .badge")).to_have_attribute("data-state", "closed")
        expect(page.locator("p.session-when .badge")).to_have_text("closed")
        expect(page.locator(".flash[role=note]")).to_contain_text(f"Closed on {today.strftime('%d %B %Y')}")
        agreed = page.locator('section#levels li[data-agreed="vp_engineering/planning"]')
        expect(agreed).to_have_text(
            f"VP of Engineering readiness: Planning and prioritisation: Emerging VP. {RATIONALE}")
        expect(page.locator("section#levels li")).to_have_count(1)
        actions = page.locator("section#action > ul > li")
        expect(actions).to_have_count(1)
        expect(actions).to_contain_text(ACTION)
        expect(actions).to_contain_text(f"· Cara Candidate · due {due.isoformat()}")
        expect(page.locator("section#decisions li")).to_have_text(
            f"{EVIDENCE}: verified (The dependency review shows it.)")
        expect(page.get_by_role("button", name="Close the session")).to_have_count(0)
        expect(page.get_by_role("button", name="Verify")).to_have_count(0)
        assert no_sideways_scroll(page)

        # The readiness matrix shows the level agreed beside the evidence level.
        page.locator("header nav").get_by_role("link", name="My readiness").click()
        expect(page).to_have_url(base + "/readiness")
        planning = page.locator('tr[data-competency="planning"]')
        expect(planning).to_have_attribute("data-level", "")  # one verified piece, one month: no level yet
        mark = planning.locator(".agreed-level")
        expect(mark).to_have_attribute("data-agreed-level", "emerging_vp")
        expect(mark).to_contain_text("Agreed in review: Emerging VP")
        expect(mark).to_contain_text("(above the evidence)")
        expect(mark.get_by_role("link", name="why")).to_have_attribute("href", f"/reviews/{review_id}")
        expect(page.locator(".agreed-level")).to_have_count(1)

        # The closed session on the candidate's phone.
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.set_default_timeout(10_000)
        sign_in(phone, base, "candidate@example.com")
        phone.goto(session_url)
        expect(phone.locator("p.session-when .badge")).to_have_attribute("data-state", "closed")
        width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the closed session page scrolls sideways at 390 px: {width}"
        browser.close()

    assert db.session.get(Artifact, waiting_id).state == "verified"
    assert db.session.get(ReviewSession, review_id).state == "closed"

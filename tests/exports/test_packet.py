"""The promotion packet: what a committee reads in it, in what order, and who may have it."""
import io
import re
import shutil
from datetime import date
from urllib.parse import urlencode

import pypdf
import pytest
from flask import render_template

from tests.api.helpers import ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER, assert_error, check_all
from tests.reviews.helpers import close, schedule
from tracker.artifacts import service as artifacts
from tracker.errors import NotFound
from tracker.exports import packet as packets, parts
from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.readiness.service import readiness_for
from tracker.reviews import contributions
from tracker.reviews.questions import QUESTIONS
from tracker.reviews.self_assessment import record_self_assessment

TODAY = date(2026, 11, 27)
HIDDEN = ("Secret reorg plan", "Pending vendor deal", "Deleted win", "Otto's secret win")
EXPLANATION = "A hiring freeze all year; two senior hires are planned for Q1."


def words(text):
    return " ".join(text.split())


def pages_of(pdf):
    assert pdf.startswith(b"%PDF-")
    return [words(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def outline_of(pdf):
    """The PDF's outline (bookmarks) as (depth, title) pairs, in order."""
    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                yield from walk(entry, depth + 1)
            else:
                yield depth, entry.title

    return list(walk(pypdf.PdfReader(io.BytesIO(pdf)).outline, 0))


def laid_out_in(app, monkeypatch, processes, render):
    """The pages' text and the outline of `render()` laid out by that many processes (not
    from the cache)."""
    monkeypatch.setitem(app.config, "PDF_LAYOUT_PROCESSES", processes)
    shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)
    pdf = render()
    return pages_of(pdf), outline_of(pdf)


def metric(name, baseline, result, unit, category):
    return [{"name": name, "baseline": baseline, "result": result, "unit": unit, "category": category}]


@pytest.fixture()
def candidate(org):
    """Cara's log: Proven VP in planning, Emerging VP in hiring, and evidence that must never show."""
    log, cara = org.log, org.candidate
    log(cara, [("planning", "proven_vp")], date(2026, 6, 1), title="Quarterly planning overhaul",
        result="Two planning cycles shipped on time.", metrics=metric("Lead time", 30, 12, "days", "speed"))
    log(cara, [("planning", "proven_vp")], date(2026, 2, 10), title="Roadmap reset")
    log(cara, [("planning", "emerging_vp")], date(2026, 7, 1), title="Planning offsite")
    log(cara, [("planning", "em")], date(2025, 5, 1), title="Old planning memo")
    log(cara, [("hiring", "emerging_vp")], date(2026, 4, 4), title="Hiring panel notes")
    log(cara, [("hiring", "emerging_vp")], date(2026, 4, 4), title="Hiring loop redesign",
        metrics=metric("Time to hire", 60, 45, "days", "speed"))
    log(cara, [("hiring", "emerging_vp")], date(2026, 9, 14), title="Campus programme")
    log(cara, [("org_design", "proven_vp")], date(2026, 8, 1), state="draft", visibility="private",
        title="Secret reorg plan")
    log(cara, [("org_design", "proven_vp")], date(2026, 8, 2), state="submitted", title="Pending vendor deal")
    artifacts.delete_artifact(cara, log(cara, [("metrics", "proven_vp")], date(2026, 8, 3), title="Deleted win"))
    log(org.other, [("planning", "proven_vp")], date(2026, 8, 4), title="Otto's secret win")
    framework = get_framework("vp_engineering")
    packets.save_explanation(cara, cara, framework, "hiring", EXPLANATION)
    review = schedule(org)
    contributions.set_agreed_levels(org.manager, review, {"framework": "vp_engineering", "levels": [
        {"competency": "planning", "level": "proven_vp", "rationale": "Led two planning cycles end to end"},
        {"competency": "hiring", "level": "emerging_vp", "rationale": "The loop redesign shows system thinking"}]})
    close(review)
    ratings = {"vp_engineering": {"planning": "proven_vp", "hiring": "proven_vp"}}
    record_self_assessment(cara, cara, {"answers": [{"question": q.slug, "rating": 4} for q in QUESTIONS],
                                        "ratings": ratings})
    packets.endorse(org.manager, cara, framework, "Mia's first draft.")
    packets.endorse(org.boss, cara, framework, "Cara already runs planning at VP scope.")
    db.session.commit()
    return org


def build(org, viewer=None):
    return packets.build_packet(viewer or org.candidate, org.candidate, get_framework("vp_engineering"), TODAY)


def test_the_strongest_evidence_ranks_by_level_then_recency_then_metrics(candidate):
    packet = build(candidate)
    sections = {section.slug: section for section in packet.sections}
    assert [p.title for p in sections["planning"].evidence] == [
        "Quarterly planning overhaul", "Roadmap reset", "Planning offsite"]  # three at most
    assert [p.title for p in sections["hiring"].evidence] == [
        "Campus programme", "Hiring loop redesign", "Hiring panel notes"]  # same day: the one with metrics first
    assert [p.title for p in packet.best] == ["Quarterly planning overhaul", "Roadmap reset", "Campus programme"]
    assert sections["org_design"].evidence == [] and sections["org_design"].below_target
    assert not sections["planning"].below_target
    assert [s.slug for s in packet.gaps] == [s.slug for s in packet.sections if s.slug != "planning"]
    explanation, endorsement = sections["hiring"].explanation, packet.endorsement
    assert explanation.body == EXPLANATION and explanation.author == "Cara Candidate"
    assert endorsement.body == "Cara already runs planning at VP scope." and endorsement.author == "Bo Director"


def test_the_first_two_pages_hold_the_cover_the_stage_the_gaps_and_the_best_evidence(candidate):
    pdf = packets.pdf_response(build(candidate)).data
    pages = pages_of(pdf)
    first = " ".join(pages[:2])
    headline = readiness_for(candidate.candidate).headline
    for expected in ("Promotion packet", "Candidate: Cara Candidate", "Target level: Proven VP",
                     "Framework: VP of Engineering readiness", f"Date: {TODAY.isoformat()}", "Manager: Mia Manager",
                     f"Stage: {headline}", "Gaps against Proven VP", "Hiring and talent systems: Emerging VP",
                     f"Not met, with explanation: {EXPLANATION}", "Organisation design: no level yet",
                     "No explanation written.", "The three strongest pieces of evidence",
                     "Quarterly planning overhaul", "Lead time: 30 -> 12 days (-60%)", "Roadmap reset",
                     "Campus programme"):
        assert expected in first, expected
    assert first.index("Quarterly planning overhaul") < first.index("Roadmap reset") < first.index("Campus programme")
    assert len(pages) > 2
    rest = " ".join(pages[2:])
    for expected in ("Readiness matrix", "Evidence per competency", "Planning and prioritisation: Proven VP",
                     "Two planning cycles shipped on time.", "Time to hire: 60 -> 45 days (-25%)", "Planning offsite",
                     "Agreed levels from review sessions", "Led two planning cycles end to end",
                     "The loop redesign shows system thinking", "Self-assessment", "average answer 4.0 of 5",
                     "Endorsed by Bo Director on", "Cara already runs planning at VP scope."):
        assert expected in rest, expected
    everything = " ".join(pages)
    assert "Old planning memo" not in everything  # a fourth piece in planning, and not among the best three
    assert "Mia's first draft." not in everything  # the newest endorsement only
    for title in HIDDEN:
        assert title not in everything, title


def test_the_chart_is_drawn_into_the_pdf(candidate):
    packet = build(candidate)
    page = render_template("exports/packet.html", packet=packet)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<polygon" in page  # inline: nothing to fetch
    matrix = next(text for text in pages_of(packets.pdf_response(packet).data) if "Readiness matrix" in text)
    assert "Strong Engineering Manager" in matrix  # the chart's legend: no row of the table names that level


def test_a_packet_without_reviews_self_assessment_or_endorsement_says_so(org):
    text = " ".join(pages_of(packets.pdf_response(build(org)).data))
    for expected in ("No verified evidence yet.", "No levels agreed in a closed review session yet.",
                     "No self-assessment yet.", "No endorsement yet.", "Manager: Mia Manager"):
        assert expected in text, expected


def test_nobody_outside_the_chain_gets_a_packet(candidate):
    with pytest.raises(NotFound):
        build(candidate, candidate.other_manager)
    with pytest.raises(NotFound):
        build(candidate, candidate.other)
    assert build(candidate, candidate.boss).candidate == "Cara Candidate"


def api_path(email=CANDIDATE, **params):
    return f"/users/{email}/packet" + (f"?{urlencode(params)}" if params else "")


def test_the_api_gives_the_pdf_to_the_candidate_their_chain_and_admins(api, candidate):
    def allowed(email):
        response = api.get(api_path(framework="vp_engineering"), as_=email)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="promotion-packet-vp_engineering-{date.today().isoformat()}.pdf"')
        assert "Quarterly planning overhaul" in " ".join(pages_of(response.data))

    check_all([(CANDIDATE,), (MANAGER,), (BOSS,), (ADMIN,)], allowed)
    check_all([(OTHER_MANAGER,), (OTHER,)], lambda email: assert_error(
        api.get(api_path(framework="vp_engineering"), as_=email), 404, "not_found"))
    assert_error(api.get(api_path("nobody@example.com")), 401)


def test_the_api_refuses_an_unknown_framework_and_parameter(api, candidate):
    assert_error(api.get(api_path(framework="no_such"), as_=CANDIDATE), 422, fields=("framework",))
    assert_error(api.get(api_path(frameworks="vp_engineering"), as_=CANDIDATE), 422, fields=("frameworks",))
    assert api.get(api_path(), as_=MANAGER).mimetype == "application/pdf"  # the primary target by default


def test_a_scorecard_packet_reads_its_total_and_its_top_level(org):
    framework = get_framework("em_scorecard")
    packet = packets.build_packet(org.manager, org.candidate, framework, TODAY)
    assert packet.target_level == framework.levels[-1].name and packet.headline.startswith("0 of 18")
    assert len(packet.gaps) == len(framework.competencies) and packet.best == []


def test_the_packet_laid_out_in_runs_is_the_packet_laid_out_whole(app, candidate, monkeypatch):
    """Each competency starts a page, so the runs meet where the whole would turn a page."""
    packet = build(candidate)
    assert len(parts.split(render_template("exports/packet.html", packet=packet), 3)) == 3
    whole, outline = laid_out_in(app, monkeypatch, 1, lambda: packets.pdf_response(packet).data)
    assert laid_out_in(app, monkeypatch, 3, lambda: packets.pdf_response(packet).data) == (whole, outline)
    assert [re.search(r"(\d+) / (\d+)$", text).groups() for text in whole] == [
        (str(number), str(len(whole))) for number in range(1, len(whole) + 1)]
    assert sum(text.startswith(("Evidence per competency", "Planning", "Hiring")) for text in whole) >= 2
    sections = [title for depth, title in outline if depth == 0]
    assert sections[:4] == ["Gaps against Proven VP", "The three strongest pieces of evidence", "Readiness matrix",
                            "Evidence per competency"]
    assert "Planning and prioritisation: Proven VP" in sections and sections[-1] == "Endorsement"
    assert (1, "Quarterly planning overhaul") in outline  # a piece, under its section

"""The brag document's content in Markdown and HTML: the timeline, entries, flags and what
is left out."""
import re
from datetime import date

import pytest

from tests.exports.conftest import END, START
from tracker.errors import Forbidden, NotFound, ValidationError
from tracker.exports import FORMATS, format_named
from tracker.exports.brag import MAX_ENTRIES, MetricLine, Options, build_brag_document, parse_options

TODAY = date(2026, 11, 27)
VERIFIED = re.compile(r"Verified by Mia Manager on \d{4}-\d{2}-\d{2}")


def document(org, **switches):
    return build_brag_document(org.candidate, org.candidate, Options(START, END, **switches), TODAY)


def rendered(org, name, **switches):
    return FORMATS[name].render(document(org, **switches))


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_entries_have_their_facts_metrics_story_claims_and_verification(evidence, name):
    text = rendered(evidence, name).replace("-&gt;", "->")
    for expected in ("Brag document: Cara Candidate", "2025-01-01 to 2026-11-21", "newest first",
                     "Cut cloud spend", "2026-03-10", "Impact note", "Outcomes: Cost",
                     "Cloud spend: 120 -> 80 k (-33%)", "Time to hire: 60 -> 45 days (-25%)",
                     "Situation", "Cloud bill grew 40% a year.", "Halve the growth.", "Rightsized clusters.",
                     "Spend fell by a third.", "Planning and prioritisation: Strong Engineering Manager",
                     "Hiring and talent systems: Emerging VP", "https://example.com/memo",
                     "Not verified yet", "Ran the quarterly planning"):
        assert expected in text, expected
    assert len(VERIFIED.findall(text)) == 2
    assert "planning: em" not in text  # names, not slugs


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_timeline_runs_by_year_and_quarter_newest_first(evidence, name):
    text = rendered(evidence, name)
    order = [text.index(marker) for marker in ("2026", "Q2 2026", "Hiring plan for platform", "Q1 2026",
                                               "Cut cloud spend", "Q2 2025", "Ran the quarterly planning")]
    assert order == sorted(order)


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_a_year_without_verified_business_outcome_is_flagged(evidence, name):
    text = rendered(evidence, name)
    assert "No verified business outcome in 2025: aim for at least one a year" in text
    assert "No verified business outcome in 2026" not in text  # the verified cloud-spend metric


def test_unverified_outcomes_do_not_count_for_the_year(org):
    org.log(org.candidate, occurred_on=date(2026, 5, 2), state="submitted",
            metrics=[{"name": "Revenue", "baseline": 1, "result": 2, "category": "revenue"}])
    years = document(org).years
    assert [year.year for year in years] == [2026, 2025]
    assert all(year.flag for year in years)
    assert "No evidence logged in 2025" in FORMATS["markdown"].render(document(org))


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_verified_only_leaves_unverified_evidence_out(evidence, name):
    text = rendered(evidence, name, verified_only=True)
    assert "Cut cloud spend" in text and "Ran the quarterly planning" in text
    assert "Hiring plan for platform" not in text and "Not verified yet" not in text


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_private_evidence_only_when_asked_for(evidence, name):
    assert "Private reflection" not in rendered(evidence, name)
    text = rendered(evidence, name, include_private=True)
    assert "Private reflection" in text and "Only for me." in text


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_never_deleted_evidence_nor_anyone_elses(evidence, name):
    text = rendered(evidence, name, include_private=True)
    assert "Deleted thing" not in text
    assert "Otto" not in text


def test_html_renders_the_markdown_and_escapes_the_rest(org):
    org.log(org.candidate, title="<script>alert(1)</script>", summary="**bold** <img src=x onerror=alert(1)>")
    page = FORMATS["html"].render(document(org))
    assert "<strong>bold</strong>" in page
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


def test_the_page_carries_its_own_print_stylesheet_allowed_by_its_hash(evidence):
    page = rendered(evidence, "html")
    assert "@media print" in page and "@page" in page
    policy = FORMATS["html"].headers()["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'sha256-" in policy and "unsafe" not in policy


def test_only_the_candidate_gets_their_brag_document(evidence):
    options = Options(START, END)
    for actor in (evidence.manager, evidence.boss, evidence.admin):
        with pytest.raises(Forbidden):
            build_brag_document(actor, evidence.candidate, options, TODAY)
    for actor in (evidence.other, evidence.other_manager):
        with pytest.raises(NotFound):
            build_brag_document(actor, evidence.candidate, options, TODAY)


def test_the_number_of_entries_is_bounded(org, monkeypatch):
    monkeypatch.setattr("tracker.exports.brag.MAX_ENTRIES", 2)
    for _ in range(3):
        org.log(org.candidate)
    with pytest.raises(ValidationError) as raised:
        document(org)
    assert "from" in raised.value.fields
    assert MAX_ENTRIES >= 500


@pytest.mark.parametrize("metric, text", [
    (MetricLine("Cloud spend", 120.0, 80.0, "k", "cost"), "Cloud spend: 120 -> 80 k (-33%)"),
    (MetricLine("Deploys", 4.0, 10.0, "", "speed"), "Deploys: 4 -> 10 (+150%)"),
    (MetricLine("Incidents", 0.0, 3.0, "", "risk"), "Incidents: 0 -> 3"),
    (MetricLine("Revenue", None, 2.5, "M EUR", "revenue"), "Revenue: 2.5 M EUR"),
    (MetricLine("Flat", 5.0, 5.0, "", "cost"), "Flat: 5 -> 5 (0%)"),
])
def test_metric_lines_show_the_change(metric, text):
    assert metric.text == text


def test_options_default_to_the_last_year():
    options = parse_options({}, TODAY)
    assert (options.start, options.end) == (date(2025, 11, 28), TODAY)
    assert not options.verified_only and not options.include_private
    assert parse_options({"verified_only": "true", "include_private": "TRUE"}, TODAY).include_private


@pytest.mark.parametrize("args, field", [
    ({"from": "2026-13-01"}, "from"), ({"to": "yesterday"}, "to"),
    ({"from": "2026-05-01", "to": "2026-04-01"}, "from"), ({"from": "2019-01-01", "to": "2026-01-01"}, "from"),
    ({"verified_only": "maybe"}, "verified_only"), ({"include_private": "1"}, "include_private"),
    ({"include_private": "on"}, "include_private"),
])
def test_bad_options_name_their_field(args, field):
    with pytest.raises(ValidationError) as raised:
        parse_options(args, TODAY)
    assert field in raised.value.fields


def test_formats_are_found_by_name():
    assert format_named(None).name == "markdown"
    assert {name: (f.media_type, f.extension) for name, f in FORMATS.items()} == {
        "markdown": ("text/markdown", "md"), "html": ("text/html", "html"), "pdf": ("application/pdf", "pdf")}
    with pytest.raises(ValidationError) as raised:
        format_named("docx")
    assert "format" in raised.value.fields

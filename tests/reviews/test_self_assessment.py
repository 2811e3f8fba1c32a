"""Self-assessment: every question rated 1-5, levels per competency, history, what changed
since last time, the self-rating beside the evidence level, and who may see and write it."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.api.helpers import ADMIN, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER, assert_error
from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.models import SelfAssessment
from tracker.reviews.questions import QUESTIONS


def answers(rating=3, **overrides):
    return [{"question": q.slug, "rating": overrides.get(q.slug, rating), "note": ""} for q in QUESTIONS]


def test_a_candidate_records_one_and_it_shows_beside_the_evidence(api, org):
    org.log(org.candidate, [("planning", "em")], occurred_on=date(2026, 3, 1))
    org.log(org.candidate, [("planning", "em")], occurred_on=date(2026, 4, 1))
    body = {"answers": answers(4), "ratings": {"vp_engineering": {"planning": "proven_vp", "hiring": "em"}}}
    created = api.post(f"/users/{CANDIDATE}/self-assessments", as_=CANDIDATE, json=body)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["ratings"] == {"vp_engineering": {"planning": "proven_vp", "hiring": "em"}}
    readiness = api.get(f"/users/{CANDIDATE}/readiness", as_=MANAGER).get_json()
    by_competency = {d["competency"]: d for d in readiness["dimensions"]}
    assert (by_competency["planning"]["level"], by_competency["planning"]["self_rating"]) == ("em", "proven_vp")
    assert by_competency["hiring"]["self_rating"] == "em" and by_competency["metrics"]["self_rating"] is None
    before = api.get(f"/users/{CANDIDATE}/readiness?as_of=2026-01-01", as_=CANDIDATE).get_json()
    assert all(d["self_rating"] is None for d in before["dimensions"])  # it did not exist yet


@pytest.mark.parametrize("body, field", [
    ({"answers": answers()[:9]}, "answers.without_title"),
    ({"answers": answers(6)}, "answers[0].rating"),
    ({"answers": answers(True)}, "answers[0].rating"),
    ({"answers": [{"question": "courage", "rating": 3}] + answers()}, "answers[0]"),
    ({"answers": answers(), "ratings": {"cto_readiness": {"strategy": "x"}}}, "ratings.cto_readiness"),
    ({"answers": answers(), "ratings": {"vp_engineering": {"planning": "chief"}}}, "ratings.vp_engineering.planning"),
    ({"answers": answers(), "mood": "fine"}, "mood"),
    ({"answers": "all good"}, "answers"),
])
def test_bad_self_assessments_are_refused_by_field(api, org, body, field):
    assert_error(api.post(f"/users/{CANDIDATE}/self-assessments", as_=CANDIDATE, json=body), 422, fields=[field])
    assert db.session.scalar(select(SelfAssessment.id)) is None


@pytest.mark.parametrize("reader, status", [(CANDIDATE, 200), (MANAGER, 200), ("boss@example.com", 200),
                                            (ADMIN, 200), (OTHER, 404), (OTHER_MANAGER, 404)])
def test_who_may_read_them(api, org, reader, status):
    api.post(f"/users/{CANDIDATE}/self-assessments", as_=CANDIDATE, json={"answers": answers()})
    response = api.get(f"/users/{CANDIDATE}/self-assessments", as_=reader)
    assert response.status_code == status
    if status == 200:
        assert len(response.get_json()) == 1


@pytest.mark.parametrize("writer, status", [(MANAGER, 403), (ADMIN, 403), (OTHER, 404)])
def test_only_the_person_writes_their_own(api, org, writer, status):
    response = api.post(f"/users/{CANDIDATE}/self-assessments", as_=writer, json={"answers": answers()})
    assert_error(response, status)


def test_the_form_keeps_answers_names_misses_and_compares_with_last_time(client, org):
    login(client, "candidate@example.com")
    page = client.get("/self-assessment").get_data(as_text=True)
    assert "Rate by the evidence you could show today" in page and page.count('type="radio"') == 50
    form = {f"q-{q.slug}": "2" for q in QUESTIONS[:-1]}
    form["note-leverage"] = "The on-call rota runs without me"
    missing = post_form(client, "/self-assessment", form)
    assert missing.status_code == 422 and "Answer every question" in missing.get_data(as_text=True)
    assert "The on-call rota runs without me" in missing.get_data(as_text=True)
    form[f"q-{QUESTIONS[-1].slug}"] = "2"
    assert post_form(client, "/self-assessment", {**form, "rate-vp_engineering--planning": "em"}).status_code == 302
    form["q-leverage"] = "4"
    response = post_form(client, "/self-assessment", {**form, "rate-vp_engineering--planning": "emerging_vp"})
    history = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Compared with last time" in history
    changed = re.findall(r"<li>(.*?)</li>", history[history.index("Compared with last time"):])
    assert any("important outcomes" in item and "2 → 4" in item for item in changed)
    assert any("Planning and prioritisation" in item and "Strong Engineering Manager → Emerging VP" in item
               for item in changed)
    assert len([item for item in changed if "→" in item]) == 2
    matrix = client.get("/readiness").get_data(as_text=True)
    assert 'data-self-rating="emerging_vp"' in matrix and "above the evidence" in matrix


def test_scorecard_targets_ask_their_own_self_check_questions(client, org):
    from tracker.frameworks.service import get_framework
    from tracker.frameworks.targets import set_targets

    set_targets(org.admin, org.candidate, ["vp_engineering", "it_director"], "vp_engineering")
    db.session.commit()
    login(client, "candidate@example.com")
    page = client.get("/self-assessment").text
    director = get_framework("it_director")
    for competency in director.competencies:
        question = competency.guidance["self_check"]
        assert f'data-self-check="{competency.slug}">{question}' in page.replace("&#39;", "'")
    assert page.count("data-self-check=") == len(director.competencies)  # the ladder's rows have none

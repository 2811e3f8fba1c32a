from datetime import date

from sqlalchemy import func, select

from tracker.demo.seed import occurred_on
from tracker.extensions import db
from tracker.models import Artifact, User
from tracker.readiness.service import readiness_for


def test_demo_seed_builds_a_varied_team(runner, app):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "demo-pass-2026" in result.output
    assert "helena.vasquez@northwind.example" in result.output and "(ready)" in result.output
    assert "manages Helena, Jun, Nina, Tomás" in result.output  # Nina is invited
    assert db.session.scalar(select(func.count(User.id))) == 9  # one of them invited, without a password yet
    assert 55 <= db.session.scalar(select(func.count(Artifact.id))) <= 70
    stages = {u.email.split("@")[0]: readiness_for(u).stage for u in db.session.scalars(select(User))}
    assert stages["helena.vasquez"] == "ready"
    assert stages["sade.adeyemi"] == stages["tomas.brennan"] == "transition"
    assert stages["rafael.costa"] == stages["jun.park"] == "manager"
    from tracker.auth.service import find_user
    from tracker.frameworks.targets import targets_of
    assert [f.slug for f in targets_of(find_user("rafael.costa@northwind.example"))] == [
        "vp_engineering", "it_director"]
    months = {a.occurred_on.strftime("%Y-%m") for a in db.session.scalars(select(Artifact))}
    assert len(months) == 12
    states = set(db.session.scalars(select(Artifact.state)))
    assert states == {"draft", "submitted", "verified", "changes_requested"}
    again = runner.invoke(args=["demo", "seed"])
    assert "already there" in again.output and "jun.park@northwind.example" in again.output
    assert db.session.scalar(select(func.count(User.id))) == 9


def test_relative_dates_never_land_in_the_future():
    today = date(2026, 1, 3)
    assert occurred_on(0, 14, today) == today
    assert occurred_on(1, 14, today) == date(2025, 12, 14)
    assert occurred_on(11, 28, today) == date(2025, 2, 28)


def test_a_seed_that_fails_part_way_leaves_nothing(runner, app, monkeypatch):
    from tracker.demo import seed
    demo = seed.load_demo()
    demo["artifacts"].append({"owner": demo["people"][1]["email"], "type": "slides", "title": "Broken",
                              "months_ago": 1})
    monkeypatch.setattr(seed, "load_demo", lambda: demo)
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code != 0
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(Artifact.id))) == 0


def test_the_demo_has_a_closed_review_and_an_upcoming_one(runner, app):
    from tracker.auth.service import find_user
    from tracker.models import OutboxMail, ReviewSession
    from tracker.reviews.agenda import build_agenda

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    helena = find_user("helena.vasquez@northwind.example")
    reviews = db.session.scalars(select(ReviewSession).where(ReviewSession.candidate_id == helena.id)
                                 .order_by(ReviewSession.starts_at)).all()
    assert [r.state for r in reviews] == ["closed", "scheduled"]
    planning = next(d for d in readiness_for(helena).dimensions if d.competency.slug == "planning")
    assert (planning.agreed_level.slug, planning.self_rating.slug) == ("proven_vp", "proven_vp")
    agenda = build_agenda(reviews[1]).to_dict()
    assert [i["title"] for i in agenda["open_action_items"]] == ["Present the Q1 platform plan to the sales leadership"]
    assert len(agenda["topics"]) == 2
    assert set(db.session.scalars(select(OutboxMail.state))) == {"dropped"}  # no mail to made-up addresses


def test_the_demo_has_a_stakeholder_statement_an_open_request_and_an_invitation(runner, app):
    from tracker.auth.service import find_user
    from tracker.models import Corroboration, OutboxMail
    from tracker.people.invitations import states_of

    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    given, asked = db.session.scalars(select(Corroboration).order_by(Corroboration.id)).all()
    assert (given.state, given.role, given.artifact.owner.email) == (
        "given", "Finance business partner", "helena.vasquez@northwind.example")
    assert "funded RTP" in given.statement and given.answered_at.date() < date.today()
    assert asked.state == "requested" and asked.link.used_at is None
    nina = find_user("nina.okafor@northwind.example")
    assert not nina.has_password and nina.manager.email == "marcus.lindqvist@northwind.example"
    assert states_of([nina])[nina.id].key == "invited"
    assert set(db.session.scalars(select(OutboxMail.state))) == {"dropped"}  # no mail to made-up addresses

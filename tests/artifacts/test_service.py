from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.artifacts import listing, queue, service
from tracker.errors import ValidationError
from tracker.errors import Conflict, Forbidden, NotFound
from tracker.extensions import db
from tracker.models import Artifact, Claim, Metric

TODAY = date(2026, 11, 21)


def full_input(**overrides):
    data = {
        "type": "postmortem", "title": "Payments outage review", "occurred_on": "2026-10-02",
        "summary": "Restored payouts in **40 minutes**.", "situation": "Queue backlog",
        "task": "Restore payouts", "action": "Drained the queue", "result": "No lost payments",
        "scope": "3 teams", "stakeholders": "CFO, Head of Support", "links": ["https://wiki.example/pm"],
        "visibility": "manager",
        "claims": [{"competency": "decision_making", "level": "emerging_vp"}],
        "metrics": [{"name": "Time to restore", "baseline": 180, "result": 40, "unit": "min",
                     "category": "risk"}],
    }
    data.update(overrides)
    return data


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_stores_every_field_and_a_history_entry(org):
    artifact = service.create_artifact(org.candidate, org.candidate, full_input(), today=TODAY)
    saved = service.artifact_to_dict(db.session.get(Artifact, artifact.id))
    assert saved["state"] == "submitted"
    assert saved["star"] == {"situation": "Queue backlog", "task": "Restore payouts",
                             "action": "Drained the queue", "result": "No lost payments"}
    assert saved["claims"] == [{"framework": "vp_engineering", "competency": "decision_making", "level": "emerging_vp"}]
    assert saved["metrics"][0] == {"name": "Time to restore", "baseline": 180.0, "result": 40.0,
                                   "unit": "min", "category": "risk"}
    assert saved["links"] == ["https://wiki.example/pm"]
    assert [e.kind for e in artifact.events] == ["created"]


@pytest.mark.parametrize("override, field", [
    ({"title": "  "}, "title"),
    ({"type": "poem"}, "type"),
    ({"occurred_on": "2026-13-01"}, "occurred_on"),
    ({"occurred_on": "2027-01-01"}, "occurred_on"),
    ({"claims": [{"competency": "juggling", "level": "em"}]}, "claims[0].competency"),
    ({"claims": [{"competency": "planning", "level": "cto"}]}, "claims[0].level"),
    ({"claims": [{"competency": "planning", "level": "em"},
                 {"competency": "planning", "level": "proven_vp"}]}, "claims[1].competency"),
    ({"metrics": [{"name": "x", "result": "lots", "category": "cost"}]}, "metrics[0].result"),
    ({"metrics": [{"name": "x", "result": 1, "category": "vibes"}]}, "metrics[0].category"),
    ({"metrics": [{"name": "x", "result": float("nan"), "category": "cost"}]}, "metrics[0].result"),
    ({"links": ["javascript:alert(1)"]}, "links"),
    ({"visibility": "everyone"}, "visibility"),
    ({"summary": "x" * 20001}, "summary"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_input_names_the_field_and_saves_nothing(org, override, field):
    with pytest.raises(ValidationError) as error:
        service.create_artifact(org.candidate, org.candidate, full_input(**override), today=TODAY)
    assert field in error.value.fields
    db.session.rollback()
    assert (count(Artifact), count(Claim), count(Metric)) == (0, 0, 0)


def test_a_candidate_cannot_log_for_someone_else(org):
    with pytest.raises(Forbidden):
        service.create_artifact(org.candidate, org.other, full_input(), today=TODAY)
    with pytest.raises(Forbidden):
        service.create_artifact(org.other_manager, org.candidate, full_input(), today=TODAY)


def test_a_manager_logs_observed_evidence_for_a_report(org):
    artifact = service.create_artifact(org.manager, org.candidate, full_input(), today=TODAY)
    assert (artifact.owner, artifact.author) == (org.candidate, org.manager)


def test_editing_verified_substance_returns_it_to_submitted(org):
    artifact = org.log(org.candidate, [("planning", "em")])
    service.update_artifact(org.candidate, artifact, {"title": "A sharper title"}, today=TODAY)
    assert artifact.state == "submitted"
    assert artifact.events[-1].comment.startswith("Verified content changed")


def test_re_saving_identical_content_keeps_verification(org):
    artifact = org.log(org.candidate, [("planning", "em")])
    same = {"title": artifact.title, "claims": [{"competency": "planning", "level": "em"}],
            "occurred_on": artifact.occurred_on.isoformat()}
    service.update_artifact(org.candidate, artifact, same, today=TODAY)
    assert artifact.state == "verified"
    reordered = org.log(org.candidate, [("planning", "em"), ("hiring", "em")])
    service.update_artifact(org.candidate, reordered, {
        "claims": [{"competency": "hiring", "level": "em"}, {"competency": "planning", "level": "em"}],
        "summary": reordered.summary.replace("\n", "\r\n")}, today=TODAY)
    assert reordered.state == "verified"


def test_private_evidence_never_counts_nor_shows_in_the_matrix(org):
    from tracker.readiness.service import readiness_for
    first = org.log(org.candidate, [("hiring", "em")], date(2026, 3, 1), title="SECRET plan")
    org.log(org.candidate, [("hiring", "em")], date(2026, 4, 1))
    assert readiness_for(org.candidate).level_of("hiring").slug == "em"
    service.update_artifact(org.candidate, first, {"visibility": "private"}, today=TODAY)
    assert (first.state, first.decided_by) == ("draft", None)
    readiness = readiness_for(org.candidate)
    assert readiness.level_of("hiring") is None
    assert all(c.title != "SECRET plan" for d in readiness.dimensions for cell in d.cells.values()
               for c in cell.newest)


def test_only_the_owner_creates_private_evidence(org):
    with pytest.raises(ValidationError) as error:
        service.create_artifact(org.manager, org.candidate, full_input(visibility="private"),
                                submit=False, today=TODAY)
    assert "visibility" in error.value.fields


def test_saving_an_edit_form_unchanged_keeps_numbers_exact(org):
    from tracker.artifacts.forms import artifact_as_form
    artifact = org.log(org.candidate, metrics=[
        {"name": "ARR", "baseline": 1234567, "result": 0.1 + 0.2, "unit": "$", "category": "revenue"}])
    values = artifact_as_form(artifact)
    service.update_artifact(org.candidate, artifact, {"metrics": values["metrics"]}, today=TODAY)
    assert (artifact.metrics[0].baseline, artifact.metrics[0].result) == (1234567, 0.1 + 0.2)
    assert artifact.state == "verified"


def test_editing_claims_replaces_them(org):
    artifact = org.log(org.candidate, [("planning", "em"), ("hiring", "em")])
    service.update_artifact(org.candidate, artifact,
                            {"claims": [{"competency": "planning", "level": "proven_vp"}]}, today=TODAY)
    db.session.expire_all()
    assert [(c.competency.slug, c.level.slug) for c in artifact.claims] == [("planning", "proven_vp")]
    assert artifact.state == "submitted"


def test_only_the_owner_or_author_edits_and_only_the_owner_makes_private(org):
    artifact = service.create_artifact(org.manager, org.candidate, full_input(), today=TODAY)
    with pytest.raises(Forbidden):
        service.update_artifact(org.boss, artifact, {"title": "Boss edit"}, today=TODAY)
    with pytest.raises(ValidationError):
        service.update_artifact(org.manager, artifact, {"visibility": "private"}, today=TODAY)
    service.update_artifact(org.manager, artifact, {"title": "Author edit"}, today=TODAY)
    assert artifact.title == "Author edit"


def test_decisions(org):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted")
    with pytest.raises(Forbidden):
        service.decide(org.candidate, artifact, "verified")
    with pytest.raises(Forbidden):
        service.decide(org.boss, artifact, "verified")  # in the chain, but not the direct manager
    with pytest.raises(ValidationError) as error:
        service.decide(org.manager, artifact, "changes_requested", "  ")
    assert "comment" in error.value.fields
    with pytest.raises(ValidationError):
        service.decide(org.manager, artifact, "maybe")
    service.decide(org.manager, artifact, "verified", "Saw the board deck.")
    assert (artifact.state, artifact.decided_by, artifact.decision_comment) == (
        "verified", org.manager, "Saw the board deck.")
    assert artifact.decided_at is not None
    service.decide(org.admin, artifact, "changes_requested", "Missing the baseline.")
    assert artifact.state == "changes_requested"
    assert [e.kind for e in artifact.events] == ["created", "verified", "changes_requested"]


def test_drafts_and_deleted_evidence_cannot_be_decided(org):
    draft = org.log(org.candidate, [("planning", "em")], state="draft")
    with pytest.raises(Conflict):
        service.decide(org.manager, draft, "verified")
    submitted = org.log(org.candidate, [("planning", "em")], state="submitted")
    service.delete_artifact(org.candidate, submitted)
    with pytest.raises(Forbidden):
        service.decide(org.manager, submitted, "verified")


def test_submit_moves_drafts_and_sent_back_items_only(org):
    draft = org.log(org.candidate, state="draft")
    service.submit_artifact(org.candidate, draft)
    assert draft.state == "submitted"
    with pytest.raises(Conflict):
        service.submit_artifact(org.candidate, draft)


def test_private_evidence_cannot_be_submitted(org):
    with pytest.raises(ValidationError) as error:
        org.log(org.candidate, state="submitted", visibility="private")
    assert "visibility" in error.value.fields
    db.session.rollback()
    draft = org.log(org.candidate, state="draft", visibility="private")
    with pytest.raises(Conflict):
        service.submit_artifact(org.candidate, draft)
    assert draft.state == "draft"


def test_private_evidence_is_the_owners_alone(org):
    artifact = org.log(org.candidate, state="draft", visibility="private")
    for viewer in (org.manager, org.boss, org.admin, org.other):
        with pytest.raises(NotFound):
            service.load_artifact(viewer, artifact.id)
    assert service.load_artifact(org.candidate, artifact.id) is artifact


def test_trash_is_restorable_by_the_owner_only(org):
    artifact = org.log(org.candidate)
    with pytest.raises(Forbidden):
        service.delete_artifact(org.manager, artifact)
    service.delete_artifact(org.candidate, artifact)
    assert listing.trash(org.candidate) == [artifact]
    with pytest.raises(NotFound):
        service.load_artifact(org.manager, artifact.id)
    with pytest.raises(Forbidden):
        service.restore_artifact(org.admin, artifact)
    service.restore_artifact(org.candidate, artifact)
    assert listing.trash(org.candidate) == []
    assert [e.kind for e in artifact.events][-2:] == ["deleted", "restored"]


def test_search_filters_and_visibility(org):
    org.log(org.candidate, [("planning", "em")], title="Quarterly plan", type="roadmap")
    org.log(org.candidate, [("hiring", "em")], title="Hiring loop")
    org.log(org.candidate, title="Secret", state="draft", visibility="private")
    org.log(org.other, title="Not yours")
    titles = lambda results: sorted(a.title for a in results.items)  # noqa: E731
    assert titles(listing.search_artifacts(org.candidate)) == ["Hiring loop", "Quarterly plan", "Secret"]
    assert titles(listing.search_artifacts(org.manager)) == ["Hiring loop", "Quarterly plan"]
    assert titles(listing.search_artifacts(org.boss)) == ["Hiring loop", "Quarterly plan"]
    assert titles(listing.search_artifacts(org.admin)) == ["Hiring loop", "Not yours", "Quarterly plan"]
    assert titles(listing.search_artifacts(org.other_manager)) == ["Not yours"]
    assert titles(listing.search_artifacts(org.manager, competency="hiring")) == ["Hiring loop"]
    assert titles(listing.search_artifacts(org.manager, type_="roadmap")) == ["Quarterly plan"]
    assert titles(listing.search_artifacts(org.manager, q="LOOP")) == ["Hiring loop"]


def test_verification_queue_holds_direct_reports_submitted_items(org):
    mine = org.log(org.candidate, state="submitted")
    org.log(org.candidate, state="draft")
    org.log(org.candidate, state="draft", visibility="private")
    org.log(org.other, state="submitted")
    assert queue.queue_page(org.manager).items == [mine]
    assert queue.queue_page(org.boss).items == []
    assert len(queue.queue_page(org.admin).items) == 2


def test_every_bad_link_is_named(org):
    with pytest.raises(ValidationError) as error:
        service.create_artifact(org.candidate, org.candidate,
                                full_input(links=["javascript:alert(1)", "not a url"]), today=TODAY)
    assert "'javascript:alert(1)'" in error.value.fields["links"]
    assert "'not a url'" in error.value.fields["links"]
    with pytest.raises(ValidationError) as error:
        service.create_artifact(org.candidate, org.candidate, full_input(links=5), today=TODAY)
    assert error.value.fields["links"] == "Must be a list of web addresses."


def test_single_line_fields_fold_line_breaks_and_links_with_bad_brackets_are_422(org):
    artifact = service.create_artifact(org.candidate, org.candidate, full_input(
        title="Two\nlines", scope="Platform\r\nand infra", summary="Para one\r\rPara two"), today=TODAY)
    assert (artifact.title, artifact.scope) == ("Two lines", "Platform and infra")
    assert artifact.summary == "Para one\n\nPara two"
    with pytest.raises(ValidationError) as error:
        service.create_artifact(org.candidate, org.candidate, full_input(links=["http://[::1"]), today=TODAY)
    assert "links" in error.value.fields


@pytest.mark.parametrize("value", ["1_000", "١٢", "inf", "1e999", "0x10"])
def test_metric_numbers_are_plain_ascii_decimals(org, value):
    bad = full_input(metrics=[{"name": "x", "result": value, "category": "cost"}])
    with pytest.raises(ValidationError):
        service.create_artifact(org.candidate, org.candidate, bad, today=TODAY)


def test_every_event_records_the_state_before_and_after(org):
    from tracker.models import ArtifactEvent
    artifact = org.log(org.candidate, [("planning", "em")], state="draft")
    service.submit_artifact(org.candidate, artifact)
    service.decide(org.manager, artifact, "verified", "Seen.")
    service.update_artifact(org.candidate, artifact, {"title": "Renamed"})
    service.delete_artifact(org.candidate, artifact)
    events = db.session.scalars(select(ArtifactEvent).where(ArtifactEvent.artifact_id == artifact.id)
                                .order_by(ArtifactEvent.id)).all()
    assert [(e.kind, e.from_state, e.to_state) for e in events] == [
        ("created", None, "draft"), ("submitted", "draft", "submitted"), ("verified", "submitted", "verified"),
        ("edited", "verified", "submitted"), ("deleted", "submitted", "submitted")]
    # who verified what, when: answerable from columns
    verified = [e for e in events if e.to_state == "verified"]
    assert verified[0].actor == org.manager

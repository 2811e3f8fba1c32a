"""Links that must not work (expired, tampered, withdrawn, used, on trashed evidence), the
withdraw-or-answer race, who may ask and withdraw, and statements on private evidence."""
from datetime import timedelta

import pytest

from tests.api.helpers import ADMIN, CANDIDATE, MANAGER, OTHER, assert_error
from tests.conftest import login, post_form
from tests.corroboration.conftest import STAKEHOLDER, ask
from tracker.accounts.links import LinkRefused
from tracker.artifacts import service as artifacts
from tracker.corroboration import service
from tracker.errors import Conflict, Forbidden, NotFound
from tracker.extensions import db
from tracker.models import Corroboration
from tracker.models.base import utcnow


def opened(client, token):
    response = client.get("/corroborate", query_string={"token": token})
    return response.status_code, response.get_data(as_text=True)


def test_refused_links_get_a_clear_page(client, org):
    shared = org.log(org.candidate, title="Cut cloud spend")
    expired, expired_token = ask(org, shared, email="exp@example.com")
    expired.link.expires_at = utcnow() - timedelta(seconds=1)
    _, withdrawn_token = ask(org, shared, email="wd@example.com")
    trashed_on = org.log(org.candidate, title="Later trashed")
    _, trashed_token = ask(org, trashed_on)
    _, good = ask(org, shared)
    artifacts.delete_artifact(org.candidate, trashed_on)
    db.session.commit()

    login(client, CANDIDATE)
    withdrawn = db.session.scalars(db.select(Corroboration).filter_by(email="wd@example.com")).one()
    response = post_form(client, f"/corroborations/{withdrawn.id}/withdraw")
    assert response.status_code == 302 and response.headers["Location"].endswith("#corroboration")
    page = client.get(f"/artifacts/{shared.id}").get_data(as_text=True)
    assert "Withdrew the request to Dana Lee" in page and "Withdrawn on" in page and "Expired without an answer" in page

    stakeholder = client.application.test_client()
    tampered = good[:-3] + ("abc" if not good.endswith("abc") else "xyz")
    for token, status, words in [(expired_token, 410, "expired"), (withdrawn_token, 410, "withdrawn"),
                                 (trashed_token, 410, "withdrawn"), (tampered, 404, "not valid"),
                                 ("", 404, "not valid"), ("x" * 600, 404, "not valid")]:
        code, html = opened(stakeholder, token)
        assert code == status and words in html, (token, html[:300])
        assert "Cut cloud spend" not in html and "Later trashed" not in html
    assert opened(stakeholder, good)[0] == 200


def test_one_of_withdraw_and_answer_wins(org):
    shared = org.log(org.candidate, title="Cut cloud spend")
    first, token = ask(org, shared)
    service.give_statement(token, "Saw it.")
    db.session.commit()
    with pytest.raises(Conflict, match="already answered"):
        service.withdraw(org.candidate, first)
    db.session.rollback()
    second, token = ask(org, shared, email="ravi@example.com")
    service.withdraw(org.candidate, second)
    db.session.commit()
    with pytest.raises(LinkRefused) as refused:
        service.give_statement(token, "Too late.")
    assert "withdrawn" in str(refused.value)
    db.session.rollback()
    with pytest.raises(Conflict, match="already withdrawn"):
        service.withdraw(org.candidate, second)
    db.session.rollback()
    db.session.expire_all()
    states = {row.email: (row.state, row.statement) for row in db.session.scalars(db.select(Corroboration))}
    assert states == {"dana.lee@finance.example": ("given", "Saw it."), "ravi@example.com": ("withdrawn", "")}


def test_only_the_owner_asks_and_withdraws(api, client, org):
    shared = org.log(org.candidate, title="Cut cloud spend")
    row, _ = ask(org, shared)
    for email, status in [(OTHER, 404), (MANAGER, 403), (ADMIN, 403)]:
        assert_error(api.post(f"/artifacts/{shared.id}/corroborations", as_=email, json=STAKEHOLDER), status)
        assert_error(api.post(f"/corroborations/{row.id}/withdraw", as_=email), status)
    assert_error(api.get(f"/artifacts/{shared.id}/corroborations", as_=OTHER), 404)
    assert api.get(f"/artifacts/{shared.id}/corroborations", as_=MANAGER).get_json() == []  # none given yet
    for service_call in (lambda: service.request_corroboration(org.manager, shared, STAKEHOLDER),
                         lambda: service.withdraw(org.manager, row)):
        with pytest.raises(Forbidden):
            service_call()
    with pytest.raises(NotFound):
        service.load_corroboration(org.other, row.id)
    login(client, MANAGER)
    assert post_form(client, f"/artifacts/{shared.id}/corroborations", STAKEHOLDER).status_code == 403
    assert post_form(client, f"/corroborations/{row.id}/withdraw").status_code == 403
    db.session.expire_all()
    assert [r.state for r in db.session.scalars(db.select(Corroboration))] == ["requested"]

    # The owner, by the API: ask, list (with the request's state), withdraw, and not twice.
    made = api.post(f"/artifacts/{shared.id}/corroborations", as_=CANDIDATE,
                    json={"name": "Ravi Rao", "email": "Ravi@Example.com", "role": "Product lead"})
    assert made.status_code == 201
    body = made.get_json()
    assert body == {**body, "email": "ravi@example.com", "state": "requested", "statement": "", "answered_at": None}
    listed = api.get(f"/artifacts/{shared.id}/corroborations", as_=CANDIDATE).get_json()
    assert [item["name"] for item in listed] == ["Ravi Rao", "Dana Lee"]
    withdrawn = api.post(f"/corroborations/{body['id']}/withdraw", as_=CANDIDATE)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["state"] == "withdrawn"
    assert_error(api.post(f"/corroborations/{body['id']}/withdraw", as_=CANDIDATE), 409)
    trashed = org.log(org.candidate, title="Trashed")
    artifacts.delete_artifact(org.candidate, trashed)
    db.session.commit()
    assert_error(api.post(f"/artifacts/{trashed.id}/corroborations", as_=CANDIDATE, json=STAKEHOLDER), 409)


def test_a_statement_on_private_evidence_is_the_owners_alone(api, client, org):
    private = org.log(org.candidate, state="draft", visibility="private", title="Private reflection")
    shared = org.log(org.candidate, title="Cut cloud spend")
    for artifact, words in ((private, "Quiet praise for the private work."), (shared, "Loud praise.")):
        _, token = ask(org, artifact)
        service.give_statement(token, words)
    db.session.commit()
    login(client, CANDIDATE)
    assert "Quiet praise for the private work." in client.get(f"/artifacts/{private.id}").get_data(as_text=True)
    for email in (MANAGER, ADMIN):
        viewer = client.application.test_client()
        login(viewer, email)
        assert viewer.get(f"/artifacts/{private.id}").status_code == 404
        assert "Loud praise." in viewer.get(f"/artifacts/{shared.id}").get_data(as_text=True)
        assert_error(api.get(f"/artifacts/{private.id}/corroborations", as_=email), 404)
        everything = api.get(f"/artifacts/{shared.id}/corroborations", as_=email).get_data(as_text=True)
        assert "Loud praise." in everything and "Quiet praise" not in everything
        for path in ("/", "/artifacts/", "/artifacts/queue", "/notifications", "/team"):
            assert "Quiet praise" not in viewer.get(path).get_data(as_text=True), path

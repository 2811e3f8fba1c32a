"""The promotion-packet page: who opens it, who writes the explanations and the endorsement,
and what a refused form keeps."""
from sqlalchemy import select

from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.models import Endorsement, PacketExplanation


def page_path(org, suffix=""):
    return f"/people/{org.candidate.id}/packet{suffix}"


def test_the_candidate_their_chain_and_admins_open_it(client, org):
    org.log(org.candidate, [("planning", "emerging_vp")], title="Roadmap reset")
    for email, status in (("candidate@example.com", 200), ("manager@example.com", 200), ("boss@example.com", 200),
                          ("admin@example.com", 200), ("other.manager@example.com", 404), ("other@example.com", 404)):
        login(client, email)
        page = client.get(page_path(org, "?framework=vp_engineering"))
        assert page.status_code == status, email
        if status == 200:
            assert "Download the packet (PDF)" in page.text and "Planning and prioritisation" in page.text
        pdf = client.get(page_path(org, ".pdf?framework=vp_engineering"))
        assert pdf.status_code == status, email
        if status == 200:
            assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
        post_form(client, "/logout")


def test_an_unknown_framework_shows_the_primary_target(client, org):
    login(client, "candidate@example.com")
    page = client.get(page_path(org, "?framework=no_such"))
    assert page.status_code == 200
    assert "That framework does not exist; showing the primary target." in page.text
    assert "VP of Engineering readiness" in page.text


def test_it_is_linked_from_the_matrix_and_the_dashboard(client, org):
    login(client, "candidate@example.com")
    assert f'href="/people/{org.candidate.id}/packet?framework=vp_engineering">Promotion packet' in client.get(
        f"/readiness/{org.candidate.id}").text
    assert f'href="/people/{org.candidate.id}/packet">My promotion packet' in client.get("/").text


def explanation(org):
    return db.session.scalar(select(PacketExplanation).where(PacketExplanation.user_id == org.candidate.id))


def switch(client, email):
    post_form(client, "/logout")
    login(client, email)


def test_the_candidate_and_their_manager_write_the_explanation(client, org):
    login(client, "candidate@example.com")
    response = post_form(client, page_path(org, "/explanations?framework=vp_engineering"),
                         {"competency": "hiring", "body": "A hiring freeze all year."})
    assert response.status_code == 302 and response.headers["Location"].endswith("#hiring")
    assert explanation(org).body == "A hiring freeze all year."
    assert "A hiring freeze all year." in client.get(page_path(org)).text
    switch(client, "manager@example.com")
    assert post_form(client, page_path(org, "/explanations"), {"competency": "hiring", "body": "Frozen by the CFO."}
                     ).status_code == 302
    db.session.expire_all()
    assert explanation(org).body == "Frozen by the CFO." and explanation(org).author_id == org.manager.id
    switch(client, "other.manager@example.com")
    assert post_form(client, page_path(org, "/explanations"), {"competency": "hiring", "body": "Mine."}
                     ).status_code == 404


def test_a_refused_explanation_keeps_what_was_typed(client, org):
    login(client, "candidate@example.com")
    typed = "x" * 2001
    response = post_form(client, page_path(org, "/explanations"), {"competency": "hiring", "body": typed})
    assert response.status_code == 422
    assert "Must be at most 2000 characters (now 2001)." in response.text and typed in response.text
    assert "Nothing was saved." in response.text
    response = post_form(client, page_path(org, "/explanations"), {"competency": "no_such", "body": "Why."})
    assert response.status_code == 422 and "Choose a competency of VP of Engineering readiness." in response.text
    assert explanation(org) is None


def test_the_chain_endorses_but_not_the_candidate(client, org):
    login(client, "candidate@example.com")
    assert 'name="statement"' not in client.get(page_path(org)).text
    assert post_form(client, page_path(org, "/endorsements"), {"statement": "I am great."}).status_code == 403
    switch(client, "manager@example.com")
    assert post_form(client, page_path(org, "/endorsements"), {"statement": "First take."}).status_code == 302
    assert post_form(client, page_path(org, "/endorsements"), {"statement": "Ready for VP."}).status_code == 302
    rows = db.session.scalars(select(Endorsement).where(Endorsement.user_id == org.candidate.id)).all()
    assert [row.statement for row in rows] == ["First take.", "Ready for VP."]  # kept as history
    page = client.get(page_path(org)).text
    assert "Endorsed by Mia Manager on" in page and "Ready for VP." in page and "First take." not in page


def test_a_refused_endorsement_keeps_what_was_typed(client, org):
    login(client, "boss@example.com")
    typed = "y" * 3001
    response = post_form(client, page_path(org, "/endorsements"), {"statement": typed})
    assert response.status_code == 422
    assert "Must be at most 3000 characters (now 3001)." in response.text and typed in response.text
    assert post_form(client, page_path(org, "/endorsements"), {"statement": "  "}).status_code == 422
    assert db.session.scalar(select(Endorsement)) is None


def test_the_forms_need_a_csrf_token(client, org):
    login(client, "manager@example.com")
    explained = client.post(page_path(org, "/explanations"), data={"competency": "hiring", "body": "Why."})
    assert explained.status_code == 400
    assert client.post(page_path(org, "/endorsements"), data={"statement": "Ready."}).status_code == 400
    assert explanation(org) is None and db.session.scalar(select(Endorsement)) is None

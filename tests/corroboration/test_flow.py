"""The whole loop through real parts: the candidate asks on the evidence page, the stakeholder
reads the link in the mail the loopback SMTP server received, opens it without an account,
writes the statement; it shows on the evidence page, in the brag document and in the packet."""
import io
from datetime import date

import pypdf

from tests.conftest import csrf_token, login, post_form
from tests.corroboration.conftest import STAKEHOLDER, token_in
from tracker.extensions import db
from tracker.models import Corroboration, Notification

STATEMENT = "Cara's spot-instance move took 40k a month off our cloud bill; finance saw it in Q2."


def test_request_mail_statement_and_where_it_shows(app, client, org, smtp):
    cut = org.log(org.candidate, [("planning", "proven_vp")], date(2026, 3, 10), title="Cut cloud spend",
                  summary="Moved batch jobs to **spot instances**.",
                  metrics=[{"name": "Monthly cloud bill", "baseline": 120, "result": 80, "unit": "k",
                            "category": "cost"}])
    org.log(org.candidate, title="Hiring loop redesign")
    login(client, "candidate@example.com")
    page = client.get(f"/artifacts/{cut.id}").get_data(as_text=True)
    assert "Corroboration" in page and "Ask a stakeholder for a statement" in page
    response = post_form(client, f"/artifacts/{cut.id}/corroborations", STAKEHOLDER)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/artifacts/{cut.id}#corroboration")

    # The mail went to the stakeholder's address, after the response, with the link.
    [mail] = smtp.to("dana.lee@finance.example")
    assert mail["Subject"] == "Cara Candidate asks for your statement on “Cut cloud spend”"
    text = smtp.text(mail)
    assert "as Finance partner" in text and "Cut cloud spend" in text
    token = token_in(text)
    assert token == token_in(smtp.html(mail))

    # The owner's list shows the open request.
    page = client.get(f"/artifacts/{cut.id}").get_data(as_text=True)
    assert "dana.lee@finance.example" in page and "Open until " in page and "Withdraw" in page

    # The stakeholder's page: no account, that evidence's title and summary, nothing else.
    stakeholder = app.test_client()
    shown = stakeholder.get("/corroborate", query_string={"token": token})
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "Cut cloud spend" in html and "<strong>spot instances</strong>" in html
    assert "Cara Candidate asks you, Dana Lee, as Finance partner" in html
    for hidden in ("Monthly cloud bill", "Hiring loop redesign", "Planning", "Dashboard", "My evidence",
                   "Sign out", "candidate@example.com", "Mia Manager"):
        assert hidden not in html, hidden
    assert 'name="csrf_token"' in html

    # An empty statement is refused beside the field; nothing is used up.
    token_field = {"token": token, "csrf_token": csrf_token(stakeholder, f"/corroborate?token={token}")}
    refused = stakeholder.post("/corroborate", data={**token_field, "statement": "   "})
    assert refused.status_code == 422 and "This field is required." in refused.get_data(as_text=True)
    assert stakeholder.post("/corroborate", data={"token": token, "statement": STATEMENT}).status_code == 400  # CSRF

    given = stakeholder.post("/corroborate", data={**token_field, "statement": STATEMENT})
    assert given.status_code == 200 and "Thank you" in given.get_data(as_text=True)
    row = db.session.scalars(db.select(Corroboration)).one()
    assert (row.state, row.statement) == ("given", STATEMENT) and row.answered_at is not None
    assert row.link.used_at is not None

    # Single use: the link now answers that it was used, for a look and for a second answer.
    again = stakeholder.get("/corroborate", query_string={"token": token})
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    twice = stakeholder.post("/corroborate", data={**token_field, "statement": "Changed my mind"})
    assert twice.status_code == 410
    db.session.expire_all()
    assert db.session.get(Corroboration, row.id).statement == STATEMENT

    # The candidate is told, and the evidence page shows the statement with name, role, date.
    told = db.select(Notification).where(Notification.user_id == org.candidate.id, Notification.kind == "corroborated")
    assert [n.artifact_id for n in db.session.scalars(told)] == [cut.id]
    assert "A stakeholder gave a statement" in client.get("/notifications").get_data(as_text=True)
    page = client.get(f"/artifacts/{cut.id}").get_data(as_text=True)
    assert STATEMENT.replace("'", "&#39;") in page and "Dana Lee, Finance partner" in page
    assert row.answered_at.strftime("%Y-%m-%d") in page and "Answered on" in page

    # The brag document lists it under the entry.
    brag = client.get("/brag-document", query_string={"format": "markdown", "from": "2026-01-01",
                                                      "to": "2026-11-21"}).get_data(as_text=True)
    assert f"- Corroborated by Dana Lee, Finance partner: “{STATEMENT}”" in brag

    # The manager sees who corroborated what on the page and in the packet (the one PDF here).
    manager = app.test_client()
    login(manager, "manager@example.com")
    page = manager.get(f"/artifacts/{cut.id}").get_data(as_text=True)
    assert "Dana Lee, Finance partner" in page and "Withdraw" not in page and "Ask a stakeholder" not in page
    pdf = manager.get(f"/people/{org.candidate.id}/packet.pdf")
    assert pdf.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Corroborated by Dana Lee, Finance partner" in text and "finance saw it in Q2" in text

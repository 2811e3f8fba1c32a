"""The redacted brag document: nothing it leaves out appears anywhere in its Markdown, HTML or
PDF (text and raw bytes), and what stands in for it does."""
from datetime import date
from urllib.parse import urlencode

import pytest

from tests.api.helpers import CANDIDATE, MANAGER, assert_error
from tests.conftest import login
from tests.exports.conftest import END, RANGE, START
from tests.exports.test_brag_document import TODAY
from tests.exports.test_pdf import text_of
from tracker.artifacts import service as artifacts
from tracker.artifacts.attachments import add_attachment
from tracker.exports import FORMATS
from tracker.exports.brag import Options, build_brag_document
from tracker.exports.redaction import scrubber
from tracker.extensions import db
from tracker.models import Artifact
from tracker.settings.service import set_company_name

COMPANY = "Globex Corp"
# Everything a redacted document must leave out, as it would be written.
SECRETS = ["Project Nightjar", "Nightjar", "Operation Wombat", "wombat burrow",
           "Zelda Quasimodo", "Yorick Blumenthal", "Globex", "GLOBEX", "globex",
           "intranet.example.com", "zq-memo-7731", "wiki.example.com", "xyzzy-page",
           "globex-ledger-5521.txt", "ledger-5521",
           "987654", "123456", "4817", "3220", "9173", "kUSD", "Mia Manager", "Seen it",
           "Quentin Vanderbyl", "Vanderbyl", "Ursula Okonkwo", "quentin@globex.example", "spot-fleet rebate 7719",
           "Nightjar was the best deal"]
SHOWN = ["Brag document (redacted): Cara Candidate", "Confidential: cost outcome, Q2 2026",
         "Confidential: outcome, Q3 2025", "the company cloud savings", "Cloud spend: -33%",
         "Pipelines migrated", "Verified on", "a stakeholder", "Planning and prioritisation",
         "Corroborated by a stakeholder (Finance partner at the company)", "Statements from stakeholders show only"]


@pytest.fixture()
def secrets(org):
    set_company_name(org.admin, COMPANY)
    candidate = org.candidate
    org.log(candidate, occurred_on=date(2026, 5, 2), confidential=True, title="Project Nightjar acquisition",
            summary="Negotiated the Nightjar terms with Zelda Quasimodo.", situation="Globex Corp wanted Nightjar.",
            stakeholders="Zelda Quasimodo", links=["https://intranet.example.com/nightjar"],
            metrics=[{"name": "Nightjar cost", "baseline": 987654, "result": 123456, "unit": "kUSD",
                      "category": "cost"}])
    org.log(candidate, occurred_on=date(2025, 8, 15), confidential=True, title="Operation Wombat",
            summary="Dug the wombat burrow.")
    shared = org.log(candidate, [("planning", "em")], occurred_on=date(2026, 3, 10), state="submitted",
                     title="Globex Corp cloud savings",
                     summary=("At GLOBEX CORP, with Zelda Quasimodo and Yorick Blumenthal, we cut spend: "
                              "[the memo](https://wiki.example.com/xyzzy-page) and https://intranet.example.com/x."),
                     situation="globex corp bills grew.", result="Yorick Blumenthal signed off.",
                     stakeholders="Zelda Quasimodo (CFO), Yorick Blumenthal",
                     links=["https://intranet.example.com/zq-memo-7731"],
                     metrics=[{"name": "Cloud spend", "baseline": 4817, "result": 3220, "unit": "kUSD",
                               "category": "cost"},
                              {"name": "Pipelines migrated", "result": 9173, "category": "speed"}])
    add_attachment(candidate, shared, "globex-ledger-5521.txt", b"ledger")
    artifacts.decide(org.manager, shared, "verified", "Seen it.")
    db.session.commit()
    # Stakeholders' statements: their names and words stay out, the role (scrubbed) stays.
    from tests.corroboration.conftest import ask
    from tracker.corroboration.service import give_statement
    _, token = ask(org, shared, name="Quentin Vanderbyl", email="quentin@globex.example",
                   role="Finance partner at Globex Corp")
    give_statement(token, "The spot-fleet rebate 7719 was Quentin Vanderbyl's idea, and it worked.")
    nightjar = db.session.scalars(db.select(Artifact).filter_by(title="Project Nightjar acquisition")).one()
    _, token = ask(org, nightjar, name="Ursula Okonkwo", email="ursula@example.com", role="Deal lead")
    give_statement(token, "Nightjar was the best deal of the year.")
    db.session.commit()
    return org


def rendered(org, name, redacted=True):
    document = build_brag_document(org.candidate, org.candidate, Options(START, END, redacted=redacted), TODAY)
    return FORMATS[name].render(document)


def assert_redacted(text, raw=None):
    for secret in SECRETS:
        assert secret not in text, secret
        if raw is not None:
            assert secret.encode() not in raw, secret
    for shown in SHOWN:
        assert shown in text, shown


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_markdown_and_html_leave_out_every_secret(secrets, name):
    text = rendered(secrets, name)
    assert_redacted(text, text.encode())
    assert "Redacted for use outside the company" in text and "without naming the verifier" in text
    if name == "html":
        assert '<p class="verified">Verified on ' in text


def test_the_pdf_leaves_out_every_secret_in_its_text_and_bytes(secrets):
    pdf = rendered(secrets, "pdf")
    text = " ".join(text_of(pdf).split())
    assert_redacted(text, pdf)
    assert "without naming the verifier" in text


@pytest.mark.parametrize("name", ["markdown", "html"])
def test_the_unredacted_document_keeps_everything(secrets, name):
    text = rendered(secrets, name, redacted=False)
    for kept in ("Project Nightjar acquisition", "Operation Wombat", "Globex Corp cloud savings", "Zelda Quasimodo",
                 "https://intranet.example.com/zq-memo-7731", "Cloud spend: 4817 -&gt; 3220 kUSD (-33%)",
                 "Pipelines migrated: 9173", "Verified by Mia Manager", "Confidential",
                 "Corroborated by Quentin Vanderbyl, Finance partner at Globex Corp: “The spot-fleet rebate 7719"):
        assert kept.replace("-&gt;", "->" if name == "markdown" else "-&gt;") in text, kept
    assert "(redacted)" not in text


def test_without_a_company_name_nothing_is_replaced(org):
    org.log(org.candidate, title="Globex Corp cloud savings")
    assert "Globex Corp cloud savings" in rendered(org, "markdown")


def test_the_company_name_is_replaced_whole_and_in_any_case():
    scrub = scrubber("Acme", "Dana Lee (CFO), ops team")
    assert scrub("Acme, ACME and Acmeology; dana lee told the Ops Team") == (
        "the company, the company and Acmeology; a stakeholder told the a stakeholder")
    assert scrubber("", "")("Acme at <https://acme.example/x> ![logo](https://acme.example/l.png)") == (
        "Acme at (link left out) logo")


def test_the_api_gives_the_candidate_a_redacted_download(api, secrets):
    path = f"/users/{CANDIDATE}/brag-document?" + urlencode({"redacted": "true", "format": "html", **RANGE})
    response = api.get(path, as_=CANDIDATE)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="brag-document-redacted-2025-01-01-2026-11-21.html"')
    assert_redacted(response.get_data(as_text=True))
    assert_error(api.get(path, as_=MANAGER), 403)


def test_the_page_offers_the_switch_and_applies_it(client, secrets):
    login(client, "candidate@example.com")
    assert 'name="redacted"' in client.get("/brag-document").get_data(as_text=True)
    page = client.get("/brag-document", query_string={"format": "markdown", "redacted": "true", **RANGE})
    assert page.status_code == 200
    assert "brag-document-redacted-" in page.headers["Content-Disposition"]
    assert_redacted(page.get_data(as_text=True))

"""The /brag-document page: the signed-in person's own document."""
from tests.conftest import login
from tests.exports.conftest import RANGE


def test_the_dashboard_links_to_the_form(client, evidence):
    login(client, "candidate@example.com")
    assert "/brag-document" in client.get("/").get_data(as_text=True)
    page = client.get("/brag-document")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for name in ('name="from"', 'name="to"', 'name="format"', 'name="verified_only"', 'name="include_private"'):
        assert name in text


def test_the_page_opens_in_the_browser_and_the_others_download(client, evidence):
    login(client, "candidate@example.com")
    page = client.get("/brag-document", query_string={"format": "html", "include_private": "true", **RANGE})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert page.headers["Content-Disposition"].startswith("inline;")
    text = page.get_data(as_text=True)
    assert "Cut cloud spend" in text and "Private reflection" in text and "Otto" not in text
    markdown = client.get("/brag-document", query_string={"format": "markdown", "verified_only": "true", **RANGE})
    assert markdown.mimetype == "text/markdown"
    assert markdown.headers["Content-Disposition"].startswith("attachment;")
    assert "Not verified yet" not in markdown.get_data(as_text=True)


def test_bad_input_shows_the_form_again_with_the_reason(client, evidence):
    login(client, "manager@example.com")
    page = client.get("/brag-document", query_string={"format": "pdf", "from": "2026-06-01", "to": "2026-01-01"})
    assert page.status_code == 422
    assert "Choose a start on or before the end." in page.get_data(as_text=True)


def test_each_person_gets_only_their_own(client, evidence):
    login(client, "manager@example.com")
    text = client.get("/brag-document", query_string={"format": "markdown", **RANGE}).get_data(as_text=True)
    assert "Mia Manager" in text and "Cut cloud spend" not in text


def test_signing_in_comes_first(client):
    response = client.get("/brag-document")
    assert response.status_code == 302 and "/login" in response.headers["Location"]

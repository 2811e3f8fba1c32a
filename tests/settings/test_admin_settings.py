"""The admins' deployment settings page: the company name that redacted documents leave out."""
import pytest

from tests.conftest import login, post_form
from tracker.errors import Forbidden
from tracker.extensions import db
from tracker.models import SiteSetting
from tracker.settings.service import company_name, set_company_name


def test_an_admin_sets_and_clears_the_company_name(client, org):
    login(client, "admin@example.com")
    assert 'href="/admin/settings"' in client.get("/").get_data(as_text=True)
    response = post_form(client, "/admin/settings", {"company_name": "  Globex Corp "})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/settings"
    db.session.expire_all()
    assert company_name() == "Globex Corp"
    setting = db.session.get(SiteSetting, "company_name")
    assert setting.updated_by_id == org.admin.id
    assert 'value="Globex Corp"' in client.get("/admin/settings").get_data(as_text=True)
    assert post_form(client, "/admin/settings", {"company_name": ""}).status_code == 302
    db.session.expire_all()
    assert company_name() == ""


@pytest.mark.parametrize("value, message", [
    ("x" * 121, "Must be at most 120 characters (now 121)."),
    ("Globex\nCorp", "Give the company name on one line."),
    ("Globex\u202eCorp", "Remove the invisible text-direction characters"),
])
def test_bad_input_is_refused_with_the_reason_and_nothing_saved(client, org, value, message):
    login(client, "admin@example.com")
    post_form(client, "/admin/settings", {"company_name": "Initech"})
    response = post_form(client, "/admin/settings", {"company_name": value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert company_name() == "Initech"


def test_the_form_needs_a_csrf_token(client, org):
    login(client, "admin@example.com")
    assert client.post("/admin/settings", data={"company_name": "Globex"}).status_code == 400
    assert company_name() == ""


@pytest.mark.parametrize("email", ["candidate@example.com", "manager@example.com", "boss@example.com"])
def test_nobody_else_sees_the_page_or_the_link(client, org, email):
    login(client, email)
    assert "/admin/settings" not in client.get("/").get_data(as_text=True)
    assert client.get("/admin/settings").status_code == 404
    assert post_form(client, "/admin/settings", {"company_name": "Globex"}).status_code == 404
    assert company_name() == ""


def test_the_service_takes_the_actor(org):
    with pytest.raises(Forbidden):
        set_company_name(org.candidate, "Globex")
    set_company_name(org.admin, "Globex")
    assert company_name() == "Globex"

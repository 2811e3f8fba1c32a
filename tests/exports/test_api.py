"""GET /api/v1/users/{email}/brag-document."""
import base64
import hashlib
import re
from urllib.parse import urlencode

import pytest

from tests.api.helpers import ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER, assert_error, check_all
from tests.exports.conftest import RANGE


def path(email=CANDIDATE, **params):
    return f"/users/{email}/brag-document?" + urlencode(params)


@pytest.mark.parametrize("name, media_type, extension", [
    ("markdown", "text/markdown", "md"), ("html", "text/html", "html"), ("pdf", "application/pdf", "pdf")])
def test_the_candidate_gets_their_document_in_each_format(api, evidence, name, media_type, extension):
    response = api.get(path(format=name, **RANGE), as_=CANDIDATE)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == media_type
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="brag-document-2025-01-01-2026-11-21.{extension}"')
    assert response.headers["Cache-Control"] == "private, no-store"
    if name != "pdf":
        assert "Cloud spend: 120 -&gt; 80 k (-33%)" in response.get_data(as_text=True).replace(" -> ", " -&gt; ")
    else:
        assert response.data.startswith(b"%PDF-")


def test_markdown_is_the_default_and_switches_apply(api, evidence):
    plain = api.get(path(**RANGE), as_=CANDIDATE)
    assert plain.mimetype == "text/markdown"
    assert "Hiring plan for platform" in plain.get_data(as_text=True)
    assert "Private reflection" not in plain.get_data(as_text=True)
    text = api.get(path(verified_only="true", include_private="true", **RANGE), as_=CANDIDATE).get_data(as_text=True)
    assert "Hiring plan for platform" not in text and "Cut cloud spend" in text
    private = api.get(path(include_private="true", **RANGE), as_=CANDIDATE).get_data(as_text=True)
    assert "Private reflection" in private and "Otto" not in private


def test_the_page_keeps_a_strict_content_policy(api, evidence):
    response = api.get(path(format="html", **RANGE), as_=CANDIDATE)
    policy = response.headers["Content-Security-Policy"]
    style = re.search(r"<style>(.*?)</style>", response.get_data(as_text=True), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert policy.startswith("default-src 'none'") and f"style-src 'sha256-{digest}'" in policy


def test_nobody_but_the_candidate(api, evidence):
    def check(email, status):
        response = api.get(path(include_private="true", **RANGE), as_=email)
        assert_error(response, status, "forbidden" if status == 403 else "not_found")
        assert "Private reflection" not in response.get_data(as_text=True)

    check_all([(MANAGER, 403), (BOSS, 403), (ADMIN, 403), (OTHER_MANAGER, 404), (OTHER, 404)], check)
    assert_error(api.get(path("nobody@example.com"), as_=CANDIDATE), 404)
    assert_error(api.get(path()), 401)


def test_bad_parameters_are_named(api, evidence):
    def check(params, field):
        assert_error(api.get(path(**params), as_=CANDIDATE), 422, "validation_failed", fields=[field])

    check_all([({"format": "docx"}, "format"), ({"from": "2026-02-30"}, "from"), ({"to": "today"}, "to"),
               ({"from": "2026-06-01", "to": "2026-01-01"}, "from"), ({"from": "2020-01-01", "to": "2026-01-01"}, "from"),
               ({"verified_only": "yes"}, "verified_only"), ({"include_private": "1"}, "include_private"),
               ({"redacted": "yes"}, "redacted")], check)


def test_a_manager_is_refused_before_their_parameters_are_read(api, evidence):
    assert_error(api.get(path(format="docx"), as_=MANAGER), 403)

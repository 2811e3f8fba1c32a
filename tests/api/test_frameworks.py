"""GET /api/v1/frameworks/{slug}."""
from tests.api.helpers import API, CANDIDATE, COMPETENCIES, LEVELS, assert_error


def test_vp_engineering_has_eight_competencies_by_three_levels(api, org):
    response = api.get("/frameworks/vp_engineering", as_=CANDIDATE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["slug"] == "vp_engineering"
    assert isinstance(body["name"], str) and body["name"]
    assert [level["slug"] for level in body["levels"]] == list(LEVELS)
    assert all(level["name"] for level in body["levels"])
    assert [c["slug"] for c in body["competencies"]] == list(COMPETENCIES)
    for competency in body["competencies"]:
        assert competency["name"]
        assert set(competency["descriptors"]) == set(LEVELS)
        assert all(isinstance(text, str) and text.strip() for text in competency["descriptors"].values())
    assert body["thresholds"] == {"min_evidence": 2, "min_distinct_months": 2,
                                  "ready_rows": 6, "transition_rows": 3}


def test_unknown_framework_is_404(api, org):
    assert_error(api.get("/frameworks/no_such_ladder", as_=CANDIDATE), 404, "not_found")


def test_framework_needs_a_token(client, org):
    assert_error(client.get(f"{API}/frameworks/vp_engineering"), 401, "unauthorized")

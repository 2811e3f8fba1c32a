"""Structured evidence types: each round-trips through the API, the form and the history
without loss; bad rows are named by path; each page shows the type as what it is."""
import pytest
from sqlalchemy import select

from tests.api.helpers import CANDIDATE, assert_error, version_of
from tests.artifacts.forms import form_fields
from tests.artifacts.samples import SAMPLES
from tests.conftest import login, post_form
from tracker.artifacts.kinds import KINDS
from tracker.extensions import db
from tracker.models import ARTIFACT_TYPES, Artifact, ArtifactEvent


def create(api, type_, details, **extra):
    body = {"type": type_, "title": f"A {type_}", "occurred_on": "2026-10-01", "details": details, **extra}
    return api.post("/artifacts", as_=CANDIDATE, json=body)


def test_every_type_has_one_strategy_and_every_structured_one_a_sample():
    assert list(KINDS) == list(ARTIFACT_TYPES)
    assert {slug for slug, kind in KINDS.items() if kind.sections} == set(SAMPLES)


@pytest.mark.parametrize("type_", sorted(SAMPLES))
def test_each_type_round_trips_through_the_api_and_the_history(api, org, type_):
    response = create(api, type_, SAMPLES[type_])
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["details"] == SAMPLES[type_]
    assert api.get(f"/artifacts/{body['id']}", as_=CANDIDATE).get_json()["details"] == SAMPLES[type_]
    snapshot = db.session.scalar(select(ArtifactEvent.snapshot).where(ArtifactEvent.artifact_id == body["id"]))
    assert snapshot["details"] == SAMPLES[type_]


@pytest.mark.parametrize("type_", sorted(SAMPLES))
def test_saving_the_edit_form_unchanged_keeps_every_section_and_the_verification(client, api, org, type_):
    artifact_id = create(api, type_, SAMPLES[type_]).get_json()["id"]
    manager_view = api.get(f"/artifacts/{artifact_id}", as_="manager@example.com").get_json()
    api.post(f"/artifacts/{artifact_id}/verification", as_="manager@example.com",
             json={"decision": "verified", "version": manager_view["version"]})
    login(client, CANDIDATE)
    fields = form_fields(client.get(f"/artifacts/{artifact_id}/edit").get_data(as_text=True))
    response = post_form(client, f"/artifacts/{artifact_id}/edit", fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    after = api.get(f"/artifacts/{artifact_id}", as_=CANDIDATE).get_json()
    assert after["details"] == SAMPLES[type_]
    assert after["state"] == "verified"  # nothing of substance changed


@pytest.mark.parametrize("type_", sorted(SAMPLES))
def test_each_type_is_logged_through_the_form(client, org, type_):
    """The form's fields for the type, filled in from the sample as a person would."""
    kind = KINDS[type_]
    login(client, CANDIDATE)
    fields = {"type": type_, "title": "From the form", "occurred_on": "2026-10-01", "visibility": "manager",
              "metric_rows": "3", "action": "submit"}
    for name, value in kind.form_values(SAMPLES[type_]).items():
        field = f"{type_}-{name}"
        if isinstance(value, list):
            fields[f"{field}-rows"] = str(len(value) + 1)  # one blank row, left out
            for index, row in enumerate(value):
                fields.update({f"{field}-{index}-{column}": text for column, text in row.items()})
        else:
            fields[field] = value
    response = post_form(client, "/artifacts/new", fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert db.session.scalar(select(Artifact.details)) == SAMPLES[type_]


def test_a_bad_row_is_named_by_its_path(api, org):
    risks = [dict(risk) for risk in SAMPLES["risk_register"]["risks"]]
    risks[3]["likelihood"] = 6
    risks[1]["status"] = "maybe"
    error = assert_error(create(api, "risk_register", {"risks": risks}), 422, "validation_failed",
                         ["details.risks[3].likelihood", "details.risks[1].status"])
    assert error["fields"]["details.risks[3].likelihood"] == "Must be 1 to 5."
    assert db.session.scalar(select(Artifact.id)) is None


@pytest.mark.parametrize("details, path", [
    ({"risks": [{"risk": "", "likelihood": 2, "impact": 2, "status": "open"}]}, "details.risks[0].risk"),
    ({"risks": [{"risk": "x", "likelihood": True, "impact": 2, "status": "open"}]}, "details.risks[0].likelihood"),
    ({"risks": [{"risk": "x", "likelihood": 2, "impact": 2, "status": "open", "colour": "red"}]},
     "details.risks[0].colour"),
    ({"risks": [{"risk": "x", "likelihood": 2, "impact": 2, "status": "open", "due": "next week"}]},
     "details.risks[0].due"),
    ({"risks": "many"}, "details.risks"),
    ({"risks": [["x"]]}, "details.risks[0]"),
    ({"risks": [{"risk": "x", "likelihood": 2, "impact": 2, "status": "open"}] * 101}, "details.risks"),
    ({"goals": ["x"]}, "details.goals"),
])
def test_bad_risk_registers_are_refused_by_field(api, org, details, path):
    assert_error(create(api, "risk_register", details), 422, fields=[path])


@pytest.mark.parametrize("nodes, path", [
    ([{"name": "A", "parent": 1}, {"name": "B"}], "details.nodes[0].parent"),  # points forward
    ([{"name": "A"}, {"name": "B", "parent": 1}], "details.nodes[1].parent"),  # points at itself
    ([{"name": "A"}, {"name": "B", "parent": 0}, {"name": "C", "parent": 1}, {"name": "D", "parent": 2},
      {"name": "E", "parent": 3}], "details.nodes[4].parent"),  # under an engineering metric
    ([{"name": "A", "parent": -1}], "details.nodes[0].parent"),
])
def test_a_kpi_tree_must_be_a_tree_four_levels_deep_at_most(api, org, nodes, path):
    assert_error(create(api, "kpi_tree", {"nodes": nodes}), 422, fields=[path])


def test_types_without_sections_take_no_details(api, org):
    assert_error(create(api, "impact_note", {"goals": ["x"]}), 422, fields=["details"])
    assert create(api, "impact_note", {}).status_code == 201


def test_changing_the_type_must_say_what_becomes_of_the_sections(api, org):
    artifact_id = create(api, "roadmap", SAMPLES["roadmap"]).get_json()["id"]
    version = version_of(artifact_id)
    assert_error(api.patch(f"/artifacts/{artifact_id}", as_=CANDIDATE,
                           json={"type": "exec_update", "version": version}), 422, fields=["details"])
    response = api.patch(f"/artifacts/{artifact_id}", as_=CANDIDATE,
                         json={"type": "exec_update", "details": {"asks": ["One SRE"]}, "version": version})
    assert response.status_code == 200 and response.get_json()["details"] == {"asks": ["One SRE"]}


def test_an_unknown_type_lists_the_valid_ones(api, org):
    error = assert_error(create(api, "memo", {}), 422, fields=["type"])
    assert "risk_register" in error["fields"]["type"] and "plan_30_60_90" in error["fields"]["type"]


def test_form_errors_name_the_row_and_keep_what_was_typed(client, org):
    login(client, CANDIDATE)
    fields = {"type": "risk_register", "title": "Risks", "occurred_on": "2026-10-01", "action": "submit",
              "risk_register-risks-rows": "3", "risk_register-risks-0-risk": "Bus factor",
              "risk_register-risks-0-likelihood": "3", "risk_register-risks-0-impact": "4",
              "risk_register-risks-0-status": "open",
              "risk_register-risks-2-risk": "Audit", "risk_register-risks-2-likelihood": "9",
              "risk_register-risks-2-status": "open"}
    response = post_form(client, "/artifacts/new", fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    # the blank middle row is left out, so the bad one is the second row kept
    assert "Risks, row 2: likelihood" in page and "Must be 1 to 5." in page
    assert 'value="Bus factor"' in page and 'value="Audit"' in page
    assert db.session.scalar(select(Artifact.id)) is None


def test_more_rows_re_renders_without_saving(client, org):
    login(client, CANDIDATE)
    fields = {"type": "decision_log", "title": "Decisions", "occurred_on": "2026-10-01", "action": "more",
              "decision_log-decisions-rows": "2", "decision_log-decisions-0-decision": "Buy",
              "decision_log-decisions-1-decision": "Hire"}
    response = post_form(client, "/artifacts/new", fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="decision_log-decisions-rows" value="6"' in page
    assert db.session.scalar(select(Artifact.id)) is None


def test_a_kpi_tree_form_refers_to_rows_by_their_number(client, org):
    login(client, CANDIDATE)
    fields = {"type": "kpi_tree", "title": "Tree", "occurred_on": "2026-10-01", "action": "submit",
              "kpi_tree-nodes-rows": "4", "kpi_tree-nodes-0-name": "Revenue",
              "kpi_tree-nodes-2-name": "Conversion", "kpi_tree-nodes-2-parent": "1",
              "kpi_tree-nodes-3-name": "Latency", "kpi_tree-nodes-3-parent": "3"}
    assert post_form(client, "/artifacts/new", fields).status_code == 302
    nodes = db.session.scalar(select(Artifact.details))["nodes"]
    assert [(node["name"], node["parent"]) for node in nodes] == [
        ("Revenue", None), ("Conversion", 0), ("Latency", 1)]


def test_the_risk_register_page_sorts_by_exposure_with_a_heat_grid(client, api, org):
    artifact_id = create(api, "risk_register", SAMPLES["risk_register"]).get_json()["id"]
    login(client, CANDIDATE)
    page = client.get(f"/artifacts/{artifact_id}").get_data(as_text=True)
    order = [page.index(name) for name in ("EU data residency audit", "Single payments engineer",
                                           "Vendor contract lapses", "Old TLS on partner API")]
    table = page[page.index("<th>Risk</th>"):]
    assert [table.index(name) for name in ("EU data residency audit", "Single payments engineer",
                                           "Vendor contract lapses", "Old TLS on partner API")] == sorted(
        table.index(name) for name in ("EU data residency audit", "Single payments engineer",
                                       "Vendor contract lapses", "Old TLS on partner API"))
    assert order[0] < order[1]
    assert 'title="Likelihood 4, impact 4">1</td>' in page and 'title="Likelihood 3, impact 5">1</td>' in page
    mitigations = page[page.index("Top mitigations"):page.index("<th>Risk</th>")]
    assert "Move logs to Frankfurt" in mitigations and "Pair and document" in mitigations
    assert "Upgrade" not in mitigations  # closed


def test_the_kpi_tree_page_nests_each_node_under_its_parent(client, api, org):
    artifact_id = create(api, "kpi_tree", SAMPLES["kpi_tree"]).get_json()["id"]
    login(client, CANDIDATE)
    page = client.get(f"/artifacts/{artifact_id}").get_data(as_text=True)
    tree = page[page.index('class="kpi-tree"'):]
    revenue, conversion, latency, margin = (tree.index(name) for name in (
        "Net revenue retention", "Checkout conversion", "p95 checkout latency", "Gross margin"))
    assert revenue < conversion < latency < margin
    assert tree[:margin].count("<ul>") == 3  # three levels opened under the first outcome
    assert "Engineering metric" in tree and "900 ms → 300 ms" in tree


def test_the_postmortem_page_shows_the_share_of_actions_closed_on_time(client, api, org):
    artifact_id = create(api, "postmortem", SAMPLES["postmortem"]).get_json()["id"]
    login(client, CANDIDATE)
    page = client.get(f"/artifacts/{artifact_id}").get_data(as_text=True)
    assert "1 of 2 corrective actions with a due date were closed by it (50%)" in page
    assert "Missing canary" in page and "Canary is now required by the pipeline." in page


def test_changing_the_type_on_the_form_asks_before_dropping_sections(client, api, org):
    artifact_id = create(api, "risk_register", SAMPLES["risk_register"]).get_json()["id"]
    login(client, CANDIDATE)
    fields = form_fields(client.get(f"/artifacts/{artifact_id}/edit").get_data(as_text=True))
    fields.update({"type": "roadmap", "roadmap-now": "Payments platform"})
    response = post_form(client, f"/artifacts/{artifact_id}/edit", fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Drop them" in page
    assert 'value="Single payments engineer"' in page  # the risks are still on the form
    assert api.get(f"/artifacts/{artifact_id}", as_=CANDIDATE).get_json()["details"] == SAMPLES["risk_register"]
    fields["drop_sections"] = "1"
    assert post_form(client, f"/artifacts/{artifact_id}/edit", fields).status_code == 302
    after = api.get(f"/artifacts/{artifact_id}", as_=CANDIDATE).get_json()
    assert (after["type"], after["details"]) == ("roadmap", {"now": ["Payments platform"]})


def test_enter_in_a_field_saves_rather_than_adding_rows(client, org):
    login(client, CANDIDATE)
    page = client.get("/artifacts/new").get_data(as_text=True)
    form = page[page.index('<form method="post" class="evidence"'):]
    first_button = form[form.index("<button"):form.index("</button>")]
    assert 'name="action" value="submit"' in first_button


@pytest.mark.parametrize("field, value", [("likelihood", "1" * 5000), ("likelihood", "٣"), ("impact", 10 ** 400)])
def test_absurd_numbers_are_refused_not_crashed_on(api, org, field, value):
    risk = {"risk": "x", "likelihood": 2, "impact": 2, field: value}
    assert_error(create(api, "risk_register", {"risks": [risk]}), 422, fields=[f"details.risks[0].{field}"])


def test_a_forged_row_count_costs_nothing(client, org):
    login(client, CANDIDATE)
    response = post_form(client, "/artifacts/new", {
        "type": "kpi_tree", "title": "Tree", "occurred_on": "2026-10-01", "action": "submit",
        "kpi_tree-nodes-rows": "9" * 5000, "kpi_tree-nodes-0-name": "Revenue",
        "kpi_tree-nodes-0-parent": "9" * 5000})
    assert response.status_code == 422  # the parent row is no row, and nothing broke
    assert "Nodes, row 1: parent" in response.get_data(as_text=True)

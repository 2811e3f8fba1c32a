"""The bundled frameworks (SPEC section 2), scorecard documents, and `frameworks sync`."""
import copy

import pytest
import yaml

from tracker.extensions import db
from tracker.frameworks.service import (BUNDLED_DIR, export_yaml, get_framework, import_framework, parse_yaml,
                                        sync_bundled_frameworks)
from tracker.frameworks.validation import FrameworkError, validate_framework
from tracker.models import ARTIFACT_TYPES

BUNDLED = {
    "vp_engineering": ("ladder", ["em", "emerging_vp", "proven_vp"], None, None),
    "em_scorecard": ("scorecard", ["emerging", "demonstrated"], [1, 2],
                     ["leadership_team_building", "business_fundamentals", "tech_strategy", "presence_influence",
                      "product_development", "risk_security_resilience", "finance_funding", "data_analytics",
                      "digital_innovation"]),
    "it_director": ("scorecard", ["emerging", "proven", "director_ready"], [1, 2, 3],
                    ["operational_ownership", "risk_prioritisation", "security_by_design", "incident_leadership",
                     "vendor_management", "financial_discipline", "service_model", "change_governance",
                     "executive_alignment"]),
    "cto_readiness": ("scorecard", ["emerging", "proven", "cto_ready"], [1, 2, 3],
                      ["strategic_thinking", "business_finance", "technology_fluency", "executive_communication",
                       "decisions_under_uncertainty", "stakeholder_management", "team_leadership",
                       "governance_risk", "leadership_maturity"]),
}
BANDS = {"em_scorecard": [(0, 6), (7, 12), (13, 18)],
         "it_director": [(0, 9), (10, 17), (18, 23), (24, 27)],
         "cto_readiness": [(0, 9), (10, 17), (18, 23), (24, 27)]}


def bundled_document(slug):
    return yaml.safe_load((BUNDLED_DIR / f"{slug}.yaml").read_text())


@pytest.mark.parametrize("slug", BUNDLED)
def test_bundled_frameworks_have_the_contract_slugs(app, slug):
    kind, levels, points, competencies = BUNDLED[slug]
    framework = get_framework(slug)
    assert framework.kind == kind and framework.origin == "bundled"
    assert [level.slug for level in framework.levels] == levels
    if points:
        assert [level.points for level in framework.levels] == points
        assert [c.slug for c in framework.competencies] == competencies
        assert [(band["min"], band["max"]) for band in framework.bands] == BANDS[slug]
        assert all(band["label"] and band["advice"] for band in framework.bands)
    for competency in framework.competencies:
        assert all(competency.descriptor_for(level) for level in framework.levels)


def test_em_scorecard_carries_guidance_for_every_competency(app):
    for competency in get_framework("em_scorecard").competencies:
        guidance = competency.guidance
        assert guidance["look_for"] and guidance["proof_points"] and guidance["traps"]
        assert guidance["fast_move"]["type"] in ARTIFACT_TYPES and guidance["fast_move"]["contains"]


def test_it_director_has_self_checks_and_the_five_item_proof_pack(app):
    framework = get_framework("it_director")
    assert all(c.guidance["self_check"].endswith("?") for c in framework.competencies)
    pack = framework.proof_pack
    assert [item["types"] for item in pack] == [["strategy_memo", "roadmap"], ["risk_register"],
                                                ["budget_narrative"], ["service_catalog"], ["postmortem"]]
    slugs = {c.slug for c in framework.competencies}
    assert all(item["signals"] and set(item["signals"]) <= slugs for item in pack)


def test_vp_ladder_names_its_stages_for_people(app):
    assert get_framework("vp_engineering").stage_names == {
        "manager": "Strong Engineering Manager", "transition": "In transition to VP", "ready": "Ready for VP"}


@pytest.mark.parametrize("slug", BUNDLED)
def test_every_bundled_framework_round_trips_through_export(app, slug):
    document = parse_yaml(export_yaml(get_framework(slug)))
    assert document == validate_framework(bundled_document(slug))
    assert parse_yaml(export_yaml(import_framework(document, origin="bundled"))) == document


def test_sync_installs_upgrades_and_leaves_imported_frameworks_alone(app, runner):
    assert set(sync_bundled_frameworks().values()) == {"current (version 1)", "current (version 2)"}
    get_framework("vp_engineering").content_version = 1
    imported = validate_framework(bundled_document("it_director"))
    imported["name"] = "Our IT Director ladder"
    import_framework(imported)  # an admin's import: origin "imported"
    db.session.commit()
    result = runner.invoke(args=["frameworks", "sync"])
    assert result.exit_code == 0, result.output
    assert "vp_engineering: upgraded from version 1 to 2" in result.output
    assert "it_director: kept: an admin imported this framework" in result.output
    db.session.expire_all()
    assert get_framework("it_director").name == "Our IT Director ladder"
    assert get_framework("vp_engineering").content_version == 2


def scorecard(**changes):
    doc = copy.deepcopy(bundled_document("em_scorecard"))
    doc.update(changes)
    return doc


@pytest.mark.parametrize("changes, field", [
    ({"kind": "matrix"}, "kind"),
    ({"levels": [{"slug": "a", "name": "A"}, {"slug": "b", "name": "B", "points": 2}]}, "levels[0].points"),
    ({"levels": [{"slug": "a", "name": "A", "points": 2}, {"slug": "b", "name": "B", "points": 2}]}, "levels"),
    ({"bands": [{"min": 0, "max": 6, "label": "L", "advice": "A"}, {"min": 8, "max": 18, "label": "L",
                                                                    "advice": "A"}]}, "bands[1].min"),
    ({"bands": [{"min": 0, "max": 17, "label": "L", "advice": "A"}]}, "bands[0].max"),
    ({"bands": None}, "bands"),
    ({"thresholds": {"ready_rows": 3}}, "thresholds.ready_rows"),
    ({"stages": {"ready": "Ready"}}, "stages"),
    ({"proof_pack": [{"label": "X", "types": ["slides"], "signals": ["tech_strategy"]}]}, "proof_pack[0].types"),
    ({"proof_pack": [{"label": "X", "types": ["roadmap"], "signals": ["nope"]}]}, "proof_pack[0].signals"),
    ({"version": 0}, "version"),
])
def test_scorecard_documents_are_validated_with_field_paths(changes, field):
    with pytest.raises(FrameworkError) as raised:
        validate_framework(scorecard(**changes))
    assert field in raised.value.errors, raised.value.errors


def test_guidance_is_validated():
    doc = scorecard()
    doc["competencies"][0]["guidance"]["fast_move"]["type"] = "slides"
    doc["competencies"][1]["guidance"]["pep_talk"] = "x"
    with pytest.raises(FrameworkError) as raised:
        validate_framework(doc)
    assert {"competencies[0].guidance.fast_move.type", "competencies[1].guidance.pep_talk"} <= set(raised.value.errors)


def test_pages_see_an_import_at_once_despite_the_per_process_copy(client, org):
    from tests.conftest import login
    login(client, "candidate@example.com")
    assert "<th>Strong Engineering Manager</th>" in client.get("/readiness").get_data(as_text=True)  # copy made
    document = validate_framework(bundled_document("vp_engineering"))
    document["levels"][0]["name"] = "Solid Engineering Manager"
    import_framework(document, origin="bundled")  # only a level changes, not the framework's row
    db.session.commit()
    page = client.get("/readiness").get_data(as_text=True)
    assert "<th>Solid Engineering Manager</th>" in page and "<th>Strong Engineering Manager</th>" not in page

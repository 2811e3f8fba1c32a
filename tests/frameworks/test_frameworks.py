import pytest
import yaml

from tracker.extensions import db
from tracker.frameworks.service import export_yaml, get_framework, import_framework, parse_yaml
from tracker.frameworks.validation import FrameworkError

SPEC_COMPETENCIES = ["planning", "org_design", "stakeholder_leadership", "manager_development",
                     "metrics", "hiring", "decision_making", "cross_functional_influence"]


def small_framework(**changes):
    doc = {
        "slug": "staff_ladder", "name": "Staff ladder",
        "levels": [{"slug": "senior", "name": "Senior"}, {"slug": "staff", "name": "Staff"}],
        "thresholds": {"min_evidence": 1, "min_distinct_months": 1, "ready_rows": 1, "transition_rows": 1},
        "competencies": [{"slug": "impact", "name": "Impact",
                          "descriptors": {"senior": "Team impact.", "staff": "Org impact."}}],
    }
    doc.update(changes)
    return doc


def test_bundled_vp_framework_is_loaded_by_the_migrations(app):
    framework = get_framework("vp_engineering")
    assert [level.slug for level in framework.levels] == ["em", "emerging_vp", "proven_vp"]
    assert [c.slug for c in framework.competencies] == SPEC_COMPETENCIES
    assert (framework.min_evidence, framework.min_distinct_months, framework.ready_rows,
            framework.transition_rows) == (2, 2, 6, 3)
    for competency in framework.competencies:
        assert all(competency.descriptor_for(level) for level in framework.levels)
        assert competency.evidence_hints and competency.weak_signals


def test_export_then_import_round_trips(app):
    text = export_yaml(get_framework("vp_engineering"))
    again = parse_yaml(text)
    assert again == parse_yaml(export_yaml(import_framework(again)))


@pytest.mark.parametrize("change, field", [
    ({"slug": "Bad Slug"}, "slug"),
    ({"name": ""}, "name"),
    ({"levels": [{"slug": "only", "name": "Only"}]}, "levels"),
    ({"thresholds": {"min_evidence": 0}}, "thresholds.min_evidence"),
    ({"thresholds": {"min_evidence": 101, "min_distinct_months": 1}}, "thresholds.min_evidence"),
    ({"version": 10**6 + 1}, "version"),
    ({"thresholds": {"min_evidnce": 2}}, "thresholds.min_evidnce"),
    ({"thresholds": {"ready_rows": 5}}, "thresholds.ready_rows"),
    ({"thresholds": {"min_evidence": 1, "min_distinct_months": 2}}, "thresholds.min_distinct_months"),
    ({"competencies": [{"slug": "impact", "name": "Impact", "descriptors": {"senior": "x"}}]},
     "competencies[0].descriptors.staff"),
    ({"competencies": [{"slug": "impact", "name": "Impact",
                        "descriptors": {"senior": "x", "staff": "y", "principal": "z"}}]},
     "competencies[0].descriptors.principal"),
    ({"competencies": [{"slug": "a", "name": "A", "descriptors": {"senior": "x", "staff": "y"}},
                       {"slug": "a", "name": "B", "descriptors": {"senior": "x", "staff": "y"}}]},
     "competencies[1].slug"),
])
def test_validation_names_the_field(change, field):
    with pytest.raises(FrameworkError) as error:
        parse_yaml(yaml.safe_dump(small_framework(**change)))
    assert field in error.value.errors


def test_broken_yaml_is_reported():
    with pytest.raises(FrameworkError) as error:
        parse_yaml("slug: [unclosed")
    assert "(yaml)" in error.value.errors


def test_import_refuses_to_drop_a_claimed_competency(org):
    org.log(org.candidate, [("hiring", "em")])
    doc = parse_yaml(export_yaml(get_framework("vp_engineering")))
    doc["competencies"] = [c for c in doc["competencies"] if c["slug"] != "hiring"]
    with pytest.raises(FrameworkError) as error:
        import_framework(doc)
    assert "hiring" in error.value.errors["competencies"]
    db.session.rollback()
    assert len(get_framework("vp_engineering").competencies) == 8


def test_cli_import_and_export(runner, tmp_path):
    path = tmp_path / "ladder.yaml"
    path.write_text(yaml.safe_dump(small_framework()))
    result = runner.invoke(args=["frameworks", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported framework staff_ladder" in result.output
    result = runner.invoke(args=["frameworks", "export", "staff_ladder"])
    assert yaml.safe_load(result.output)["competencies"][0]["descriptors"] == {
        "senior": "Team impact.", "staff": "Org impact."}
    out = tmp_path / "out.yaml"
    assert runner.invoke(args=["frameworks", "export", "vp_engineering", "-o", str(out)]).exit_code == 0
    assert yaml.safe_load(out.read_text())["slug"] == "vp_engineering"


def test_cli_import_of_a_bad_file_names_the_field_and_changes_nothing(runner, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(small_framework(levels=[{"slug": "x"}, {"slug": "y", "name": "Y"}])))
    result = runner.invoke(args=["frameworks", "import", str(path)])
    assert result.exit_code == 1
    assert "levels[0].name: is required" in result.output
    assert get_framework("staff_ladder") is None
    assert runner.invoke(args=["frameworks", "export", "nope"]).exit_code == 1

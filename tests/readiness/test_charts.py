"""The SVG charts parse as XML and show the right levels for a known candidate."""
import xml.etree.ElementTree as ET
from datetime import date

from tests.conftest import login
from tracker.extensions import db

SVG = "{http://www.w3.org/2000/svg}"


def titles(document):
    root = ET.fromstring(document)
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    return [element.text for element in root.iter(f"{SVG}title")]


def test_radial_chart_of_a_known_candidate(client, org):
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(org.candidate, [("planning", "proven_vp"), ("hiring", "em")], day)
    login(client, "manager@example.com")
    response = client.get(f"/readiness/{org.candidate.id}/chart.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    marks = titles(response.get_data(as_text=True))
    assert "Planning and prioritisation: Proven VP" in marks
    assert "Hiring and talent systems: Strong Engineering Manager" in marks
    assert "Metrics and system health: No level yet" in marks
    download = client.get(f"/readiness/{org.candidate.id}/chart.svg?download=1&framework=it_director")
    assert download.headers["Content-Disposition"] == (
        "attachment; filename=\"cara-candidate-it-director.svg\"; filename*=UTF-8''cara-candidate-it-director.svg")
    assert titles(download.get_data(as_text=True))[0].startswith("Cara Candidate: IT Director readiness")


def test_heatmap_of_a_team(client, org):
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(org.other, [("metrics", "emerging_vp")], day)
    org.other.name = "Otto <Other> & Co"  # names are escaped, the document stays valid
    db.session.commit()
    login(client, "admin@example.com")
    response = client.get("/team.svg?sort=name")
    marks = titles(response.get_data(as_text=True))
    assert "Otto <Other> & Co, Metrics and system health: Emerging VP" in marks
    assert "Cara Candidate, Metrics and system health: no level yet" in marks
    assert client.get("/team").get_data(as_text=True).count("/team.svg") == 2


def test_charts_are_only_for_those_who_may_see_them(client, org):
    login(client, "other@example.com")
    assert client.get(f"/readiness/{org.candidate.id}/chart.svg").status_code == 404
    assert client.get("/team.svg").status_code == 403


def test_names_in_any_script_and_control_characters(client, org):
    org.candidate.name = "Łukasz \x0c Żółw"
    db.session.commit()
    login(client, "manager@example.com")
    response = client.get(f"/readiness/{org.candidate.id}/chart.svg?download=1")
    assert response.status_code == 200
    assert "filename*=UTF-8''%C5%82ukasz-%C5%BC%C3%B3%C5%82w-vp-engineering.svg" in response.headers["Content-Disposition"]
    assert titles(response.get_data(as_text=True))[0].startswith("Łukasz  Żółw")  # still valid XML

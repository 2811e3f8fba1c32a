"""The team view: the whole subtree for managers, everyone for admins, one framework, sorted,
paginated, with totals per competency."""
from datetime import date

from tests.conftest import PASSWORD, login
from tracker.auth.service import create_user
from tracker.readiness import team as team_module

JAN, FEB = date(2026, 1, 10), date(2026, 2, 10)


def rows(page):
    return [line.split(">")[1].split("<")[0] for line in page.split('<th scope="row"><a href=')[1:]]


def test_a_director_sees_their_whole_subtree(client, org):
    login(client, "boss@example.com")  # boss -> manager -> candidate
    page = client.get("/team").get_data(as_text=True)
    assert set(rows(page)) == {"Cara Candidate", "Mia Manager"}
    assert "Otto Other" not in page


def test_admins_see_everyone_directors_included(client, org):
    login(client, "admin@example.com")
    names = set(rows(client.get("/team?sort=name").get_data(as_text=True)))
    assert names == {"Bo Director", "Mia Manager", "Oli Manager", "Cara Candidate", "Otto Other"}


def test_sorted_by_a_competency_with_totals(client, org):
    for day in (JAN, FEB):
        org.log(org.other, [("hiring", "proven_vp")], day)
        org.log(org.candidate, [("hiring", "em")], day)
    login(client, "admin@example.com")
    page = client.get("/team?sort=hiring").get_data(as_text=True)
    assert rows(page)[:2] == ["Otto Other", "Cara Candidate"]
    assert "1 of 5 at Emerging VP or higher; 2 with a level" in page


def test_another_framework_and_pages(client, org, monkeypatch):
    monkeypatch.setattr(team_module, "PER_PAGE", 2)
    login(client, "admin@example.com")
    first = client.get("/team?framework=em_scorecard&sort=name").get_data(as_text=True)
    assert "Score" in first and "0/18" in first and "Page 1 of 3" in first
    assert rows(first) == ["Bo Director", "Cara Candidate"]
    last = client.get("/team?framework=em_scorecard&sort=name&page=3").get_data(as_text=True)
    assert rows(last) == ["Otto Other"]
    assert client.get("/team?page=999").status_code == 200  # past the end: the last page


def test_people_without_reports_have_no_team(client, org):
    create_user("solo@example.com", "Solo", PASSWORD)
    login(client, "solo@example.com")
    assert client.get("/team").status_code == 403


def test_sorting_holds_across_pages(client, org, monkeypatch):
    monkeypatch.setattr(team_module, "PER_PAGE", 2)
    for day in (JAN, FEB):  # Otto, last by name, leads by standing
        org.log(org.other, [("hiring", "proven_vp"), ("metrics", "emerging_vp"), ("planning", "emerging_vp")], day)
        org.log(org.candidate, [("hiring", "em")], day)
    login(client, "admin@example.com")
    assert rows(client.get("/team?sort=standing").get_data(as_text=True)) == ["Otto Other", "Cara Candidate"]
    assert rows(client.get("/team?sort=hiring").get_data(as_text=True)) == ["Otto Other", "Cara Candidate"]
    assert rows(client.get("/team?framework=em_scorecard&sort=standing&page=3").get_data(as_text=True)) == [
        "Otto Other"]  # nobody scores on the scorecard: by name

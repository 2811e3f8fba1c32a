"""The readiness page: any framework, as of any date, with the next step, pending evidence,
scorecard points and the proof pack checklist."""
from datetime import date

from tests.conftest import PASSWORD, login, post_form
from tracker.auth.service import create_user

JAN, FEB = date(2026, 1, 10), date(2026, 2, 10)


def test_ladder_page_explains_the_next_step_and_links_to_log_it(client, org):
    counted = org.log(org.candidate, [("planning", "emerging_vp")], JAN)
    org.log(org.candidate, [("planning", "proven_vp")], FEB, state="submitted")
    login(client, "candidate@example.com")
    page = client.get("/readiness").get_data(as_text=True)
    assert "Stage: <strong>Strong Engineering Manager</strong>" in page
    assert ("One more verified piece at Strong Engineering Manager or higher, dated in a month other than "
            "Jan 2026.") in page
    assert "/artifacts/new?framework=vp_engineering&amp;competency=planning&amp;level=em" in page
    assert "1 awaiting verification, not counted yet" in page
    assert "Jan 2026 · verified by Mia Manager" in page
    assert f'<a href="/artifacts/{counted.id}">Cut cloud spend</a>' in page
    form = client.get("/artifacts/new?framework=vp_engineering&competency=planning&level=em").get_data(as_text=True)
    assert 'name="claim-planning" value="em" checked' in form


def test_as_of_and_framework_choice(client, org):
    org.log(org.candidate, [("hiring", "em")], JAN)
    org.log(org.candidate, [("hiring", "em")], FEB)
    login(client, "candidate@example.com")
    now = client.get("/readiness").get_data(as_text=True)
    then = client.get("/readiness?as_of=2026-01-31").get_data(as_text=True)
    assert 'data-competency="hiring" data-level="em"' in now
    assert 'data-competency="hiring" data-level=""' in then and "as of 2026-01-31" in then
    other = client.get("/readiness?framework=em_scorecard").get_data(as_text=True)
    assert "EM promotion scorecard" in other and "Score: <strong>0 of 18</strong>" in other
    assert "Foundation gaps" in other and "Leaders look for:" in other and "Fast move (7-14 days):" in other
    bad = client.get("/readiness?framework=nope&as_of=31/01/2026")
    assert bad.status_code == 200
    text = bad.get_data(as_text=True)
    assert "showing the primary target" in text and "showing today" in text


def test_it_director_page_shows_self_checks_and_the_proof_pack(client, org):
    person = create_user("ida@example.com", "Ida", PASSWORD, manager_email="manager@example.com",
                         framework_slug="it_director")
    org.log(person, [("incident_leadership", "proven")], JAN, type="postmortem", title="Payments outage review")
    org.log(person, [], FEB, type="risk_register", state="submitted", title="Unverified risks")
    login(client, "manager@example.com")
    page = client.get(f"/readiness/{person.id}").get_data(as_text=True)
    assert "Score: <strong>0 of 27</strong>" in page and "Not yet hire-ready" in page
    assert "If a critical service went down this afternoon" in page
    assert page.count('class="met"') == 1 and page.count('class="missing"') == 4
    assert "Payments outage review" in page and "Unverified risks" not in page.split("Proof pack")[1]


def test_manager_sets_targets_and_the_page_compares_them(client, org):
    org.log(org.candidate, [("planning", "em")], JAN)
    org.log(org.candidate, [("planning", "em")], FEB)
    login(client, "manager@example.com")
    path = f"/readiness/{org.candidate.id}"
    response = post_form(client, f"{path}/targets", {"frameworks": ["vp_engineering", "cto_readiness"],
                                                     "primary": "vp_engineering"}, token_from=path)
    assert response.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "Against every target" in page and "CTO readiness" in page
    assert "1 of 8" in page and "0 of 27, band Building the base" in page
    bad = post_form(client, f"{path}/targets", {"frameworks": ["cto_readiness"], "primary": "vp_engineering"},
                    token_from=path)
    assert bad.status_code == 302
    assert "Name the primary target" in client.get(path).get_data(as_text=True)
    assert "Against every target" in client.get(path).get_data(as_text=True)  # unchanged


def test_candidates_do_not_set_their_own_targets(client, org):
    login(client, "candidate@example.com")
    page = client.get("/readiness").get_data(as_text=True)
    assert "Save targets" not in page
    response = post_form(client, f"/readiness/{org.candidate.id}/targets",
                         {"frameworks": ["it_director"], "primary": "it_director"}, token_from="/readiness")
    assert response.status_code == 403


def test_timeline_and_evidence_without_claims(client, org):
    org.log(org.candidate, [("metrics", "em")], JAN)
    org.log(org.candidate, [("metrics", "em")], FEB)
    bare = org.log(org.candidate, [], FEB, title="No claims here")
    login(client, "candidate@example.com")
    assert "Strong Engineering Manager since Feb 2026" in client.get("/readiness").get_data(as_text=True)
    assert "cannot count towards readiness" in client.get(f"/artifacts/{bare.id}").get_data(as_text=True)


def test_a_new_framework_version_shows_its_new_guidance_and_descriptors(client, org):
    from tracker.extensions import db
    from tracker.frameworks.service import BUNDLED_DIR, import_framework, parse_yaml

    login(client, "candidate@example.com")
    assert "Ships plans that survive contact" not in client.get("/readiness").get_data(as_text=True)
    document = parse_yaml((BUNDLED_DIR / "vp_engineering.yaml").read_text())
    document["competencies"][0]["descriptors"]["em"] = "Ships plans that survive contact with reality."
    document["competencies"][0]["evidence_hints"] = ["A plan that changed course, and why."]
    import_framework(document)
    db.session.commit()
    page = client.get("/readiness").get_data(as_text=True)  # the copies prepared per process follow
    assert "Ships plans that survive contact with reality." in page
    assert "A plan that changed course, and why." in page

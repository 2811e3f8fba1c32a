"""One validator for the form and the JSON: bad fields are named, what was typed is kept,
nothing is saved or mailed; and the bounds on how many people one candidate can ask."""
from tests.api.helpers import CANDIDATE, assert_error
from tests.conftest import login, post_form
from tests.corroboration.conftest import STAKEHOLDER, ask
from tracker.corroboration.validation import MAX_OPEN_PER_EVIDENCE, MAX_PER_DAY
from tracker.extensions import db
from tracker.models import Corroboration, OutboxMail


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_form_names_each_bad_field_and_keeps_what_was_typed(client, org):
    shared = org.log(org.candidate, title="Cut cloud spend")
    login(client, CANDIDATE)
    response = post_form(client, f"/artifacts/{shared.id}/corroborations",
                         {"name": "Dana <b>Lee</b>", "email": "candidate@example.com", "role": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "That is your own address" in html and "This field is required." in html
    assert 'value="Dana &lt;b&gt;Lee&lt;/b&gt;"' in html and 'value="candidate@example.com"' in html
    assert 'name="csrf_token"' in html and "Nobody was asked." in html
    for fields, message in [({"email": "dana at example"}, "Give a valid email address"),
                            ({"email": "dána@example.com"}, "Give a valid email address"),
                            ({"name": "x" * 121}, "Must be at most 120 characters (now 121)."),
                            ({"role": "Finance\u202epartner"}, "invisible text-direction")]:
        response = post_form(client, f"/artifacts/{shared.id}/corroborations", {**STAKEHOLDER, **fields})
        assert response.status_code == 422 and message in response.get_data(as_text=True), fields
    assert count(Corroboration) == count(OutboxMail) == 0


def test_the_api_names_the_same_fields(api, org):
    shared = org.log(org.candidate, title="Cut cloud spend")
    path = f"/artifacts/{shared.id}/corroborations"
    assert_error(api.post(path, as_=CANDIDATE, json={"name": " ", "email": "CANDIDATE@example.com", "role": 7}),
                 422, fields=("name", "email", "role"))
    assert_error(api.post(path, as_=CANDIDATE, json={**STAKEHOLDER, "cc": "x@example.com"}), 422, fields=("request",))
    assert_error(api.post(path, as_=CANDIDATE, json=["not", "an", "object"]), 400)
    assert count(Corroboration) == 0


def test_a_few_open_requests_per_evidence_and_a_bound_a_day(api, org):
    shared, other = org.log(org.candidate, title="Cut cloud spend"), org.log(org.candidate, title="Hiring")
    ask(org, shared)
    path = f"/artifacts/{shared.id}/corroborations"
    assert_error(api.post(path, as_=CANDIDATE, json=STAKEHOLDER), 422, fields=("email",))  # asked already
    for index in range(1, MAX_OPEN_PER_EVIDENCE):
        ask(org, shared, email=f"person{index}@example.com")
    refused = api.post(path, as_=CANDIDATE, json={**STAKEHOLDER, "email": "one.more@example.com"})
    assert_error(refused, 422, fields=("request",))
    assert "At most 5 requests can be open" in refused.get_json()["error"]["fields"]["request"]
    for index in range(MAX_OPEN_PER_EVIDENCE, MAX_PER_DAY):
        row, _ = ask(org, other, email=f"person{index}@example.com")
        row.state = "withdrawn"  # withdrawn requests still count towards the day
    db.session.commit()
    refused = api.post(f"/artifacts/{other.id}/corroborations", as_=CANDIDATE, json=STAKEHOLDER)
    assert "the most a day allows" in refused.get_json()["error"]["fields"]["request"]
    assert count(Corroboration) == MAX_PER_DAY


def test_my_data_holds_the_requests_the_candidate_made(api, org):
    from tests.exports.test_my_data import exported
    from tracker.corroboration import service

    shared = org.log(org.candidate, title="Cut cloud spend")
    _, token = ask(org, shared)
    service.give_statement(token, "Saw it.")
    ask(org, shared, email="ravi@example.com", name="Ravi Rao")
    db.session.commit()
    _, data = exported(api, CANDIDATE)  # checked against docs/my-data.schema.json, closed
    assert [(c["name"], c["state"], c["statement"], c["artifact"]) for c in data["corroborations"]] == [
        ("Dana Lee", "given", "Saw it.", shared.id), ("Ravi Rao", "requested", "", shared.id)]
    assert "corroborated" in {n["kind"] for n in data["notifications"]}
    _, data = exported(api, "manager@example.com")
    assert data["corroborations"] == []

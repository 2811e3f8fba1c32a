"""The OpenAPI document tested against the running API: Schemathesis generates requests for
every operation from the document (valid and invalid ones) and checks each response: never a
server error, only documented status codes and content types, bodies that match their schemas,
and invalid input refused."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance)

from tracker.api.openapi import openapi_document
from tracker.auth.service import issue_token
from tracker.extensions import db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]
EXAMPLES = int(os.environ.get("TRACKER_TEST_API_EXAMPLES", "40"))


# The same document the app serves (tests/api/test_openapi.py checks it lists every route).
schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture()
def evidence(org):
    """Ids of evidence in every state the manager meets (and one private piece)."""
    return [org.log(org.candidate, [("planning", "em")], state="submitted", links=["https://example.com/memo"],
                    metrics=[{"name": "Cost", "baseline": 10, "result": 7, "category": "cost"}]).id,
            org.log(org.candidate, state="verified").id,
            org.log(org.candidate, state="submitted").id,
            org.log(org.candidate, state="draft", visibility="private").id]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("TRACKER_TEST_API_EXAMPLES"),
          suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_document(case, live_server, org, evidence):
    # The manager sees and may decide on the candidate's evidence; each call gets a fresh
    # token, since DELETE /tokens/current revokes the one it is made with.
    headers = {"Authorization": f"Bearer {issue_token(org.manager)}"}
    db.session.commit()  # the live server's requests see it
    generated = (case.path_parameters or {}).get("artifact_id")
    if isinstance(generated, int) and 1 <= generated < 2**31:  # a valid id: point it at real evidence
        case.path_parameters["artifact_id"] = evidence[generated % len(evidence)]
    case.call_and_validate(base_url=f"{live_server}/api/v1", headers=headers, checks=CHECKS)

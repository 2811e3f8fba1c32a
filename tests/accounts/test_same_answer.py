"""The reset request says nothing about whether an address has an account: the same status
and page, and the same time within noise, for a known, an unknown and a deactivated one.
Timed over real HTTP (the live server), where the link is written and mailed after the
response, as in production; each request on its own connection, so that work never holds
up the next request."""
import re
import statistics
import time

import requests

from tests.conftest import CSRF
from tracker.extensions import db

ROUNDS = 9


def test_known_unknown_and_deactivated_addresses_answer_alike(live_server, org, smtp):
    org.other.active = False
    db.session.commit()
    addresses = {"known": "candidate@example.com", "unknown": "nobody@example.com", "deactivated": "other@example.com"}
    browser = requests.Session()
    token = CSRF.search(browser.get(f"{live_server}/password-reset").text).group(1)
    times = {kind: [] for kind in addresses}
    answers = {kind: set() for kind in addresses}
    order = list(addresses)
    for round_ in range(ROUNDS + 1):
        for kind in order[round_ % 3:] + order[:round_ % 3]:  # interleaved, each going first in turn
            started = time.perf_counter()
            response = browser.post(f"{live_server}/password-reset", data={"email": addresses[kind], "csrf_token": token},
                                    headers={"Connection": "close"})
            elapsed = time.perf_counter() - started
            if round_:  # the first round warms templates and connections
                times[kind].append(elapsed)
            answers[kind].add((response.status_code, re.sub(CSRF, "", response.text)))
            if kind == "known":  # its link is written after the answer: let that finish first
                received(smtp, round_ + 1)
    assert len(answers["known"]) == 1 and answers["known"] == answers["unknown"] == answers["deactivated"]
    assert next(iter(answers["known"]))[0] == 200
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    for other in ("unknown", "deactivated"):
        larger = max(medians["known"], medians[other])
        assert abs(medians["known"] - medians[other]) < max(0.030, 0.5 * larger), medians
    assert {m["To"].addresses[0].addr_spec for m in smtp.messages} == {"candidate@example.com"}


def received(smtp, count):
    """Wait (at most 10 s) until the mail server has `count` messages."""
    deadline = time.monotonic() + 10
    while len(smtp.messages) < count and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(smtp.messages) == count

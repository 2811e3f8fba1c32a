"""Readiness of people against frameworks. Web pages, the API and exports all call this.

The evidence rules live in `rules`, what the competencies add up to in the framework's
kind (`kinds`). Readiness today comes from the stored cells (`cells`); readiness as of an
earlier date is computed from the claims dated up to then.
"""
from datetime import date

from tracker.extensions import db
from tracker.frameworks.service import framework_for
from tracker.readiness.cells import stored_readiness_against
from tracker.readiness.claims import claim_rows
from tracker.readiness.kinds import kind_of
from tracker.readiness.rules import Readiness, evaluate_dimensions
from tracker.readiness.status import refresh_marked
from tracker.reviews.agreed import attach_agreed_levels
from tracker.reviews.self_assessment import attach_self_ratings


def evaluate(framework, claims, as_of):
    kind = kind_of(framework)
    dimensions = evaluate_dimensions(framework, kind, claims)
    return Readiness(framework=framework, kind=kind, as_of=as_of, dimensions=dimensions,
                     **kind.summarise(framework, dimensions))


def readiness_for_many(users, framework=None, as_of=None):
    """Readiness of several people, each against `framework` (default: their primary
    target), computed from their claims with a fixed number of queries."""
    as_of = as_of or date.today()
    frameworks = {}
    claims = claim_rows([user.id for user in users], as_of)
    result = {}
    for user in users:
        key = framework.id if framework is not None else user.framework_id
        if key not in frameworks:
            frameworks[key] = framework if framework is not None else framework_for(user)
        result[user.id] = evaluate(frameworks[key], claims[user.id], as_of)
    return result


def readiness_for(user, framework=None, as_of=None):
    return readiness_against(user, [framework or framework_for(user)], as_of)[0]


def readiness_against(person, frameworks, as_of=None):
    """The person's readiness against each of `frameworks` (e.g. all their targets), side by
    side: today's from the stored cells, an earlier date's from the claims (one query)."""
    today = date.today()
    results = None
    if as_of is None or as_of == today:
        refresh_marked(db.session)  # this transaction's own changes first
        results = stored_readiness_against(person, frameworks)
    if results is None:
        as_of = as_of or today
        claims = claim_rows([person.id], as_of)[person.id]
        results = [evaluate(framework, claims, as_of) for framework in frameworks]
    return attach_agreed_levels(person, attach_self_ratings(person, results))

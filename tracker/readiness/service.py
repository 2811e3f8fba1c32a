"""Readiness of people against frameworks. Web pages, the API and exports all call this.

The evidence rules live in `rules`, what the competencies add up to in the framework's
kind (`kinds`); this module loads the claims and puts the two together.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from tracker.extensions import db
from tracker.frameworks.service import framework_for
from tracker.models import Artifact, Claim, User
from tracker.readiness.kinds import kind_of
from tracker.readiness.rules import ClaimRow, evaluate_dimensions

SHOWN_STATES = ("verified", "submitted")


@dataclass
class Readiness:
    framework: object
    kind: object
    as_of: date
    dimensions: list
    stage: str | None = None  # ladders
    band: dict | None = None  # scorecards: {min, max, label, advice}
    total: int | None = None  # scorecards
    max_total: int | None = None  # scorecards

    @property
    def headline(self):
        """The standing in words, e.g. "In transition to VP" or "12 of 18, band ..."."""
        return self.kind.headline(self)

    @property
    def stage_level(self):
        return self.kind.stage_level(self.framework, self.stage) if self.stage else None

    @property
    def rule_text(self):
        return self.kind.rule_text(self.framework)

    def level_of(self, competency_slug):
        for dimension in self.dimensions:
            if dimension.competency.slug == competency_slug:
                return dimension.level
        raise KeyError(competency_slug)


def claim_rows(owner_ids, as_of):
    """Claims of verified or submitted, shared, undeleted evidence dated on or before
    `as_of`, grouped by owner, newest first: one query."""
    verifier = aliased(User)
    rows = db.session.execute(
        select(Artifact.owner_id, Claim.competency_id, Claim.level_id, Artifact.id,
               Artifact.title, Artifact.occurred_on, Artifact.state, verifier.name)
        .join(Claim.artifact)
        .outerjoin(verifier, verifier.id == Artifact.decided_by_id)
        .where(Artifact.owner_id.in_(owner_ids), Artifact.state.in_(SHOWN_STATES),
               Artifact.visibility == "manager", Artifact.deleted_at.is_(None),
               Artifact.occurred_on <= as_of)
        .order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
    )
    grouped = {owner_id: [] for owner_id in owner_ids}
    for owner_id, *rest in rows:
        grouped[owner_id].append(ClaimRow(*rest))
    return grouped


def evaluate(framework, claims, as_of):
    kind = kind_of(framework)
    dimensions = evaluate_dimensions(framework, kind, claims)
    return Readiness(framework=framework, kind=kind, as_of=as_of, dimensions=dimensions,
                     **kind.summarise(framework, dimensions))


def readiness_for_many(users, framework=None, as_of=None):
    """Readiness of several people, each against `framework` (default: their primary
    target), with a fixed number of queries."""
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
    return readiness_for_many([user], framework, as_of)[user.id]


def readiness_against(person, frameworks, as_of=None):
    """The person's readiness against each of `frameworks` (e.g. all their targets), side by
    side, from one query."""
    as_of = as_of or date.today()
    claims = claim_rows([person.id], as_of)[person.id]
    return [evaluate(framework, claims, as_of) for framework in frameworks]

"""The readiness rules, in one place. Web pages, the API and exports all call this module.

A claim counts when its artifact is verified and not deleted. Level L is demonstrated in a
competency when at least `min_evidence` counting claims sit at L or above and their
artifacts' dates span at least `min_distinct_months` calendar months. The evidence level is
the highest demonstrated level. The stage follows from how many competencies reach the top
level (`ready_rows`) or the middle level (`transition_rows`).
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.frameworks.service import framework_for
from tracker.models import Artifact, Claim

@dataclass(frozen=True)
class CountingClaim:
    competency_id: int
    level_id: int
    artifact_id: int
    title: str
    occurred_on: date


@dataclass
class Dimension:
    competency: object
    level: object = None  # the evidence level (a Level) or None
    agreed_level: object = None  # recorded in review sessions; never overrides `level`
    claims: list = field(default_factory=list)  # CountingClaim, newest first

    def counts(self, levels):
        """Counting claims at exactly each level, keyed by level slug."""
        tally = {level.slug: 0 for level in levels}
        by_id = {level.id: level.slug for level in levels}
        for claim in self.claims:
            tally[by_id[claim.level_id]] += 1
        return tally

    def claims_at(self, level):
        return [claim for claim in self.claims if claim.level_id == level.id]


@dataclass
class Readiness:
    framework: object
    stage: str
    dimensions: list

    @property
    def transition_level(self):
        return self.framework.levels[middle_index(self.framework.levels)]

    @property
    def stage_level(self):
        """The framework level that names the stage (e.g. Emerging VP for `transition`)."""
        levels = self.framework.levels
        return {"manager": levels[0], "transition": levels[middle_index(levels)], "ready": levels[-1]}[self.stage]

    def level_of(self, competency_slug):
        for dimension in self.dimensions:
            if dimension.competency.slug == competency_slug:
                return dimension.level
        raise KeyError(competency_slug)


def middle_index(levels):
    return (len(levels) - 1) // 2


def demonstrated_position(claim_dates_by_position, top_position, min_evidence, min_distinct_months):
    """Highest level position demonstrated, or None.

    `claim_dates_by_position` maps a level position to the `occurred_on` dates of the
    counting claims at exactly that position.
    """
    pooled = []
    for position in range(top_position, -1, -1):
        pooled.extend(claim_dates_by_position.get(position, ()))
        months = {(day.year, day.month) for day in pooled}
        if len(pooled) >= min_evidence and len(months) >= min_distinct_months:
            return position
    return None


def stage_for(positions, levels, ready_rows, transition_rows):
    """The stage from each competency's evidence level position (None = no level)."""
    reached = [position for position in positions if position is not None]
    top, middle = len(levels) - 1, middle_index(levels)
    if sum(1 for position in reached if position >= top) >= ready_rows:
        return "ready"
    if sum(1 for position in reached if position >= middle) >= transition_rows:
        return "transition"
    return "manager"


def _counting_claims(owner_ids):
    """Counting claims for these owners, grouped by owner, in one query."""
    rows = db.session.execute(
        select(Artifact.owner_id, Claim.competency_id, Claim.level_id, Artifact.id,
               Artifact.title, Artifact.occurred_on)
        .join(Claim.artifact)
        .where(Artifact.owner_id.in_(owner_ids), Artifact.state == "verified",
               Artifact.visibility == "manager", Artifact.deleted_at.is_(None))
        .order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
    )
    grouped = {owner_id: [] for owner_id in owner_ids}
    for owner_id, *rest in rows:
        grouped[owner_id].append(CountingClaim(*rest))
    return grouped


def _evaluate(framework, claims):
    positions = {level.id: level.position for level in framework.levels}
    by_competency = {}
    for claim in claims:
        if claim.level_id in positions:
            by_competency.setdefault(claim.competency_id, []).append(claim)
    dimensions = []
    for competency in framework.competencies:
        mine = by_competency.get(competency.id, [])
        dates = {}
        for claim in mine:
            dates.setdefault(positions[claim.level_id], []).append(claim.occurred_on)
        position = demonstrated_position(
            dates, len(framework.levels) - 1, framework.min_evidence, framework.min_distinct_months)
        level = framework.levels[position] if position is not None else None
        dimensions.append(Dimension(competency=competency, level=level, claims=mine))
    stage = stage_for([d.level.position if d.level else None for d in dimensions], framework.levels,
                      framework.ready_rows, framework.transition_rows)
    return Readiness(framework=framework, stage=stage, dimensions=dimensions)


def readiness_for_many(users):
    """Readiness for several candidates with a fixed number of queries."""
    frameworks = {}
    claims = _counting_claims([user.id for user in users])
    result = {}
    for user in users:
        key = user.framework_id
        if key not in frameworks:
            frameworks[key] = framework_for(user)
        result[user.id] = _evaluate(frameworks[key], claims[user.id])
    return result


def readiness_for(user):
    return readiness_for_many([user])[user.id]

"""The evidence rules shared by every kind of framework (SPEC section 3).

A claim counts when its artifact is verified, shared with the management chain and not
deleted. Level L is demonstrated in a competency when at least `min_evidence` counting
claims sit at L or above and their artifacts' dates fall in at least `min_distinct_months`
calendar months. The evidence level is the highest demonstrated level. "As of" a date D
applies the same rules to the counting claims dated on or before D.
"""
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ClaimRow:
    """One claim with what the rules and the pages need of its artifact."""
    competency_id: int
    level_id: int
    artifact_id: int
    title: str
    occurred_on: date
    state: str  # "verified" counts; "submitted" is shown apart, awaiting verification
    verified_by: str | None = None  # the name of whoever verified it


@dataclass
class Dimension:
    """One competency's standing: its evidence level and what backs it."""
    competency: object
    level: object = None  # the evidence level (a Level) or None
    score: int = 0
    claims: list = field(default_factory=list)  # counting claims, newest first
    pending: list = field(default_factory=list)  # claims awaiting verification, newest first
    next_step: str | None = None
    agreed_level: object = None  # recorded in review sessions; never overrides `level`
    self_rating: object = None

    def counts(self, levels):
        """Counting claims at exactly each level, keyed by level slug."""
        tally = {level.slug: 0 for level in levels}
        by_id = {level.id: level.slug for level in levels}
        for claim in self.claims:
            tally[by_id[claim.level_id]] += 1
        return tally

    def claims_at(self, level):
        return [claim for claim in self.claims if claim.level_id == level.id]

    def pending_at(self, level):
        return [claim for claim in self.pending if claim.level_id == level.id]

    @property
    def latest(self):
        """The date of the newest counting claim, or None."""
        return self.claims[0].occurred_on if self.claims else None


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


def _pieces(n):
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    word = words.get(n, str(n))
    return f"{word} more verified piece{'' if n == 1 else 's'}"


def next_step(framework, claims, level):
    """One sentence saying what would lift a competency above `level` (None at the top).

    `claims` are the competency's counting claims. The sentence names the next level, how
    many more verified pieces are needed at it or higher, and, when the months rule is what
    is missing, which months do not help.
    """
    levels = framework.levels
    target = levels[0] if level is None else (levels[level.position + 1] if level.position + 1 < len(levels) else None)
    if target is None:
        return None
    positions = {lvl.id: lvl.position for lvl in levels}
    qualifying = [c for c in claims if positions.get(c.level_id, -1) >= target.position]
    months = sorted({(c.occurred_on.year, c.occurred_on.month) for c in qualifying})
    missing_pieces = max(0, framework.min_evidence - len(qualifying))
    missing_months = max(0, framework.min_distinct_months - len(months))
    more = max(missing_pieces, missing_months, 1)
    sentence = f"{_pieces(more)} at {target.name} or higher"
    if missing_months and months:
        names = ", ".join(date(y, m, 1).strftime("%b %Y") for y, m in months)
        if more == 1:
            sentence += f", dated in a month other than {names}"
        elif more == missing_months:
            sentence += f", each dated in a different month other than {names}"
        else:
            some = "one of them" if missing_months == 1 else f"{missing_months} of them"
            sentence += f", at least {some} dated in a new month (not {names})"
    elif not qualifying and framework.min_distinct_months > 1:
        sentence += f", dated in at least {framework.min_distinct_months} different months"
    return sentence + "."


def first_reached(framework, claims):
    """When each level was first demonstrated, replaying the counting `claims` in date order:
    {level position: date}. The same as asking "as of" each date, answered in one pass."""
    positions = {level.id: level.position for level in framework.levels}
    top = len(framework.levels) - 1
    dates, reached = {}, {}
    for claim in sorted(claims, key=lambda c: c.occurred_on):
        position = positions[claim.level_id]
        dates.setdefault(position, []).append(claim.occurred_on)
        if position < len(reached):
            continue  # a claim below the highest level reached cannot lift it
        highest = demonstrated_position(dates, top, framework.min_evidence, framework.min_distinct_months)
        for reached_position in range(len(reached), 0 if highest is None else highest + 1):
            reached[reached_position] = claim.occurred_on
        if len(reached) > top:
            break  # the top level is reached: nothing later changes the timeline
    return reached


def evaluate_dimensions(framework, kind, claims):
    """Each competency's Dimension from the owner's claim rows (any state, any framework)."""
    positions = {level.id: level.position for level in framework.levels}
    by_competency = {}
    for claim in claims:
        if claim.level_id in positions:
            by_competency.setdefault(claim.competency_id, []).append(claim)
    dimensions = []
    for competency in framework.competencies:
        mine = by_competency.get(competency.id, [])
        counting = [c for c in mine if c.state == "verified"]
        dates = {}
        for claim in counting:
            dates.setdefault(positions[claim.level_id], []).append(claim.occurred_on)
        position = demonstrated_position(dates, len(framework.levels) - 1, framework.min_evidence,
                                         framework.min_distinct_months)
        level = framework.levels[position] if position is not None else None
        dimensions.append(Dimension(
            competency=competency, level=level, score=kind.score(level), claims=counting,
            pending=[c for c in mine if c.state == "submitted"], next_step=next_step(framework, counting, level)))
    return dimensions

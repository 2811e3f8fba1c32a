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
class Cell:
    """One competency at one level: how many claims sit there and the newest of them."""
    verified: int = 0  # counting claims at exactly this level
    pending: int = 0  # claims awaiting verification, not counted yet
    newest: list = field(default_factory=list)  # the newest counting ClaimRows, at most NEWEST_PER_CELL


NEWEST_PER_CELL = 3


@dataclass
class Dimension:
    """One competency's standing: its evidence level and what backs it."""
    competency: object
    level: object = None  # the evidence level (a Level) or None
    score: int = 0
    cells: dict = field(default_factory=dict)  # level id -> Cell
    reached: dict = field(default_factory=dict)  # level position -> the date it was first reached
    latest: date | None = None  # the date of the newest counting claim
    next_step: str | None = None
    agreed_level: object = None  # recorded in review sessions; never overrides `level`
    agreed: object = None  # the AgreedLevel row behind `agreed_level`, with its rationale
    self_rating: object = None

    def cell(self, level):
        return self.cells.get(level.id) or Cell()

    def counts(self, levels):
        """Counting claims at exactly each level, keyed by level slug."""
        return {level.slug: self.cell(level).verified for level in levels}

    @property
    def pending(self):
        """How many claims await verification, at any level."""
        return sum(cell.pending for cell in self.cells.values())


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


def next_target(framework, level):
    """The level above `level` (the first level when None), or None at the top."""
    levels = framework.levels
    position = 0 if level is None else level.position + 1
    return levels[position] if position < len(levels) else None


def qualifying(framework, claims, target):
    """How many of the counting `claims` sit at `target` or higher, and their distinct
    (year, month)s in order."""
    positions = {lvl.id: lvl.position for lvl in framework.levels}
    pieces = [c for c in claims if positions.get(c.level_id, -1) >= target.position]
    return len(pieces), sorted({(c.occurred_on.year, c.occurred_on.month) for c in pieces})


def next_step(framework, level, pieces, months):
    """One sentence saying what would lift a competency above `level` (None at the top).

    `pieces` counts the counting claims at the next level or higher; `months` lists their
    distinct (year, month)s in order (only the first `min_distinct_months` matter). The
    sentence names the next level, how many more verified pieces are needed at it or
    higher, and, when the months rule is what is missing, which months do not help.
    """
    target = next_target(framework, level)
    if target is None:
        return None
    months = months[:framework.min_distinct_months]
    missing_pieces = max(0, framework.min_evidence - pieces)
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
    elif not pieces and framework.min_distinct_months > 1:
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


def cells_of(claims, newest=NEWEST_PER_CELL):
    """{level id: Cell} from one competency's claims (newest first, any shown state)."""
    cells = {}
    for claim in claims:
        cell = cells.setdefault(claim.level_id, Cell())
        if claim.state == "verified":
            cell.verified += 1
            if len(cell.newest) < newest:
                cell.newest.append(claim)
        else:
            cell.pending += 1
    return cells


def evaluate_dimensions(framework, kind, claims):
    """Each competency's Dimension from the owner's claim rows (newest first, any state,
    any framework)."""
    positions = {level.id: level.position for level in framework.levels}
    by_competency = {}
    for claim in claims:
        if claim.level_id in positions:
            by_competency.setdefault(claim.competency_id, []).append(claim)
    dimensions = []
    for competency in framework.competencies:
        mine = by_competency.get(competency.id, [])
        counting = [c for c in mine if c.state == "verified"]
        reached = first_reached(framework, counting)
        level = framework.levels[max(reached)] if reached else None
        target = next_target(framework, level)
        dimensions.append(Dimension(
            competency=competency, level=level, score=kind.score(level), cells=cells_of(mine), reached=reached,
            latest=counting[0].occurred_on if counting else None,
            next_step=next_step(framework, level, *qualifying(framework, counting, target)) if target else None))
    return dimensions

"""Ladders (e.g. the VP of Engineering matrix): a stage from how many competencies reach
the top level (`ready_rows`) or the middle level or higher (`transition_rows`)."""
from dataclasses import dataclass


def middle_index(levels):
    return (len(levels) - 1) // 2


def stage_for(positions, levels, ready_rows, transition_rows):
    """The stage from each competency's evidence level position (None = no level)."""
    reached = [position for position in positions if position is not None]
    top, middle = len(levels) - 1, middle_index(levels)
    if sum(1 for position in reached if position >= top) >= ready_rows:
        return "ready"
    if sum(1 for position in reached if position >= middle) >= transition_rows:
        return "transition"
    return "manager"


@dataclass(frozen=True)
class Ladder:
    slug: str = "ladder"

    def score(self, level):
        """A ladder scores the level's place on it: 1 for the first level, 0 for none."""
        return 0 if level is None else level.position + 1

    def summarise(self, framework, dimensions):
        stage = stage_for([d.level.position if d.level else None for d in dimensions], framework.levels,
                          framework.ready_rows, framework.transition_rows)
        return {"stage": stage, "band": None, "total": None, "max_total": None}

    def stage_level(self, framework, stage):
        """The level that names a stage (the middle level for `transition`)."""
        levels = framework.levels
        return {"manager": levels[0], "transition": levels[middle_index(levels)], "ready": levels[-1]}[stage]

    def headline(self, readiness):
        framework = readiness.framework
        names = framework.stage_names or {}
        default = {"manager": framework.levels[0].name,
                   "transition": f"In transition to {framework.levels[-1].name}",
                   "ready": f"Ready: {framework.levels[-1].name}"}
        return names.get(readiness.stage, default[readiness.stage])

    def rule_text(self, framework):
        middle = framework.levels[middle_index(framework.levels)]
        return (f"{framework.levels[-1].name} in {framework.ready_rows} competencies means ready; "
                f"{middle.name} or higher in {framework.transition_rows} means in transition.")

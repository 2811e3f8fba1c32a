"""Scorecards (EM promotion, IT Director, CTO readiness): each competency scores its
evidence level's points, 0 when none; the total falls in one of the framework's bands."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Scorecard:
    slug: str = "scorecard"

    def score(self, level):
        return 0 if level is None else level.points

    def max_total(self, framework):
        return len(framework.competencies) * framework.levels[-1].points

    def summarise(self, framework, dimensions):
        total = sum(d.score for d in dimensions)
        band = next((b for b in framework.bands or [] if b["min"] <= total <= b["max"]), None)
        return {"stage": None, "band": band, "total": total, "max_total": self.max_total(framework)}

    def stage_level(self, framework, stage):
        return None

    def headline(self, readiness):
        label = readiness.band["label"] if readiness.band else "no band"
        return f"{readiness.total} of {readiness.max_total}, band {label}"

    def rule_text(self, framework):
        points = ", ".join(f"{level.name} {level.points}" for level in framework.levels)
        return f"Each competency scores its level's points ({points}; none 0), out of {self.max_total(framework)}."

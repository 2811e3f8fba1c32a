"""The readiness self-assessment: ten questions a candidate for VP scope answers 1 (not yet)
to 5 (clearly, with evidence others would recognise). The rule on the page: rate by the
evidence you could show, not by how confident you feel."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    slug: str
    text: str


QUESTIONS = (
    Question("multi_team_impact", "Do you measurably improve how several teams or managers perform, "
                                  "rather than one team's output?"),
    Question("structural_problems", "Do you find problems in how the organisation is built, not only "
                                    "execution problems in your own area?"),
    Question("planning_influence", "Have you shaped quarterly or longer planning beyond your own team, in a "
                                   "way others would name?"),
    Question("managers_grow", "Are the managers below you getting more capable and independent, without "
                              "quality rising only when you step in?"),
    Question("peer_trust", "Do peers outside engineering trust your judgement on priorities, trade-offs and "
                           "delivery risk?"),
    Question("system_health", "Can you see the health of the whole system across teams, including where "
                              "delivery is fragile or rests on a few people?"),
    Question("mechanisms", "Have you improved how decisions, planning or operating rhythm work beyond "
                           "local team process?"),
    Question("leverage", "Do important outcomes happen without your direct involvement?"),
    Question("succession", "Do you work on succession and bench strength, and know where the organisation "
                           "leans too hard on a few people?"),
    Question("without_title", "Without your title, would the organisation still treat you as someone "
                              "working at VP scope?"),
)
BY_SLUG = {question.slug: question for question in QUESTIONS}
RULE = "Rate by the evidence you could show today, not by how confident you feel."

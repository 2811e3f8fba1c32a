"""The evidence types, one module each, found by slug. Views, forms, the API and the coach
ask the registry; none of them knows a type by name."""
from tracker.artifacts.kinds import (budget_narrative, decision_log, exec_update, impact_note, investment_case,
                                     kpi_tree, other, plan_30_60_90, postmortem, risk_register, roadmap,
                                     service_catalog, stakeholder_map, strategy_memo)
from tracker.models import ARTIFACT_TYPES

KINDS = {module.KIND.slug: module.KIND for module in (
    impact_note, strategy_memo, kpi_tree, risk_register, postmortem, investment_case, exec_update,
    decision_log, roadmap, budget_narrative, service_catalog, stakeholder_map, plan_30_60_90, other)}
assert list(KINDS) == list(ARTIFACT_TYPES), "every type in ARTIFACT_TYPES has exactly one module here"


def kind_of(slug):
    """The type's strategy; unknown slugs (only ever in rejected input) get `other`'s."""
    return KINDS.get(slug, KINDS["other"])

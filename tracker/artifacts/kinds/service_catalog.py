"""Service catalog: what the organisation offers, how to ask for it, what it promises, and
where to escalate."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Rows

KIND = Kind(
    slug="service_catalog",
    intro="Services, request paths, the promises made (SLAs and SLOs) and escalation.",
    sections=(
        Rows("services", "Services", most=50, columns=(
            Column("service", "Service", required=True),
            Column("request_path", "How to request it"),
            Column("sla", "SLA", limit=120),
            Column("slo", "SLO", limit=120),
            Column("escalation", "Escalation"),
        )),
    ),
)

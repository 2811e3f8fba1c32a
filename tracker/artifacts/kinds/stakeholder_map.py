"""Stakeholder map: who decides what, and when (the cadence of decisions)."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Rows

KIND = Kind(
    slug="stakeholder_map",
    intro="Who decides what, and when.",
    fills=(("stakeholders", "stakeholders"),),
    sections=(
        Rows("stakeholders", "Stakeholders", most=50, columns=(
            Column("name", "Who", required=True, limit=120),
            Column("role", "Role", limit=120),
            Column("decides", "Decides"),
            Column("cadence", "When", limit=120),
        )),
    ),
)

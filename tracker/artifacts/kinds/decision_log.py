"""Decision log: each decision with the options weighed, the trade-off, who decided and when."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Rows

KIND = Kind(
    slug="decision_log",
    intro="Decisions you shaped or made, and the trade-off behind each.",
    fills=(("decisions", "decision"),),
    sections=(
        Rows("decisions", "Decisions", most=50, columns=(
            Column("decision", "Decision", required=True),
            Column("options", "Options considered", kind="long", limit=1000),
            Column("trade_off", "Trade-off", kind="long", limit=1000),
            Column("decider", "Decided by", limit=120),
            Column("decided_on", "Date", kind="date"),
        )),
    ),
)

"""Strategy memo: where we are going, within what limits, the bets, what we will not do, and
how we will know."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Items

KIND = Kind(
    slug="strategy_memo",
    intro="A page a leadership team can decide on: goals, constraints, bets, and what you will not do.",
    fills=(("not_doing", "decision"),),
    sections=(
        Items("goals", "Goals"),
        Items("constraints", "Constraints"),
        Items("bets", "Bets"),
        Items("not_doing", "What we will not do"),
        Items("success_metrics", "Success metrics"),
    ),
)

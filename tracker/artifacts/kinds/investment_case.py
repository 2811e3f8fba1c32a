"""Investment case: what it costs, what it should return, what could go wrong, and by when."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Items, Text

KIND = Kind(
    slug="investment_case",
    intro="Justify spending like an executive: cost, expected lift, risks and timeframe.",
    sections=(
        Text("cost", "Cost", "e.g. 2 engineers for 2 quarters, $40k tooling", line=True),
        Text("expected_lift", "Expected lift", "e.g. +3% conversion, -20% cost to serve", line=True),
        Items("risks", "Risks"),
        Text("timeframe", "Timeframe", "e.g. payback in 9 months", line=True),
    ),
)

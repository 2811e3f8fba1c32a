"""30-60-90 plan: what will be delivered by day 30, 60 and 90."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Items

KIND = Kind(
    slug="plan_30_60_90",
    intro="Deliverables by day 30, 60 and 90 of a new scope.",
    sections=(
        Items("day_30", "By day 30"),
        Items("day_60", "By day 60"),
        Items("day_90", "By day 90"),
    ),
)

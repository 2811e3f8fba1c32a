"""Roadmap: three to five priorities each for now, next and later."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Items

HINT = "Three to five priorities, one per line."

KIND = Kind(
    slug="roadmap",
    intro="Now, next, later: a few priorities each, so the order is a decision.",
    sections=(
        Items("now", "Now", HINT, most=5),
        Items("next", "Next", HINT, most=5),
        Items("later", "Later", HINT, most=5),
    ),
)

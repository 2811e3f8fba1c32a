"""Executive update: outcomes, risks, asks and what comes next, in that order."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Items

KIND = Kind(
    slug="exec_update",
    intro="What an executive team reads in two minutes.",
    sections=(
        Items("outcomes", "Outcomes"),
        Items("risks", "Risks"),
        Items("asks", "Asks"),
        Items("next", "Next"),
    ),
)

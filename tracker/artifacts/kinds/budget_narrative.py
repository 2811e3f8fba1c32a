"""Budget narrative: where the money goes, what drives it, what cannot be cut, and where
savings could come from."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Items, Rows

KIND = Kind(
    slug="budget_narrative",
    intro="The story behind the numbers: categories, drivers, non-negotiables and savings levers.",
    sections=(
        Rows("categories", "Spend categories", most=30, columns=(
            Column("category", "Category", required=True),
            Column("amount", "Amount", kind="number"),
            Column("note", "Note"),
        )),
        Items("drivers", "Cost drivers"),
        Items("non_negotiables", "Non-negotiables"),
        Items("savings_levers", "Savings levers"),
    ),
)

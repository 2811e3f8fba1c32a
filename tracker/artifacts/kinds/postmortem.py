"""Postmortem: what happened when, who it hurt, why, and the corrective actions, with the
share of actions closed by their due date."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Items, Rows, Text


def closed_on_time(actions):
    """(closed by their due date, actions with a due date)."""
    due = [action for action in actions if action.get("due")]
    on_time = [action for action in due if action.get("done_on") and action["done_on"] <= action["due"]]
    return len(on_time), len(due)


class Postmortem(Kind):
    def view(self, details):
        on_time, due = closed_on_time(details.get("actions", []))
        return {"on_time": on_time, "due": due, "share": round(100 * on_time / due) if due else None}


KIND = Postmortem(
    slug="postmortem",
    intro="Blameless: the timeline, the impact, the causes, and what changed so it stays fixed.",
    template="artifacts/kinds/postmortem.html",
    sections=(
        Rows("timeline", "Timeline", most=100, blank=3, columns=(
            Column("at", "When", limit=40, required=True),
            Column("event", "What happened", kind="long", limit=1000, required=True),
        )),
        Text("customer_impact", "Customer impact", "Who was affected, for how long, how badly."),
        Text("business_impact", "Business impact", "Revenue, cost, risk or reputation, with figures."),
        Items("root_causes", "Root causes", "One per line."),
        Rows("actions", "Corrective actions", most=50, columns=(
            Column("action", "Action", required=True),
            Column("owner", "Owner", limit=120),
            Column("due", "Due", kind="date"),
            Column("done_on", "Done on", kind="date"),
        )),
        Text("stays_fixed", "What changed so it stays fixed"),
    ),
)

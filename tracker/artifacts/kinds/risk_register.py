"""Risk register: risks scored by likelihood and impact (1 to 5 each), shown worst first with
a 5 x 5 heat grid and the mitigations of the worst open risks."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Rows

STATUSES = ("open", "mitigating", "closed", "accepted")
TOP = 3


def exposure(risk):
    return (risk.get("likelihood") or 0) * (risk.get("impact") or 0)


class RiskRegister(Kind):
    def view(self, details):
        risks = sorted(details.get("risks", []), key=exposure, reverse=True)
        grid = [[0] * 5 for _ in range(5)]  # grid[5 - likelihood][impact - 1]: most likely on top
        for risk in risks:
            grid[5 - risk["likelihood"]][risk["impact"] - 1] += 1
        live = [risk for risk in risks if risk.get("status") in ("open", "mitigating") and risk.get("mitigation")]
        return {"risks": risks, "grid": grid, "top": live[:TOP]}


KIND = RiskRegister(
    slug="risk_register",
    intro="The risks you own, how likely and how bad each is, and what you are doing about them.",
    template="artifacts/kinds/risk_register.html",
    sections=(
        Rows("risks", "Risks", most=100, columns=(
            Column("risk", "Risk", required=True),
            Column("likelihood", "Likelihood (1-5)", kind="score", required=True),
            Column("impact", "Impact (1-5)", kind="score", required=True),
            Column("owner", "Owner", limit=120),
            Column("mitigation", "Mitigation", kind="long", limit=1000),
            Column("due", "Due", kind="date"),
            Column("status", "Status", kind="choice", choices=STATUSES, default="open"),
        )),
    ),
)

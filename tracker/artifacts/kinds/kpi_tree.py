"""KPI tree: business outcomes, the leading indicators that move them, the operational levers
behind those and the engineering metrics underneath; each node hangs under an earlier one."""
from tracker.artifacts.kinds.base import Kind
from tracker.artifacts.kinds.sections import Column, Rows

LEVELS = ("Business outcome", "Leading indicator", "Operational lever", "Engineering metric")


def depths(nodes):
    """Each node's depth (0 for a business outcome), or None where its parent is not an earlier node."""
    result = []
    for index, node in enumerate(nodes):
        parent = node.get("parent")
        if parent is None:
            result.append(0)
        elif parent < index and result[parent] is not None:
            result.append(result[parent] + 1)
        else:
            result.append(None)
    return result


class KpiTree(Kind):
    def check(self, details, errors):
        nodes = details.get("nodes", [])
        for index, depth in enumerate(depths(nodes)):
            if depth is None:
                errors[f"details.nodes[{index}].parent"] = "Must be an earlier row (a node hangs under one above it)."
            elif depth >= len(LEVELS):
                errors[f"details.nodes[{index}].parent"] = (
                    "Too deep: an engineering metric is the lowest level, so nothing hangs under it.")

    def view(self, details):
        nodes = details.get("nodes", [])
        children = {index: [] for index in range(-1, len(nodes))}
        for index, node in enumerate(nodes):
            children[-1 if node.get("parent") is None else node["parent"]].append(index)

        def branch(index, depth):
            return {"node": nodes[index], "level": LEVELS[depth],
                    "children": [branch(child, depth + 1) for child in children[index]]}
        return {"roots": [branch(index, 0) for index in children[-1]]}


KIND = KpiTree(
    slug="kpi_tree",
    intro=("From a business outcome down to the engineering metrics that move it. Leave 'Under row' "
           "blank for a business outcome; otherwise give the row it hangs under."),
    template="artifacts/kinds/kpi_tree.html",
    sections=(
        Rows("nodes", "Nodes", most=60, blank=3, columns=(
            Column("name", "Name", required=True),
            Column("parent", "Under row", kind="parent"),
            Column("definition", "Definition", kind="long", limit=1000),
            Column("owner", "Owner", limit=120),
            Column("current", "Current", limit=60),
            Column("target", "Target", limit=60),
        )),
    ),
)

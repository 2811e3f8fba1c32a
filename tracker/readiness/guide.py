"""What a framework says about each competency (self-check, what leaders look for, proof
points, traps, the fast move, hints, weak signals and each level's descriptor), prepared
once per process and framework version: it is the same on every matrix page, and
rendering it every time was a good share of the page's cost."""
from flask import render_template
from markupsafe import Markup

# framework slug -> (its updated_at, {competency id: (rendered guide, {level id: descriptor})})
_rendered = {}


def _entry(framework, competency):
    version, entries = _rendered.get(framework.slug, (None, None))
    if entries is None or version != framework.updated_at:
        entries = {}
        _rendered[framework.slug] = (framework.updated_at, entries)
    if competency.id not in entries:
        descriptors = {level.id: competency.descriptor_for(level) for level in framework.levels}
        entries[competency.id] = (Markup(render_template("readiness/_guide.html", competency=competency)),
                                  descriptors)
    return entries[competency.id]


def competency_guide(framework, competency):
    return _entry(framework, competency)[0]


def competency_descriptors(framework, competency):
    """{level id: what that level looks like in the competency}."""
    return _entry(framework, competency)[1]

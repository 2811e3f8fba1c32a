"""Rule families of frameworks, one module per kind behind one small interface.

A kind answers: what a competency's level scores (`score`), what the dimensions add up to
(`summarise`: stage, or band and total), and how to say that to a person (`headline`).
Views, the API and exports ask the kind; none of them knows the rules.
"""
from tracker.readiness.kinds.ladder import Ladder
from tracker.readiness.kinds.scorecard import Scorecard

KINDS = {kind.slug: kind for kind in (Ladder(), Scorecard())}


def kind_of(framework):
    return KINDS[framework.kind]

"""Target frameworks: the frameworks a person is judged against, one of them primary.

The primary target is `users.framework_id` (the default framework when unset); further
targets are in `user_targets`. Claims may name any target. Dropping a target never drops a
claim: evidence keeps its claims, and editing it still offers the frameworks it claims.
"""
from tracker import access
from tracker.errors import Forbidden, ValidationError
from tracker.extensions import db
from tracker.frameworks.service import framework_for, get_framework

MAX_TARGETS = 10


def targets_of(person):
    """The person's target frameworks, primary first (loaded for validation and forms)."""
    primary = framework_for(person)
    others = [get_framework(f.slug) for f in person.other_targets if f.id != primary.id]
    return [primary, *others]


def claimable_frameworks(owner, artifact=None):
    """{slug: framework} that claims on this owner's evidence may name, primary first: the
    owner's targets, plus any framework the artifact already claims."""
    frameworks = {f.slug: f for f in targets_of(owner)}
    for claim in artifact.claims if artifact is not None else ():
        slug = claim.competency.framework.slug
        if slug not in frameworks:
            frameworks[slug] = get_framework(slug)
    return frameworks


def set_targets(actor, person, slugs, primary):
    """Replace the person's targets (the caller commits). Their manager chain or an admin."""
    if not access.can_set_targets(actor, person):
        raise Forbidden("Only the person's management chain or an admin can set their targets.")
    errors = {}
    if not isinstance(slugs, list) or not slugs or not all(isinstance(s, str) for s in slugs):
        errors["frameworks"] = "Choose at least one target framework (a list of framework slugs)."
        slugs = []
    elif len(set(slugs)) > MAX_TARGETS:
        errors["frameworks"] = f"At most {MAX_TARGETS} targets."
    found = {slug: get_framework(slug) for slug in dict.fromkeys(slugs)}
    unknown = [slug for slug, framework in found.items() if framework is None]
    if unknown and "frameworks" not in errors:
        errors["frameworks"] = f"No such framework: {', '.join(unknown)}."
    if not isinstance(primary, str) or primary not in found:
        errors["primary"] = "Name the primary target; it must be one of the frameworks."
    if errors:
        raise ValidationError(errors)
    person.framework = found[primary]
    person.other_targets = [framework for slug, framework in found.items() if slug != primary]
    db.session.flush()
    return targets_of(person)

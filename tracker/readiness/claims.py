"""The claims readiness is computed from: those of verified or submitted evidence that is
shared with the management chain and not deleted."""
from sqlalchemy import select
from sqlalchemy.orm import aliased

from tracker.extensions import db
from tracker.models import Artifact, Claim, User
from tracker.readiness.rules import ClaimRow

SHOWN_STATES = ("verified", "submitted")
# Who verified a piece: an alias made once, so statements that use it are cached.
VERIFIER = aliased(User, name="verifier")


def shown_claims(query, owner_ids):
    """`query` (selecting from claims) narrowed to the shown claims of these owners."""
    return (query.join(Claim.artifact)
            .where(Artifact.owner_id.in_(owner_ids), Artifact.state.in_(SHOWN_STATES),
                   Artifact.visibility == "manager", Artifact.deleted_at.is_(None)))


def claim_rows(owner_ids, as_of):
    """Shown claims of evidence dated on or before `as_of`, grouped by owner, newest first:
    one query."""
    rows = db.session.execute(
        shown_claims(select(Artifact.owner_id, Claim.competency_id, Claim.level_id, Artifact.id,
                            Artifact.title, Artifact.occurred_on, Artifact.state, VERIFIER.name), owner_ids)
        .outerjoin(VERIFIER, VERIFIER.id == Artifact.decided_by_id)
        .where(Artifact.occurred_on <= as_of)
        .order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
    )
    grouped = {owner_id: [] for owner_id in owner_ids}
    for owner_id, *rest in rows:
        grouped[owner_id].append(ClaimRow(*rest))
    return grouped

"""What happens in a session: topics, notes and action items from either side; agreed
levels and decisions on evidence from the manager running it. Services flush; the caller
commits. See `sessions` for how each change is made conditional."""
from sqlalchemy import delete, select

from tracker import access
from tracker.artifacts import service as evidence
from tracker.errors import Conflict, Forbidden, NotFound
from tracker.extensions import db
from tracker.frameworks.targets import targets_of
from tracker.ids import is_row_id
from tracker.models import ActionItem, AgreedLevel, Artifact, ReviewDecision, ReviewNote, ReviewTopic
from tracker.models.base import utcnow
from tracker.reviews.sessions import claim, lock_open
from tracker.reviews.validation import clean_action_item, clean_agreed_levels, clean_note, clean_topic

MAX_PER_SESSION = 200  # notes, topics and action items each: bounds what one session can hold


def _take_part(actor, review, what):
    if not access.can_take_part(actor, review):
        raise Forbidden(f"Only the two sides of the session can add {what}.")


def _bounded(model, review, what):
    count = db.session.scalar(select(db.func.count()).select_from(model).where(model.session_id == review.id))
    if count >= MAX_PER_SESSION:
        raise Conflict(f"A session holds at most {MAX_PER_SESSION} {what}.")


def _add(review, model, what, clean):
    """One topic, note or action item (`clean` values) added to an open session. Callers
    check who may add it first, so that a stranger learns nothing from validation."""
    lock_open(review)
    _bounded(model, review, what)
    row = model(session_id=review.id, **clean)
    db.session.add(row)
    db.session.flush()
    return row


def add_topic(actor, review, data):
    _take_part(actor, review, "topics")
    return _add(review, ReviewTopic, "topics", {**clean_topic(data), "author": actor})


def add_note(actor, review, data):
    _take_part(actor, review, "notes")
    return _add(review, ReviewNote, "notes", {**clean_note(data), "author": actor})


def sides_of(review):
    """{email: person} who may own an action item: the candidate and the manager's side."""
    people = [review.candidate, review.manager, review.candidate.manager]
    return {person.email: person for person in people
            if person is not None and (person.id == review.candidate_id or access.is_manager_side(person, review))}


def add_action_item(actor, review, data, today=None):
    _take_part(actor, review, "action items")
    clean = clean_action_item(data, sides_of(review), today)
    return _add(review, ActionItem, "action items", {**clean, "candidate_id": review.candidate_id})


def load_action_item(viewer, item_id):
    item = db.session.get(ActionItem, int(item_id)) if is_row_id(item_id) else None
    if item is None or not access.can_view_review(viewer, item.session):
        raise NotFound("No such action item.")
    return item


def set_action_done(actor, item, done):
    """Either side marks an item done (or not) at any time, also after the session closed:
    that is how items stop carrying over."""
    if not access.can_take_part(actor, item.session):
        raise Forbidden("Only the two sides of the session can tick off its action items.")
    item.done_at = (item.done_at or utcnow()) if done else None
    db.session.flush()
    return item


def set_agreed_levels(actor, review, data, based_on=None):
    """Replace the levels agreed in this session for one framework of the candidate's."""
    if not access.can_run_review(actor, review):
        raise Forbidden("Only the manager running this session or an admin can record agreed levels.")
    framework, levels = clean_agreed_levels(data, {f.slug: f for f in targets_of(review.candidate)})
    claim(review, based_on)
    db.session.execute(delete(AgreedLevel).where(AgreedLevel.session_id == review.id,
                                                 AgreedLevel.framework == framework.slug))
    rows = [AgreedLevel(session_id=review.id, candidate_id=review.candidate_id, framework=framework.slug,
                        recorded_by=actor, **level) for level in levels]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def decide_in_session(actor, review, artifact_id, decision, comment="", based_on=None):
    """Verify or send back a piece of the candidate's evidence from the session's page, at
    the version the manager saw; the session's summary lists it."""
    if not access.can_run_review(actor, review):
        raise Forbidden("Only the manager running this session or an admin can decide on evidence here.")
    artifact = db.session.get(Artifact, int(artifact_id)) if is_row_id(artifact_id) else None
    if artifact is None or artifact.owner_id != review.candidate_id or not access.can_view_artifact(actor, artifact):
        raise NotFound("No such evidence of this candidate.")
    lock_open(review)
    evidence.decide(actor, artifact, decision, comment, based_on=based_on, version_required=True)
    db.session.add(ReviewDecision(session_id=review.id, artifact_id=artifact.id, decision=decision,
                                  comment=artifact.decision_comment))
    db.session.flush()
    return artifact


def decisions_in(review):
    return db.session.scalars(select(ReviewDecision).where(ReviewDecision.session_id == review.id)
                              .order_by(ReviewDecision.id)).all()


def action_items_of(review):
    return db.session.scalars(select(ActionItem).where(ActionItem.session_id == review.id)
                              .order_by(ActionItem.id)).all()


"""The one way notes are read. A private note is its author's alone: not the other side's,
not an admin's, not any export's, not the API's for anyone else. Every page, API answer and
mail gets notes from `visible_notes` with the person it is for."""
from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.models import ReviewNote


def visible_notes(review, viewer):
    """The session's shared notes and the viewer's own private ones, oldest first."""
    return db.session.scalars(
        select(ReviewNote).where(ReviewNote.session_id == review.id,
                                 or_(ReviewNote.private.is_(False), ReviewNote.author_id == viewer.id))
        .order_by(ReviewNote.created_at, ReviewNote.id)).all()


def shared_notes(review):
    """Notes everyone who may read the session sees (for mails to both sides)."""
    return db.session.scalars(select(ReviewNote).where(ReviewNote.session_id == review.id,
                                                       ReviewNote.private.is_(False))
                              .order_by(ReviewNote.created_at, ReviewNote.id)).all()


def note_to_dict(note):
    return {"id": note.id, "author": note.author.email, "body": note.body, "private": note.private,
            "created_at": note.created_at.isoformat()}

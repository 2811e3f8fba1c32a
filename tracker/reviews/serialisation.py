"""A review session as plain data for one person: everything in it, with only the notes that
person may read (shared ones and their own private ones, from `tracker.reviews.notes`)."""
from datetime import timezone

from tracker.reviews.agenda import action_to_dict, build_agenda
from tracker.reviews.agreed import agreed_in, agreed_to_dict
from tracker.reviews.contributions import action_items_of, decisions_in
from tracker.reviews.notes import note_to_dict, visible_notes


def agenda_of(review):
    """The agenda a closed or cancelled session kept; for an open one, the one the log gives now."""
    return review.frozen_agenda if not review.is_open else build_agenda(review).to_dict()


def decision_to_dict(decision):
    return {"artifact": decision.artifact_id, "decision": decision.decision, "comment": decision.comment,
            "decided_at": decision.decided_at.isoformat()}


def review_to_dict(review, viewer):
    """The session as `viewer` may see it. Times are in UTC."""
    return {
        "id": review.id, "candidate": review.candidate.email, "manager": review.manager.email,
        "state": review.state, "starts_at": review.starts_at.astimezone(timezone.utc).isoformat(),
        "duration_minutes": review.duration_minutes, "location": review.location, "version": review.version,
        "agenda": agenda_of(review),
        "notes": [note_to_dict(note) for note in visible_notes(review, viewer)],
        "agreed_levels": [agreed_to_dict(row) for row in agreed_in(review)],
        "action_items": [action_to_dict(item) for item in action_items_of(review)],
        "decisions": [decision_to_dict(decision) for decision in decisions_in(review)],
    }

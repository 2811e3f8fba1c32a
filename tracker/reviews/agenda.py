"""The agenda a session starts from, built from the candidate's log; nobody types it.

Since the candidate's last closed session (or, before the first, the last FIRST_WINDOW):
- evidence logged or decided on meanwhile;
- evidence waiting for verification;
- competencies of the primary target whose evidence level differs from the level the last
  session closed with;
- the two lowest competencies of the primary target, with their next step;
- self-ratings a level or more away from the evidence;
- action items still open from earlier sessions (closed or cancelled);
- the topics either side added.
Only evidence the manager may see counts (never private drafts). A session that ended keeps
the agenda it ended with (`to_dict`), with the levels the next one compares against.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, or_, select

from tracker.extensions import db
from tracker.frameworks.targets import targets_of
from tracker.models import ActionItem, Artifact, ReviewSession, ReviewState, ReviewTopic
from tracker.models.base import utcnow

FIRST_WINDOW = timedelta(days=90)
SHOWN = 20  # evidence per list; the rest is counted
MAX_CARRIED = 100  # open action items carried over (a session holds at most 200 of its own)
LOWEST = 2


@dataclass
class LevelChange:
    framework: object
    competency: object
    before: object  # Level or None
    after: object


@dataclass
class Disagreement:
    framework: object
    dimension: object  # with .self_rating and .level


@dataclass
class Agenda:
    since: object  # the previous session's close (aware datetime), or None
    previous: object  # that session, or None
    new_evidence: list = field(default_factory=list)
    new_count: int = 0
    awaiting: list = field(default_factory=list)
    awaiting_count: int = 0
    changed: list = field(default_factory=list)
    lowest: list = field(default_factory=list)  # Dimensions of the primary target
    primary: object = None
    disagreements: list = field(default_factory=list)
    open_actions: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    readiness: list = field(default_factory=list)  # against each target, primary first (not kept)

    def to_dict(self):
        """The agenda as plain data: what a closed session keeps and the API returns."""
        def level(value):
            return value.slug if value is not None else None

        return {
            "since": self.since.isoformat() if self.since else None,
            "previous_session": self.previous.id if self.previous else None,
            "new_evidence": [_evidence(a) for a in self.new_evidence], "new_evidence_count": self.new_count,
            "awaiting_verification": [_evidence(a) for a in self.awaiting], "awaiting_count": self.awaiting_count,
            "level_changes": [{"framework": c.framework.slug, "competency": c.competency.slug,
                               "competency_name": c.competency.name, "before": level(c.before),
                               "before_name": c.before.name if c.before else None, "after": level(c.after),
                               "after_name": c.after.name if c.after else None} for c in self.changed],
            "lowest": [{"framework": self.primary.slug, "competency": d.competency.slug,
                        "competency_name": d.competency.name, "level": level(d.level),
                        "level_name": d.level.name if d.level else None, "next_step": d.next_step}
                       for d in self.lowest],
            "self_rating_gaps": [{"framework": g.framework.slug, "competency": g.dimension.competency.slug,
                                  "competency_name": g.dimension.competency.name,
                                  "self_rating": g.dimension.self_rating.slug,
                                  "self_rating_name": g.dimension.self_rating.name,
                                  "level": level(g.dimension.level),
                                  "level_name": g.dimension.level.name if g.dimension.level else None}
                                 for g in self.disagreements],
            "open_action_items": [action_to_dict(item) for item in self.open_actions],
            "topics": [{"id": t.id, "author": t.author.email, "author_name": t.author.name, "text": t.text}
                       for t in self.topics],
            # The primary target's evidence levels now: the next session compares with these.
            "levels": {self.primary.slug: {d.competency.slug: level(d.level)
                                           for d in self.readiness[0].dimensions}} if self.readiness else {},
        }


def _evidence(artifact):
    return {"id": artifact.id, "title": artifact.title, "type": artifact.type, "state": artifact.state,
            "occurred_on": artifact.occurred_on.isoformat(), "version": artifact.version}


def action_to_dict(item):
    return {"id": item.id, "session": item.session_id, "title": item.title, "owner": item.owner.email,
            "owner_name": item.owner.name, "due": item.due.isoformat() if item.due else None,
            "done": item.done_at is not None}


def previous_closed(review):
    """The candidate's last session closed before this one (before now, if it is open)."""
    query = select(ReviewSession).where(ReviewSession.candidate_id == review.candidate_id,
                                        ReviewSession.state == ReviewState.CLOSED.value,
                                        ReviewSession.id != review.id)
    if review.closed_at is not None:
        query = query.where(ReviewSession.closed_at < review.closed_at)
    return db.session.scalar(query.order_by(ReviewSession.closed_at.desc()).limit(1))


def _shared(candidate):
    return (Artifact.owner_id == candidate.id, Artifact.visibility == "manager", Artifact.deleted_at.is_(None))


def _newest(conditions):
    items = db.session.scalars(select(Artifact).where(*conditions)
                               .order_by(Artifact.occurred_on.desc(), Artifact.id.desc()).limit(SHOWN)).all()
    return items, db.session.scalar(select(func.count()).select_from(Artifact).where(*conditions))


def _position(level):
    return level.position if level is not None else -1


def _changes(previous, primary):
    """Competencies of the primary target whose evidence level differs from the one the
    previous session closed with (as it stood then, whatever was verified since)."""
    from tracker.readiness.service import readiness_for

    kept = ((previous.frozen_agenda or {}).get("levels") or {}).get(primary.framework.slug)
    if kept is None:  # closed against another primary target: what the log said on that day
        kept = {d.competency.slug: d.level.slug if d.level else None
                for d in readiness_for(previous.candidate, primary.framework,
                                       as_of=previous.closed_at.date()).dimensions}
    levels = {level.slug: level for level in primary.framework.levels}
    return [LevelChange(primary.framework, d.competency, levels.get(kept.get(d.competency.slug)), d.level)
            for d in primary.dimensions
            if (kept.get(d.competency.slug) or None) != (d.level.slug if d.level else None)]


def build_agenda(review):
    from tracker.readiness.service import readiness_against

    candidate, now = review.candidate, utcnow()
    previous = previous_closed(review)
    since = previous.closed_at if previous else None
    start = since or now - FIRST_WINDOW
    new, new_count = _newest((*_shared(candidate), Artifact.state.in_(("verified", "changes_requested")),
                              or_(Artifact.created_at > start, Artifact.decided_at > start)))
    awaiting, awaiting_count = _newest((*_shared(candidate), Artifact.state == "submitted"))
    frameworks = targets_of(candidate)
    results = readiness_against(candidate, frameworks)
    primary = results[0]
    changed = _changes(previous, primary) if previous is not None else []
    lowest = sorted(primary.dimensions, key=lambda d: (_position(d.level), d.competency.position))[:LOWEST]
    gaps = [Disagreement(result.framework, d) for result in results for d in result.dimensions
            if d.self_rating is not None and abs(_position(d.self_rating) - _position(d.level)) >= 1]
    open_actions = db.session.scalars(
        select(ActionItem).join(ReviewSession, ReviewSession.id == ActionItem.session_id)
        .where(ActionItem.candidate_id == candidate.id, ActionItem.done_at.is_(None),
               ActionItem.session_id != review.id, ReviewSession.state != ReviewState.SCHEDULED.value)
        .order_by(ActionItem.due.is_(None), ActionItem.due, ActionItem.id).limit(MAX_CARRIED)).all()
    topics = db.session.scalars(select(ReviewTopic).where(ReviewTopic.session_id == review.id)
                                .order_by(ReviewTopic.id)).all()
    return Agenda(since=since, previous=previous, new_evidence=new, new_count=new_count, awaiting=awaiting,
                  awaiting_count=awaiting_count, changed=changed, lowest=lowest, primary=frameworks[0],
                  disagreements=gaps, open_actions=open_actions, topics=topics, readiness=results)


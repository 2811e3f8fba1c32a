"""Agreed levels: recorded per session, and the latest from a closed session shown beside
the evidence level on the readiness page and in the API (never in place of it)."""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.models import AgreedLevel, ReviewSession, ReviewState


def agreed_in(review):
    """This session's agreed levels, by framework then competency slug."""
    return db.session.scalars(select(AgreedLevel).where(AgreedLevel.session_id == review.id)
                              .order_by(AgreedLevel.framework, AgreedLevel.id)).all()


def latest_agreed(person, framework_slugs, as_of=None):
    """{(framework, competency): AgreedLevel}: for each competency, the level agreed in the
    person's latest closed session that agreed one (closed on or before `as_of`, a date)."""
    query = (select(AgreedLevel).join(ReviewSession, ReviewSession.id == AgreedLevel.session_id)
             .where(AgreedLevel.candidate_id == person.id, AgreedLevel.framework.in_(framework_slugs),
                    ReviewSession.state == ReviewState.CLOSED.value)
             .order_by(ReviewSession.closed_at, AgreedLevel.id))
    if as_of is not None and as_of < date.max:
        query = query.where(ReviewSession.closed_at < datetime.combine(as_of + timedelta(days=1), time(),
                                                                        timezone.utc))
    return {(row.framework, row.competency): row for row in db.session.scalars(query)}


def attach_agreed_levels(person, results):
    """Set each dimension's `agreed_level` (a Level) and `agreed` (the AgreedLevel, for its
    rationale) from the sessions closed by the results' date."""
    if not results:
        return results
    agreed = latest_agreed(person, [r.framework.slug for r in results], results[0].as_of)
    for result in results:
        levels = {level.slug: level for level in result.framework.levels}
        for dimension in result.dimensions:
            row = agreed.get((result.framework.slug, dimension.competency.slug))
            dimension.agreed = row
            dimension.agreed_level = levels.get(row.level) if row else None
    return results


def agreed_to_dict(row):
    return {"framework": row.framework, "competency": row.competency, "level": row.level,
            "rationale": row.rationale, "recorded_by": row.recorded_by.email,
            "recorded_at": row.recorded_at.isoformat()}


def described(rows):
    """[(competency name, level name, rationale)] of agreed levels, for people to read; the
    framework's name leads when they span more than one."""
    several = len({row.framework for row in rows}) > 1
    result = []
    for row in rows:
        framework = get_framework(row.framework)
        competency = next((c.name for c in framework.competencies if c.slug == row.competency),
                          row.competency) if framework else row.competency
        level = next((lv.name for lv in framework.levels if lv.slug == row.level), row.level) if framework else row.level
        result.append((f"{framework.name if framework else row.framework}, {competency}" if several else competency,
                       level, row.rationale))
    return result

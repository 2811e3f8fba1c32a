"""The monthly manager digest: each direct report's logging for the month just ended, and
the evidence waiting for the manager's verification, oldest first, with how long."""
from datetime import datetime, time, timezone

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Artifact, ArtifactEvent, User
from tracker.reminders.kinds.common import app_url, logged_counts

MAX_WAITING = 20  # per mail; the queue link shows the rest


def _waiting(manager_ids):
    """{manager id: [(title, owner name, waiting since)]}, oldest first, and {manager id:
    how many wait}: submitted, shared evidence of their active direct reports."""
    submitted_at = (select(ArtifactEvent.artifact_id, func.max(ArtifactEvent.created_at).label("since"))
                    .where(ArtifactEvent.to_state == "submitted").group_by(ArtifactEvent.artifact_id).subquery())
    rows = db.session.execute(
        select(User.manager_id, Artifact.title, User.name, submitted_at.c.since, Artifact.updated_at)
        .join(User, User.id == Artifact.owner_id)
        .outerjoin(submitted_at, submitted_at.c.artifact_id == Artifact.id)
        .where(User.manager_id.in_(manager_ids), User.active.is_(True), Artifact.state == "submitted",
               Artifact.visibility == "manager", Artifact.deleted_at.is_(None))
        .order_by(User.manager_id, func.coalesce(submitted_at.c.since, Artifact.updated_at), Artifact.id))
    waiting, totals = {}, {}
    for manager_id, title, owner, since, updated in rows:
        totals[manager_id] = totals.get(manager_id, 0) + 1
        if len(waiting.setdefault(manager_id, [])) < MAX_WAITING:
            waiting[manager_id].append((title, owner, since or updated))
    return waiting, totals


def days_since(moment, today):
    start = datetime.combine(today, time(), tzinfo=timezone.utc)
    return max(0, (start - moment).days)


class ManagerDigest:
    slug = "digest"
    label = "Monthly manager digest"
    description = "For managers: how each report's log went last month, and what waits for your verification."

    def eligible(self, period, now):
        return select(User.manager_id).where(User.active.is_(True), User.manager_id.is_not(None)).distinct()

    def subject(self, user, context):
        waiting = context["waiting_total"]
        return (f"Your team's {context['period'].label} impact logs"
                + (f", and {waiting} piece{'s' if waiting != 1 else ''} waiting for you" if waiting else ""))

    def contexts(self, users, period, today):
        ids = [user.id for user in users]
        reports = db.session.execute(
            select(User.manager_id, User.id, User.name).where(User.manager_id.in_(ids), User.active.is_(True))
            .order_by(User.manager_id, User.name, User.id)).all()
        counts = logged_counts([row.id for row in reports], period, shared_only=True)
        waiting, totals = _waiting(ids)
        by_manager = {}
        for manager_id, report_id, name in reports:
            by_manager.setdefault(manager_id, []).append((name, *counts.get(report_id, (0, None))))
        result = {}
        for user in users:
            mine = by_manager.get(user.id, [])
            result[user.id] = {
                "user": user, "period": period, "reports": mine,
                "silent": sum(1 for _, count, _ in mine if not count),
                "waiting": [(title, owner, days_since(since, today))
                            for title, owner, since in waiting.get(user.id, [])],
                "waiting_total": totals.get(user.id, 0), "queue_url": app_url("/artifacts/queue"),
                "team_url": app_url("/team")}
        return result

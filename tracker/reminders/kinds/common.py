"""What several kinds of mail ask about people and their evidence."""
from flask import current_app
from sqlalchemy import func, or_, select

from tracker.extensions import db
from tracker.models import Artifact, User


def candidates():
    """Ids of people who keep an evidence log: everyone but admins without a manager (an
    operator account)."""
    return select(User.id).where(or_(User.is_admin.is_(False), User.manager_id.is_not(None)))


def logged_during(period):
    """Evidence dated in the period (any state, not in the trash)."""
    return [Artifact.occurred_on >= period.start, Artifact.occurred_on <= period.end, Artifact.deleted_at.is_(None)]


def logged_in(period):
    """Ids of owners with evidence dated in the period."""
    return select(Artifact.owner_id).where(*logged_during(period))


def logged_counts(owner_ids, period, shared_only=False):
    """{owner id: (pieces dated in the period, the newest date)}: one query. `shared_only`
    for a mail to someone else (a manager), who must learn nothing of private evidence."""
    conditions = [Artifact.owner_id.in_(owner_ids), *logged_during(period)]
    if shared_only:
        conditions.append(Artifact.visibility == "manager")
    rows = db.session.execute(
        select(Artifact.owner_id, func.count(Artifact.id), func.max(Artifact.occurred_on))
        .where(*conditions).group_by(Artifact.owner_id))
    return {owner_id: (count, newest) for owner_id, count, newest in rows}


def quick_log_url(period):
    """The 30-second impact-note form, dated on the period's last day."""
    return app_url(f"/artifacts/quick?on={period.end.isoformat()}")


def app_url(path):
    return f"{current_app.config['BASE_URL']}{path}"

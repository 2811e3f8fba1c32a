"""The monthly impact-log reminder, about the month just ended: what the person logged in
it (or that nothing is logged yet), where they stand against their primary target, the
competencies with no verified evidence in the last 90 days, one concrete suggestion from
the framework, and a link to the quick impact-note form."""
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.frameworks.service import framework_for
from tracker.models import Artifact, Claim, User
from tracker.readiness.claims import shown_claims
from tracker.readiness.status import stored_readiness
from tracker.reminders.kinds.common import app_url, candidates, logged_counts, logged_during, quick_log_url

RECENT_DAYS = 90
NEWEST_TITLES = 5


def _newest_titles(owner_ids, period):
    """{owner id: [titles]}: the newest few pieces dated in the period, one query."""
    rank = func.row_number().over(partition_by=Artifact.owner_id,
                                  order_by=(Artifact.occurred_on.desc(), Artifact.id.desc())).label("rank")
    ranked = (select(Artifact.owner_id, Artifact.title, rank)
              .where(Artifact.owner_id.in_(owner_ids), *logged_during(period)).subquery())
    titles = {}
    for owner_id, title, _ in db.session.execute(select(ranked).where(ranked.c.rank <= NEWEST_TITLES)
                                                  .order_by(ranked.c.owner_id, ranked.c.rank)):
        titles.setdefault(owner_id, []).append(title)
    return titles


def _recently_verified(owner_ids, today):
    """{(owner id, competency id)} with verified evidence dated in the last 90 days."""
    counting = shown_claims(select(Artifact.owner_id, Claim.competency_id), owner_ids).where(
        Artifact.state == "verified", Artifact.occurred_on > today - timedelta(days=RECENT_DAYS),
        Artifact.occurred_on <= today).distinct()
    return set(db.session.execute(counting).all())


def suggestion(competency, period):
    """One concrete piece of evidence to log for the competency, from the framework."""
    guidance = competency.guidance or {}
    hints = competency.evidence_hints or []
    if guidance.get("fast_move"):
        text = guidance["fast_move"]["contains"]
    elif hints:
        text = hints[period.month % len(hints)]
    else:
        return None
    return text if text.endswith((".", "!", "?")) else text + "."


class MonthlyReminder:
    slug = "monthly_reminder"
    label = "Monthly impact-log reminder"
    description = "At the start of each month: what you logged last month, and what to log next."

    def eligible(self, period, now):
        """Everyone who keeps a log and had an account before the month ended."""
        after_the_month = datetime.combine(period.end + timedelta(days=1), time(), tzinfo=timezone.utc)
        return candidates().where(User.created_at < after_the_month)

    def subject(self, user, context):
        if context["count"]:
            return f"Your {context['period'].label} impact log: {context['count']} logged, anything to add?"
        return f"Nothing logged for {context['period'].label} yet"

    def contexts(self, users, period, today):
        ids = [user.id for user in users]
        counts, titles = logged_counts(ids, period), _newest_titles(ids, period)
        recent = _recently_verified(ids, today)
        by_framework = {}
        for user in users:
            framework = framework_for(user)
            by_framework.setdefault(framework.slug, (framework, []))[1].append(user)
        standing = {}
        for framework, members in by_framework.values():
            standing.update({user_id: (framework, readiness)
                             for user_id, readiness in stored_readiness(members, framework).items()})
        result = {}
        for user in users:
            framework, readiness = standing[user.id]
            gaps = [c for c in framework.competencies if (user.id, c.id) not in recent]
            count, newest = counts.get(user.id, (0, None))
            result[user.id] = {
                "user": user, "period": period, "count": count, "newest": newest,
                "titles": titles.get(user.id, []), "framework": framework, "headline": readiness.headline,
                "gaps": gaps, "suggestion": suggestion(gaps[0], period) if gaps else None,
                "suggestion_for": gaps[0] if gaps else None, "log_url": quick_log_url(period),
                "readiness_url": app_url("/readiness"), "recent_days": RECENT_DAYS}
        return result

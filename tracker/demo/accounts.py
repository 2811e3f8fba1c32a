"""Demo stakeholder statements and a pending invitation, through the ordinary services.
The addresses are not real: the mails those services write are marked dropped."""
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select, update

from tracker.corroboration.service import request_corroboration
from tracker.extensions import db
from tracker.models import Artifact, CorroborationState, OutboxMail, OutboxState
from tracker.people.service import create_person


def _moment(today, days_ago):
    return datetime.combine(today - timedelta(days=days_ago), time(11, 0), timezone.utc)


def seed_corroborations(demo, today):
    for item in demo.get("corroborations", []):
        artifact = db.session.scalar(select(Artifact).where(Artifact.title == item["title"]))
        row = request_corroboration(artifact.owner, artifact, {
            "name": item["name"], "email": item["email"], "role": item["role"]})
        if "statement" in item:  # answered: as the stakeholder's page does it, on the day
            answered = _moment(today, item["days_ago"])
            row.created_at, row.link.created_at = answered - timedelta(days=2), answered - timedelta(days=2)
            row.state, row.statement, row.answered_at = CorroborationState.GIVEN.value, item["statement"], answered
            row.link.used_at = answered
        else:
            row.created_at = row.link.created_at = _moment(today, item["asked_days_ago"])


def seed_invitations(demo, people):
    admin = next(user for user in people.values() if user.is_admin)
    for item in demo.get("invitations", []):
        actor = people.get(item.get("manager"), admin)
        create_person(actor, {"email": item["email"], "name": item["name"], "manager": item.get("manager")})


def drop_demo_mail():
    db.session.execute(update(OutboxMail).where(OutboxMail.state == OutboxState.PENDING.value)
                       .values(state=OutboxState.DROPPED.value))

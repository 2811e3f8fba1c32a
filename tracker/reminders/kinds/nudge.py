"""The follow-up nudge, a week after the monthly reminder, only to people who got that
reminder at least a week ago (a reminder sent late by a catch-up or by hand is not
followed at once) and still have nothing dated in the month."""
from datetime import timedelta

from sqlalchemy import select

from tracker.models import Delivery, DeliveryState, User
from tracker.reminders.kinds.common import candidates, logged_in, quick_log_url

DAYS_AFTER_REMINDER = 7


class Nudge:
    slug = "nudge"
    label = "Follow-up nudge"
    description = "A week after the monthly reminder, only if nothing is logged for the month yet."

    def eligible(self, period, now):
        reminded = select(Delivery.user_id).where(Delivery.kind == "monthly_reminder",
                                                  Delivery.period == str(period),
                                                  Delivery.state == DeliveryState.SENT.value,
                                                  Delivery.sent_at <= now - timedelta(days=DAYS_AFTER_REMINDER))
        return candidates().where(User.id.in_(reminded), User.id.not_in(logged_in(period)))

    def subject(self, user, context):
        return f"{context['period'].label} is still blank in your impact log"

    def contexts(self, users, period, today):
        return {user.id: {"user": user, "period": period, "log_url": quick_log_url(period)} for user in users}

"""Review sessions made through the services, as a request would (the test commits)."""
import re
from datetime import datetime, timezone

from tracker.extensions import db
from tracker.reviews import contributions, sessions

WHEN = "2026-12-03T14:00:00+00:00"


def schedule(org, when=WHEN, minutes=45, location="Room 4", manager=None, candidate=None):
    review = sessions.schedule_review(manager or org.manager, candidate or org.candidate,
                                      {"starts_at": when, "duration_minutes": minutes, "location": location},
                                      now=datetime(2026, 11, 27, tzinfo=timezone.utc))
    db.session.commit()
    return review


def close(review, at=None, by=None):
    sessions.close_review(by or review.manager, review)
    if at is not None:
        review.closed_at = at
    db.session.commit()
    return review


def act(review, email, title, due=None, done=False):
    item = contributions.add_action_item(review.manager, review, {"title": title, "owner": email,
                                                                  "due": due.isoformat() if due else ""})
    if done:
        contributions.set_action_done(review.manager, item, True)
    db.session.commit()
    return item


def version_on(page_text):
    return re.search(r'name="version" value="(\d+)"', page_text).group(1)

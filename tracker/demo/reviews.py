"""Demo self-assessments and review sessions, through the ordinary services (the mails
they write are dropped, see tracker.demo.accounts)."""
from datetime import datetime, time, timedelta, timezone

from tracker.reviews import contributions, sessions
from tracker.reviews.questions import QUESTIONS
from tracker.reviews.self_assessment import record_self_assessment


def _moment(today, days):
    return datetime.combine(today + timedelta(days=days), time(14, 0), timezone.utc)


def seed_self_assessments(demo, people, today):
    for item in demo.get("self_assessments", []):
        person = people[item["person"]]
        assessment = record_self_assessment(person, person, {
            "answers": [{"question": q.slug, "rating": rating} for q, rating in zip(QUESTIONS, item["ratings"])],
            "ratings": item["levels"]})
        assessment.created_at = _moment(today, -item["days_ago"])


def _seed_review(item, people, today):
    candidate = people[item["candidate"]]
    manager = candidate.manager
    starts = _moment(today, item["days_from_now"])
    review = sessions.schedule_review(manager, candidate, {
        "starts_at": starts.isoformat(), "duration_minutes": item["minutes"], "location": item["location"]},
        now=starts - timedelta(days=7))
    for topic in item.get("topics", []):
        contributions.add_topic(people[topic["author"]], review, {"text": topic["text"]})
    for note in item.get("notes", []):
        contributions.add_note(people[note["author"]], review, {"body": note["body"],
                                                                "private": note.get("private", False)})
    if item.get("agreed"):
        contributions.set_agreed_levels(manager, review, {"framework": "vp_engineering", "levels": [
            {"competency": a["competency"], "level": a["level"], "rationale": a["rationale"]}
            for a in item["agreed"]]})
    for action in item.get("action_items", []):
        entry = contributions.add_action_item(manager, review, {
            "title": action["title"], "owner": action["owner"],
            "due": (today + timedelta(days=action["due_days"])).isoformat()}, today=today)
        if action.get("done"):
            contributions.set_action_done(manager, entry, True)
    if item.get("closed"):
        sessions.close_review(manager, review)
        review.closed_at = review.ends_at


def seed_reviews(demo, people, today):
    for item in demo.get("reviews", []):
        _seed_review(item, people, today)

"""Seed the demo organisation from `demo_org.yaml` through the ordinary services, in the
caller's transaction.

Dates in the file are relative (`months_ago`, `day`) so the demo always covers the last
twelve months, whenever it is seeded.
"""
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import yaml

from tracker.artifacts import service as artifacts
from tracker.auth.service import create_user, find_user
from tracker.demo.accounts import drop_demo_mail, seed_corroborations, seed_invitations
from tracker.demo.reviews import seed_reviews, seed_self_assessments
from tracker.frameworks.targets import set_targets
from tracker.readiness.service import readiness_for_many

DEMO_FILE = Path(__file__).parent / "demo_org.yaml"
STAR_KEYS = ("situation", "task", "action", "result")


def load_demo():
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


def occurred_on(months_ago, day, today):
    month_index = today.year * 12 + (today.month - 1) - months_ago
    candidate = date(month_index // 12, month_index % 12 + 1, day)
    return min(candidate, today)


def _artifact_input(item, today):
    data = {key: item.get(key, "") for key in ("type", "title", "summary", "scope", "stakeholders")}
    data.update({key: (item.get("star") or {}).get(key, "") for key in STAR_KEYS})
    data["occurred_on"] = occurred_on(item["months_ago"], item.get("day", 15), today)
    data["visibility"] = item.get("visibility", "manager")
    data["links"] = item.get("links", [])
    data["metrics"] = item.get("metrics", [])
    data["claims"] = item.get("claims", [])
    data["details"] = item.get("details", {})
    return data


def seed_demo(today=None):
    """Create the demo people and evidence. Returns None if the demo is already there."""
    today = today or date.today()
    demo = load_demo()
    if find_user(demo["people"][0]["email"]) is not None:
        return None
    people = {}
    for person in demo["people"]:
        user = create_user(person["email"], person["name"], demo["password"],
                           admin=person.get("admin", False), manager_email=person.get("manager"))
        people[user.email] = user
    admin = next(user for user in people.values() if user.is_admin)
    for person in demo["people"]:
        if person.get("targets"):
            set_targets(admin, people[person["email"]], person["targets"], person["targets"][0])
    for item in demo["artifacts"]:
        owner = people[item["owner"]]
        author = people[item.get("author", item["owner"])]
        state = item.get("state", "submitted")
        artifact = artifacts.create_artifact(author, owner, _artifact_input(item, today),
                                             submit=state != "draft", today=today)
        if state in ("verified", "changes_requested"):
            verifier = owner.manager or admin
            artifacts.decide(verifier, artifact, state, item.get("comment", ""))
        artifact.created_at = datetime.combine(artifact.occurred_on, time(17), timezone.utc)  # logged that day
        if artifact.decided_at is not None:  # and decided on within the week
            artifact.decided_at = min(artifact.created_at + timedelta(days=4), artifact.decided_at)
    seed_self_assessments(demo, people, today)
    seed_reviews(demo, people, today)
    seed_corroborations(demo, today)
    seed_invitations(demo, people)
    drop_demo_mail()
    return {"people": len(people), "artifacts": len(demo["artifacts"])}


def demo_logins():
    """(password, [(email, what they are)]) for the demo people that exist."""
    demo = load_demo()
    users = [find_user(person["email"]) for person in demo["people"]]
    users = [user for user in users if user is not None]
    readiness = readiness_for_many([user for user in users if not user.is_admin])
    logins = []
    for user in users:
        if user.is_admin:
            role = "admin"
        else:
            role = f"{readiness[user.id].stage_level.name} ({readiness[user.id].stage})"
            if user.reports:
                role += ", manages " + ", ".join(report.name.split()[0] for report in user.reports)
        logins.append((user.email, role))
    return demo["password"], logins

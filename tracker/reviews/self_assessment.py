"""Self-assessments: a candidate answers the readiness questions and rates themselves per
competency of each target framework. Dated, kept as history, compared with the one before.
Services flush; the caller commits."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from tracker.artifacts.cleaning import clean_text
from tracker.errors import Forbidden, ValidationError
from tracker.extensions import db
from tracker.frameworks.targets import targets_of
from tracker.ids import parse_whole
from tracker.models import SelfAssessment
from tracker.reviews.questions import BY_SLUG, QUESTIONS

HISTORY = 24


def clean_self_assessment(data, frameworks):
    """`data`: {"answers": [{question, rating, note}], "ratings": {framework: {competency: level}}}.
    Every question is answered; ratings are optional per competency. Errors by field path."""
    if not isinstance(data, dict):
        raise ValidationError({"(body)": "Must be an object with answers and ratings."})
    errors = {f"{key}": "Unknown field." for key in sorted(set(data) - {"answers", "ratings"})}
    answers = data.get("answers")
    clean_answers = []
    if not isinstance(answers, list):
        errors["answers"] = "Must be a list of {question, rating, note}."
        answers = []
    given = {}
    for index, answer in enumerate(answers):
        path = f"answers[{index}]"
        if not isinstance(answer, dict) or BY_SLUG.get(answer.get("question") if isinstance(
                answer.get("question"), str) else None) is None:
            errors[path] = f"Must name one of the questions: {', '.join(BY_SLUG)}."
            continue
        rating = parse_whole(answer.get("rating"), minimum=1, maximum=5)
        if answer.get("rating") in (None, ""):
            errors[f"{path}.rating"] = "Answer every question (1 to 5)."
        elif rating is None:
            errors[f"{path}.rating"] = "Must be 1 to 5."
        note = clean_text(errors, f"{path}.note", answer.get("note"), 1000)
        given[answer["question"]] = {"question": answer["question"], "rating": rating, "note": note}
    for question in QUESTIONS:
        if question.slug in given:
            clean_answers.append(given[question.slug])
        elif isinstance(answers, list) and not errors.get("answers"):
            errors[f"answers.{question.slug}"] = "Answer every question (1 to 5)."
    ratings = data.get("ratings") if data.get("ratings") is not None else {}
    clean_ratings = {}
    if not isinstance(ratings, dict):
        errors["ratings"] = "Must map framework slugs to {competency: level}."
        ratings = {}
    for slug, levels in ratings.items():
        framework = frameworks.get(slug)
        if framework is None:
            errors[f"ratings.{slug}"] = f"Not one of your target frameworks: {', '.join(frameworks)}."
            continue
        if not isinstance(levels, dict):
            errors[f"ratings.{slug}"] = "Must map competency slugs to level slugs."
            continue
        competencies = {c.slug for c in framework.competencies}
        level_slugs = {level.slug for level in framework.levels}
        chosen = {}
        for competency, level in levels.items():
            if competency not in competencies:
                errors[f"ratings.{slug}.{competency}"] = f"Unknown competency in {framework.name}."
            elif level in (None, ""):
                continue
            elif level not in level_slugs:
                errors[f"ratings.{slug}.{competency}"] = f"Choose one of: {', '.join(sorted(level_slugs))}."
            else:
                chosen[competency] = level
        if chosen:
            clean_ratings[slug] = chosen
    if errors:
        raise ValidationError(errors)
    return {"answers": clean_answers, "ratings": clean_ratings}


def record_self_assessment(actor, person, data):
    """Only the person assesses themselves."""
    if actor.id != person.id:
        raise Forbidden("Only the person can fill in their own self-assessment.")
    clean = clean_self_assessment(data, {f.slug: f for f in targets_of(person)})
    assessment = SelfAssessment(user=person, **clean)
    db.session.add(assessment)
    db.session.flush()
    return assessment


def history(person, limit=HISTORY):
    """The person's self-assessments, newest first (callers check who may see the person)."""
    return db.session.scalars(select(SelfAssessment).where(SelfAssessment.user_id == person.id)
                              .order_by(SelfAssessment.created_at.desc(), SelfAssessment.id.desc())
                              .limit(limit)).all()


def latest(person, as_of=None):
    """The person's newest self-assessment (made on or before `as_of`, a date, if given)."""
    query = select(SelfAssessment).where(SelfAssessment.user_id == person.id)
    if as_of is not None and as_of < date.max:
        query = query.where(SelfAssessment.created_at < datetime.combine(as_of + timedelta(days=1), time(),
                                                                          timezone.utc))
    return db.session.scalar(query.order_by(SelfAssessment.created_at.desc(), SelfAssessment.id.desc()).limit(1))


def attach_self_ratings(person, results):
    """Set each dimension's `self_rating` (a Level) from the self-assessment that stood on
    the results' date."""
    assessment = latest(person, results[0].as_of if results else None)
    for result in results:
        chosen = (assessment.ratings or {}).get(result.framework.slug, {}) if assessment else {}
        levels = {level.slug: level for level in result.framework.levels}
        for dimension in result.dimensions:
            dimension.self_rating = levels.get(chosen.get(dimension.competency.slug))
    return results


@dataclass
class Change:
    label: str
    before: object
    after: object


def compare(newer, older, frameworks):
    """What moved between two self-assessments: answers, and competency ratings named by
    `frameworks` ({slug: Framework}; slugs stand in for a framework no longer a target)."""
    changes = []
    before = {a["question"]: a["rating"] for a in older.answers}
    for answer in newer.answers:
        if before.get(answer["question"]) != answer["rating"]:
            changes.append(Change(BY_SLUG[answer["question"]].text, before.get(answer["question"]), answer["rating"]))
    for slug, levels in newer.ratings.items():
        old = (older.ratings or {}).get(slug, {})
        framework = frameworks.get(slug)
        names = {c.slug: c.name for c in framework.competencies} if framework else {}
        level_names = {level.slug: level.name for level in framework.levels} if framework else {}
        for competency, level in levels.items():
            if old.get(competency) != level:
                changes.append(Change(f"{framework.name if framework else slug}: {names.get(competency, competency)}",
                                      level_names.get(old.get(competency), old.get(competency)),
                                      level_names.get(level, level)))
    return changes


def to_dict(assessment):
    return {"id": assessment.id, "user": assessment.user.email, "created_at": assessment.created_at.isoformat(),
            "answers": assessment.answers, "ratings": assessment.ratings}

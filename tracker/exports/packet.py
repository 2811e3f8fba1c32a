"""The promotion packet: a candidate against one framework, as a committee reads it.

Its first two pages carry the cover (candidate, target level, framework, date, manager) and
the summary: the stage, the gaps with the explanation written for each, and the three
strongest pieces of evidence. Then the readiness chart, each competency with its strongest
verified evidence and outcome metrics, the agreed levels with their rationale, the latest
self-assessment against the evidence, and the manager's newest endorsement.

`build_packet` returns plain dataclasses for the template. The candidate, their management
chain and admins may have the packet; private, unverified and deleted evidence never counts
as evidence and never appears in it. The texts written for it (the "not met, with
explanation" per competency, the endorsement) are saved here too; the caller commits.
"""
from dataclasses import dataclass, field
from datetime import date

from flask import Response, render_template
from sqlalchemy import exists, select, update

from tracker import access
from tracker.artifacts.cleaning import clean_text
from tracker.artifacts.listing import LIST_OPTIONS
from tracker.corroboration.service import given_on
from tracker.errors import Forbidden, NotFound, ValidationError
from tracker.exports import pdf
from tracker.exports.brag import STAR, Corroborated, MetricLine
from tracker.extensions import db
from tracker.frameworks.service import framework_for, get_framework
from tracker.models import Artifact, Claim, Endorsement, Level, Metric, PacketExplanation
from tracker.models.base import utcnow
from tracker.readiness.charts import radial_chart
from tracker.sql import insert_ignoring_duplicates
from tracker.readiness.service import readiness_against
from tracker.reviews.questions import BY_SLUG
from tracker.reviews.self_assessment import latest

PER_COMPETENCY = 3  # the strongest pieces shown per competency
BEST = 3  # and overall, on the first pages
MAX_EXPLANATION = 2000
MAX_STATEMENT = 3000


@dataclass
class Piece:
    """One piece of evidence as it backs one competency."""
    title: str
    occurred_on: date
    type_label: str
    claim: str  # "Competency: Level"
    level: str
    metrics: list  # [MetricLine]
    verified_by: str
    verified_on: date
    summary: str  # Markdown
    star: list  # [(label, Markdown)]
    corroborations: list = field(default_factory=list)  # [Corroborated], stakeholders' statements


@dataclass
class Written:
    """A text written for the packet, with who wrote it and when."""
    body: str
    author: str
    on: date


@dataclass
class Section:
    """One competency of the framework."""
    name: str
    slug: str
    level: str | None  # the evidence level's name
    below_target: bool
    next_step: str | None
    agreed_level: str | None
    rationale: str | None
    self_rating: str | None
    explanation: Written | None
    evidence: list  # [Piece], strongest first


@dataclass
class SelfAssessmentSummary:
    made_on: date
    answers: list  # [(question, rating 1-5)]
    ratings: list  # [(competency, self-rating name or None, evidence level name or None)]

    @property
    def average(self):
        return round(sum(rating for _, rating in self.answers) / len(self.answers), 1) if self.answers else None


@dataclass
class Packet:
    candidate: str
    manager: str | None
    framework: str
    framework_slug: str
    target_level: str
    generated_on: date
    headline: str
    rule_text: str
    chart: str  # SVG
    sections: list
    best: list  # [Piece], the strongest overall
    self_assessment: SelfAssessmentSummary | None
    endorsement: Written | None

    @property
    def gaps(self):
        return [section for section in self.sections if section.below_target]

    @property
    def agreed(self):
        return [section for section in self.sections if section.agreed_level]

    @property
    def filename(self):
        return f"promotion-packet-{self.framework_slug}-{self.generated_on.isoformat()}"


def packet_framework(person, slug):
    """The framework `slug` names (the person's primary target when none is given), or a
    ValidationError on `framework`."""
    if not slug:
        return framework_for(person)
    framework = get_framework(slug) if isinstance(slug, str) and len(slug) <= 64 else None
    if framework is None:
        raise ValidationError({"framework": "No such framework; choose one of the frameworks listed."})
    return framework


def authorise(viewer, person):
    """NotFound unless the viewer is the candidate, in their management chain or an admin."""
    if not access.can_view_person(viewer, person):
        raise NotFound("No such person that you can see.")


def may_endorse(viewer, person):
    """The candidate's management chain or an admin; never the candidate."""
    return viewer.id != person.id and (viewer.is_admin or access.is_above(viewer, person))


def build_packet(viewer, person, framework, today):
    """The packet of `person` against `framework` as `viewer` asked for it, today (see `authorise`)."""
    authorise(viewer, person)
    readiness = readiness_against(person, [framework])[0]
    top = framework.levels[-1]
    ranked = _ranked_claims(person, framework)
    chosen, best = _strongest(ranked)
    artifacts = _load({artifact_id for rows in chosen.values() for *_, artifact_id in rows}
                      | {artifact_id for *_, artifact_id in best})
    names = {c.id: c.name for c in framework.competencies}
    levels = {level.position: level.name for level in framework.levels}
    statements = given_on(list(artifacts))  # one query for every piece shown

    def piece(row):
        competency_id, position, *_, artifact_id = row
        return _piece(artifacts[artifact_id], names[competency_id], levels[position], statements)

    explanations = explanations_of(person, framework)
    sections = []
    for d in readiness.dimensions:
        competency = d.competency
        sections.append(Section(
            name=competency.name, slug=competency.slug, level=d.level.name if d.level else None,
            below_target=d.level is None or d.level.position < top.position, next_step=d.next_step,
            agreed_level=d.agreed_level.name if d.agreed_level else None,
            rationale=d.agreed.rationale if d.agreed else None,
            self_rating=d.self_rating.name if d.self_rating else None,
            explanation=explanations.get(competency.slug),
            evidence=[piece(row) for row in chosen.get(competency.id, [])]))
    return Packet(
        candidate=person.name, manager=person.manager.name if person.manager else None, framework=framework.name,
        framework_slug=framework.slug, target_level=top.name, generated_on=today, headline=readiness.headline,
        rule_text=readiness.rule_text, chart=radial_chart(person, readiness), sections=sections,
        best=[piece(row) for row in best],
        self_assessment=_self_assessment(person, readiness), endorsement=latest_endorsement(person, framework))


def pdf_response(packet):
    """The packet as a PDF download."""
    page = render_template("exports/packet.html", packet=packet)
    response = Response(pdf.lay_out(page, "framework", "try again in a moment."), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{packet.filename}.pdf"'
    return response


def _ranked_claims(person, framework):
    """(competency id, level position, occurred_on, has metrics, artifact id) of every claim on
    this framework by the person's counting evidence, strongest first: by level, then
    recency, then having metrics."""
    has_metrics = exists().where(Metric.artifact_id == Artifact.id)
    rows = db.session.execute(
        select(Claim.competency_id, Level.position, Artifact.occurred_on, has_metrics, Artifact.id)
        .join(Artifact, Artifact.id == Claim.artifact_id).join(Level, Level.id == Claim.level_id)
        .where(Artifact.owner_id == person.id, Artifact.state == "verified", Artifact.visibility != "private",
               Artifact.deleted_at.is_(None), Claim.competency_id.in_([c.id for c in framework.competencies])))
    return sorted((tuple(row) for row in rows), key=lambda row: (row[1], row[2], bool(row[3]), row[4]), reverse=True)


def _strongest(ranked):
    """The strongest claims per competency, and the strongest pieces overall (each once)."""
    chosen, best, seen = {}, [], set()
    for row in ranked:
        mine = chosen.setdefault(row[0], [])
        if len(mine) < PER_COMPETENCY:
            mine.append(row)
        if len(best) < BEST and row[-1] not in seen:
            best.append(row)
            seen.add(row[-1])
    return chosen, best


def _load(ids):
    if not ids:
        return {}
    return {a.id: a for a in db.session.scalars(select(Artifact).where(Artifact.id.in_(ids)).options(*LIST_OPTIONS))}


def _piece(artifact, competency, level, statements):
    return Piece(
        title=artifact.title, occurred_on=artifact.occurred_on, type_label=artifact.type_label,
        claim=f"{competency}: {level}", level=level,
        metrics=[MetricLine(m.name, m.baseline, m.result, m.unit or "", m.category) for m in artifact.metrics],
        verified_by=artifact.decided_by.name if artifact.decided_by else "",
        verified_on=artifact.decided_at.date() if artifact.decided_at else artifact.occurred_on,
        summary=artifact.summary or "",
        star=[(label, getattr(artifact, key)) for key, label in STAR if getattr(artifact, key)],
        corroborations=[Corroborated.of(statement) for statement in statements.get(artifact.id, [])])


def explanations_of(person, framework):
    """{competency slug: Written} of the explanations written for this framework."""
    rows = db.session.scalars(select(PacketExplanation).where(
        PacketExplanation.user_id == person.id, PacketExplanation.framework == framework.slug))
    return {row.competency: Written(row.body, row.author.name, row.updated_at.date()) for row in rows}


def latest_endorsement(person, framework):
    row = db.session.scalar(
        select(Endorsement).where(Endorsement.user_id == person.id, Endorsement.framework == framework.slug)
        .order_by(Endorsement.created_at.desc(), Endorsement.id.desc()).limit(1))
    return Written(row.statement, row.author.name, row.created_at.date()) if row else None


def _self_assessment(person, readiness):
    assessment = latest(person)
    if assessment is None:
        return None
    answers = [(BY_SLUG[a["question"]].text, a["rating"]) for a in assessment.answers if a["question"] in BY_SLUG]
    ratings = [(d.competency.name, d.self_rating.name if d.self_rating else None, d.level.name if d.level else None)
               for d in readiness.dimensions]
    return SelfAssessmentSummary(assessment.created_at.date(), answers, ratings)


def save_explanation(actor, person, framework, competency, body):
    """Write or replace the "not met, with explanation" text of one competency: the
    candidate, their management chain or an admin."""
    authorise(actor, person)
    errors = {}
    text = clean_text(errors, "body", body, MAX_EXPLANATION, required=True)
    if competency not in {c.slug for c in framework.competencies}:
        errors["competency"] = f"Choose a competency of {framework.name}."
    if errors:
        raise ValidationError(errors)
    key = {"user_id": person.id, "framework": framework.slug, "competency": competency}
    values = {"body": text, "author_id": actor.id, "updated_at": utcnow()}
    # One statement creates the row if two people write the first text at once; the
    # update then takes the row's lock, and the later writer's text stands.
    db.session.execute(insert_ignoring_duplicates(PacketExplanation.__table__).values(**key, **values)
                       .on_conflict_do_nothing(index_elements=list(key)))
    db.session.execute(update(PacketExplanation).where(*(getattr(PacketExplanation, k) == v for k, v in key.items()))
                       .values(**values).execution_options(synchronize_session=False))
    return db.session.scalar(select(PacketExplanation).filter_by(**key).execution_options(populate_existing=True))


def endorse(actor, person, framework, statement):
    """Record a dated endorsement (kept as history; the packet shows the newest)."""
    authorise(actor, person)
    if not may_endorse(actor, person):
        raise Forbidden("Only the candidate's management chain or an admin can endorse them.")
    errors = {}
    text = clean_text(errors, "statement", statement, MAX_STATEMENT, required=True)
    if errors:
        raise ValidationError(errors)
    row = Endorsement(user_id=person.id, framework=framework.slug, author_id=actor.id, statement=text)
    db.session.add(row)
    db.session.flush()
    return row

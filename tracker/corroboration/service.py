"""Corroboration use cases. They take the acting person explicitly (the stakeholder has no
account: their link stands for them), change the session and flush; the caller commits.

A request and its answer race only on the corroboration row: giving a statement and
withdrawing both move it with one conditional UPDATE from `requested`, and only then touch
the link, so they take their locks in the same order and exactly one of them wins; the
other is told what happened instead."""
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from tracker import access
from tracker.accounts import links
from tracker.accounts.links import LinkRefused, Refusal
from tracker.corroboration import mails
from tracker.corroboration.validation import clean_request, clean_statement
from tracker.errors import Conflict, Forbidden, NotFound
from tracker.extensions import db
from tracker.ids import is_row_id
from tracker.models import Corroboration, CorroborationState, LinkPurpose, Notification
from tracker.models.base import utcnow

REQUESTED, GIVEN, WITHDRAWN = (state.value for state in CorroborationState)


def request_corroboration(actor, artifact, data):
    """Ask a stakeholder for a statement on `artifact` (its owner only; the caller has
    checked the actor may see it) and write the mail with their link into the outbox."""
    if not access.can_manage_corroboration(actor, artifact):
        raise Forbidden("Only the owner of this evidence can ask stakeholders about it.")
    if artifact.deleted_at is not None:
        raise Conflict("This evidence is in the trash. Restore it before asking anyone about it.")
    fields = clean_request(data, actor, artifact)
    link, token = links.issue(LinkPurpose.CORROBORATION, created_by=actor)
    row = Corroboration(artifact=artifact, requested_by=actor, link=link, state=REQUESTED, **fields)
    db.session.add(row)
    db.session.flush()
    mails.send_request(row, token)
    return row


def load_corroboration(viewer, corroboration_id):
    """The request if the viewer owns its evidence; NotFound when they may not see the
    evidence, Forbidden when they may see it but the request is not theirs."""
    row = db.session.get(Corroboration, corroboration_id) if is_row_id(corroboration_id) else None
    if row is None or not access.can_view_artifact(viewer, row.artifact):
        raise NotFound("No such request.")
    if not access.can_manage_corroboration(viewer, row.artifact):
        raise Forbidden("Only the owner of this evidence can withdraw a request about it.")
    return row


def _move(row, **values):
    """Move `row` from requested, if nobody moved it first; whether this call did."""
    moved = db.session.execute(
        update(Corroboration).where(Corroboration.id == row.id, Corroboration.state == REQUESTED)
        .values(**values).execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(row)
    return moved


def withdraw(actor, row):
    """Take back an open request: its link stops working. A request answered meanwhile
    stays answered (Conflict)."""
    if not access.can_manage_corroboration(actor, row.artifact):
        raise Forbidden("Only the owner of this evidence can withdraw a request about it.")
    if not _move(row, state=WITHDRAWN, withdrawn_at=utcnow()):
        raise Conflict(f"This request was already {'answered' if row.state == GIVEN else 'withdrawn'}.")
    if row.link is not None:
        links.revoke(row.link)
    return row


def _refused_if_closed(row):
    if row is None:
        raise LinkRefused(Refusal.INVALID)
    if row.state == WITHDRAWN:
        raise LinkRefused(Refusal.REVOKED)
    if row.state == GIVEN:
        raise LinkRefused(Refusal.USED)
    if row.artifact.deleted_at is not None:
        raise LinkRefused(Refusal.REVOKED)


def open_request(token):
    """The request a stakeholder's link stands for, while it can still be answered;
    LinkRefused otherwise (tampered, expired, used, withdrawn, or its evidence trashed)."""
    link = links.check(LinkPurpose.CORROBORATION, token)
    row = db.session.scalar(select(Corroboration).where(Corroboration.link_id == link.id)
                            .options(joinedload(Corroboration.artifact), joinedload(Corroboration.requested_by)))
    _refused_if_closed(row)
    return row


def give_statement(token, statement):
    """Store the stakeholder's statement and use up their link (LinkRefused when it cannot
    be, ValidationError for a bad statement; nothing is stored then), and tell the candidate."""
    row = open_request(token)
    text = clean_statement(statement)
    if not _move(row, state=GIVEN, statement=text, answered_at=utcnow()):
        _refused_if_closed(row)  # withdrawn or answered meanwhile: says which
        raise LinkRefused(Refusal.USED)
    links.use(LinkPurpose.CORROBORATION, token)
    db.session.add(Notification(user_id=row.artifact.owner_id, kind="corroborated", artifact_id=row.artifact_id))
    db.session.flush()
    return row


@dataclass
class Statement:
    """A given statement as readers see it."""
    artifact_id: int
    name: str
    role: str
    email: str
    text: str
    answered_at: object


def given_on(artifact_ids):
    """{artifact id: [Statement], oldest first} of the statements given on these pieces of
    evidence, in one query (the caller decides who may see the evidence)."""
    found = {}
    if not artifact_ids:
        return found
    rows = db.session.scalars(select(Corroboration).where(
        Corroboration.artifact_id.in_(list(artifact_ids)), Corroboration.state == GIVEN)
        .order_by(Corroboration.answered_at, Corroboration.id))
    for row in rows:
        found.setdefault(row.artifact_id, []).append(
            Statement(row.artifact_id, row.name, row.role, row.email, row.statement, row.answered_at))
    return found


def visible_requests(viewer, artifact):
    """The requests on `artifact` the viewer may see, newest first: every one (open, expired,
    withdrawn, given) for its owner, the given statements for anyone else who may see the
    evidence, nothing for the rest."""
    if not access.can_view_artifact(viewer, artifact):
        return []
    query = (select(Corroboration).where(Corroboration.artifact_id == artifact.id)
             .options(joinedload(Corroboration.link))
             .order_by(Corroboration.created_at.desc(), Corroboration.id.desc()))
    if not access.can_manage_corroboration(viewer, artifact):
        query = query.where(Corroboration.state == GIVEN)
    return db.session.scalars(query).all()


def requested_by(person):
    """Every request the person made, oldest first, with its link (their My data export)."""
    return db.session.scalars(select(Corroboration).where(Corroboration.requested_by_id == person.id)
                              .options(joinedload(Corroboration.link))
                              .order_by(Corroboration.created_at, Corroboration.id)).all()


def shown_state(row, now=None):
    """The request's state as its owner reads it: open (until when), expired, given, withdrawn."""
    if row.state == GIVEN:
        return f"Answered on {row.answered_at:%Y-%m-%d}"
    if row.state == WITHDRAWN:
        return f"Withdrawn on {row.withdrawn_at:%Y-%m-%d}"
    if row.link is None or row.link.expires_at <= (now or utcnow()):
        return "Expired without an answer"
    return f"Open until {row.link.expires_at:%Y-%m-%d}"


def to_dict(row, full):
    """The API's form. `full` (the owner) adds the request's state and dates; others see only
    given statements, so the fields a statement has."""
    data = {"id": row.id, "artifact": row.artifact_id, "name": row.name, "role": row.role, "email": row.email,
            "statement": row.statement if row.state == GIVEN else "",
            "answered_at": row.answered_at.isoformat() if row.answered_at else None}
    if full:
        data.update(state=row.state, requested_at=row.created_at.isoformat(),
                    withdrawn_at=row.withdrawn_at.isoformat() if row.withdrawn_at else None,
                    expires_at=row.link.expires_at.isoformat() if row.link is not None else None)
    return data

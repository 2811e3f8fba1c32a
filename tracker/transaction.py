"""The edge owns the transaction.

Services change the session and flush; they never commit. The request, CLI command or job
that called them commits once, through `transactional` or `unit_of_work`, so a use case of
several steps (log evidence and attach a file; seed a whole demo) is one transaction that
lands whole or not at all.

Work outside the database that must follow the transaction's fate (writing or deleting an
uploaded file) registers `on_commit` / `on_rollback` callbacks with the session.
"""
from contextlib import contextmanager
from functools import wraps

from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.extensions import db


@contextmanager
def unit_of_work():
    """Commit what the block did, or roll it all back if it raised."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def transactional(function):
    """Run a view or command as one unit of work."""
    @wraps(function)
    def wrapper(*args, **kwargs):
        with unit_of_work():
            return function(*args, **kwargs)

    return wrapper


def on_commit(callback):
    db.session.info.setdefault("on_commit", []).append(callback)


def on_rollback(callback):
    db.session.info.setdefault("on_rollback", []).append(callback)


def _run(session, key):
    callbacks = session.info.pop(key, [])
    session.info.pop("on_rollback" if key == "on_commit" else "on_commit", None)
    for callback in callbacks:
        callback()


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    _run(session, "on_commit")


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction):
    """The outermost transaction ended without a commit (rolled back, or the session was
    closed): what was waiting for a commit will never see one."""
    if transaction.parent is None and "on_rollback" in session.info:
        _run(session, "on_rollback")

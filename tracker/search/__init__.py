"""Full-text search over evidence: titles, summaries, STAR, scope, stakeholders, metrics and
the structured sections, on SQLite (FTS5) and PostgreSQL (tsvector + GIN), one module each.

The index is written in the same transaction as the evidence (`index_artifact`, called by
the artifact service), so a search never finds what a rolled-back change wrote.

Words are matched by their stem ("reducing" finds "reduced"), every word required. The work
one search can cause is bounded: the newest `CAP` visible matches are found (one person's
inside the index), and only those are ranked (`ranking`). A search with more matches says so;
narrowing it (a second word, a type, a date range) finds the rest.
"""
from dataclasses import dataclass

from tracker.extensions import db
from tracker.models import Artifact
from tracker.search import postgresql, sqlite
from tracker.search.document import search_document
from tracker.search.ranking import ranked
from tracker.search.terms import terms_of

CAP = 1000
BACKENDS = {"sqlite": sqlite, "postgresql": postgresql}


def backend(bind=None):
    return BACKENDS[(bind or db.session.get_bind()).dialect.name]


def described_by_models(name, type_, _parent_names):
    """For schema comparison (autogenerate, tests): the search index is made by its migration
    for each database (FTS5 adds tables of its own), not described by the models."""
    return not (type_ == "table" and name.startswith("artifact_search"))


def index_artifact(artifact):
    """Store the artifact's current words in the search index (the caller commits)."""
    backend().store(db.session, [{"id": artifact.id, "owner_id": artifact.owner_id,
                                  "document": search_document(artifact)}])


@dataclass
class Found:
    ids: list  # the ranked ids, best first
    capped: bool  # more than CAP matched; the newest CAP were ranked


def find(query, text, owner_id=None):
    """Ids of `query` (a select of Artifact with every filter and visibility applied) whose
    words match `text`, best first. `owner_id`: the query is that person's evidence only."""
    terms = terms_of(text)
    if not terms:
        return Found([], False)
    engine = backend()
    candidates = (query.join(engine.SEARCH, engine.KEY == Artifact.id).where(engine.matches(terms, owner_id))
                  .order_by(engine.KEY.desc()).with_only_columns(Artifact.id, engine.SEARCH.c.document)
                  .limit(CAP + 1))
    rows = db.session.execute(candidates).all()
    documents = dict(rows[:CAP])
    return Found(ranked(documents, list(documents), terms), len(rows) > CAP)

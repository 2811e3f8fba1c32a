"""Search on PostgreSQL: `artifact_search` holds each artifact's document and a generated
`tsvector` (English stemming) under a GIN index. The planner picks between the index's
matches and the artifacts' own indexes (one person's evidence, the newest first)."""
from sqlalchemy import Text, cast, column, func, literal, literal_column, table, text

SEARCH = table("artifact_search", column("artifact_id"), column("document"), column("tsv"))
KEY = SEARCH.c.artifact_id


def create(bind):
    bind.execute(text(
        "CREATE TABLE artifact_search (artifact_id INTEGER PRIMARY KEY REFERENCES artifacts (id) ON DELETE CASCADE, "
        "document TEXT NOT NULL, "
        "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', document)) STORED)"))
    bind.execute(text("CREATE INDEX ix_artifact_search_tsv ON artifact_search USING gin (tsv)"))


def drop(bind):
    bind.execute(text("DROP TABLE IF EXISTS artifact_search"))


def insert(bind, rows):
    bind.execute(text("INSERT INTO artifact_search (artifact_id, document) VALUES (:id, :document)"),
                 [{"id": row["id"], "document": row["document"]} for row in rows])


def store(session, rows):
    session.execute(text("INSERT INTO artifact_search (artifact_id, document) VALUES (:id, :document) "
                         "ON CONFLICT (artifact_id) DO UPDATE SET document = EXCLUDED.document"),
                    [{"id": row["id"], "document": row["document"]} for row in rows])


def matches(terms, owner_id=None):
    """`latency & checkout`, stemmed as the documents are (the owner is the artifacts' filter)."""
    query = func.to_tsquery(literal_column("'english'::regconfig"), cast(literal(" & ".join(terms)), Text))
    return SEARCH.c.tsv.op("@@")(query)

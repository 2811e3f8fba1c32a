"""Search on SQLite: an FTS5 table (`artifact_search`, porter stemming), one row per piece of
evidence with the artifact's id as its rowid, its words in `document` and its owner as a
token in `owner`, so one person's matches are found inside the index (FTS5 checks a single
row against a query slowly: it is always asked for all the matches, newest first)."""
from sqlalchemy import column, literal_column, table, text

SEARCH = table("artifact_search", column("rowid"), column("document"), column("owner"))
KEY = SEARCH.c.rowid


def create(bind):
    bind.execute(text("CREATE VIRTUAL TABLE artifact_search USING fts5(document, owner, "
                      "tokenize='porter unicode61')"))


def drop(bind):
    bind.execute(text("DROP TABLE IF EXISTS artifact_search"))


def _row(row):
    return {"id": row["id"], "document": row["document"], "owner": f"o{row['owner_id']}"}


def insert(bind, rows):
    """Write [{"id", "owner_id", "document"}] for ids not stored yet."""
    bind.execute(text("INSERT INTO artifact_search (rowid, document, owner) VALUES (:id, :document, :owner)"),
                 [_row(row) for row in rows])


def store(session, rows):
    """Write [{"id", "owner_id", "document"}], replacing what was stored for those ids."""
    session.execute(text("DELETE FROM artifact_search WHERE rowid = :id"), [{"id": row["id"]} for row in rows])
    insert(session, rows)


def query_text(terms, owner_id=None):
    """`{document} : ("latency" AND "checkout") AND {owner} : "o12"`: every term a quoted word."""
    words = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
    owner = f' AND {{owner}} : "o{int(owner_id)}"' if owner_id is not None else ""
    return f"{{document}} : ({words}){owner}"


def matches(terms, owner_id=None):
    """A WHERE clause for SEARCH rows matching all `terms` (and owned by `owner_id`)."""
    return literal_column("artifact_search").op("MATCH")(query_text(terms, owner_id))

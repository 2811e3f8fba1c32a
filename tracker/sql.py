"""SQL that differs between the two databases the product runs on."""
from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db


def insert_ignoring_duplicates(table):
    """An INSERT for `table` to finish with `.on_conflict_do_nothing(...)`: PostgreSQL's or
    SQLite's, whichever the session is bound to."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)

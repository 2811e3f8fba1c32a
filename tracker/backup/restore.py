"""Restoring a backup: into an empty database (or, when asked, one emptied first), in one
transaction that lands whole or leaves the database and the upload folder as they were.

The backup replaces the framework tables too, so the ids the evidence points at are the
backup's; what `db upgrade` installed there is deleted first. Rows keep their ids, so
PostgreSQL's sequences are moved past them afterwards. Attachment files are checked against
their SHA-256 as they are unpacked under a side name, and put in place only once the
transaction commits; a rollback removes them.
"""
import hashlib
import json
import os
import re
import zipfile

import sqlalchemy as sa

from tracker.artifacts.attachments import upload_folder
from tracker.backup.archive import (
    CHUNK, FORMAT, MANIFEST, VERSION, decoded_rows, head_revision, migrations, schema_revision, table_entry, tables)
from tracker.extensions import db
from tracker.search import backend
from tracker.search.rebuild import index_all
from tracker.transaction import on_commit, on_rollback, unit_of_work

BATCH = 1000
STORED_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")  # a plain file name, never a path
UPGRADE = "flask --app tracker db upgrade"


class Refused(Exception):
    """The import cannot go ahead; the message says why and what to do."""


def open_backup(path):
    """The zip and its manifest; Refused if it is not a backup this version reads."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise Refused(f"Cannot read {path} as a zip file: {error}.") from None
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        archive.close()
        raise Refused(f"{path} has no readable {MANIFEST}: it is not a tracker backup.") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        archive.close()
        raise Refused(f"{path} is not a {FORMAT} version {VERSION} file "
                      f"(it says {manifest.get('format')!r} version {manifest.get('version')!r}).")
    return archive, manifest


def check_schema(manifest):
    """Refused unless the database and the backup are both at this version's schema."""
    head, made_at = head_revision(), manifest.get("schema_revision")
    database_revision = schema_revision(db.session.connection())
    if database_revision != head:
        raise Refused(f"This database is at schema revision {database_revision or '(none)'}, not this version's "
                      f"{head}. Run `{UPGRADE}` first.")
    if made_at == head:
        return
    if made_at in {script.revision for script in migrations().walk_revisions()}:
        advice = ("Restore it with the tracker version that made it, then upgrade the tracker and run "
                  f"`{UPGRADE}`: the migrations bring that database to this version's schema.")
    else:
        advice = (f"This version does not know that revision: upgrade the tracker to the version that made "
                  f"the backup (or a later one), run `{UPGRADE}`, then import.")
    raise Refused(f"The backup was made at schema revision {made_at}; this database is at {head}. {advice}")


def check_target(manifest, replace):
    """Refused if the backup's tables are not this version's, or the database already holds
    people or evidence and `replace` was not asked for."""
    known = {table.name for table in tables()}
    listed = set(manifest.get("tables", {}))
    if listed != known:
        raise Refused(f"The backup's tables do not match this version's (missing: {sorted(known - listed)}, "
                      f"unknown: {sorted(listed - known)}).")
    people = db.session.scalar(sa.text("SELECT count(*) FROM users"))
    evidence = db.session.scalar(sa.text("SELECT count(*) FROM artifacts"))
    if (people or evidence) and not replace:
        raise Refused(f"This database already holds {people} people and {evidence} pieces of evidence; "
                      "nothing was imported. Import into a new database (create it, run "
                      f"`{UPGRADE}`, then import), or give --replace to delete everything in this one first.")


def restore(archive, manifest, progress):
    """Replace every table's rows and the attachment files with the backup's, as one unit of
    work. `progress(n)` is told of rows and files as they are written."""
    folder = upload_folder()
    with unit_of_work():
        session = db.session
        earlier_files = set(session.scalars(sa.text("SELECT stored_name FROM attachments")))
        session.execute(sa.text("DELETE FROM artifact_search"))
        for table in reversed(tables()):
            session.execute(table.delete())
        checksums = {}
        for table in tables():
            rows = _rows(archive, manifest, table)
            try:
                _insert(session, table, rows)
            except sa.exc.DBAPIError as error:
                raise Refused(f"The backup's rows of {table.name} do not fit this database: {error.orig}") from None
            if table.name == "attachments":
                checksums = {row["stored_name"]: row["sha256"] for row in rows}
            progress(len(rows))
        restored_files = _unpack_attachments(archive, manifest, checksums, folder, progress)
        for name in earlier_files - restored_files:  # the replaced rows' files, once they are gone
            on_commit(lambda path=os.path.join(folder, name): _discard(path))
        _reset_sequences(session)
        index_all(session, backend())


def _rows(archive, manifest, table):
    try:
        rows = decoded_rows(table, json.loads(archive.read(table_entry(table))))
    except KeyError:
        raise Refused(f"The backup has no {table_entry(table)}.") from None
    except (ValueError, TypeError) as error:
        raise Refused(f"{table_entry(table)} in the backup is damaged: {error}.") from None
    if len(rows) != manifest["tables"][table.name]:
        raise Refused(f"{table_entry(table)} holds {len(rows)} rows but the manifest says "
                      f"{manifest['tables'][table.name]}: the backup is damaged.")
    return rows


def _insert(session, table, rows):
    """Insert the rows with their ids. A column pointing into its own table (a person's
    manager) is filled in afterwards, so the order of the rows does not matter."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    first = [{**row, **dict.fromkeys(own)} for row in rows] if own else rows
    for start in range(0, len(first), BATCH):
        session.execute(table.insert(), first[start:start + BATCH])
    later = [row for row in rows if any(row[name] is not None for name in own)]
    if later:
        key = list(table.primary_key.columns)
        statement = (table.update().where(*(column == sa.bindparam(f"key_{column.name}") for column in key))
                     .values({name: sa.bindparam(f"set_{name}") for name in own}))
        session.execute(statement, [{**{f"key_{c.name}": row[c.name] for c in key},
                                     **{f"set_{name}": row[name] for name in own}} for row in later])


def _unpack_attachments(archive, manifest, checksums, folder, progress):
    """Unpack every attachment under a side name, checking its bytes against the checksum
    on its row; the names of the files restored."""
    listed = {entry.get("stored_name"): entry for entry in manifest.get("attachments", [])}
    if set(listed) != set(checksums):
        raise Refused("The backup's attachment files do not match its attachments table "
                      f"(without a file: {sorted(set(checksums) - set(listed))}, "
                      f"without a row: {sorted(set(listed) - set(checksums), key=str)}).")
    for name, entry in listed.items():
        if not STORED_NAME.fullmatch(name) or entry.get("sha256") != checksums[name]:
            raise Refused(f"The backup's entry for attachment file {name!r} is damaged.")
        final = os.path.join(folder, name)
        staged = final + ".restoring"
        on_rollback(lambda staged=staged: _discard(staged))
        digest = hashlib.sha256()
        try:
            with archive.open(entry["path"]) as source, open(staged, "wb") as target:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    digest.update(chunk)
                    target.write(chunk)
        except (KeyError, zipfile.BadZipFile) as error:
            raise Refused(f"The backup's file for attachment {entry.get('id')} cannot be read: {error}.") from None
        if digest.hexdigest() != checksums[name]:
            raise Refused(f"The file of attachment {entry.get('id')} ({entry['path']}) does not match its "
                          "SHA-256: the backup is damaged or was changed. Nothing was imported.")
        on_commit(lambda staged=staged, final=final: os.replace(staged, final))
        progress(1)
    return set(listed)


def _discard(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _reset_sequences(session):
    """PostgreSQL hands out ids from sequences that the inserted ids did not move."""
    if session.get_bind().dialect.name != "postgresql":
        return
    quote = session.get_bind().dialect.identifier_preparer.quote
    for table in tables():
        column = table.autoincrement_column
        if column is not None:
            session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(max({quote(column.name)}), 1), "
                f"max({quote(column.name)}) IS NOT NULL) FROM {quote(table.name)}"),
                {"table": quote(table.name), "column": column.name})

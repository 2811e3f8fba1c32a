"""The backup file: a zip with `manifest.json`, one JSON file per table and the attachments'
bytes.

Every table the models describe is written (`db.metadata.sorted_tables`), so a table added
later is backed up without a change here. The search index is not: it is rebuilt from the
evidence after an import.

A table's file is `{"columns": [...], "rows": [[...], ...]}`, rows in primary-key order. Values
are written so they come back exactly: datetimes as ISO 8601 in UTC, dates as ISO 8601,
binary as base64, and JSON columns as the stored document's text, so that SQL NULL (null) and
a stored JSON `null` (the string "null") stay apart.
"""
import base64
import hashlib
import json
import os
import zipfile
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from tracker.extensions import db

FORMAT = "tracker-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


def tables():
    """Every table of the product, parents before children."""
    return db.metadata.sorted_tables


def table_entry(table):
    return f"tables/{table.name}.json"


def attachment_entry(stored_name):
    return f"attachments/{stored_name}"


def schema_revision(connection):
    """The revision the database's schema is at (its `alembic_version`), None if unmigrated."""
    return MigrationContext.configure(connection).get_current_revision()


def migrations():
    """This version's migration scripts."""
    migrate = current_app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def head_revision():
    """The revision this version's models describe."""
    return migrations().get_current_head()


def _kind(column):
    column_type = column.type
    if isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl
    for kind, base in (("datetime", sa.DateTime), ("date", sa.Date), ("json", sa.JSON),
                       ("binary", sa.LargeBinary)):
        if isinstance(column_type, base):
            return kind
    return "plain"


def _encode(kind, value):
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "datetime":
        return value.astimezone(timezone.utc).isoformat()  # aware: every column is a UTCDateTime
    if kind == "date":
        return value.isoformat()
    return base64.b64encode(value).decode("ascii")


def _decode(kind, value):
    if kind == "json":  # SQL NULL, or a document (which may be JSON's own null)
        if value is None:
            return sa.null()
        document = json.loads(value)
        return sa.JSON.NULL if document is None else document
    if value is None or kind == "plain":
        return value
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    return base64.b64decode(value, validate=True)


def read_table(connection, table):
    """The table's file contents: JSON columns are read as their stored text."""
    kinds = [_kind(column) for column in table.columns]
    selected = [sa.cast(column, sa.Text).label(column.name) if kind == "json" else column
                for column, kind in zip(table.columns, kinds)]
    rows = connection.execute(sa.select(*selected).order_by(*table.primary_key.columns))
    return {"columns": [column.name for column in table.columns],
            "rows": [[_encode(kind, value) for kind, value in zip(kinds, row)] for row in rows]}


def decoded_rows(table, contents):
    """The rows of a table's file as dicts ready to insert; ValueError if they do not fit."""
    names = [column.name for column in table.columns]
    if contents.get("columns") != names:
        raise ValueError(f"the columns of {table.name} differ from this version's: "
                         f"{contents.get('columns')} instead of {names}")
    kinds = [_kind(column) for column in table.columns]
    return [{name: _decode(kind, value) for name, kind, value in zip(names, kinds, row)}
            for row in contents["rows"]]


def _copy_attachment(attachment, folder, archive):
    """Copy one file into the zip, checking its bytes against the checksum on its row."""
    source = os.path.join(folder, attachment.stored_name)
    if not os.path.isfile(source):
        raise ValueError(f"attachment {attachment.id} has no file ({source}); put it back first.")
    digest = hashlib.sha256()
    with open(source, "rb") as handle, \
            archive.open(attachment_entry(attachment.stored_name), "w") as target:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != attachment.sha256:
        raise ValueError(f"the file of attachment {attachment.id} ({source}) does not match its SHA-256.")


def write_backup(connection, path, revision, progress):
    """Write everything `connection` sees to the zip at `path` (put in place only once
    complete); `progress(n)` is told of each table and file written. Returns the manifest.
    A missing file, or one whose bytes no longer match their checksum, stops the export
    (ValueError): a backup that cannot be restored whole is worse than none."""
    attachments = connection.execute(sa.text(
        "SELECT id, stored_name, sha256, size FROM attachments ORDER BY id")).all()
    manifest = {
        "format": FORMAT, "version": VERSION, "schema_revision": revision,
        "exported_at": datetime.now(timezone.utc).isoformat(), "tables": {},
        "attachments": [{"id": a.id, "stored_name": a.stored_name, "path": attachment_entry(a.stored_name),
                         "sha256": a.sha256, "size": a.size} for a in attachments],
    }
    folder = current_app.config["UPLOAD_DIR"]
    partial = path + ".part"
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in tables():
                contents = read_table(connection, table)
                manifest["tables"][table.name] = len(contents["rows"])
                archive.writestr(table_entry(table), json.dumps(contents, ensure_ascii=False))
                progress(1)
            for attachment in attachments:
                _copy_attachment(attachment, folder, archive)
                progress(1)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise
    return manifest

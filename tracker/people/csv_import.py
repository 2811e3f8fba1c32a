"""Adding many people from a CSV file (columns email, name, manager email, target framework;
a header row), from the people page or `flask users import FILE.csv`.

Each row stands alone: good rows are added (and invited), refused rows are not, and the
report says which and why, by row number (the header is row 1). Every row is checked before
anything is written, so no row is ever half-saved; the whole import is one transaction, so
a failure midway saves nothing. A row may name a manager who appears later in the file; the
managers are added first. Rows whose managers form a loop are refused, and so is a row
whose manager's row was refused.
"""
import csv
import io
from dataclasses import dataclass

from tracker.auth.service import create_user, find_user, normalise_email
from tracker.audit.service import AuditAction, record
from tracker.errors import ValidationError
from tracker.frameworks.service import get_framework
from tracker.people import invitations
from tracker.people.validation import email_problem, find_manager, name_problem

MAX_BYTES = 256 * 1024
MAX_ROWS = 500
COLUMNS = {"email": "email", "name": "name", "manager email": "manager", "manager": "manager",
           "target framework": "framework", "framework": "framework"}


@dataclass
class Row:
    number: int
    email: str
    name: str = ""
    manager_email: str = ""
    framework_slug: str = ""
    refused: str = ""  # why, when refused
    manager: object = None  # an existing User, or the Row of a person added by this file
    person: object = None

    @property
    def done(self):
        return not self.refused


def read_rows(data):
    """The file's rows as Row, or a ValidationError on `file` for a file that cannot be read."""
    if not data:
        raise ValidationError({"file": "Choose a CSV file."})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": f"The file is larger than {MAX_BYTES // 1024} KB; split it."})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file is not UTF-8 text; save it as CSV (UTF-8)."}) from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    header = [COLUMNS.get(cell.strip().lower().replace("_", " ")) for cell in (lines[0] if lines else [])]
    if "email" not in header or "name" not in header:
        raise ValidationError({"file": "The first row must name the columns: email, name, manager email, "
                                       "target framework."})
    body = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(c.strip() for c in cells)]
    if len(body) > MAX_ROWS:
        raise ValidationError({"file": f"The file has {len(body)} rows; at most {MAX_ROWS} at a time."})
    rows = []
    for number, cells in body:
        values = {column: cells[index].strip() for index, column in enumerate(header)
                  if column and index < len(cells)}
        rows.append(Row(number, values.get("email", ""), values.get("name", ""), values.get("manager", ""),
                        values.get("framework", "")))
    return rows


def _check(actor, rows):
    """Refuse what is wrong in each row on its own, then rows whose manager is in a loop or
    refused. Returns the rows in the order to add them (managers first)."""
    by_email = {}
    for row in rows:
        problem = email_problem(row.email) or name_problem(row.name)
        email = normalise_email(row.email)
        if problem:
            row.refused = problem
        elif email in by_email:
            row.refused = f"The same email as row {by_email[email].number}."
        elif find_user(email) is not None:
            row.refused = f"{email} already has an account."
        elif row.framework_slug and (len(row.framework_slug) > 100 or get_framework(row.framework_slug) is None):
            row.refused = f"No framework {row.framework_slug!r}."
        if not problem:
            row.email = email
            by_email.setdefault(email, row)
    for row in rows:
        if row.refused or not row.manager_email:
            row.manager = None if (actor is None or actor.is_admin) else actor
            continue
        manager_email = normalise_email(row.manager_email)
        in_file = by_email.get(manager_email)
        if in_file is not None and not in_file.refused:
            row.manager = in_file
        elif in_file is not None and find_user(manager_email) is None:
            row.refused = f"Its manager's row ({in_file.number}) was refused."
        else:
            try:
                row.manager = find_manager(actor, manager_email)
            except ValidationError as error:
                row.refused = error.fields["manager"]
    return _order(rows)


def _order(rows):
    """Managers before their reports; rows whose managers report to each other in a loop,
    and rows under a refused row, are refused."""
    by_number = {row.number: row for row in rows}
    ordered, placed = [], set()

    def place(row, path):
        if row.number in placed or row.refused:
            return
        manager = row.manager
        if isinstance(manager, Row):
            if manager.number in path:
                loop = path[path.index(manager.number):]
                why = ("It names itself as its manager." if len(loop) == 1 else
                       f"Rows {', '.join(map(str, sorted(loop)))} name each other as managers, in a loop.")
                for number in loop:
                    by_number[number].refused = why
                return
            place(manager, [*path, manager.number])
            if manager.refused:
                row.refused = row.refused or f"Its manager's row ({manager.number}) was refused."
                return
        placed.add(row.number)
        ordered.append(row)

    for row in rows:
        place(row, [row.number])
    return ordered


def import_people(actor, data):
    """Add the file's good rows and invite them; returns every row, each done or refused.
    `actor` is None from the command line (an admin's rights). A row that passed the checks
    and is then taken by a concurrent change refuses the whole file (the transaction is
    spent), saying which row."""
    rows = read_rows(data)
    for row in _check(actor, rows):
        manager = row.manager.person if isinstance(row.manager, Row) else row.manager
        try:
            row.person = create_user(row.email, row.name, None, manager_email=manager.email if manager else None,
                                     framework_slug=row.framework_slug or None)
        except ValidationError as error:  # checked above, so someone else added the address meanwhile
            problem = " ".join(error.fields.values())
            raise ValidationError({"file": f"Row {row.number}: {problem} Nothing was imported; import the file "
                                           "again to add the other rows."}) from None
        record(AuditAction.USER_CREATED, actor=actor, target=row.person,
               detail={"manager": manager.email if manager else None, "framework": row.framework_slug or None,
                       "via": "csv_import", "row": row.number})
        invitations.invite(actor, row.person)
    return rows


def describe(row):
    """One line of the report."""
    if row.done:
        return f"Row {row.number}: added {row.email} and sent an invitation."
    return f"Row {row.number}: refused{f' ({row.email})' if row.email else ''}. {row.refused}"

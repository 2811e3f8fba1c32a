"""The parts a structured evidence type is made of, each cleaning, reading and showing its own
input. A type lists its sections (`Kind.sections`); a section of rows lists its columns.

Every section does four jobs the same way for the API and the web form:
- `clean(value, path, errors)`: the stored value from JSON-shaped input, or field-path errors
  such as `details.risks[3].likelihood`;
- `read_form(form, prefix)`: the JSON-shaped value from the posted form (blank rows left out);
- `form_value(value)`: what the form shows for a stored (or rejected) value;
- `words(value)`: its text, for the evidence coach and search.
"""
from dataclasses import dataclass

from tracker.artifacts.cleaning import choice, clean_number, clean_text
from tracker.dates import parse_iso_date
from tracker.formatting import format_number
from tracker.ids import parse_whole

MAX_ITEMS = 20


@dataclass(frozen=True)
class Column:
    """One column of a row section. `kind`: text (one line), long (a paragraph), number,
    score (a whole number 1 to 5), date, choice (one of `choices`), or parent (the row this one
    hangs under: an earlier row's index in JSON, its row number in the form)."""
    name: str
    label: str
    kind: str = "text"
    limit: int = 300
    required: bool = False
    choices: tuple = ()
    default: object = None  # taken when left blank

    def clean(self, value, path, errors):
        if self.kind in ("text", "long"):
            return clean_text(errors, path, value, self.limit, required=self.required, single_line=self.kind == "text")
        if value is None or value == "":
            if self.required and self.default is None:
                errors[path] = "This field is required."
            return self.default
        if self.kind == "number":
            try:
                return clean_number(value)
            except (TypeError, ValueError, OverflowError):
                errors[path] = "Must be a number."
        elif self.kind == "score":
            number = parse_whole(value.strip() if isinstance(value, str) else value, minimum=1, maximum=5)
            if number is not None:
                return number
            errors[path] = "Must be 1 to 5."
        elif self.kind == "date":
            parsed = parse_iso_date(value)
            if parsed is not None:
                return parsed.isoformat()
            errors[path] = "Give the date as YYYY-MM-DD."
        elif self.kind == "choice":
            if choice(value) in self.choices:
                return value
            errors[path] = f"Choose one of: {', '.join(self.choices)}."
        elif self.kind == "parent":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return value
            errors[path] = "Must be the number of an earlier row."
        return None

    def from_form(self, text, row_numbers):
        """The JSON-shaped value of a form cell; `row_numbers` maps the form's row numbers
        to the indexes the kept rows will have."""
        text = text.strip()
        if self.kind == "parent" and text:
            number = parse_whole(text)
            return row_numbers.get(number, text) if number is not None else text
        return text

    def to_form(self, value):
        if value is None:
            return ""
        if self.kind == "number" and isinstance(value, float):
            return format_number(value)
        if self.kind == "parent" and isinstance(value, int):
            return str(value + 1)
        return str(value)


@dataclass(frozen=True)
class Text:
    """A paragraph (Markdown, sanitised when shown), or one line with `line=True`."""
    name: str
    label: str
    hint: str = ""
    limit: int = 5000
    line: bool = False
    kind = "text"

    def clean(self, value, path, errors):
        return clean_text(errors, path, value, 300 if self.line else self.limit, single_line=self.line)

    def read_form(self, form, prefix):
        return form.get(prefix, "")

    def form_value(self, value):
        return value if isinstance(value, str) else ""

    def words(self, value):
        return [value] if value else []

    def is_empty(self, value):
        return not value


@dataclass(frozen=True)
class Items:
    """A short list of one-line entries (one per line in the form)."""
    name: str
    label: str
    hint: str = ""
    most: int = MAX_ITEMS
    limit: int = 300
    kind = "items"

    def clean(self, value, path, errors):
        if not isinstance(value, list):
            errors[path] = "Must be a list of text entries."
            return []
        if len(value) > self.most:
            errors[path] = f"At most {self.most} entries (now {len(value)})."
            return []
        clean = [clean_text(errors, f"{path}[{index}]", item, self.limit, required=True, single_line=True)
                 for index, item in enumerate(value)]
        return clean

    def read_form(self, form, prefix):
        return [line.strip() for line in form.get(prefix, "").splitlines() if line.strip()]

    def form_value(self, value):
        return "\n".join(str(item) for item in value) if isinstance(value, list) else ""

    def words(self, value):
        return list(value or [])

    def is_empty(self, value):
        return not value


@dataclass(frozen=True)
class Rows:
    """A table: rows of `columns`. The form shows the rows given and `blank` empty ones."""
    name: str
    label: str
    columns: tuple
    hint: str = ""
    most: int = 50
    blank: int = 2
    kind = "rows"

    def clean(self, value, path, errors):
        if not isinstance(value, list):
            errors[path] = "Must be a list of rows."
            return []
        if len(value) > self.most:
            errors[path] = f"At most {self.most} rows (now {len(value)})."
            return []
        names = {column.name for column in self.columns}
        clean = []
        for index, row in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(row, dict):
                errors[where] = f"Must be an object with {', '.join(sorted(names))}."
                continue
            for key in sorted(set(row) - names):
                errors[f"{where}.{key}"] = "Unknown field."
            clean.append({column.name: column.clean(row.get(column.name), f"{where}.{column.name}", errors)
                          for column in self.columns})
        return clean

    def form_rows(self, form, prefix):
        """How many rows the form sent (bounded: a forged count costs nothing)."""
        count = parse_whole(form.get(f"{prefix}-rows", ""), minimum=0, maximum=self.most + self.blank)
        return count if count is not None else self.most + self.blank

    def read_form(self, form, prefix):
        cells = [{column.name: form.get(f"{prefix}-{index}-{column.name}", "") for column in self.columns}
                 for index in range(self.form_rows(form, prefix))]
        kept = [index for index, row in enumerate(cells) if any(text.strip() for text in row.values())]
        row_numbers = {number + 1: position for position, number in enumerate(kept)}
        return [{column.name: column.from_form(cells[index][column.name], row_numbers) for column in self.columns}
                for index in kept]

    def form_value(self, value):
        rows = value if isinstance(value, list) else []
        return [{column.name: column.to_form(row.get(column.name)) for column in self.columns}
                for row in rows if isinstance(row, dict)]

    def words(self, value):
        return [column.to_form(row[column.name]) for row in value or [] for column in self.columns
                if column.kind in ("text", "long", "number") and row.get(column.name) not in (None, "")]

    def is_empty(self, value):
        return not value

"""Dates from forms, JSON and query strings, parsed one way everywhere: `YYYY-MM-DD` in
ASCII digits, nothing else (no times, no week dates, no other digit scripts)."""
import re
from datetime import date

ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_iso_date(text):
    """The date in `text`, or None."""
    if not isinstance(text, str) or not ISO_DATE.match(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None

"""Whole numbers from URLs and forms, parsed one way everywhere.

Only ASCII digits count (`"²".isdigit()` is true), the length is bounded before `int()`
runs, and a row id must fit the database's integer column, so an absurd value is a clean
"not found" or "bad input", never an error from Python or the database driver.
"""

MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER


def parse_whole(text, minimum=1, maximum=MAX_ROW_ID):
    """The number in `text` if it is a whole number within bounds, else None."""
    if isinstance(text, int) and not isinstance(text, bool):
        number = text
    elif isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 12:
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


def is_row_id(value):
    return parse_whole(value) is not None

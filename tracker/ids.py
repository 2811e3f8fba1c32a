"""Row ids from URLs and forms: a number beyond the database's integer column is simply not
found, never an overflow error from the database driver."""

MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER


def is_row_id(value):
    """True for an int or a digit string that could be a row id."""
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):
            return False
        value = int(value)
    return isinstance(value, int) and 1 <= value <= MAX_ROW_ID

"""The small cleaners every piece of evidence input goes through: text, numbers, choices."""
import math
import re

from tracker.text import BIDI_MESSAGE, has_bidi_controls

PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)  # ASCII, no "_" or "inf"
SINGLE_LINE = re.compile(r"\s*[\r\n]+\s*")


def clean_text(errors, name, value, limit, required=False, single_line=False):
    """Clean text. Single-line fields (shown in one-line inputs) get their line breaks folded
    into spaces, so saving an edit form unchanged never alters them."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = "Must be text."
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if single_line:
        value = SINGLE_LINE.sub(" ", value)
    if single_line and has_bidi_controls(value):
        errors[name] = BIDI_MESSAGE
    elif required and not value:
        errors[name] = "This field is required."
    elif len(value) > limit:
        errors[name] = f"Must be at most {limit} characters (now {len(value)})."
    return value


def choice(value):
    """A value to look up among fixed choices: only text can match, anything else is None."""
    return value if isinstance(value, str) else None


def clean_number(value):
    """A finite float, None for blank, or raise ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or (isinstance(value, str) and not PLAIN_NUMBER.match(value.strip())):
        raise ValueError
    number = float(value)
    if not math.isfinite(number):
        raise ValueError
    return number

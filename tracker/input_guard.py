"""One guard for every request's text, run before anything else reads the request.

- JSON bodies must be UTF-8 and are bounded in size and nesting depth *before* they are
  parsed (a parser recursing 50,000 levels deep crashes); the parsed value is walked
  iteratively.
- Text anywhere in the request (path, query, form, JSON keys and values) may not hold NUL
  (PostgreSQL refuses it) or lone surrogates (no encoding can store them).

Bidirectional-control characters are a matter of single-line fields, so `tracker.text`
handles them where those fields are validated.
"""
import re

from flask import abort, request
from werkzeug.exceptions import RequestEntityTooLarge

MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_STRUCTURE = re.compile(r'[\[\]{}"\\]')


def json_too_deep(text, limit=MAX_JSON_DEPTH):
    """Whether the JSON `text` nests arrays and objects more than `limit` deep.
    One pass over the structural characters only, without recursion."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth, in_string, skip_to = 0, False, -1
    for match in _STRUCTURE.finditer(text):
        position = match.start()
        if position < skip_to:
            continue
        char = text[position]
        if in_string:
            if char == "\\":
                skip_to = position + 2
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def json_texts(value):
    """Every string in a parsed JSON value (object keys included), walked with a stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from (key for key in item if isinstance(key, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def request_texts():
    yield request.path
    for pair in request.args.items(multi=True):
        yield from pair
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for pair in request.form.items(multi=True):
            yield from pair
    if request.is_json:
        yield from json_texts(_parsed_json())


def _parsed_json():
    body = request.get_data(cache=True)
    if len(body) > MAX_JSON_BYTES:
        raise RequestEntityTooLarge(f"A JSON body may be at most {MAX_JSON_BYTES // 1024} KiB.")
    # JSON between systems is UTF-8 (RFC 8259). UTF-16 and UTF-32 would dodge the depth scan,
    # and their ASCII-range text is also valid UTF-8, but with raw NUL bytes, which JSON
    # never contains (inside strings they must be escaped).
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        abort(400, "JSON must be encoded as UTF-8.")
    if json_too_deep(text):
        abort(400, f"JSON may nest at most {MAX_JSON_DEPTH} levels deep.")
    try:
        return request.get_json(silent=True)
    except RecursionError:  # an encoding the depth scan cannot read, nested too deep
        abort(400, f"JSON may nest at most {MAX_JSON_DEPTH} levels deep.")


def unstorable_text_message(text):
    """Why `text` cannot be stored, or None."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "Text cannot contain NUL characters."
    return "Text must be valid Unicode: it contains a lone surrogate (such as \\ud800)."


def refuse_unstorable_input():
    for text in request_texts():
        message = unstorable_text_message(text)
        if message:
            abort(400, message)

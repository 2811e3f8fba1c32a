"""Laid-out PDFs kept by the SHA-256 of the HTML they were laid out from.

The same HTML always gives the same PDF, so a download of a document whose contents have
not changed (a packet fetched again, by the candidate or a committee member) is served from
here instead of being laid out again. The key is the page itself, so nothing needs to be
forgotten when evidence changes: changed evidence makes a different page. The folder is
shared by the web workers, private to the app's user, and bounded in files and age, so
copies of documents do not pile up.
"""
import hashlib
import os
import tempfile
import time
from importlib.metadata import version

MAX_FILES = 64
MAX_AGE = 24 * 3600  # seconds
_LAYOUT_VERSION = version("weasyprint")  # another WeasyPrint lays out differently


def key_of(page):
    return hashlib.sha256(f"{_LAYOUT_VERSION}\0{page}".encode()).hexdigest()


def read(folder, key):
    """The PDF kept for `key`, or None (missing, or older than MAX_AGE)."""
    path = os.path.join(folder, f"{key}.pdf")
    try:
        if time.time() - os.stat(path).st_mtime > MAX_AGE:
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def keep(folder, key, data):
    """Keep `data` under `key` (written whole or not at all), then trim the folder."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, os.path.join(folder, f"{key}.pdf"))
    trim(folder)


def trim(folder, now=None):
    """Delete PDFs older than MAX_AGE and all but the MAX_FILES newest."""
    now = now or time.time()
    kept = []
    for entry in os.scandir(folder):
        if not entry.name.endswith(".pdf"):
            continue
        try:
            modified = entry.stat().st_mtime
        except FileNotFoundError:  # another worker trimmed it
            continue
        kept.append((modified, entry.path))
    kept.sort(reverse=True)
    for index, (modified, path) in enumerate(kept):
        if index >= MAX_FILES or now - modified > MAX_AGE:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass

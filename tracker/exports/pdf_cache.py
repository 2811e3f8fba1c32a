"""Laid-out PDFs kept by the SHA-256 of the HTML they were laid out from.

The same HTML always gives the same PDF, so a download of a document whose contents have
not changed (a packet fetched again, by the candidate or a committee member) is served from
here instead of being laid out again. The key is the page itself, so nothing needs to be
forgotten when evidence changes: changed evidence makes a different page. The folder is
shared by the web workers, private to the app's user, and bounded in files and age, so
copies of documents do not pile up.
"""
import hashlib
import logging
import os
import tempfile
import time
from importlib.metadata import version

MAX_FILES = 64
MAX_AGE = 24 * 3600  # seconds
_LAYOUT_VERSION = version("weasyprint")  # another WeasyPrint lays out differently
log = logging.getLogger(__name__)


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
    """Keep `data` under `key` (written whole or not at all), then trim the folder. A cache
    that cannot be written (a full disk, a read-only folder) is logged and skipped: the
    document itself is laid out and served all the same."""
    temporary = None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, os.path.join(folder, f"{key}.pdf"))
        trim(folder)
    except OSError as error:
        log.warning("Could not keep a laid-out PDF in %s: %s", folder, error)
        if temporary is not None and os.path.exists(temporary):
            os.remove(temporary)


def trim(folder, now=None):
    """Delete PDFs older than MAX_AGE and all but the MAX_FILES newest, and what a process
    that died while writing left behind (a `.part` file over an hour old)."""
    now = now or time.time()
    kept = []
    for entry in os.scandir(folder):
        try:
            modified = entry.stat().st_mtime
        except FileNotFoundError:  # another worker trimmed it
            continue
        if entry.name.endswith(".part") and now - modified > 3600:
            _remove(entry.path)
        elif entry.name.endswith(".pdf"):
            kept.append((modified, entry.path))
    kept.sort(reverse=True)
    for index, (modified, path) in enumerate(kept):
        if index >= MAX_FILES or now - modified > MAX_AGE:
            _remove(path)


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:  # another worker was first
        pass

"""The brag document as PDF: the printable HTML page, laid out by WeasyPrint (`lay_out`
does the same for the promotion packet).

Layout is CPU work that grows with the document (about a tenth of a second a page), so it
runs in a child process (`layout`): the request's thread waits without holding the
interpreter, so other requests in the same worker go on, and the child is killed at a time
limit below the web server's worker timeout. The number of entries is bounded too, so a
PDF that would take longer is refused up front with a hint instead of timing out.
"""
import subprocess
import sys

from flask import current_app

from tracker.errors import ValidationError
from tracker.exports import html
from tracker.exports.base import Format

MAX_ENTRIES = 100
SECONDS = 25  # gunicorn ends a worker after 30 s
TOO_LONG = "choose a shorter range, or Markdown or HTML, which have no such limit."


def render(document):
    if len(document.entries) > MAX_ENTRIES:
        raise ValidationError({"from": f"A PDF holds at most {MAX_ENTRIES} pieces of evidence; {TOO_LONG}"})
    return lay_out(html.render(document), "from", TOO_LONG)


def lay_out(page, field, hint):
    """The HTML `page` as PDF, laid out in a child process; a ValidationError on `field`,
    ending with `hint`, when that takes longer than SECONDS."""
    command = [sys.executable, "-m", "tracker.exports.layout", current_app.static_folder]
    try:
        done = subprocess.run(command, input=page.encode(), capture_output=True, timeout=SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ValidationError({field: f"This PDF took too long to lay out; {hint}"}) from None
    if done.returncode != 0:
        raise RuntimeError(f"PDF layout failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout


FORMAT = Format("pdf", "PDF", "application/pdf", "pdf", render)

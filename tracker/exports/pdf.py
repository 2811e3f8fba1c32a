"""The brag document as PDF: the printable HTML page, laid out by WeasyPrint (`lay_out`
does the same for the promotion packet).

Layout is CPU work that grows with the document (about a tenth of a second a page), so it
runs in a child process (`layout`): the request's thread waits without holding the
interpreter, so other requests in the same worker go on, and the child is killed at a time
limit below the web server's worker timeout. The child is kept between documents, one per
web worker (importing WeasyPrint costs about a second, more than a short document's
layout). The number of entries is bounded too, so a PDF that would take longer is refused
up front with a hint instead of timing out.
"""
import atexit
import os
import select
import subprocess
import sys
import tempfile
import threading
import time

from flask import current_app

from tracker.errors import ValidationError
from tracker.exports import html, pdf_cache
from tracker.exports.base import Format
from tracker.exports.layout import HEADER

MAX_ENTRIES = 100
SECONDS = 25  # gunicorn ends a worker after 30 s
TOO_LONG = "choose a shorter range, or Markdown or HTML, which have no such limit."


class LayoutFailed(RuntimeError):
    pass


class LayoutProcess:
    """The layout child of this process: started at the first PDF, kept for the next ones,
    one page at a time. One that overruns its time or fails is ended, and the next PDF
    starts a fresh one."""

    def __init__(self):
        self.process, self.static_folder, self.errors = None, None, None
        self.lock = threading.RLock()

    def _running(self, static_folder):
        if self.process is not None and (self.process.poll() is not None or self.static_folder != static_folder):
            self.stop()
        if self.process is None:
            self.errors = tempfile.TemporaryFile()
            self.process = subprocess.Popen([sys.executable, "-m", "tracker.exports.layout", static_folder],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                            bufsize=0)
            self.static_folder = static_folder
        return self.process

    def lay_out(self, page, static_folder, seconds):
        """The PDF of `page`; TimeoutError after `seconds`, LayoutFailed if the child failed."""
        with self.lock:
            process, data = self._running(static_folder), page.encode()
            deadline = time.monotonic() + seconds
            try:
                process.stdin.write(HEADER.pack(len(data)) + data)
                size = HEADER.unpack(self._read(HEADER.size, deadline))[0]
                return self._read(size, deadline)
            except BrokenPipeError:
                raise self._failed() from None

    def _read(self, size, deadline):
        chunks, descriptor = [], self.process.stdout.fileno()
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
                self.stop()
                raise TimeoutError
            chunk = os.read(descriptor, min(size, 1 << 20))
            if not chunk:
                raise self._failed()
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _failed(self):
        self.errors.seek(0)
        reason = self.errors.read().decode(errors="replace")[-2000:]
        self.stop()
        return LayoutFailed(f"PDF layout failed: {reason}")

    def stop(self):
        if self.process is None:
            return
        self.process.stdin.close()  # the child ends at the end of its input
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.errors.close()
        self.process = None


LAYOUT = LayoutProcess()
atexit.register(LAYOUT.stop)


def render(document):
    if len(document.entries) > MAX_ENTRIES:
        raise ValidationError({"from": f"A PDF holds at most {MAX_ENTRIES} pieces of evidence; {TOO_LONG}"})
    return lay_out(html.render(document), "from", TOO_LONG)


def lay_out(page, field, hint):
    """The HTML `page` as PDF; a ValidationError on `field`, ending with `hint`, when that
    takes longer than SECONDS. The same page laid out before is served from the cache; the
    cache is asked again once this worker's layout process is free, since the request it
    waited for may have been for the same page."""
    folder, key = current_app.config["PDF_CACHE_DIR"], pdf_cache.key_of(page)
    kept = pdf_cache.read(folder, key)
    if kept is not None:
        return kept
    with LAYOUT.lock:
        kept = pdf_cache.read(folder, key)
        if kept is not None:
            return kept
        try:
            data = LAYOUT.lay_out(page, current_app.static_folder, SECONDS)
        except TimeoutError:
            raise ValidationError({field: f"This PDF took too long to lay out; {hint}"}) from None
        pdf_cache.keep(folder, key, data)
    return data


FORMAT = Format("pdf", "PDF", "application/pdf", "pdf", render)

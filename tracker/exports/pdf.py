"""The brag document as PDF: the printable HTML page, laid out by WeasyPrint (`lay_out`
does the same for the promotion packet).

Layout is CPU work that grows with the document (about a tenth of a second a page), so it
runs in child processes (`layout`): the request's thread waits without holding the
interpreter, so other requests in the same worker go on, and the children are killed at a
time limit below the web server's worker timeout. A document is cut where it starts new
pages anyway (`parts`) into as many runs as the worker has layout processes
(`PDF_LAYOUT_PROCESSES`), the runs are laid out side by side, and their PDFs are put back
together and numbered (`pdf_pages`). The children are kept between documents (importing
WeasyPrint costs about a second, more than a short document's layout). The number of
entries is bounded too, so a PDF that would take longer is refused up front with a hint
instead of timing out.
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
from tracker.exports import html, parts, pdf_cache, pdf_pages
from tracker.exports.base import Format
from tracker.exports.layout import HEADER

COMMAND = [sys.executable, "-m", "tracker.exports.layout"]  # and the static folder
MAX_ENTRIES = 100
SECONDS = 25  # gunicorn ends a worker after 30 s
TOO_LONG = "choose a shorter range, or Markdown or HTML, which have no such limit."


class LayoutFailed(RuntimeError):
    pass


class LayoutProcess:
    """One layout child: started at its first page, kept for the next ones."""

    def __init__(self):
        self.process, self.static_folder, self.errors = None, None, None

    def start(self, static_folder):
        """Have a child running (a new one imports WeasyPrint, which takes about a second)."""
        if self.process is not None and (self.process.poll() is not None or self.static_folder != static_folder):
            self.stop()
        if self.process is None:
            self.errors = tempfile.TemporaryFile()
            self.process = subprocess.Popen([*COMMAND, static_folder],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                            bufsize=0)
            self.static_folder = static_folder

    def send(self, page, deadline):
        """Start laying out `page`; TimeoutError at `deadline` (a child that does not take
        it in), LayoutFailed if the child has ended. Written a pipe's atomic size at a time
        once the pipe has room, so no write blocks."""
        body = page.encode()
        data, descriptor = memoryview(HEADER.pack(len(body)) + body), self.process.stdin.fileno()
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [descriptor], [], remaining)[1]:
                raise TimeoutError
            try:
                data = data[os.write(descriptor, data[:select.PIPE_BUF]):]
            except BrokenPipeError:
                raise self._failed() from None

    def receive(self, deadline):
        """The PDF of the page sent; TimeoutError at `deadline`, LayoutFailed if the child
        failed."""
        size = HEADER.unpack(self._read(HEADER.size, deadline))[0]
        return self._read(size, deadline)

    def _read(self, size, deadline):
        chunks, descriptor = [], self.process.stdout.fileno()
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
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

    def stop(self, wait=1):
        """End the child: it ends by itself at the end of its input once it is idle; one
        still busy after `wait` seconds is killed."""
        if self.process is None:
            return
        self.process.stdin.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.errors.close()
        self.process = None


class LayoutProcesses:
    """The layout children of this process, one document at a time. When one overruns the
    time or fails, every child that had a run of that document is ended (what it was
    still writing must not be read as the next document), and the next PDF starts fresh
    ones."""

    def __init__(self):
        self.children = []
        self.lock = threading.RLock()

    def lay_out(self, pages, static_folder, seconds):
        """The PDFs of `pages`, laid out side by side; TimeoutError after `seconds`."""
        with self.lock:
            while len(self.children) < len(pages):
                self.children.append(LayoutProcess())
            working, deadline = self.children[:len(pages)], time.monotonic() + seconds
            try:
                for child in working:  # all first, so that new ones import WeasyPrint side by side
                    child.start(static_folder)
                for child, page in zip(working, pages):
                    child.send(page, deadline)
                return [child.receive(deadline) for child in working]
            except BaseException:
                for child in working:  # at once: the time is up, or the document is lost anyway
                    child.stop(wait=0)
                raise

    def stop(self):
        with self.lock:
            for child in self.children:
                child.stop()


LAYOUT = LayoutProcesses()
atexit.register(LAYOUT.stop)


def render(document):
    if len(document.entries) > MAX_ENTRIES:
        raise ValidationError({"from": f"A PDF holds at most {MAX_ENTRIES} pieces of evidence; {TOO_LONG}"})
    return lay_out(html.render(document), "from", TOO_LONG)


def lay_out(page, field, hint):
    """The HTML `page` as PDF; a ValidationError on `field`, ending with `hint`, when that
    takes longer than SECONDS. The same page laid out before is served from the cache; the
    cache is asked again once this worker's layout processes are free, since the request it
    waited for may have been for the same page."""
    folder, key = current_app.config["PDF_CACHE_DIR"], pdf_cache.key_of(page)
    kept = pdf_cache.read(folder, key)
    if kept is not None:
        return kept
    with LAYOUT.lock:
        kept = pdf_cache.read(folder, key)
        if kept is not None:
            return kept
        runs = parts.split(page, current_app.config["PDF_LAYOUT_PROCESSES"])
        try:
            data = pdf_pages.join(LAYOUT.lay_out(runs, current_app.static_folder, SECONDS))
        except TimeoutError:
            raise ValidationError({field: f"This PDF took too long to lay out; {hint}"}) from None
        pdf_cache.keep(folder, key, data)
    return data


FORMAT = Format("pdf", "PDF", "application/pdf", "pdf", render)

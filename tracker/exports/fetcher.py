"""What WeasyPrint may load while it renders a PDF: the app's own static files, nothing else.

Evidence is written by people, and a renderer that follows whatever a document names would
read the server's files (`file:///etc/passwd`) or reach its network (cloud metadata at
169.254.169.254) on their behalf. The document is rendered against a base URL on a reserved,
unresolvable host (`.invalid`); the fetcher answers only paths under `/static/` on that
origin, read from the Flask static folder, and refuses every other URL without opening it.
"""
import mimetypes
import os
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

ORIGIN = "https://tracker.invalid"
BASE_URL = ORIGIN + "/"
STATIC_PREFIX = "/static/"


class Refused(ValueError):
    """A URL outside the app's static files. WeasyPrint logs it and renders without it."""


class StaticFilesFetcher(URLFetcher):
    def __init__(self, static_folder):
        super().__init__(allow_redirects=False)
        self.static_folder = static_folder

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        if path is None:
            raise Refused(f"Only the app's own static files may be loaded, not {url[:200]!r}.")
        with open(path, "rb") as file:
            body = file.read()
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    def static_path(self, url):
        """The file in the static folder that `url` names, or None."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN or not parts.path.startswith(STATIC_PREFIX):
            return None
        path = safe_join(self.static_folder, unquote(parts.path[len(STATIC_PREFIX):]))
        return path if path is not None and os.path.isfile(path) else None

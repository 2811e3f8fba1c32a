"""Error pages: HTML for people, the API's JSON error format under /api/."""
import re
from datetime import datetime, timedelta, timezone

from flask import current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from tracker.auth.limits import retry_after
from tracker.errors import ServiceError
from tracker.formatting import file_size


PLAIN_WORDS = {
    403: "Your account cannot open this page. If you think it should, ask your admin.",
    404: "There is nothing here, or it is not yours to see.",
}


def _message(error):
    if error.code == 413:
        limit = file_size(current_app.config["MAX_CONTENT_LENGTH"])
        return (f"That was more than {limit}, the most one form or file can be here. Nothing was saved. "
                "Attach a smaller file (a PDF export or a compressed image usually is), or split it.")
    if error.code == 429:
        seconds = retry_after()
        when = (f"Try again in about {max(1, round(seconds / 60))} minute{'s' if seconds > 90 else ''} "
                f"(after {(datetime.now(timezone.utc) + timedelta(seconds=seconds)).strftime('%H:%M')} UTC)."
                if seconds else "Try again in a few minutes.")
        return f"Too many sign-in attempts that did not succeed, from here or for this account. {when}"
    return PLAIN_WORDS.get(error.code)


def _way_back():
    """Where someone goes back to after an upload too large: the evidence, or the form."""
    match = re.match(r"^/artifacts/(\d+)/", request.path)
    if match:
        return url_for("artifacts.detail", artifact_id=int(match.group(1))), "Back to the evidence"
    if request.path in ("/artifacts/new", "/artifacts/quick"):
        return request.path, "Back to the form"
    return None


def _wants_json():
    return request.path.startswith("/api/")


def register_error_pages(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if _wants_json():  # routing failed before the API blueprint's own handler could run
            from tracker.api.errors import http_error as api_http_error

            return api_http_error(error)
        return render_template("errors/error.html", error=error, message=_message(error),
                               back=_way_back() if error.code == 413 else None), error.code

    @app.errorhandler(ServiceError)
    def service_error(error):
        """A service refused (403/404/409) from a web page: show the reason."""
        return render_template("errors/error.html", error=error, message=error.message), error.status

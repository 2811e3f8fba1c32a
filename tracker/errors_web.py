"""Error pages: HTML for people, the API's JSON error format under /api/."""
from flask import render_template, request
from werkzeug.exceptions import HTTPException

from tracker.errors import ServiceError


PLAIN_WORDS = {
    403: "Your account cannot open this page. If you think it should, ask your admin.",
    404: "There is nothing here, or it is not yours to see.",
}


def _wants_json():
    return request.path.startswith("/api/")


def register_error_pages(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if _wants_json():  # routing failed before the API blueprint's own handler could run
            from tracker.api.errors import http_error as api_http_error

            return api_http_error(error)
        return render_template("errors/error.html", error=error,
                               message=PLAIN_WORDS.get(error.code)), error.code

    @app.errorhandler(ServiceError)
    def service_error(error):
        """A service refused (403/404/409) from a web page: show the reason."""
        return render_template("errors/error.html", error=error, message=error.message), error.status

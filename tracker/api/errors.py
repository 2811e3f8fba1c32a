"""Every API error is `{"error": {"code", "message", "fields"}}` with a fitting 4xx status."""
from flask import jsonify
from werkzeug.exceptions import HTTPException

from tracker.api import bp
from tracker.errors import ServiceError, ValidationError


def error_response(status, code, message, fields=None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


@bp.errorhandler(ValidationError)
def validation_error(error):
    return error_response(422, "validation_failed", str(error), error.fields)


@bp.errorhandler(ServiceError)
def service_error(error):
    return error_response(error.status, error.code, error.message, error.fields)


@bp.errorhandler(HTTPException)
def http_error(error):
    """An HTTP error (404, 405, 413, 429...) in the API's format, keeping headers like Allow."""
    code = (error.name or "error").lower().replace(" ", "_")
    response = error_response(error.code or 400, code, error.description or error.name)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response

from functools import wraps

from flask import g, request

from tracker import access
from tracker.auth.service import valid_token_row
from tracker.errors import NotFound, ServiceError, ValidationError
from tracker.ids import parse_whole


class Unauthorized(ServiceError):
    status, code = 401, "unauthorized"


def token_required(view):
    """Require `Authorization: Bearer <token>`; the user is then `g.api_user` and the
    token's row `g.api_token`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        row = valid_token_row(token.strip()) if scheme.lower() == "bearer" else None
        if row is None:
            raise Unauthorized("Send a valid token as 'Authorization: Bearer <token>' "
                               "(POST /api/v1/tokens issues one).")
        g.api_user, g.api_token = row.user, row
        return view(*args, **kwargs)

    return wrapper


def json_body():
    """The request's JSON object, or a 400 that says what was wrong."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ServiceError("Send a JSON object with Content-Type: application/json.")
    return body


def visible_person(email):
    """The user with this email if the caller may see them; 404 otherwise."""
    person = access.visible_person_by_email(g.api_user, email)
    if person is None:
        raise NotFound(f"No user {email!r} that you can see.")
    return person


def refuse_unknown_parameters(allowed):
    """422 for query parameters the endpoint does not know: a misspelt filter would
    otherwise be silently ignored."""
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        raise ValidationError({name or "(empty name)": "Unknown query parameter." for name in unknown})


def page_parameter(name, default, maximum):
    """A paging query parameter (`page`, `per_page`): a whole number from 1 to `maximum`,
    `default` when absent, else a 422 on `name`."""
    raw = request.args.get(name)
    if raw is None:
        return default
    number = parse_whole(raw, maximum=maximum)
    if number is None:
        raise ValidationError({name: f"Must be a whole number from 1 up to {maximum}."})
    return number

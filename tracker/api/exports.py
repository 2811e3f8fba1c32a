"""Documents made from a person's evidence log: the brag document."""
from datetime import date

from flask import g, request

from tracker.api import bp
from tracker.api.auth import refuse_unknown_parameters, token_required, visible_person
from tracker.exports import download, format_named
from tracker.exports.brag import authorise, build_brag_document, parse_options

BRAG_PARAMETERS = {"format", "from", "to", "verified_only", "include_private", "redacted"}


@bp.get("/users/<email>/brag-document")
@token_required
def brag_document(email):
    person = visible_person(email)
    authorise(g.api_user, person)
    refuse_unknown_parameters(BRAG_PARAMETERS)
    format_ = format_named(request.args.get("format"))
    today = date.today()
    options = parse_options(request.args, today)
    return download(format_, build_brag_document(g.api_user, person, options, today))

"""The brag-document page: the signed-in person's own, in the format they choose."""
from datetime import date, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.errors import ValidationError
from tracker.exports import FORMATS, download, format_named, pdf
from tracker.exports.brag import DEFAULT_DAYS, build_brag_document, parse_options

bp = Blueprint("exports", __name__)


@bp.get("/brag-document")
@login_required
def brag_document():
    """The form; once it is sent (it has a `format`), the document: the HTML page opens in the
    browser to be printed, the others download."""
    today = date.today()
    if "format" not in request.args:
        values = {"from": (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), "to": today.isoformat(),
                  "format": "pdf"}
        return _form(values, {})
    try:
        format_ = format_named(request.args["format"])
        document = build_brag_document(current_user, current_user, parse_options(request.args, today), today)
        return download(format_, document, inline=format_.inline)
    except ValidationError as error:
        return _form(request.args, error.fields), 422


def _form(values, errors):
    return render_template("exports/form.html", values=values, errors=errors, formats=FORMATS,
                           pdf_limit=pdf.MAX_ENTRIES)

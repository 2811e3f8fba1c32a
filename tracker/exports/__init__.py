"""Documents built from the evidence log. Each format is one module behind one small
interface (`Format`, in `base`), found through the FORMATS registry: the API and the page ask
the registry and know no format by name."""
from flask import Response

from tracker.errors import ValidationError
from tracker.exports import html, markdown, pdf

FORMATS = {module.FORMAT.name: module.FORMAT for module in (markdown, html, pdf)}


def format_named(name):
    """The format called `name` (default Markdown), or a ValidationError on `format`."""
    found = FORMATS.get(name or "markdown")
    if found is None:
        raise ValidationError({"format": f"Choose one of: {', '.join(FORMATS)}."})
    return found


def download(format_, document, inline=False):
    """The rendered document as a response: a download, or shown in the browser when `inline`."""
    response = Response(format_.render(document), mimetype=format_.media_type, headers=format_.headers())
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{document.filename}.{format_.extension}"'
    return response

"""The brag document as a printable HTML page, standing alone (no scripts, no requests back
to the app): its stylesheet, with its print rules, is inlined and allowed by its hash, so the
page keeps a strict content policy. The PDF is rendered from this same page."""
import base64
import hashlib

from flask import current_app, render_template
from markupsafe import Markup

from tracker.exports.base import Format

STYLESHEET = "exports/brag.css"


def stylesheet():
    env = current_app.jinja_env
    source, _, _ = env.loader.get_source(env, STYLESHEET)
    return source


def render(document):
    return render_template("exports/brag.html", doc=document, stylesheet=Markup(stylesheet()))


def headers():
    digest = base64.b64encode(hashlib.sha256(stylesheet().encode()).digest()).decode()
    return {"Content-Security-Policy": f"default-src 'none'; style-src 'sha256-{digest}'; "
                                       "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}


FORMAT = Format("html", "Printable page (HTML)", "text/html", "html", render, inline=True, headers=headers)

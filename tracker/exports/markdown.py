"""The brag document as Markdown: the evidence's own Markdown kept as written, for pasting
into a review document or a wiki."""
from flask import render_template

from tracker.exports.base import Format


def render(document):
    return render_template("exports/brag.md", doc=document)


FORMAT = Format("markdown", "Markdown", "text/markdown", "md", render)

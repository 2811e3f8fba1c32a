"""Markdown to safe HTML.

markdown-it-py parses in time linear in the input (Python-Markdown's link parser is
quadratic: 19,000 `[` took over 30 s), raw HTML is off, and the output is cleaned against
an allow-list. Images are not rendered (the allow-list would drop them anyway), which also
skips their parser. Lists that show many items render only a preview (`markdown_preview`),
so the work one page can cause stays bounded by its page size.
"""
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
PREVIEW_CHARS = 600

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").disable("image")


def render_markdown(text):
    html = _parser.render(text or "")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")
    return Markup(clean)


def markdown_preview(text, limit=PREVIEW_CHARS):
    """The start of `text` rendered: whole paragraphs up to `limit` characters, then a cut
    at a line break (or at `limit`) marked with an ellipsis."""
    text = (text or "").strip()
    if len(text) <= limit:
        return render_markdown(text)
    cut = text.rfind("\n", 0, limit)
    head = text[:cut if cut > limit // 2 else limit].rstrip()
    return render_markdown(head + " …")

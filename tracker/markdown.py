"""Markdown to safe HTML.

markdown-it-py parses in time linear in the input (Python-Markdown's link parser is
quadratic: 19,000 `[` took over 30 s), raw HTML is off, tables are bounded (below), and
the output is cleaned against an allow-list. Images are not rendered (the allow-list would
drop them anyway), which also skips their parser. Lists that show many items render only
a preview without tables (`markdown_preview`), so the work one page can cause stays
bounded by its page size.
"""
import importlib

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# The module, not the function of the same name that `markdown_it.rules_block` exports.
table_block = importlib.import_module("markdown_it.rules_block.table")

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
PREVIEW_CHARS = 600

# Tables are the one construct whose output can outgrow its input: markdown-it pads short
# rows out to the header's width. Its own cap on padded cells per table is lowered (the
# library reads this module global for exactly that purpose), and `_bounded_table` caps the
# cells of all tables in one text; past the budget, further tables stay plain paragraphs.
table_block.MAX_AUTOCOMPLETED_CELLS = 1000
TABLE_CELLS_PER_TEXT = 2000


def _bounded_table(state, start_line, end_line, silent):
    left = state.env.get("table_cells_left", TABLE_CELLS_PER_TEXT)
    if left <= 0:
        return False
    before = len(state.tokens)
    matched = table_block.table(state, start_line, end_line, silent)
    if matched and not silent:
        cells = sum(1 for token in state.tokens[before:] if token.type in ("th_open", "td_open"))
        state.env["table_cells_left"] = left - cells
    return matched


def _parser(tables):
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    if tables:
        parser.block.ruler.before("code", "table", _bounded_table, {"alt": ["paragraph", "reference"]})
    return parser


_full = _parser(tables=True)
_preview = _parser(tables=False)  # a few hundred characters need no tables


def _render(parser, text):
    html = parser.render(text or "", {})
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow"))


def render_markdown(text):
    return _render(_full, text)


def markdown_preview(text, limit=PREVIEW_CHARS):
    """The start of `text` rendered: whole paragraphs up to `limit` characters, then a cut
    at a line break (or at `limit`) marked with an ellipsis."""
    text = (text or "").strip()
    if len(text) <= limit:
        return _render(_preview, text)
    cut = text.rfind("\n", 0, limit)
    head = text[:cut if cut > limit // 2 else limit].rstrip()
    return _render(_preview, head + " …")

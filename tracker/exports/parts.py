"""A document's HTML cut into runs that can be laid out side by side.

The templates mark with BREAK each place where the printed document starts a new page
anyway (a forced page break in its stylesheet: the packet's matrix, each competency and
the agreed levels; each year of the brag document after the first). Laying the runs out
apart therefore gives the same pages as laying out the whole, except for the page numbers,
which `pdf_pages.join` adds once the runs are put back together. The marker is an HTML
comment: text from evidence cannot make one, since Jinja escapes it and the Markdown
sanitiser drops comments.
"""
import bisect
import itertools
import re

BREAK = "<!--part-->"
_BODY = re.compile(r"<body[^>]*>")


def split(page, count):
    """`page` as at most `count` HTML pages, each a run of consecutive parts with the same
    head, the runs about equal in length (the layout's work grows with the text)."""
    opened, closing = _BODY.search(page), page.rfind("</body>")
    if count < 2 or opened is None or closing < opened.end() or BREAK not in page:
        return [page]
    head, tail = page[:opened.end()], page[closing:]
    parts = page[opened.end():closing].split(BREAK)
    return [head + "".join(run) + tail for run in _runs(parts, count)]


def _runs(parts, count):
    """`parts` cut into at most `count` runs of consecutive parts, each cut placed where the
    length before it is nearest its share of the whole."""
    ends = list(itertools.accumulate(len(part) for part in parts))
    cuts = []
    for share in range(1, count):
        target = ends[-1] * share / count
        index = bisect.bisect_left(ends, target)
        if index > 0 and target - ends[index - 1] < ends[index] - target:
            index -= 1
        index = max(index, cuts[-1] + 1 if cuts else 0)
        if index < len(parts) - 1:  # a cut after the last part would leave an empty run
            cuts.append(index)
    starts = [0] + [cut + 1 for cut in cuts]
    stops = [cut + 1 for cut in cuts] + [len(parts)]
    return [parts[start:stop] for start, stop in zip(starts, stops)]

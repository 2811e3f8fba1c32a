"""Documents laid out in runs side by side and put back together: the same pages as laid out
whole, numbered, and cut only where the templates say."""
import io

import pypdf
import pytest

from tests.exports.test_brag_document import document
from tests.exports.test_packet import laid_out_in
from tracker.exports import FORMATS, html
from tracker.exports.layout import layout
from tracker.exports.parts import BREAK, split
from tracker.exports.pdf_pages import join

HEAD = '<!doctype html><html><head><style>p { color: red }</style></head><body class="doc">'
TAIL = "</body></html>"


def page(*parts):
    return HEAD + BREAK.join(parts) + TAIL


def bodies(pages):
    return [text[len(HEAD):-len(TAIL)] for text in pages]


def test_a_page_is_cut_into_runs_of_about_equal_length_each_a_whole_page():
    parts = ["<p>" + "a" * 400 + "</p>", "<p>b</p>", "<p>c</p>", "<p>" + "d" * 400 + "</p>"]
    runs = split(page(*parts), 2)
    assert bodies(runs) == [parts[0] + parts[1], parts[2] + parts[3]]
    assert all(run.startswith(HEAD) and run.endswith(TAIL) for run in runs)
    assert bodies(split(page(*parts), 8)) == parts  # never more runs than parts
    assert split(page(*parts), 1) == [page(*parts)]


@pytest.mark.parametrize("count", [2, 3, 5])
def test_runs_keep_every_part_once_in_order(count):
    parts = [f"<p>{index}{'x' * (index * 37 % 90)}</p>" for index in range(9)]
    runs = bodies(split(page(*parts), count))
    assert len(runs) == count and all(runs)
    assert "".join(runs) == "".join(parts)


def test_a_page_without_marks_is_laid_out_whole():
    whole = HEAD + "<p>one</p><p>two</p>" + TAIL
    assert split(whole, 2) == [whole]


def test_evidence_cannot_cut_a_document(evidence):
    """The mark is an HTML comment: Jinja escapes one typed in a title, the Markdown sanitiser
    drops one written in a summary."""
    org = evidence
    org.log(org.candidate, title=f"Title {BREAK} with a mark", summary=f"Summary {BREAK} with a mark")
    text = html.render(document(org))
    assert text.count(BREAK) == 1  # between the two years, and nowhere else
    assert "Title &lt;!--part--&gt; with a mark" in text


def test_joined_pdfs_keep_their_pages_title_and_outline_and_are_numbered(app):
    first = layout('<html><head><title>Joined</title></head><body><h1>One</h1>'
                   '<p style="break-before: page">Two</p></body></html>', app.static_folder)
    second = layout("<html><body><h2>Three</h2></body></html>", app.static_folder)
    reader = pypdf.PdfReader(io.BytesIO(join([first, second])))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert texts == ["One 1 / 3", "Two 2 / 3", "Three 3 / 3"]
    assert reader.metadata.title == "Joined"
    assert [entry.title for entry in reader.outline] == ["One", "Three"]


def subsets_of(reader):
    """{font name: the distinct embedded font programs under that name}"""
    found = {}
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            for part in font.get("/DescendantFonts", []):
                descriptor = part.get_object()["/FontDescriptor"].get_object()
                program = next(descriptor[key].get_object() for key in ("/FontFile2", "/FontFile3", "/FontFile")
                               if key in descriptor)
                assert descriptor["/FontName"] == part.get_object()["/BaseFont"] == font["/BaseFont"]
                found.setdefault(str(font["/BaseFont"]), set()).add(program.get_data())
    return found


def test_each_run_keeps_its_font_subsets_under_names_of_their_own(app):
    """One file must not hold two different subsets of a font under one name; the language
    of the first run is the document's."""
    runs = [layout(f'<html lang="en"><body><p>{text}</p></body></html>', app.static_folder)
            for text in ("Situation", "Outcome", "Situation")]
    assert len({name for run in runs for name in subsets_of(pypdf.PdfReader(io.BytesIO(run)))}) == 1  # WeasyPrint's
    reader = pypdf.PdfReader(io.BytesIO(join(runs)))
    subsets = subsets_of(reader)
    assert len(subsets) == 3 and all(len(programs) == 1 for programs in subsets.values())
    assert all(name.split("+")[1] == "DejaVu-Serif" for name in subsets)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert [" ".join(page.extract_text().split()) for page in reader.pages] == [
        "Situation 1 / 3", "Outcome 2 / 3", "Situation 3 / 3"]


def test_the_number_stands_at_the_foot_of_the_page_on_the_right(app):
    pdf = join([layout("<p>Text</p>", app.static_folder)])
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []
    reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: found.append((text, tm[4], tm[5]))
                                 if text.strip() == "1 / 1" else None)
    (_, left, bottom), = found
    width = float(reader.pages[0].mediabox.right)
    assert width - 70 < left < width - 40 and 15 < bottom < 35  # about 15 mm in from the right, 9 mm up


def test_the_brag_document_laid_out_in_runs_is_the_brag_document_laid_out_whole(app, evidence, monkeypatch):
    brag = document(evidence)
    assert len(split(html.render(brag), 2)) == 2
    whole, outline = laid_out_in(app, monkeypatch, 1, lambda: FORMATS["pdf"].render(brag))
    assert laid_out_in(app, monkeypatch, 2, lambda: FORMATS["pdf"].render(brag)) == (whole, outline)
    assert [title for depth, title in outline if depth == 0] == ["2026", "2025"]
    assert len(whole) > 2 and [text.split()[0] for text in whole].count("2025") == 1  # a year starts a page

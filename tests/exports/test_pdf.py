"""The PDF: the same document as the page, and a renderer that loads nothing but the app's
own static files, whatever the evidence names."""
import io
import logging
import shutil
import sys
import time
from pathlib import Path

import pypdf
import pytest

from tests.exports.conftest import END, START
from tests.exports.test_brag_document import TODAY, VERIFIED, document
from tracker.errors import ValidationError
from tracker.exports import FORMATS
from tracker.exports.brag import Options, build_brag_document
from tracker.exports.fetcher import BASE_URL, Refused, StaticFilesFetcher
from tracker.exports.layout import layout
from tracker.exports.parts import BREAK
from tracker.exports.pdf import LAYOUT, lay_out
from tracker.extensions import db

METADATA = "http://169.254.169.254/latest/meta-data"
PASSWD = "file:///etc/passwd"
PASSWD_TEXT = Path("/etc/passwd").read_text().splitlines()[0]  # root:x:0:0:...


def text_of(pdf):
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture()
def fetches(monkeypatch):
    """Every URL the renderer asks for, with whether it was served."""
    seen = []
    fetch = StaticFilesFetcher.fetch

    def recording(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except Exception:
            seen.append((url, False))
            raise
        seen.append((url, True))
        return response

    monkeypatch.setattr(StaticFilesFetcher, "fetch", recording)
    return seen


def test_the_pdf_holds_the_same_document(evidence):
    text = text_of(FORMATS["pdf"].render(document(evidence)))
    for expected in ("Brag document: Cara Candidate", "2026", "Q1 2026", "Cut cloud spend", "Outcomes: Cost",
                     "Cloud spend: 120 -> 80 k (-33%)", "Situation", "Halve the growth.",
                     "Planning and prioritisation: Strong Engineering Manager", "Not verified yet",
                     "No verified business outcome in 2025: aim for at least one a year"):
        assert expected in text, expected
    assert len(VERIFIED.findall(text)) == 2
    assert "Private reflection" not in text and "Otto" not in text


def test_evidence_cannot_make_the_renderer_read_files_or_the_network(app, org, fetches):
    artifact = org.log(org.candidate, title="Sneaky", summary=(
        f"![x]({PASSWD}) ![y]({METADATA}) <img src=\"{PASSWD}\"> [passwd]({PASSWD})\n\n"
        f"<link rel=stylesheet href=\"{METADATA}\">"), situation=f"![z]({PASSWD})",
        links=["https://example.com/fine"])
    artifact.links = [PASSWD, METADATA]  # past the validator, as old or imported data might be
    db.session.commit()
    brag = build_brag_document(org.candidate, org.candidate, Options(START, END), TODAY)
    for pdf in (FORMATS["pdf"].render(brag), layout(FORMATS["html"].render(brag), app.static_folder)):
        assert "Sneaky" in text_of(pdf)
        assert PASSWD_TEXT not in text_of(pdf) and PASSWD_TEXT.encode() not in pdf
    assert not [url for url, served in fetches if served]  # the layout in this process asked for nothing it got


def test_the_fetcher_refuses_what_the_sanitiser_would_have_stopped(app, fetches):
    """Raw HTML straight to WeasyPrint: the fetcher alone keeps files and the network out."""
    page = (f'<link rel="stylesheet" href="{METADATA}"><img src="{PASSWD}"><img src="{METADATA}">'
            '<img src="/static/../../../../etc/passwd"><img src="/static/%2e%2e/%2e%2e/etc/passwd">'
            '<p style="background: url(file:///etc/shadow)">Hello</p><link rel="stylesheet" href="/static/app.css">')
    pdf = layout(page, app.static_folder)
    assert "Hello" in text_of(pdf) and PASSWD_TEXT.encode() not in pdf
    assert [url for url, served in fetches if served] == [BASE_URL + "static/app.css"]
    refused = {url for url, served in fetches if not served}
    assert {METADATA, PASSWD} <= refused


@pytest.mark.parametrize("url", [
    METADATA, PASSWD, "file:///work/main/static/app.css", "https://tracker.invalid/config.py",
    "https://tracker.invalid/static/../config.py", "https://tracker.invalid/static/%2e%2e/config.py",
    "https://tracker.invalid/static/", "https://tracker.invalid/static/nothing-here.css",
    "http://tracker.invalid/static/app.css", "https://evil.example/static/app.css",
    "https://tracker.invalid@evil.example/static/app.css", "data:text/plain,hello", "ftp://tracker.invalid/static/app.css",
])
def test_the_fetcher_refuses_anything_but_static_files(app, url):
    with pytest.raises(Refused):
        StaticFilesFetcher(app.static_folder).fetch(url)


def test_the_fetcher_serves_static_files(app):
    response = StaticFilesFetcher(app.static_folder).fetch(BASE_URL + "static/app.css")
    assert response.content_type == "text/css"
    assert response.read() == (Path(app.static_folder) / "app.css").read_bytes()
    response.close()


def test_a_pdf_too_long_to_lay_out_is_refused_with_a_hint(evidence, monkeypatch):
    brag = document(evidence)
    monkeypatch.setattr("tracker.exports.pdf.MAX_ENTRIES", 2)
    with pytest.raises(ValidationError) as raised:
        FORMATS["pdf"].render(brag)
    assert "at most 2" in raised.value.fields["from"]
    monkeypatch.setattr("tracker.exports.pdf.MAX_ENTRIES", 100)
    monkeypatch.setattr("tracker.exports.pdf.SECONDS", 0.05)
    with pytest.raises(ValidationError) as raised:
        FORMATS["pdf"].render(brag)
    assert "too long" in raised.value.fields["from"]


def test_the_layout_processes_are_kept_and_replaced_when_they_end(app, evidence, monkeypatch):
    """The brag document of two years is laid out in two runs, one per process."""
    def laid_out_afresh():
        shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)  # else the kept copy is served
        return FORMATS["pdf"].render(brag)

    def processes():
        return [child.process for child in LAYOUT.children[:2]]

    monkeypatch.setitem(app.config, "PDF_LAYOUT_PROCESSES", 2)
    brag = document(evidence)
    first = laid_out_afresh()
    kept = processes()
    assert len(kept) == 2 and None not in kept
    assert laid_out_afresh() == first and processes() == kept  # kept, and the same document
    kept[1].kill()
    kept[1].wait()
    assert laid_out_afresh() == first
    assert processes()[0] is kept[0] and processes()[1] not in (None, kept[1])  # the one that ended is replaced
    monkeypatch.setattr("tracker.exports.pdf.SECONDS", 0.01)
    shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)
    with pytest.raises(ValidationError):
        FORMATS["pdf"].render(brag)
    assert processes() == [None, None]  # both were ended: neither's late output is read as the next PDF
    monkeypatch.setattr("tracker.exports.pdf.SECONDS", 25)
    assert laid_out_afresh() == first


def test_the_time_limit_holds_for_a_document_in_runs(app, monkeypatch):
    """Every child of a document that overran is ended at once, not one after another."""
    text = "<p>" + "The release train was split in three. " * 30 + "</p>"
    page = f"<html><body>{text * 60}{BREAK}{text * 60}</body></html>"  # each run takes seconds
    monkeypatch.setitem(app.config, "PDF_LAYOUT_PROCESSES", 2)
    monkeypatch.setattr("tracker.exports.pdf.SECONDS", 0.2)
    started = time.monotonic()
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        lay_out(page, "from", "choose a shorter range.")
    assert time.monotonic() - started < 1  # each busy child used to be given a second to end
    assert raised.value.fields["from"] == "This PDF took too long to lay out; choose a shorter range."
    assert [child.process for child in LAYOUT.children[:2]] == [None, None]


def test_a_child_that_does_not_take_its_page_in_cannot_hold_the_request(app, monkeypatch):
    monkeypatch.setattr("tracker.exports.pdf.COMMAND", [sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr("tracker.exports.pdf.SECONDS", 0.5)
    LAYOUT.stop()  # the next document starts children with the command above
    page = "<p>" + "x" * 500_000 + "</p>"  # far more than a pipe holds
    with app.test_request_context(), pytest.raises(ValidationError) as raised:
        lay_out(page, "framework", "try again.")
    assert raised.value.fields["framework"] == "This PDF took too long to lay out; try again."
    assert [child.process for child in LAYOUT.children] == [None] * len(LAYOUT.children)


def test_fonts_are_cut_down_by_harfbuzz(app, caplog):
    """Only the glyphs used are embedded. WeasyPrint does that with HarfBuzz's subsetter when
    the system has it and otherwise falls back to fontTools with a warning; the fallback
    made every PDF about a third of a second slower."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = layout("<p>Release train split</p>", app.static_folder)
    assert "Release train split" in text_of(pdf)
    assert "fontTools" not in caplog.text

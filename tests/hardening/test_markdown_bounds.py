"""Markdown renders in linear time: hostile input cannot stall a page (issue: 19,000 `[`
took Python-Markdown over 30 s, blocking every worker that showed it)."""
import time

import pytest

from tests.conftest import login
from tracker.markdown import markdown_preview, render_markdown

HOSTILE = {
    "brackets": "[" * 20000,
    "bracket-text": "[x" * 10000,
    "image-openers": "![" * 10000,
    "unclosed-links": "[a](" * 5000,
    "nested": "[" * 10000 + "]" * 10000,
    "emphasis": "*a **b " * 2800,
    "references": "[a]: b\n" * 1400 + "[a]" * 3300,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_summary_renders_in_well_under_a_second(name):
    started = time.perf_counter()
    html = render_markdown(HOSTILE[name])
    elapsed = time.perf_counter() - started
    assert html  # it rendered something
    assert elapsed < 1.0, f"{name}: {elapsed:.2f}s"  # Python-Markdown needed 30 s for "brackets"


def test_preview_is_bounded_and_marks_the_cut():
    text = "First paragraph.\n\n" + "word " * 2000
    html = str(markdown_preview(text))
    assert "First paragraph." in html and "…" in html
    assert len(html) < 1000
    assert str(markdown_preview("*short*")) == "<p><em>short</em></p>\n"


def test_pages_that_show_hostile_evidence_still_answer(client, org):
    for _ in range(3):
        org.log(org.candidate, state="submitted", summary=HOSTILE["brackets"],
                situation=HOSTILE["bracket-text"][:10000], action=HOSTILE["image-openers"][:10000])
    artifact = org.log(org.candidate, state="submitted", summary=HOSTILE["brackets"])
    login(client, "manager@example.com")
    started = time.perf_counter()
    assert client.get("/artifacts/queue").status_code == 200
    assert client.get(f"/artifacts/{artifact.id}").status_code == 200
    assert time.perf_counter() - started < 5.0

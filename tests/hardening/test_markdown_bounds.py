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
    # short rows padded out to a wide header: each table multiplies its input
    "padded-tables": (("|" + "a|" * 50 + "\n|" + "-|" * 50 + "\n" + "x\n" * 1338 + "\n") * 7)[:20000],
    "many-tables": (("|" + "a|" * 30 + "\n|" + "-|" * 30 + "\n" + "x\n" * 33 + "\n") * 300)[:20000],
}


def fastest_render(text, rounds=2):
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        render_markdown(text)
        timings.append(time.perf_counter() - started)
    return min(timings)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_summary_renders_in_linear_time(name):
    """Four times the input takes about four times as long (quadratic work would take
    sixteen): measured against a quarter of the same input in the same run, so a busy
    machine slows both alike. Python-Markdown needed 30 s for 20,000 `[`."""
    text = HOSTILE[name]
    html = render_markdown(text)
    assert html  # it rendered something
    assert len(html) < 20 * len(text), f"{name}: {len(html)} bytes of HTML"
    quarter, whole = fastest_render(text[:len(text) // 4]), fastest_render(text)
    assert whole < 10 * quarter, f"{name}: {whole:.3f}s for all, {quarter:.3f}s for a quarter"


def test_tables_still_render_and_stop_at_the_cell_budget():
    assert "<td>2</td>" in str(render_markdown("|a|b|\n|-|-|\n|1|2|"))
    many = "|a|b|\n|-|-|\n|c|d|\n\n" * 1000
    html = str(render_markdown(many))
    assert html.count("<td>") + html.count("<th>") <= 2000 + 4  # later tables stay paragraphs
    assert "<table>" not in str(markdown_preview("|a|b|\n|-|-|\n|1|2|"))


def test_preview_is_bounded_and_marks_the_cut():
    text = "First paragraph.\n\n" + "word " * 2000
    html = str(markdown_preview(text))
    assert "First paragraph." in html and "…" in html
    assert len(html) < 1000
    assert str(markdown_preview("*short*")) == "<p><em>short</em></p>\n"


def test_pages_that_show_hostile_evidence_still_answer(client, org):
    for _ in range(3):
        org.log(org.candidate, state="submitted", summary=HOSTILE["padded-tables"],
                situation=HOSTILE["bracket-text"][:10000], action=HOSTILE["padded-tables"][:10000],
                task=HOSTILE["image-openers"][:10000], result=HOSTILE["many-tables"][:10000])
    artifact = org.log(org.candidate, state="submitted", summary=HOSTILE["brackets"])
    login(client, "manager@example.com")
    started = time.perf_counter()
    assert client.get("/artifacts/queue").status_code == 200
    assert client.get(f"/artifacts/{artifact.id}").status_code == 200
    assert time.perf_counter() - started < 5.0

"""The benchmark runs end to end under gunicorn on a tiny generated org (its figures are not
judged here: speed is for the benchmark, not for tests on a shared machine)."""
from bench.run import pages, report, run


def test_benchmark_runs_and_reports_ratios(tmp_path):
    results = run(users=120, artifacts=400, rounds=2, database_url=f"sqlite:///{tmp_path}/bench.sqlite3")
    assert len(results) == len(pages({"candidate": "x", "candidate_id": 1, "rare": "kestrel"}))
    assert all(page > 0 and bare > 0 and ratio > 0 and slow >= page for page, bare, ratio, slow in results.values())
    assert "bare/page" in report(results) and "1/" in report(results) and "p95 ms" in report(results)


def test_the_reminder_benchmark_sends_each_mail_once(tmp_path):
    from bench.reminders import report as reminder_report
    from bench.reminders import run as reminder_run

    figures = reminder_run(60, database_url=f"sqlite:///{tmp_path}/reminders.sqlite3")
    assert figures["sent"] == figures["received"] == figures["eligible"] == 60
    assert figures["second_sent"] == 0 and figures["connections"] == 1
    assert "messages per second" in reminder_report(figures)

"""The benchmark runs end to end under gunicorn on a tiny generated org (its figures are not
judged here: speed is for the benchmark, not for tests on a shared machine)."""
from bench.run import pages, report, run


def test_benchmark_runs_and_reports_ratios(tmp_path):
    results = run(users=120, artifacts=400, rounds=2, database_url=f"sqlite:///{tmp_path}/bench.sqlite3")
    assert len(results) == len(pages({"candidate": "x", "candidate_id": 1}))
    assert all(page > 0 and bare > 0 and ratio > 0 for page, bare, ratio in results.values())
    assert "bare/page" in report(results) and "1/" in report(results)

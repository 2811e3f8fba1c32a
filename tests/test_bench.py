"""The benchmark runs end to end on a tiny generated org (its figures are not judged here)."""
from bench.run import report, run


def test_benchmark_runs_and_reports_ratios(tmp_path):
    results = run(users=20, artifacts=300, repeats=1, database_url=f"sqlite:///{tmp_path}/bench.sqlite3")
    assert "bare Flask endpoint" in results and len(results) == 8
    assert all(seconds > 0 for seconds in results.values())
    assert "x bare" in report(results)

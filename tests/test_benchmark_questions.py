"""benchmarks.questions runs (a smoke pass; timing goals are not tested, only that every
figure the report shows is measured)."""

from __future__ import annotations

from benchmarks import questions
from bot.core.catalog import bundled_data_dir, load_catalog


def test_a_quick_pass_measures_reading_beside_best():
    results = questions.measure(load_catalog(bundled_data_dir()), quick=True)
    assert results["questions"] == len(questions.questions()) >= 150
    for key in ("read_cpu", "read_wall", "best_core_cpu", "best_discord", "best_discord_unseen"):
        assert results[key]["n"] > 0 and results[key]["p99_ms"] is not None, key
    lines = questions.render(results)
    assert lines[-1].startswith("reading p99 (CPU) / /best p50 (Discord): ")

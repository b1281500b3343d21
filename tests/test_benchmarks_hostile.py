"""A smoke pass of ``benchmarks/hostile_text.py`` in this process: every attack it measures is
answered or refused as a malformed board (never another exception, which would be a bug), and
the report renders. Nothing here looks at a timing."""

from __future__ import annotations

import pytest

from benchmarks import hostile_text as hostile


@pytest.mark.parametrize("family", sorted(hostile.FAMILIES))
def test_every_attack_is_answered_or_refused_as_malformed(family):
    kind, make = hostile.FAMILIES[family]
    for kb in (1, 5):  # 5 KB: a version of 5,120 digits (Python converts at most 4,300)
        _seconds, outcome = hostile._measure(kind, make(kb * 1024), budget=0.0)
        assert outcome in ("ok", "BoardError"), (family, kb, outcome)


def test_the_report_renders_every_family_and_the_loop():
    rows = [{"kb": 1, "chars": 1024, "seconds": 0.001, "us_per_kb": 1000.0, "outcome": "ok"},
            {"kb": 4, "over_budget": 5.0}]
    results = {"sizes_kb": [1, 4], "budget_s": 5.0, "families": dict.fromkeys(
        hostile.FAMILIES, rows), "loop_sizes_kb": [1, 4],
        "loop": {"heading_spaces": [{"kb": 1, "seconds": 0.1, "stall_ms": 2.0, "outcome": "ok"},
                                    {"kb": 4, "over_budget": 5.0}]}}
    table = hostile.render(results) + hostile.render_loop(results)
    assert len(table) == 1 + len(hostile.FAMILIES) + 3
    assert "1000.0" in table[1] and ">5 s" in table[1] and table[1].endswith(">1.0")
    assert "2.0" in table[-1] and ">5 s" in table[-1]

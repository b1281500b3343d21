"""A smoke pass of the benchmarks on the seed board: they run and write every section.

Benchmarks are not tests: nothing here looks at a timing, only at the shape of results.json.
"""

from __future__ import annotations

import json

from benchmarks import report, runner, synthetic


def test_quick_pass_on_the_seed_board_writes_every_section(tmp_path):
    """The quick pass, seed board only, in this process, no charts: results.json has it all."""
    out = tmp_path / "results.json"
    results = runner.run(quick=True, sizes=["seed"], out=out, with_startup=False,
                         with_charts=False, isolate=False, log=lambda _: None)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["summary"] == results["summary"]
    assert {"meta", "catalogs", "resolution", "agreement", "accuracy", "commands", "startup",
            "goals", "summary"} <= saved.keys()
    for op in ("resolve", "complete"):
        stats = saved["resolution"]["seed"][op]
        assert {"ours", "wratio", "difflib", "speedup_vs_wratio", "speedup_vs_difflib"} <= \
            stats.keys()
        assert all(stats[name]["n"] > 0 for name in ("ours", "wratio", "difflib"))
    assert {"ours", "difflib", "wratio"} <= saved["accuracy"].keys()
    assert saved["accuracy"]["ours"]["total"] >= 45
    commands = saved["commands"]["seed"]
    assert {"noop", "best", "compare", "autocomplete", "ratios"} <= commands.keys()
    assert len(saved["goals"]) >= 9
    lines = report.render(saved)
    assert lines[-1].startswith("summary: ")


def test_synthetic_board_is_a_real_board_of_distinct_names(tmp_path):
    """A synthetic board loads with the product's own loader, with the size asked for."""
    from bot.core.catalog import load_catalog

    catalog = load_catalog(synthetic.write_data_dir(tmp_path, 300))
    names = [e.name for e in catalog.records]
    assert len(names) == 300
    assert len({n.casefold() for n in names}) == 300
    assert "qwq-32b" in names and "gemma-3-27b-it" in names


def test_synthetic_boards_are_the_same_in_every_process_and_differ_by_seed():
    """Benchmarks compare runs, so a board of a given size and seed must come out the same in
    another interpreter (another hash seed, so no set or dict order can leak in); another seed
    gives another board."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import hashlib, sys; from benchmarks import synthetic; "
            "sys.stdout.write(hashlib.sha256(synthetic.board_markdown(300).encode()).hexdigest())")
    root = Path(__file__).resolve().parents[1]  # where benchmarks/ is
    digests = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       cwd=root, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
    assert synthetic.board_markdown(300, seed=1) != synthetic.board_markdown(300, seed=2)

"""A smoke pass of the benchmarks on the seed board: they run and write every section.

Benchmarks are not tests: nothing here looks at a timing, only at the shape of results.json.
"""

from __future__ import annotations

import json

from benchmarks import report, runner, synthetic
from tests.product import CHECKOUT


def test_quick_pass_on_the_seed_board_writes_every_section(tmp_path):
    """The quick pass, seed board only, in this process, no charts: results.json has it all."""
    out = tmp_path / "results.json"
    results = runner.run(quick=True, sizes=["seed"], out=out, with_startup=False,
                         with_charts=False, history_counts=(), isolate=False,
                         log=lambda _: None)
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


def test_the_one_run_reports_the_releases_held(tmp_path):
    """``python -m benchmarks`` measures holding releases in the same run: load time and peak
    memory per count, /history and /changes beside /best, stored in results.json."""
    out = tmp_path / "results.json"
    results = runner.run(quick=True, sizes=["seed"], out=out, with_startup=False,
                         with_charts=False, history_counts=(2, 3), isolate=False,
                         log=lambda _: None)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert set(saved["history"]) == {"2", "3"}
    for count in ("2", "3"):
        assert set(saved["history"][count]["queries"]) == {"best", "history", "changes"}
        assert saved["history"][count]["load"]["rss_mb"] > 0
    lines = report.render(results)
    start = next(i for i, line in enumerate(lines) if line.startswith("Releases held"))
    assert [line.split()[0] for line in lines[start + 2:start + 4]] == ["2", "3"]
    assert lines[start + 4].startswith("3 releases against 2: load ")
    assert "/history " in lines[-1] and "of /best, load " in lines[-1] and "@3 releases" in \
        lines[-1]


def test_synthetic_board_is_a_real_board_of_distinct_names(tmp_path):
    """A synthetic board loads with the product's own loader, with the size asked for."""
    from bot.core.catalog import load_catalog

    catalog = load_catalog(synthetic.write_data_dir(tmp_path, 300))
    names = [e.name for e in catalog.records]
    assert len(names) == 300
    assert len({n.casefold() for n in names}) == 300
    assert "qwq-32b" in names and "gemma-3-27b-it" in names


def test_a_quick_pass_leaves_the_committed_results_alone(tmp_path, monkeypatch):
    """``python -m benchmarks --quick`` measures and prints, but results.json (the README's
    figures) is written only by a full run or with ``--write``."""
    from benchmarks import __main__ as cli

    target = tmp_path / "results.json"
    target.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cli, "RESULTS", target)
    calls, calls_counts = [], []

    def fake_run(**kwargs):
        calls.append(kwargs["out"])
        calls_counts.append(kwargs["history_counts"])
        return runner.run(quick=True, sizes=["seed"], out=kwargs["out"], with_startup=False,
                          with_charts=False, history_counts=(), isolate=False,
                          log=lambda _: None)

    monkeypatch.setattr(cli, "run", fake_run)
    assert cli.main(["--quick"]) == 0
    assert calls == [None] and target.read_text(encoding="utf-8") == "{}"
    assert cli.main(["--sizes", "seed", "--no-startup"]) == 0
    assert calls[-1] is None and target.read_text(encoding="utf-8") == "{}"
    assert cli.main(["--no-history"]) == 0  # a run without the history is partial
    assert (calls[-1], calls_counts[-1]) == (None, ())
    assert target.read_text(encoding="utf-8") == "{}"
    assert calls_counts[0] == (5, 60)  # otherwise 5 and 60 releases held, in the same run
    assert cli.main(["--quick", "--write"]) == 0
    assert calls[-1] == target and json.loads(target.read_text(encoding="utf-8"))["summary"]
    elsewhere = tmp_path / "r.json"
    assert cli.main(["--quick", "--out", str(elsewhere)]) == 0
    assert calls[-1] == elsewhere and elsewhere.exists()
    assert cli.destination(None, write=False, full=True) == target


def test_many_boards_benchmark_runs(tmp_path):
    """benchmarks.sync on a small release, without the start-up processes: the sync, the
    catalogs side by side and the table."""
    from benchmarks import sync

    out = tmp_path / "sync.json"
    results = sync.run(boards=30, quick=True, out=out, with_startup=False,
                           log=lambda _: None)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["sync"]["cold_jobs_8"]["fetched"] == 31  # the README and 30 boards
    assert saved["sync"]["warm_jobs_8"]["status"] == "current"
    assert saved["sync"]["warm_jobs_8"]["fetched"] == 0
    assert saved["catalogs"]["30 boards"]["boards"] > saved["catalogs"]["bundled"]["boards"]
    assert saved["catalogs"]["30 boards"]["top_for_注册会计师"] == []  # no CFLUE board yet
    assert sync.render(results)[-1].startswith("sync of 31 files from loopback")


def test_the_http_benchmark_report_shows_every_contender_and_ratio():
    """``python -m benchmarks.http`` prints a row per contender and a summary of the ratios
    (figures made up here: the benchmark itself starts processes and is not run by the tests)."""
    from benchmarks import http

    row = {"per_second": 100.0, "median_ms": 10.0, "p99_ms": 20.0, "failures": 0}
    results = {"floor": row | {"per_second": 400.0}, "http": row,
               "gateway": row | {"per_second": 200.0, "median_ms": 5.0},
               **{f"haproxy_x{n}": row for n in (1, 2, 3)}}
    data = {"meta": {"requests": 10, "warmup": 1, "concurrency": 2, "cpus": 2},
            "results": results, "ratios": http.ratios(results)}
    assert data["ratios"]["http_vs_gateway_rate"] == 0.5
    assert data["ratios"]["http_vs_floor_rate"] == 0.25
    assert data["ratios"]["http_vs_gateway_p50"] == 2.0
    lines = http.render(data)
    assert [line.split()[0] for line in lines[2:-1]] == list(results)
    assert lines[-1].startswith("summary: http_vs_gateway_rate 0.50x")


def test_synthetic_boards_are_the_same_in_every_process_and_differ_by_seed(tmp_path):
    """Benchmarks compare runs, so a board of a given size and seed must come out the same in
    another interpreter (another hash seed, so no set or dict order can leak in); another seed
    gives another board."""
    import subprocess
    import sys
    code = ("import hashlib, sys; from benchmarks import synthetic; "
            "sys.stdout.write(hashlib.sha256(synthetic.board_markdown(300).encode()).hexdigest())")
    # benchmarks/ alone on the path (a link to it), not the checkout with its bot/
    (tmp_path / "benchmarks").symlink_to(CHECKOUT / "benchmarks")
    digests = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       cwd=tmp_path, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
    assert synthetic.board_markdown(300, seed=1) != synthetic.board_markdown(300, seed=2)


def test_the_history_benchmark_runs(tmp_path):
    """benchmarks.history on three releases: they load as three, and the table has a row with
    /best, /history and /changes timed."""
    from benchmarks import history
    from bot.core.catalog import load_catalog

    catalog = load_catalog(history.write_releases(tmp_path, 3))
    assert [r.version for r in catalog.releases] == ["v1.2", "v1.1", "v1.0"]
    assert catalog.current.records[0].score("总分") != catalog.releases[1].records[0].score("总分")
    results = history.run([3], quick=True)
    assert set(results["3"]["queries"]) == {"best", "history", "changes"}
    assert results["3"]["load"]["models"] == len(catalog.current.records)
    assert history.format_report(results)[1].split()[0] == "3"

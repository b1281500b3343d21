"""Run the suite: build the catalogs, measure, evaluate the goals, write results.json."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import commands as command_bench
from benchmarks import history as history_bench
from benchmarks import report, resolution, startup, synthetic
from bot.core.catalog import Catalog, bundled_data_dir, load_catalog

RESULTS = Path(__file__).resolve().parent / "results.json"
FULL_SIZES: tuple[str, ...] = ("seed", "1000", "10000")
QUICK_SIZES: tuple[str, ...] = ("seed", "1000")


def _profile(quick: bool) -> dict[str, Any]:
    """How hard to try: the full run takes a few minutes, the quick pass seconds."""
    if quick:
        return {"resolution": {"budget_s": 0.05, "min_reps": 1, "max_reps": 5},
                "commands": {"reps": 20, "warmup": 5}, "startup_runs": 1, "import_runs": 1}
    return {"resolution": {"budget_s": 5.0, "min_reps": 1, "max_reps": 200},
            "commands": {"reps": 400, "warmup": 40}, "startup_runs": 5, "import_runs": 5}


def _commit() -> str | None:
    """The checked-out commit, with ``+changes`` when the product (``bot/``, ``data/``) differs
    from it; None outside a git checkout."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, check=True,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "bot", "data"],
                               cwd=root, check=True, capture_output=True, text=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("+changes" if dirty else "")


def _meta(quick: bool, sizes: Sequence[str]) -> dict[str, Any]:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "quick": quick, "sizes": list(sizes), "commit": _commit(),
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "rapidfuzz": version("rapidfuzz"),
        "discord": version("discord.py"), "pydantic": version("pydantic"),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _charts(quick: bool) -> dict[str, Any]:
    """The chart benchmarks (benchmarks/charts.py), when charts can be drawn here."""
    try:
        from benchmarks import charts
    except ImportError as exc:  # matplotlib (or the chart module) is not installed
        return {"skipped": f"charts not measured: {exc}"}
    return charts.run(quick)


def run(
    *,
    quick: bool = False,
    sizes: Sequence[str] | None = None,
    out: Path | None = RESULTS,
    with_startup: bool = True,
    with_charts: bool = True,
    history_counts: Sequence[int] = history_bench.COUNTS,
    isolate: bool = True,
    log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True),
) -> dict[str, Any]:
    """Measure every catalog size; returns the results (also written to ``out`` if given).

    ``history_counts``: the releases held in the history benchmark (empty: not measured).
    ``isolate`` runs the command benchmark of each size in a process of its own (the default);
    without it everything runs in this process (the smoke test)."""
    sizes = list(sizes or (QUICK_SIZES if quick else FULL_SIZES))
    profile = _profile(quick)
    results: dict[str, Any] = {"meta": _meta(quick, sizes), "catalogs": {}, "resolution": {},
                               "agreement": {}, "accuracy": None, "commands": {},
                               "startup": {"ready": {}, "imports": {}}}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="modelbot-bench-") as tmp:
        dirs: dict[str, Path] = {}
        for size in sizes:
            if size == "seed":
                # the 2025 seed board alone (v3.6): the resolver's test table names its models
                dirs[size] = bundled_data_dir() / "v3.6"
            else:
                dirs[size] = synthetic.write_data_dir(Path(tmp) / f"board-{size}", int(size))
            start = time.perf_counter()
            catalog: Catalog = load_catalog(dirs[size])
            load_s = time.perf_counter() - start
            results["catalogs"][size] = {"models": len(catalog.records), "load_s": load_s,
                                         "synthetic": size != "seed"}
            log(f"[{size}] {len(catalog.records)} models loaded in {load_s:.3f} s")

            if size == "seed":
                table = resolution.load_table()
                if table is not None:
                    results["accuracy"] = resolution.accuracy(catalog, table)
            log(f"[{size}] resolution and autocomplete against the baselines ...")
            results["resolution"][size] = resolution.time_operations(
                catalog, **profile["resolution"])
            results["agreement"][size] = resolution.agreement(catalog)
            log(f"[{size}] /best and /compare through the harness ...")
            if isolate:
                results["commands"][size] = command_bench.measure_in_process_of_its_own(
                    dirs[size], **profile["commands"])
            else:
                results["commands"][size] = command_bench.measure(catalog, **profile["commands"])
            del catalog

        if with_startup:
            for size in sizes:
                log(f"[{size}] start-up ...")
                results["startup"]["ready"][size] = startup.ready(
                    dirs[size], runs=profile["startup_runs"], cwd=Path(tmp))
            log("imports ...")
            results["startup"]["imports"] = startup.imports(runs=profile["import_runs"],
                                                            cwd=Path(tmp))
    if with_charts:
        log("charts (benchmarks/charts.py) ...")
        results["charts"] = _charts(quick)
    if history_counts:
        log(f"history: {', '.join(map(str, history_counts))} releases held "
            "(benchmarks/history.py) ...")
        results["history"] = history_bench.run(history_counts, quick=quick)
    results["meta"]["elapsed_s"] = time.perf_counter() - began
    results["goals"] = report.goals(results)
    results["summary"] = report.summary_line(results)
    if out is not None:
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    return results

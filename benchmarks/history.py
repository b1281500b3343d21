"""Holding many releases: load time and peak memory with 5 and with 60 releases, and what
/history and /changes cost beside /best, in one run.

``python -m benchmarks.history [--quick] [--counts 5,60]``

The releases: CLiB v5.8's alldata.md (tests/core/fixtures/history, 87 models) written N times
as v1.0, v1.1, ... with each model's scores and price moved a little and a few models left out
of each, fixed seed. Each load is a fresh interpreter (``load_catalog`` on the folder; peak
RSS is ``VmHWM``), median over runs after a warm-up. The queries are timed in this process
through the query functions themselves (the catalog's memo of answers bypassed), interleaved,
over models spread across the board: /best 医疗 budget:5, /history MODEL, /changes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.releases import load
from benchmarks.stats import interleaved, summary
from bot.core.catalog import load_catalog
from bot.core.changes import changes
from bot.core.history import history
from bot.core.rankings import best
from bot.core.requests import BestRequest, ChangesRequest, HistoryRequest

SOURCE = Path(__file__).resolve().parents[1] / "tests/core/fixtures/history/v5.8/leaderboard"


def write_releases(directory: Path, count: int, seed: int = 11) -> Path:
    """``count`` release folders v1.0 ... built from v5.8's board, each a little different."""
    rng = random.Random(seed)
    text = (SOURCE / "alldata.md").read_text(encoding="utf-8")
    header, separator, *rows = text.strip().split("\n")
    for index in range(count):
        folder = directory / f"v1.{index}" / "leaderboard"
        folder.mkdir(parents=True)
        kept = [row for row in rows if rng.random() > 0.05]
        lines = [header, separator]
        for rank, row in enumerate(kept, 1):
            cells = row.strip("|").split("|")
            cells[0] = str(rank)
            price = float(cells[3].rstrip("元")) * rng.choice((1, 1, 1, 0.8, 1.2))
            cells[3] = f"{price:.2f}元"
            for column in (4, *range(6, len(cells))):
                value = float(cells[column].strip().rstrip("%")) + rng.uniform(-2, 2)
                cells[column] = f"{min(100.0, max(0.0, value)):.1f}%"
            lines.append("|" + "|".join(cells) + "|")
        (folder / "alldata.md").write_text("\n".join(["", *lines, ""]), encoding="utf-8")
    return directory


def queries(folder: Path, budget_s: float) -> dict[str, Any]:
    """Medians and p99 of /best, /history and /changes over one catalog, interleaved."""
    catalog = load_catalog(folder)
    names = [r.name for r in catalog.current.records][::9]
    contenders = {
        "best": lambda name: best(catalog, BestRequest(domain="医疗", budget=5)),
        "history": lambda name: history(catalog, HistoryRequest(model=name)),
        "changes": lambda name: changes(catalog, ChangesRequest()),
    }
    samples = interleaved(contenders, names, budget_s=budget_s, min_reps=3, max_reps=50)
    return {name: summary(values) for name, values in samples.items()}


COUNTS = (5, 60)
"""Releases held: a few, and about as many as CLiB has published since v4."""


def run(counts: Sequence[int] = COUNTS, quick: bool = False) -> dict[str, Any]:
    """Load and query figures per count of releases held (``--quick``: one load, short
    timings)."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            folder = write_releases(Path(tmp) / f"r{count}", count)
            print(f"history benchmark: {count} releases", file=sys.stderr, flush=True)
            results[str(count)] = {"load": load(folder, 1 if quick else 5, Path(tmp)),
                                   "queries": queries(folder, 0.5 if quick else 5.0)}
    return results


def over_best(query: dict[str, Any]) -> dict[str, float]:
    """/history's and /changes' median as a multiple of /best's, measured side by side."""
    best = query["best"]["median_ms"]
    return {name: query[name]["median_ms"] / best for name in ("history", "changes")}


def extremes(results: dict[str, Any]) -> tuple[str, str]:
    """The fewest and the most releases measured."""
    counts = sorted(results, key=int)
    return counts[0], counts[-1]


def growth(results: dict[str, Any]) -> dict[str, float] | None:
    """Load time and peak RSS of the most releases held over the fewest, in one run."""
    few, many = (results[k]["load"] for k in extremes(results))
    if few is many:
        return None
    return {"load": many["load_s"] / few["load_s"], "rss": many["rss_mb"] / few["rss_mb"]}


def format_report(results: dict[str, Any]) -> list[str]:
    lines = ["releases  models  load s  peak MB  /best ms  /history ms  /changes ms"
             "  /history÷/best  /changes÷/best"]
    for count, result in results.items():
        q = result["queries"]
        ratio = over_best(q)
        lines.append(f"{count:>8}  {result['load']['models']:>6}  {result['load']['load_s']:>6.2f}"
                     f"  {result['load']['rss_mb']:>7.0f}  {q['best']['median_ms']:>8.3f}"
                     f"  {q['history']['median_ms']:>11.3f}  {q['changes']['median_ms']:>11.3f}"
                     f"  {ratio['history']:>13.1f}x  {ratio['changes']:>13.1f}x")
    grown = growth(results)
    if grown is not None:
        few, many = extremes(results)
        lines.append(f"{many} releases against {few}: load {grown['load']:.1f}x, "
                     f"peak RSS {grown['rss']:.2f}x")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.history", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one load run, short timings")
    parser.add_argument("--counts", default="5,60", help="release counts (default: 5,60)")
    args = parser.parse_args(argv)
    results = run([int(c) for c in args.counts.split(",")], quick=args.quick)
    print(json.dumps(results), file=sys.stderr)
    print("\n".join(format_report(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

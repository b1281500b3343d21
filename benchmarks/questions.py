"""Reading plain questions, beside answering /best: does reading cost less than answering?

``python -m benchmarks.questions [--quick] [--out PATH]``

On the bundled data (v5.11.7 current, v3.6 history), in this process:

- *read*: ``understand(catalog, question)`` on every question of the reader's test table
  (tests/core/questions.tsv, refusals included), one call per sample;
- *best, core*: ``rankings.best`` on the /best requests the table reads (the query itself,
  not the catalog's kept answers);
- *best, Discord*: ``/best 医疗 budget:5`` through the real discord.py offline, as
  ``python -m benchmarks.commands`` measures it (``best_unseen``: a budget never asked before, so
  the whole query and render every time; ``best``: the same command again).

Reading and the core query are timed interleaved, each call by the wall clock and by the
thread's CPU clock: on a machine shared with other work, a wall-clock p99 is mostly the
scheduler's (a call preempted mid-way); the CPU clock's is the work. The goal: the p99 of
reading (CPU) below the median of /best as a user gets it (Discord, the same command again:
the catalog keeps its answers, so this is the fastest /best there is). Writes
``benchmarks/questions.json`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import commands as command_bench
from benchmarks.stats import ratio, summary
from bot.core.catalog import Catalog, bundled_data_dir, load_catalog
from bot.core.errors import UserError
from bot.core.questions import understand
from bot.core.rankings import best
from bot.core.requests import BestRequest
from bot.core.scope import EVERYTHING

TABLE = Path(__file__).resolve().parents[1] / "tests" / "core" / "questions.tsv"
RESULTS = Path(__file__).resolve().parent / "questions.json"


def questions() -> list[str]:
    """The reader's test table, questions only."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]


def _read(catalog: Catalog, question: str) -> object:
    try:
        return understand(catalog, question)
    except UserError as error:  # a refusal is a reading's answer too
        return error


def _best_requests(catalog: Catalog, asked: list[str]) -> list[BestRequest]:
    out = []
    for question in asked:
        reading = _read(catalog, question)
        request = getattr(getattr(reading, "reading", None), "request", None)
        if isinstance(request, BestRequest):
            out.append(request)
    return out


def _timed(contenders: dict[str, Callable[[Any], object]], items: list[Any], reps: int
           ) -> dict[str, dict[str, list[int]]]:
    """Each contender on every item, ``reps`` times, interleaved in a rotating order; every
    call timed by the wall clock and by this thread's CPU clock (ns). On a shared machine the
    wall clock's p99 is mostly the scheduler's (a call preempted mid-way); the CPU clock's is
    the work itself."""
    names = list(contenders)
    out: dict[str, dict[str, list[int]]] = {n: {"wall": [], "cpu": []} for n in names}
    wall, cpu = time.perf_counter_ns, time.thread_time_ns
    for rep in range(reps):
        order = names[rep % len(names):] + names[:rep % len(names)]
        for item in items:
            for name in order:
                call = contenders[name]
                w, c = wall(), cpu()
                call(item)
                out[name]["cpu"].append(cpu() - c)
                out[name]["wall"].append(wall() - w)
    return out


def measure(catalog: Catalog, *, quick: bool) -> dict[str, Any]:
    """Reading and the core query, interleaved; /best through the offline Discord harness."""
    asked = questions()
    bests = _best_requests(catalog, asked)
    pairs = list(zip(asked, (bests * (len(asked) // len(bests) + 1))[:len(asked)], strict=True))
    contenders: dict[str, Callable[[Any], object]] = {
        "read": lambda pair: _read(catalog, pair[0]),
        "best_core": lambda pair: best(catalog, pair[1], EVERYTHING)}
    _timed(contenders, pairs, 1)  # warm-up: the phrase table, the catalog's sorted domains
    samples = _timed(contenders, pairs, 3 if quick else 60)
    out: dict[str, Any] = {f"{name}_{clock}": summary(samples[name][clock])
                           for name in samples for clock in ("wall", "cpu")}
    out["questions"] = len(asked)
    discord = command_bench.measure(catalog, reps=20 if quick else 300,
                                    warmup=5 if quick else 30)
    out["best_discord"] = discord["best"]
    out["best_discord_unseen"] = discord["best_unseen"]
    read_p99 = out["read_cpu"]["p99_ms"]
    out["ratios"] = {
        "read_cpu_p99_over_best_discord_p50": ratio(read_p99, discord["best"]["median_ms"]),
        "read_cpu_p99_over_best_discord_unseen_p50": ratio(
            read_p99, discord["best_unseen"]["median_ms"]),
        "read_p50_over_best_core_p50": ratio(out["read_cpu"]["median_ms"],
                                             out["best_core_cpu"]["median_ms"]),
    }
    out["goal_met"] = read_p99 < discord["best"]["median_ms"]
    return out


def render(results: dict[str, Any]) -> list[str]:
    """The table, then a one-line summary."""
    rows = [("read a question, CPU", results["read_cpu"]),
            ("read a question, wall", results["read_wall"]),
            ("/best core query, CPU", results["best_core_cpu"]),
            ("/best core query, wall", results["best_core_wall"]),
            ("/best Discord, again", results["best_discord"]),
            ("/best Discord, unseen", results["best_discord_unseen"])]
    lines = [f"{'':26} {'p50 ms':>9} {'p99 ms':>9} {'n':>7}"]
    lines += [f"{name:26} {s['median_ms']:9.3f} {s['p99_ms']:9.3f} {s['n']:7d}"
              for name, s in rows]
    ratio_ = results["ratios"]["read_cpu_p99_over_best_discord_p50"]
    lines.append(f"reading p99 (CPU) / /best p50 (Discord): {ratio_:.2f}, goal < 1 "
                 f"{'met' if results['goal_met'] else 'NOT met'} "
                 f"({results['questions']} questions)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.questions", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke pass: few repetitions")
    parser.add_argument("--out", type=Path, help=f"where the results go (default: {RESULTS})")
    args = parser.parse_args(argv)
    catalog = load_catalog(bundled_data_dir())
    results = measure(catalog, quick=args.quick)
    out = args.out or RESULTS
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {out}", file=sys.stderr)
    print("\n".join(render(results)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

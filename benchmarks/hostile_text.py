"""Parsing hostile text: time per KB of adversarial boards and release notes, 1 KB to 1 MB.

``python -m benchmarks.hostile_text [--quick] [--budget SECONDS] [--out PATH]``

Each family is text built to make a backtracking parser slow (the attacks of issue 24: a heading
``# a`` + spaces + ``x``, release notes after many blank lines, cells full of link brackets, a
header of thousands of columns, ...), grown from 1 KB to 1 MB. A family runs in a child process
of its own, sizes in increasing order; a size that takes longer than ``--budget`` seconds stops
the family (the child is killed) and it and every larger size are reported as over budget. The
figure is the best of a few runs, in CPU microseconds per KB of input: flat means linear time.
Whether the parser accepts the text or refuses it (a line over the limit, a malformed cell) is
reported too: refusing must be as cheap as accepting. Then the event loop's longest stall while
a worker thread parses (what /healthz waits for: a regex holds the interpreter lock for as long
as one call runs, so a thread alone does not help). Writes ``benchmarks/hostile_text.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import selectors
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.core.errors import BoardError

RESULTS = Path(__file__).resolve().parent / "hostile_text.json"
SIZES_KB = (1, 4, 16, 64, 256, 1024)
QUICK_SIZES_KB = (1, 16, 256)
LINE = 8_000  # characters of one adversarial line (well inside the parser's line limit)

LOOP_SIZES_KB = [1, 64, 1024]
LOOP_FAMILIES = ("heading_spaces", "link_cells", "wide_header", "notes_blank_lines")

TABLE = "|排名|大模型|机构|输出价格|总分|医疗|\n|---|---|---|---|---|---|\n"


def _lines(unit: Callable[[int], str], size: int) -> str:
    """Lines ``unit(width)`` of about ``LINE`` characters until ``size`` characters."""
    out: list[str] = []
    total = 0
    while total < size:
        line = unit(min(LINE, size - total))
        out.append(line)
        total += len(line) + 1
    return "\n".join(out) + "\n"


def _rows(cell: Callable[[int], str], size: int) -> str:
    """A table whose model cells are ``cell(width)``, numbered so no name repeats."""
    out = [TABLE]
    total = len(TABLE)
    rank = 0
    while total < size:
        rank += 1
        row = f"|{rank}|{cell(min(LINE, size - total))}{rank}|org|1元|50|50|\n"
        out.append(row)
        total += len(row)
    return "".join(out)


def _wide(size: int) -> str:
    """One table of as many domain columns as fit in ``size``, and one row."""
    count = max(1, size // 16)
    header = "|排名|大模型|" + "|".join(f"d{i}" for i in range(count)) + "|"
    return (header + "\n" + "|---" * (count + 2) + "|\n|1|m|" + "|".join("1" for _ in
                                                                           range(count)) + "|\n")


FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    # the heading: cubic in the spaces with the old pattern
    "heading_spaces": ("boards", lambda n: _lines(lambda w: "# a" + " " * (w - 4) + "x", n)),
    "heading_one_line": ("boards", lambda n: "# a" + " " * (n - 4) + "x\n"),
    "heading_hashes": ("boards", lambda n: _lines(lambda w: "#" + " #" * (w // 2 - 1) + "x", n)),
    "link_cells": ("boards", lambda n: _rows(lambda w: "m☛[" * (w // 3), n)),
    "link_parens": ("boards", lambda n: _rows(lambda w: "m☛[a](" * (w // 6), n)),
    "new_markers": ("boards", lambda n: _rows(lambda w: "m( " * (w // 3), n)),
    "wide_header": ("boards", _wide),
    "price_spaces": ("boards", lambda n: TABLE + "|1|m|o|1" + " " * n + "x|50|50|\n"),
    "notes_blank_lines": ("notes", lambda n: "\n" * n + "- x\n- [2026/9/8] v5.11.7版本\n"),
    "notes_spaces": ("notes", lambda n: _lines(lambda w: "- [2026" + " " * (w - 8) + "x", n)),
    "notes_long_version": ("notes", lambda n: "- [2026/9/8] v" + "9" * n + "\n"),
}


def _parser(kind: str) -> Callable[[str], Any]:
    from bot.core.board import parse_boards
    from bot.core.release import read_release_notes

    return parse_boards if kind == "boards" else read_release_notes


def _measure(kind: str, text: str, budget: float) -> tuple[float, str]:
    """(best CPU seconds of up to 7 runs, "ok" or the error's class) for parsing ``text``.

    CPU time of this process (not the wall clock) and the best run: on a shared machine the
    other processes' load falls on the wall clock, not on the work measured."""
    parse = _parser(kind)
    best = float("inf")
    outcome = "ok"
    spent = 0.0
    runs = 0
    while runs < 7 and (runs == 0 or spent < budget / 4):
        start, wall = time.process_time(), time.perf_counter()
        try:
            parse(text)
        except BoardError:  # a refusal (a malformed line, an implausible release) is an
            outcome = "BoardError"  # outcome, timed like an answer
        except Exception as error:
            outcome = type(error).__name__
        best = min(best, time.process_time() - start)
        spent, runs = spent + time.perf_counter() - wall, runs + 1
    return best, outcome


def child(family: str, sizes: list[int], budget: float) -> None:
    """Measure one family, printing one JSON line per size as soon as it is known."""
    kind, make = FAMILIES[family]
    _parser(kind)  # import outside the timing
    for kb in sizes:
        text = make(kb * 1024)
        seconds, outcome = _measure(kind, text, budget)
        print(json.dumps({"kb": kb, "chars": len(text), "seconds": seconds,
                          "us_per_kb": seconds * 1e6 / kb, "outcome": outcome}), flush=True)


async def _stall(kind: str, text: str) -> tuple[float, float, str]:
    """(longest gap between 1 ms ticks of the event loop, seconds, outcome) while a worker
    thread parses ``text``, as the bot parses: what /healthz and every interaction wait."""
    parse = _parser(kind)
    loop = asyncio.get_running_loop()
    longest = 0.0
    done = False

    async def tick() -> None:
        nonlocal longest
        last = loop.time()
        while not done:
            await asyncio.sleep(0.001)
            now = loop.time()
            longest, last = max(longest, now - last - 0.001), now

    ticker = asyncio.create_task(tick())
    await asyncio.sleep(0.01)
    start = time.perf_counter()
    outcome = "ok"
    try:
        await asyncio.to_thread(parse, text)
    except Exception as error:
        outcome = type(error).__name__
    took = time.perf_counter() - start
    done = True
    await ticker
    return longest, took, outcome


def loop_child(family: str, sizes: list[int]) -> None:
    """Measure the event loop's longest stall while one family is parsed, one line a size."""
    kind, make = FAMILIES[family]
    _parser(kind)
    for kb in sizes:
        stall, took, outcome = asyncio.run(_stall(kind, make(kb * 1024)))
        print(json.dumps({"kb": kb, "seconds": took, "stall_ms": stall * 1000,
                          "outcome": outcome}), flush=True)


def run_family(family: str, sizes: list[int], budget: float,
               mode: str = "--child") -> list[dict[str, Any]]:
    """The family's rows; sizes the child did not finish in time read ``over_budget``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.hostile_text", mode, family, "--budget", str(budget),
         "--sizes", ",".join(map(str, sizes))], stdout=subprocess.PIPE, bufsize=0)
    assert proc.stdout is not None
    rows: list[dict[str, Any]] = []
    pending = b""
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        # one run over budget is printed as soon as it ends; a run that never ends is not
        while len(rows) < len(sizes) and selector.select(timeout=budget * 3 + 20):
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            rows += [json.loads(line) for line in lines]
            if rows and rows[-1]["seconds"] > budget:
                break
    proc.kill()
    proc.wait()
    done = {r["kb"] for r in rows}
    rows += [{"kb": kb, "over_budget": budget} for kb in sizes if kb not in done]
    return rows


def render(results: dict[str, Any]) -> list[str]:
    """A table: one line per family, µs per KB at each size (``r``: refused, as the parser
    must refuse that text), and the growth: the largest figure over the one at 1 KB (linear
    time: about 1 or less; quadratic: the size ratio)."""
    sizes = results["sizes_kb"]
    lines = [f"{'family':<20}" + "".join(f"{f'{kb} KB':>11}" for kb in sizes)
             + f"{'growth':>8}   (µs per KB; r = refused; '>' = over budget)"]
    for family, rows in results["families"].items():
        cells, figures = [], []
        for row in rows:
            if "over_budget" in row:
                cells.append(f"{'>' + format(row['over_budget'], 'g') + ' s':>11}")
                continue
            figures.append(row["us_per_kb"])
            mark = " " if row["outcome"] == "ok" else "r"
            cells.append(f"{row['us_per_kb']:>10.1f}{mark}")
        growth = max(figures) / figures[0] if figures and figures[0] > 0 else float("nan")
        over = any("over_budget" in row for row in rows)
        lines.append(f"{family:<20}" + "".join(cells) + (f"{'>' if over else ''}{growth:.1f}"
                                                          ).rjust(8))
    return lines


def render_loop(results: dict[str, Any]) -> list[str]:
    """The event loop's longest stall (ms) while a worker thread parsed each input."""
    sizes = results["loop_sizes_kb"]
    lines = ["", f"{'loop stall (ms)':<20}" + "".join(f"{f'{kb} KB':>11}" for kb in sizes)
             + "   (longest gap between 1 ms ticks while a thread parses)"]
    for family, rows in results["loop"].items():
        cells = [f"{'>' + format(r['over_budget'], 'g') + ' s':>11}" if "over_budget" in r
                 else f"{r['stall_ms']:>11.1f}" for r in rows]
        lines.append(f"{family:<20}" + "".join(cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile_text", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1, 16 and 256 KB only")
    parser.add_argument("--budget", type=float, default=10.0,
                        help="seconds one parse may take before the family stops (default 10)")
    parser.add_argument("--out", type=Path, help=f"where to write the results ({RESULTS.name})")
    parser.add_argument("--sizes", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--loop-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(
        QUICK_SIZES_KB if args.quick else SIZES_KB)
    if args.child:
        child(args.child, sizes, args.budget)
        return 0
    if args.loop_child:
        loop_child(args.loop_child, sizes)
        return 0
    results: dict[str, Any] = {"sizes_kb": sizes, "budget_s": args.budget, "families": {},
                               "loop_sizes_kb": LOOP_SIZES_KB, "loop": {}}
    for family in FAMILIES:
        results["families"][family] = run_family(family, sizes, args.budget)
        print(f"[{family}] done", file=sys.stderr, flush=True)
    for family in LOOP_FAMILIES:
        results["loop"][family] = run_family(family, LOOP_SIZES_KB, args.budget, "--loop-child")
        print(f"[loop {family}] done", file=sys.stderr, flush=True)
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("\n".join(render(results)))
    print("\n".join(render_loop(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks [--quick] [--sizes seed,1000,10000] [--out PATH] [--write]
[--no-startup] [--no-charts] [--no-history]``.

Prints the tables (progress goes to standard error); the last line printed is a one-line
summary of the key ratios. A full run (no --quick, every size, start-up, charts and the
releases held) writes ``benchmarks/results.json``, the figures the README quotes; a partial one
writes it only with --write, so a smoke pass never replaces them. --out PATH writes the
results there instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import history as history_bench
from benchmarks import report
from benchmarks.runner import RESULTS, run


def destination(out: Path | None, *, write: bool, full: bool) -> Path | None:
    """Where the results go: ``--out`` when given; else the committed results.json, but only
    after a full run or with ``--write``; else nowhere."""
    if out is not None:
        return out
    return RESULTS if full or write else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="a smoke pass: few runs, the seed board and 1,000 models only")
    parser.add_argument("--sizes", help="comma-separated catalogs: seed and/or model counts "
                                        "(default: seed,1000,10000; quick: seed,1000)")
    parser.add_argument("--out", type=Path,
                        help=f"write the results here (default: {RESULTS}, after a full run "
                             "or with --write)")
    parser.add_argument("--write", action="store_true",
                        help=f"write {RESULTS.name} after a partial run too (--quick, --sizes, "
                             "--no-startup, --no-charts, --no-history)")
    parser.add_argument("--no-startup", action="store_true",
                        help="skip the start-up and import subprocesses")
    parser.add_argument("--no-charts", action="store_true",
                        help="skip the chart benchmarks (benchmarks/charts.py)")
    parser.add_argument("--no-history", action="store_true",
                        help="skip the releases-held benchmark (benchmarks/history.py)")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",")] if args.sizes else None
    if sizes:
        for size in sizes:
            if size != "seed" and not (size.isdigit() and int(size) >= 16):
                parser.error(f"--sizes: {size!r} is neither 'seed' nor a count of at least 16")
    out = destination(args.out, write=args.write, full=not (
        args.quick or sizes or args.no_startup or args.no_charts or args.no_history))
    results = run(quick=args.quick, sizes=sizes, out=out,
                  with_startup=not args.no_startup, with_charts=not args.no_charts,
                  history_counts=() if args.no_history else history_bench.COUNTS)
    print(f"results written to {out}" if out is not None else
          f"results not written: a partial run leaves {RESULTS.name} alone (--write or "
          "--out PATH to keep them)", file=sys.stderr)
    print("\n".join(report.render(results)), flush=True)  # the last line is the summary
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks [--quick] [--sizes seed,1000,10000] [--out PATH] [--no-startup]
[--no-charts]``.

Prints the tables (progress goes to standard error) and writes ``benchmarks/results.json``;
the last line printed is a one-line summary of the key ratios.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import report
from benchmarks.runner import RESULTS, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="a smoke pass: few runs, the seed board and 1,000 models only")
    parser.add_argument("--sizes", help="comma-separated catalogs: seed and/or model counts "
                                        "(default: seed,1000,10000; quick: seed,1000)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument("--no-startup", action="store_true",
                        help="skip the start-up and import subprocesses")
    parser.add_argument("--no-charts", action="store_true",
                        help="skip the chart benchmarks (benchmarks/charts.py)")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",")] if args.sizes else None
    if sizes:
        for size in sizes:
            if size != "seed" and not (size.isdigit() and int(size) >= 16):
                parser.error(f"--sizes: {size!r} is neither 'seed' nor a count of at least 16")
    results = run(quick=args.quick, sizes=sizes, out=args.out,
                  with_startup=not args.no_startup, with_charts=not args.no_charts)
    print(f"results written to {args.out}", file=sys.stderr)
    print("\n".join(report.render(results)), flush=True)  # the last line is the summary
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

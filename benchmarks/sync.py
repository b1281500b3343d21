"""``python -m benchmarks.sync [--quick] [--boards 600] [--out PATH]``: syncing and serving many
boards.

Side by side in one run, the bundled data (v3.6 and v5.11.7: 13 boards) against a data folder
whose v5.11.7 holds ``--boards`` board files (the release's own plus per-benchmark boards from
``benchmarks.manyboards``, the size of CLiB's whole leaderboard folder):

- **sync**: ``sync_release`` (what ``modelbot sync --all`` runs) of the 600-board release from a
  loopback server in a process of its own (ETags, GitHub's listing shape): cold with 1 and with
  8 downloads at a time, then warm (an unchanged source: every file answers 304); and, for
  scale, how long validating the release takes (``read_release``: every board parsed, the
  release merged), the part of a cold sync that is not downloading;
- **start-up**: a fresh process to a ready bot (``benchmarks.startup.ready``: interpreter,
  imports, parsing, the catalog and ``create_bot``), and its peak RSS;
- **load**: ``load_catalog`` in this process;
- **domain autocomplete**: ``catalog.domains.complete(text, 25)`` (what the domain option's
  autocomplete runs) on what people type, keystroke by keystroke; median and p99.

Benchmarks, not tests: nothing asserts a timing. Results go to ``benchmarks/sync.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

from benchmarks import startup
from benchmarks.manyboards import write_data_dir
from benchmarks.stats import summary
from bot.core.catalog import Catalog, bundled_data_dir, load_catalog
from bot.core.datafolder import data_files, read_release
from bot.sync.download import FetchPolicy
from bot.sync.engine import SyncOptions, sync_release

OUT = Path(__file__).with_name("sync.json")
TYPED = ("", "注", "注册", "注册会计", "注册会计师", "c", "cf", "cflue", "cflue 注册", "医", "医疗",
         "medical", "cod", "coding", "b", "bfcl", "高考", "2025高考数学", "mmlu ana", "法考-刑法",
         "overall", "总分", "agent", "zzzz")


def _app(folder: Path) -> web.Application:
    """The release in ``folder`` as the repository, with ETags; ``/api/contents/leaderboard``
    lists the boards as GitHub's API does."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in folder.rglob("*.md") if p.is_file()}
    listing = json.dumps([{"name": p.split("/", 1)[1], "type": "file"}
                          for p in sorted(files) if p.startswith("leaderboard/")]).encode()

    async def handle(request: web.Request) -> web.Response:
        path = request.match_info["path"]
        body = listing if path == "api/contents/leaderboard" else files.get(path)
        if body is None:
            return web.Response(status=404)
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304)
        return web.Response(body=body, headers={"ETag": tag})

    app = web.Application()
    app.router.add_get("/{path:.*}", handle)
    return app


def _serve_forever(folder: Path) -> None:
    """(In the server process.) Serve ``folder`` on a free port and print the port."""

    async def main() -> None:
        runner = web.AppRunner(_app(folder), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(site._server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The release in ``folder`` on 127.0.0.1, served by a process of its own (so the server
    never competes with the sync for this process's interpreter); yields the base URL."""
    root = str(Path(__file__).resolve().parents[1])
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from benchmarks.sync import _serve_forever; "
         "from pathlib import Path; _serve_forever(Path(sys.argv[1]))", str(folder)],
        stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


def bench_sync(release: Path, work: Path, *, runs: int) -> dict[str, Any]:
    """Cold syncs with 1 and 8 downloads at a time, then warm syncs (all 304)."""
    out: dict[str, Any] = {"files": len(list(release.rglob("*.md")))}
    with serve(release) as base:
        listing = f"{base}/api/contents/leaderboard"
        for jobs in (1, 8):
            times, report = [], None
            for run in range(runs):
                options = SyncOptions(source=base, directory=work / f"cold-{jobs}-{run}",
                                      all_boards=True, listing=listing,
                                      policy=FetchPolicy(jobs=jobs, retry_delay=0))
                start = time.perf_counter()
                report = asyncio.run(sync_release(options))
                times.append(time.perf_counter() - start)
            assert report is not None
            out[f"cold_jobs_{jobs}"] = {"median_s": statistics.median(times), "runs": runs,
                                        "fetched": len(report.fetched), "bytes": report.bytes}
        start = time.perf_counter()
        read_release(data_files(report.folder), report.folder)
        out["validate_s"] = time.perf_counter() - start
        warm = []
        for _ in range(runs):
            start = time.perf_counter()
            report = asyncio.run(sync_release(options))
            warm.append(time.perf_counter() - start)
        out["warm_jobs_8"] = {"median_s": statistics.median(warm), "runs": runs,
                              "fetched": len(report.fetched),
                              "unchanged": len(report.unchanged), "status": report.status}
    return out


def bench_catalog(directory: Path, *, runs: int, reps: int) -> dict[str, Any]:
    """In-process load time (median) and domain autocomplete timings."""
    loads = []
    catalog: Catalog | None = None
    for _ in range(runs):
        start = time.perf_counter()
        catalog = load_catalog(directory)
        loads.append(time.perf_counter() - start)
    assert catalog is not None
    gc.collect()  # the garbage of the loads above is not the autocomplete's to collect
    samples: list[int] = []
    for _ in range(reps):
        for text in TYPED:
            start = time.perf_counter_ns()
            catalog.domains.complete(text, 25)
            samples.append(time.perf_counter_ns() - start)
    return {"boards": len(catalog.current.boards), "domains": len(catalog.domains.domains),
            "models": len(catalog.records), "load_s": statistics.median(loads),
            "autocomplete": summary(samples),
            "top_for_注册会计师": [i.canonical for i in catalog.domains.complete("注册会计师", 1)]}


def run(*, boards: int, quick: bool, out: Path | None, with_startup: bool = True,
        log: Any = lambda text: print(text, file=sys.stderr, flush=True)) -> dict[str, Any]:
    """Every measurement (start-up processes unless ``with_startup`` is False); the results
    (also written to ``out``)."""
    runs, reps = (1, 20) if quick else (5, 400)
    results: dict[str, Any] = {"boards": boards, "quick": quick, "catalogs": {}, "startup": {}}
    with tempfile.TemporaryDirectory(prefix="modelbot-sync-") as tmp:
        many = write_data_dir(Path(tmp) / "many", boards)
        dirs = {"bundled": bundled_data_dir(), f"{boards} boards": many}
        log(f"sync of {boards} boards from loopback ...")
        results["sync"] = bench_sync(many / "v5.11.7", Path(tmp) / "synced",
                                     runs=1 if quick else 3)
        for label, directory in dirs.items():
            log(f"[{label}] load and domain autocomplete ...")
            results["catalogs"][label] = bench_catalog(directory, runs=runs, reps=reps)
            if with_startup:
                log(f"[{label}] start-up ...")
                results["startup"][label] = startup.ready(directory, runs=runs, cwd=Path(tmp))
    if out is not None:
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return results


def render(results: dict[str, Any]) -> list[str]:
    """The side-by-side table."""
    labels = list(results["catalogs"])
    rows = [("boards / domains / models",
             [f"{c['boards']} / {c['domains']} / {c['models']}"
              for c in results["catalogs"].values()]),
            ("load_catalog (s)", [f"{c['load_s']:.3f}" for c in results["catalogs"].values()]),
            ("process start to ready bot (s)",
             [f"{s['ready_s']:.2f}" for s in results["startup"].values()] or ["-"] * 2),
            ("peak RSS (MB)",
             [f"{s['rss_mb']:.0f}" for s in results["startup"].values()] or ["-"] * 2),
            ("domain autocomplete median / p99 (ms)",
             [f"{c['autocomplete']['median_ms']:.3f} / {c['autocomplete']['p99_ms']:.3f}"
              for c in results["catalogs"].values()])]
    width = max(len(r[0]) for r in rows)
    lines = [" " * width + "  " + "  ".join(f"{label:>22}" for label in labels)]
    lines += [f"{name:<{width}}  " + "  ".join(f"{v:>22}" for v in values)
              for name, values in rows]
    sync = results["sync"]
    lines.append("")
    lines.append(f"sync of {sync['files']} files from loopback: "
                 f"cold {sync['cold_jobs_1']['median_s']:.2f} s with 1 at a time, "
                 f"{sync['cold_jobs_8']['median_s']:.2f} s with 8 "
                 f"({sync['cold_jobs_8']['bytes'] / 1e6:.1f} MB; validating takes "
                 f"{sync['validate_s']:.2f} s of it); unchanged source "
                 f"{sync['warm_jobs_8']['median_s']:.2f} s "
                 f"({sync['warm_jobs_8']['fetched']} downloaded, "
                 f"{sync['warm_jobs_8']['unchanged']} answered 304)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boards", type=int, default=600, help="board files (default 600)")
    parser.add_argument("--quick", action="store_true", help="one run of each, few samples")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    args = parser.parse_args(argv)
    results = run(boards=args.boards, quick=args.quick, out=args.out)
    print("\n".join(render(results)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

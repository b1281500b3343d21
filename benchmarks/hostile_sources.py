"""``python -m benchmarks.hostile_sources [--out PATH]``: a sync against hostile sources, with the
limits of ``bot.sync.download`` and without them (what the downloader did before it had them).

- **many boards**: a release whose README links 3,000 boards (``benchmarks.manyboards``, ~17 MB
  in all), served from a process of its own; the sync runs in a fresh process and reports its
  peak RSS, its time and what it did.
- **large boards**: forty boards of 4.6 MB each (their rows do not parse: without the limits
  the whole 191 MB is downloaded and held before validation refuses the first board).
- **README link scan**: 48 KB of ``](`` (text that opens links and never closes one), the
  pattern before (kept here as it was) against ``bot.sync.links.readme_links``.

Benchmarks, not tests: nothing asserts a figure. Results go to ``benchmarks/hostile_sources.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.manyboards import write_release
from benchmarks.sync import serve
from bot.sync.links import readme_links

OUT = Path(__file__).with_name("hostile_sources.json")
_BEFORE = re.compile(  # bot/sync/links.py before it was made linear
    r"\]\(\s*(?:<(?P<angle>[^>\n]+)>|(?P<target>[^)\s]+))(?:\s+[\"'][^)]*[\"'])?\s*\)")
_CHILD = """
import asyncio, json, resource, sys, time
from pathlib import Path
from bot.core.errors import SyncError
from bot.sync.download import FetchPolicy
from bot.sync.engine import SyncOptions, sync_release
base, folder, lifted = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
policy = FetchPolicy(retry_delay=0, max_files=10**6, max_total=10**12) if lifted else \\
    FetchPolicy(retry_delay=0)
start = time.perf_counter()
try:
    report = asyncio.run(sync_release(SyncOptions(source=base, directory=folder, policy=policy)))
    outcome = f"{report.status}: {len(report.fetched)} files, {report.bytes} bytes"
except SyncError as error:
    outcome = f"refused: {error.kind} {error.params}"
print(json.dumps({"seconds": round(time.perf_counter() - start, 2), "outcome": outcome,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                       / 1024, 1)}))
"""


def _linking_readme(folder: Path) -> None:
    """Make the README link every board of ``folder`` (a hostile README links them all)."""
    readme = folder / "README.md"
    links = "".join(f"[{p.stem}](leaderboard/{p.name})\n"
                    for p in sorted((folder / "leaderboard").glob("*.md")))
    readme.write_text(readme.read_text(encoding="utf-8") + links, encoding="utf-8")


def _sync(base: str, work: Path, lifted: bool) -> dict[str, Any]:
    root = str(Path(__file__).resolve().parents[1])
    out = subprocess.run([sys.executable, "-c", _CHILD, base, str(work), "1" if lifted else "0"],
                         capture_output=True, text=True, cwd=root, check=True).stdout
    return json.loads(out)


def _case(release: Path, work: Path) -> dict[str, Any]:
    size = sum(p.stat().st_size for p in release.rglob("*.md"))
    result: dict[str, Any] = {"files": len(list(release.rglob("*.md"))), "bytes": size}
    with serve(release) as base:
        result["without_limits"] = _sync(base, work / "lifted", True)
        result["with_limits"] = _sync(base, work / "limited", False)
    return result


def many_boards(work: Path) -> dict[str, Any]:
    release = write_release(work / "many", 3000)
    _linking_readme(release)
    return _case(release, work)


def large_boards(work: Path) -> dict[str, Any]:
    release = write_release(work / "large", 12)
    board = (release / "leaderboard" / "alldata.md").read_text(encoding="utf-8")
    head, rows = board.split("\n|---", 1)[0], board.split("\n")[3:]
    for number in range(40):
        body = [head, "|" + "---|" * head.count("|")]
        copies = 0
        while sum(len(x) for x in body) < 4_600_000:
            body += [r.replace("|", f"|x{number}-{copies}-", 3) if r.startswith("|") else r
                     for r in rows]
            copies += 1
        (release / "leaderboard" / f"large{number}.md").write_text("\n".join(body),
                                                                    encoding="utf-8")
    _linking_readme(release)
    return _case(release, work)


def link_scan() -> dict[str, Any]:
    text = "](" * 24_000
    start = time.perf_counter()
    list(_BEFORE.finditer(text))
    before = time.perf_counter() - start
    start = time.perf_counter()
    readme_links(text, "http://127.0.0.1/x")
    return {"bytes": len(text), "before_s": round(before, 3),
            "after_s": round(time.perf_counter() - start, 5)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile_sources")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        results = {"many_boards": many_boards(work), "large_boards": large_boards(work),
                   "readme_link_scan": link_scan()}
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Start-up: process start to a bot ready to dispatch, peak RSS, and import times.

Each measurement is a fresh interpreter (``sys.executable -c ...``). Time to ready is measured
by the parent from just before it spawns the child to the moment it reads the child's "ready"
line, so interpreter start, imports, parsing the boards, building the catalog and its indexes
and ``create_bot`` are all inside it; no network is touched (the bot is never started). Peak
RSS is the child's ``ru_maxrss`` once ready. The first run of each kind is a discarded warm-up
(it may write bytecode caches).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PEAK_RSS = r"""
import resource

def peak_rss_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss would also count the parent's pages
    # at the fork that started us (Linux keeps the larger of the two across exec).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

READY = PEAK_RSS + r"""
import json, resource, sys, time
t0 = time.perf_counter()
from bot import Settings, create_bot
from bot.discord import app  # noqa: F401  (create_bot is imported lazily by the package)
t1 = time.perf_counter()
options = {"data": {"dir": sys.argv[1]}, "discord": {"sync": "off"}}
if "database_url" in Settings.model_fields:  # a store, when the bot has one: in memory
    options["database_url"] = "sqlite:///:memory:"
bot = create_bot(Settings(**options))
t2 = time.perf_counter()
assert len(bot.tree.get_commands()) >= 7 and len(bot.catalog.records) > 0
print(json.dumps({"import_s": t1 - t0, "load_and_create_s": t2 - t1,
                  "models": len(bot.catalog.records),
                  "rss_mb": peak_rss_mb()}),
      flush=True)
"""

IMPORT = PEAK_RSS + r"""
import json, resource, sys, time
t0 = time.perf_counter()
for module in sys.argv[1:]:
    __import__(module)
t1 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0,
                  "rss_mb": peak_rss_mb()}),
      flush=True)
"""

# What "import time of the package" means, from the cheapest to the whole bot.
IMPORTS: dict[str, list[str]] = {
    "python (no import)": [],
    "bot": ["bot"],
    "bot.core": ["bot.core"],
    "bot.core + its modules": ["bot.core.catalog", "bot.core.queries", "bot.core.commands"],
    "bot.discord.app (everything)": ["bot.discord.app"],
}


def _env() -> dict[str, str]:
    """The child's environment: no token, no modelbot settings from this shell, and the checkout
    on the path (the child runs elsewhere, away from any config.toml)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MODELBOT_") and k != "DISCORD_TOKEN"}
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _run(code: str, args: list[str], cwd: Path) -> dict[str, Any]:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=cwd, env=_env())
    assert child.stdout is not None
    line = child.stdout.readline()
    wall = time.perf_counter() - start
    _, err = child.communicate()
    if child.returncode != 0 or not line:
        raise RuntimeError(f"start-up child failed ({child.returncode}): {err.strip()[-500:]}")
    return json.loads(line) | {"wall_s": wall}


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def ready(data_dir: Path, *, runs: int, cwd: Path) -> dict[str, Any]:
    """Median time from process start to a ready bot over ``data_dir``, and peak RSS. ``cwd``
    should be an empty directory: no config.toml is read from it, nothing is written to the
    checkout."""
    _run(READY, [str(data_dir)], cwd)  # warm-up
    results = [_run(READY, [str(data_dir)], cwd) for _ in range(runs)]
    return {
        "runs": runs,
        "models": results[0]["models"],
        "ready_s": _median(results, "wall_s"),
        "ready_max_s": max(r["wall_s"] for r in results),
        "import_s": _median(results, "import_s"),
        "load_and_create_s": _median(results, "load_and_create_s"),
        "rss_mb": max(r["rss_mb"] for r in results),
    }


def imports(*, runs: int, cwd: Path) -> dict[str, Any]:
    """Median import time (measured inside the child) and wall time of a bare interpreter."""
    out: dict[str, Any] = {}
    for label, modules in IMPORTS.items():
        _run(IMPORT, modules, cwd)  # warm-up
        results = [_run(IMPORT, modules, cwd) for _ in range(runs)]
        out[label] = {"import_s": _median(results, "import_s"),
                      "process_s": _median(results, "wall_s"),
                      "rss_mb": max(r["rss_mb"] for r in results), "runs": runs}
    return out

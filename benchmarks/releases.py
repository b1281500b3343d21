"""Loading releases: the seed alone, the bundled data, and a release the size of CLiB's whole
leaderboard folder (600 boards of 100 models), side by side in one run.

``python -m benchmarks.releases [--quick] [--boards 600] [--models 100] [--pool 400]``

Each load is a fresh interpreter that imports the core, loads the data folder with
``load_catalog`` and reports the load time and its peak RSS (``VmHWM``); medians over runs
after a discarded warm-up. Ratios are to the seed-only load. Autocomplete (model names and
domain names, the 25 a keystroke shows) is timed in this process over each catalog, keystroke
by keystroke, interleaved, median and p99 of single calls.

The synthetic release: a README naming v9.9.9, one broad board of every model (price, total,
eight domains) and N per-domain boards in ReLE's layout (类别, 【X】准确率, latency, tokens,
cost per 1,000 calls, rank), each listing M models drawn from a pool; fixed seed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.startup import PEAK_RSS, _env
from benchmarks.stats import interleaved, summary
from benchmarks.synthetic import generate_names
from bot.core.catalog import Catalog, bundled_data_dir, load_catalog

DOMAINS = ["教育", "医疗与心理健康", "金融", "法律与行政公务", "推理与数学计算", "语言与指令遵从",
           "agent与工具调用", "coding"]
PREFIXES = ["CMB-", "CFLUE-", "2025高考", "C3-", "BFCL-", "CEval-", "MMLU-", "GSM-", "法考-",
            "医师-", "注册会计师-", "公务员-"]
LOAD = PEAK_RSS + r"""
import json, sys, time
t0 = time.perf_counter()
from bot.core.catalog import load_catalog
t1 = time.perf_counter()
catalog = load_catalog(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "rss_mb": peak_rss_mb(),
                  "models": len(catalog.records), "boards": len(catalog.current.boards),
                  "domains": len(catalog.domains.domains)}), flush=True)
"""
MODEL_KEYS = ["q", "qw", "qwen", "qwen3", "qwen3.7", "kimi", "kimi k", "glm-5", "deepseek v",
              "gemini 3.8 fl", "doubao seed", "gpt-5", "claude op", "混元", "千问", "llama 3"]
DOMAIN_KEYS = ["医", "医疗", "medical", "law", "coding", "注册会计师", "CFLUE", "高考数学", "BFCL",
               "agent", "cmb 临床", "金融"]


def write_release(directory: Path, boards: int, models: int, pool: int, seed: int = 7) -> Path:
    """A release folder of one broad board and ``boards`` per-domain boards of ``models`` each."""
    rng = random.Random(seed)
    names = generate_names(pool, seed=seed)
    folder = directory / "v9.9.9"
    (folder / "leaderboard").mkdir(parents=True)
    (folder / "README.md").write_text("# 最近评测更新\n- [2026/11/1] v9.9.9版本\n",
                                      encoding="utf-8")
    category = {name: rng.choice(["开源", "商用"]) for name, _ in names}
    broad = ["|排名|大模型|机构|输出价格|总分| |" + "|".join(DOMAINS) + "|",
             "|---|---|---|---|---|-|" + "|".join("---" for _ in DOMAINS) + "|"]
    for rank, (name, org) in enumerate(names, 1):
        scores = [f"{rng.uniform(30, 95):.1f}%" for _ in DOMAINS]
        broad.append(f"|{rank}|{name}|{org}|{rng.choice([0.5, 2, 8, 16, 36])}元|"
                     f"{rng.uniform(30, 90):.1f}%| |" + "|".join(scores) + "|")
    (folder / "leaderboard" / "alldata.md").write_text("\n".join(broad) + "\n", encoding="utf-8")
    for index in range(boards):
        domain = f"{PREFIXES[index % len(PREFIXES)]}{index:03d}"
        lines = [f"|类别|机构|大模型|【{domain}】准确率|平均耗时|平均消耗token|花费/千次（元）|"
                 "排名（准确率）|", "|---|---|---|---|---|---|---|---|"]
        chosen = rng.sample(names, min(models, len(names)))
        scored = sorted(((rng.uniform(10, 99), n, o) for n, o in chosen), reverse=True)
        for rank, (score, name, org) in enumerate(scored, 1):
            lines.append(f"|{category[name]}|{org}|{name}|{score:.1f}%|{rng.randint(5, 300)}s|"
                         f"{rng.randint(200, 9000)}|{rng.uniform(0.5, 400):.1f}|{rank}|")
        (folder / "leaderboard" / f"{domain}.md").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")
    return folder


def _load_once(folder: Path, cwd: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", LOAD, str(folder)], capture_output=True,
                          text=True, cwd=cwd, env=_env(), check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-500:])
    return json.loads(done.stdout)


def load(folder: Path, runs: int, cwd: Path) -> dict[str, Any]:
    """Median load time and the largest peak RSS over ``runs`` fresh processes."""
    _load_once(folder, cwd)  # warm-up: bytecode caches, the page cache
    results = [_load_once(folder, cwd) for _ in range(runs)]
    first = results[0]
    return {"runs": runs, "models": first["models"], "boards": first["boards"],
            "domains": first["domains"],
            "load_s": statistics.median(r["load_s"] for r in results),
            "import_s": statistics.median(r["import_s"] for r in results),
            "rss_mb": max(r["rss_mb"] for r in results)}


def _keystrokes(keys: list[str]) -> list[str]:
    return [key[:i] for key in keys for i in range(1, len(key) + 1)]


def autocomplete(catalogs: dict[str, Catalog], budget_s: float) -> dict[str, Any]:
    """Model and domain autocomplete over every catalog, interleaved; ms per keystroke."""
    contenders = {}
    for label, catalog in catalogs.items():
        contenders[f"models/{label}"] = lambda q, c=catalog: c.completer.complete(q, limit=25)
        contenders[f"domains/{label}"] = lambda q, c=catalog: c.domains.complete(q, limit=25)
    inputs = _keystrokes(MODEL_KEYS + DOMAIN_KEYS)
    samples = interleaved(contenders, inputs, budget_s=budget_s, min_reps=3, max_reps=200)
    return {name: summary(found) for name, found in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.releases", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 run each, 60 boards")
    parser.add_argument("--boards", type=int, default=600)
    parser.add_argument("--models", type=int, default=100)
    parser.add_argument("--pool", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    boards = 60 if args.quick else args.boards
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = write_release(root / "synthetic", boards, args.models, args.pool)
        folders = {"seed": bundled_data_dir() / "v3.6", "bundled": bundled_data_dir(),
                   f"{boards}x{args.models}": big}
        cwd = root / "cwd"
        cwd.mkdir()
        loads = {}
        for label, folder in folders.items():
            loads[label] = load(folder, runs, cwd)
            print(f"[{label}] {json.dumps(loads[label])}", file=sys.stderr, flush=True)
        catalogs = {label: load_catalog(folder) for label, folder in folders.items()}
        completion = autocomplete(catalogs, budget_s=1.0 if args.quick else 6.0)
    seed = loads["seed"]
    print(f"{'data':<14}{'models':>8}{'boards':>8}{'domains':>9}{'load s':>9}{'x seed':>8}"
          f"{'RSS MB':>9}{'x seed':>8}")
    for label, row in loads.items():
        print(f"{label:<14}{row['models']:>8}{row['boards']:>8}{row['domains']:>9}"
              f"{row['load_s']:>9.3f}{row['load_s'] / seed['load_s']:>8.1f}"
              f"{row['rss_mb']:>9.1f}{row['rss_mb'] / seed['rss_mb']:>8.2f}")
    print(f"\n{'autocomplete':<28}{'median ms':>11}{'p99 ms':>9}")
    for name, row in completion.items():
        print(f"{name:<28}{row['median_ms']:>11.3f}{row['p99_ms']:>9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

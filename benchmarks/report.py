"""The printed tables, the goals of issue 5 with how close each is, and the one-line summary."""

from __future__ import annotations

from typing import Any

BIG = "10000"
SEED = "seed"


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _x(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}x" if value >= 100 else f"{value:.1f}x" if value >= 10 else f"{value:.2f}x"


def _pair(stats: dict[str, Any]) -> str:
    return f"{_ms(stats['median_ms'])} / {_ms(stats['p99_ms'])}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return [line, rule, *body]


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal of the issue: its target, the measured figure, and whether it is met
    (None when this run did not measure it, e.g. ``--quick`` without the 10,000 catalog)."""
    out: list[dict[str, Any]] = []

    def goal(name: str, measured: float | None, target: float, unit: str,
             higher_is_better: bool = False) -> None:
        met = None if measured is None else (
            measured >= target if higher_is_better else measured <= target)
        out.append({"goal": name, "target": target, "measured": measured, "unit": unit,
                    "met": met})

    for size, limit in ((SEED, 1.3), (BIG, 2.0)):
        for command in ("best", "compare"):
            goal(f"/{command} over no-op, median, {size}",
                 _get(results, "commands", size, "ratios", command, "median"), limit, "x")
    goal("autocomplete p99 at 10,000 models",
         _get(results, "resolution", BIG, "complete", "ours", "p99_ms"), 5.0, "ms")
    goal("autocomplete speed-up over plain WRatio (median), 10,000",
         _get(results, "resolution", BIG, "complete", "speedup_vs_wratio", "median"), 4.0, "x",
         higher_is_better=True)
    goal("autocomplete speed-up over difflib (median), 10,000",
         _get(results, "resolution", BIG, "complete", "speedup_vs_difflib", "median"), 50.0, "x",
         higher_is_better=True)
    acc = results.get("accuracy")
    if acc:
        best_baseline = max(v.get("best_percent", v["percent"]) for k, v in acc.items()
                            if k != "ours")
        goal("resolver accuracy minus the best baseline (any variant, best cut-off), points",
             acc["ours"]["percent"] - best_baseline, 0.0, "pt", higher_is_better=True)
    goal("start-up to ready at 10,000 models",
         _get(results, "startup", "ready", BIG, "ready_s"), 1.5, "s")
    goal("peak RSS at 10,000 models", _get(results, "startup", "ready", BIG, "rss_mb"), 120.0,
         "MB")
    return out


def render(results: dict[str, Any]) -> list[str]:
    """The whole report as lines; the last line is the summary."""
    meta = results["meta"]
    lines = [f"modelbot benchmarks ({'quick' if meta['quick'] else 'full'}) of "
             f"{meta.get('commit') or 'an unknown commit'}: Python {meta['python']}, "
             f"{meta['cpus']} CPUs, rapidfuzz {meta['rapidfuzz']}, discord.py {meta['discord']}",
             ""]

    resolution = results.get("resolution") or {}
    if resolution:
        lines.append("Name resolution and autocomplete, ms (median / p99); speed-up = baseline "
                     "median / ours median")
        rows = []
        for size, ops in resolution.items():
            for op in ("resolve", "complete"):
                s = ops[op]
                rows.append([size, op, _pair(s["ours"]), _pair(s["wratio"]), _pair(s["difflib"]),
                             _x(s["speedup_vs_wratio"]["median"]),
                             _x(s["speedup_vs_difflib"]["median"]),
                             f"{s['ours']['n']}/{s['wratio']['n']}/{s['difflib']['n']}"])
        lines += _table(["catalog", "op", "ours", "wratio", "difflib", "vs wratio", "vs difflib",
                         "samples"], rows)
        lines.append("")

    agree = results.get("agreement") or {}
    if agree:
        lines.append("Autocomplete against the exhaustive reference (partial_ratio over every "
                     "name)")
        rows = [[size, f"{a['same_first_choice']}/{a['queries']}",
                 f"{a['reference_top5_in_our_top25_percent']:.1f}%",
                 ", ".join(a["first_choice_differs"]) or "-"] for size, a in agree.items()]
        lines += _table(["catalog", "same first choice", "ref top-5 in our top-25",
                         "first choice differs for"], rows)
        lines.append("")

    acc = results.get("accuracy")
    if acc:
        lines.append(f"Accuracy on the resolver test table ({acc['ours']['total']} queries, "
                     "seed board)")
        rows = []
        for label, a in acc.items():
            usual = f"{a['percent']:.1f}%" + (f" @{a['cutoff']:g}" if "cutoff" in a else "")
            best = (f"{a['best_percent']:.1f}% @{a['best_cutoff']:g}"
                    if "best_percent" in a else "-")
            rows.append([label, usual, best, str(a["wrong_picks"]),
                         " ".join(f"{k} {v}" for k, v in a["by_expected"].items())])
        lines += _table(["resolver", "correct", "best cut-off", "wrong picks", "by expected"],
                        rows)
        lines.append("")

    commands = results.get("commands") or {}
    if commands:
        lines.append("Commands through the offline Discord harness, ms (median / p99); ratio = "
                     "median / no-op median")
        rows = []
        for size, c in commands.items():
            rows.append([size, _pair(c["noop"]), _pair(c["best"]), _pair(c["compare"]),
                         _pair(c["autocomplete"]), _x(c["ratios"]["best"]["median"]),
                         _x(c["ratios"]["compare"]["median"]),
                         _x(c["ratios"]["autocomplete"]["median"]), str(c["reps"])])
        lines += _table(["catalog", "no-op", "/best", "/compare", "autocomplete", "best/no-op",
                         "compare/no-op", "autocomplete/no-op", "runs"], rows)
        lines.append("")
        lines.append("Diagnostics, ms median: no-op sending /best's own embed (the cost of the "
                     "payload alone), and every command without the fake Discord's JSON work")
        rows = []
        for size, c in commands.items():
            w = c["without_fake_server"]
            rows.append([size, _ms(c["noop_embed"]["median_ms"]),
                         _x(c["ratios"]["noop_embed"]["median"])]
                        + [_ms(w[n]["median_ms"]) for n in ("noop", "best", "compare")]
                        + [_x(w["ratios"][n]) for n in ("best", "compare")])
        lines += _table(["catalog", "no-op+embed", "its ratio", "no-op*", "/best*", "/compare*",
                         "best/no-op*", "compare/no-op*"], rows)
        lines.append("")
        lines.append("A fairer floor, ms median: a no-op with /best's own options (a domain "
                     "through the same transformer, a budget) sending /best's embed")
        rows = [[size, _ms(c["noop_options"]["median_ms"]),
                 _x(c["ratios"]["noop_options"]["median"]),
                 _x(c["ratios"]["best_over_options"]["median"])]
                for size, c in commands.items() if "noop_options" in c]
        lines += _table(["catalog", "no-op+options", "its ratio to no-op",
                         "/best over it"], rows)
        first = next(iter(commands.values()))
        settings = [text for flag, text in (
            (first.get("charts_disabled"), "charts.enabled = false"),
            (first.get("database_url"), f"database_url = {first.get('database_url')}"))
            if flag]
        if settings:
            lines.append(f"(benchmark bot settings: {', '.join(settings)})")
        lines.append("")

    startup = results.get("startup") or {}
    if startup.get("ready"):
        lines.append("Start-up: process start to a ready bot (median), peak RSS")
        rows = [[size, str(r["models"]), f"{r['ready_s']:.3f}", f"{r['import_s']:.3f}",
                 f"{r['load_and_create_s']:.3f}", f"{r['rss_mb']:.1f}", str(r["runs"])]
                for size, r in startup["ready"].items()]
        lines += _table(["catalog", "models", "ready s", "imports s", "load+create_bot s",
                         "peak RSS MB", "runs"], rows)
        lines.append("")
    if startup.get("imports"):
        lines.append("Imports in a fresh interpreter (median)")
        rows = [[label, f"{r['import_s'] * 1000:.1f}", f"{r['process_s'] * 1000:.0f}",
                 f"{r['rss_mb']:.1f}"] for label, r in startup["imports"].items()]
        lines += _table(["import", "import ms", "process to done ms", "peak RSS MB"], rows)
        lines.append("")

    charts = results.get("charts")
    if charts:
        lines.append("Charts (benchmarks/charts.py), ms")
        if "skipped" in charts:
            lines.append(charts["skipped"])
        else:
            from benchmarks.charts import format_report

            lines.append(format_report(charts))
        lines.append("")

    history = results.get("history")
    if history:
        from benchmarks.history import format_report as history_report

        lines.append("Releases held (benchmarks/history.py): load in a fresh process (median), "
                     "peak RSS; the queries in one process, interleaved, ms median")
        lines += history_report(history)
        lines.append("")

    lines.append("Goals")
    for g in results["goals"]:
        mark = {True: "met   ", False: "MISSED", None: "n/a   "}[g["met"]]
        measured = "-" if g["measured"] is None else f"{g['measured']:.2f}{g['unit']}"
        sign = ">=" if g["goal"].startswith(("autocomplete speed", "resolver acc")) else "<="
        lines.append(f"  {mark} {g['goal']}: {measured} (target {sign} {g['target']:g}"
                     f"{g['unit']})")
    lines.append("")
    lines.append(results["summary"])
    return lines


def summary_line(results: dict[str, Any]) -> str:
    """One line with the key ratios."""
    parts = []
    for size in (SEED, BIG):
        best = _get(results, "commands", size, "ratios", "best", "median")
        compare = _get(results, "commands", size, "ratios", "compare", "median")
        if best is not None:
            parts.append(f"/best {_x(best)} /compare {_x(compare)} of no-op @{size}")
    size = BIG if _get(results, "resolution", BIG) else next(
        reversed(results.get("resolution") or {}), None)
    if size:
        c = results["resolution"][size]["complete"]
        parts.append(f"autocomplete p99 {_ms(c['ours']['p99_ms'])} ms, "
                     f"{_x(c['speedup_vs_wratio']['median'])} WRatio, "
                     f"{_x(c['speedup_vs_difflib']['median'])} difflib @{size}")
    acc = results.get("accuracy")
    if acc:
        best = max(acc[k].get("best_percent", acc[k]["percent"]) for k in acc if k != "ours")
        parts.append(f"accuracy {acc['ours']['percent']:.0f}% vs best baseline {best:.0f}%")
    ready = _get(results, "startup", "ready")
    if ready:
        size = BIG if BIG in ready else list(ready)[-1]
        parts.append(f"ready {ready[size]['ready_s']:.2f} s, {ready[size]['rss_mb']:.0f} MB "
                     f"@{size}")
    history = results.get("history")
    if history:
        from benchmarks.history import extremes, over_best

        most = extremes(history)[1]
        ratio = over_best(history[most]["queries"])
        parts.append(f"/history {_x(ratio['history'])} /changes {_x(ratio['changes'])} of /best, "
                     f"load {history[most]['load']['load_s']:.2f} s @{most} releases")
    met = [g["met"] for g in results.get("goals", []) if g["met"] is not None]
    parts.append(f"goals met {sum(met)}/{len(met)}")
    return "summary: " + "; ".join(parts)

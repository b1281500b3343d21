"""Chart benchmarks: render time per chart, and 20 concurrent /compare commands through the
offline Discord harness with the event loop's responsiveness measured while they draw.

Run alone with ``python -m benchmarks.charts [--quick]``; ``python -m benchmarks`` includes it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from benchmarks.stats import summary
from bot.core.catalog import load_catalog
from bot.core.queries import compare, model, value
from bot.core.requests import CompareRequest, ModelRequest, ValueRequest
from bot.render.charts import chart_for


def render_times(runs: int) -> dict[str, Any]:
    """Median and p99 render time of each chart (after one warm-up each)."""
    catalog = load_catalog()
    results = {
        "compare": compare(catalog, CompareRequest(model_a="qwq-32b", model_b="gemma-3-27b-it",
                                                   model_c="deepseek r1")),
        "value": value(catalog, ValueRequest(domain="医疗")),
        "model": model(catalog, ModelRequest(name="qwq-32b")),
    }
    out = {}
    for name, result in results.items():
        chart_for(result, "zh")  # warm-up: fonts and matplotlib caches
        samples = []
        for _ in range(runs):
            start = time.perf_counter_ns()
            chart_for(result, "zh")
            samples.append(time.perf_counter_ns() - start)
        out[name] = summary(samples)
    return out


async def _loop_lag(stop: asyncio.Event, gaps: list[float], tick: float = 0.005) -> None:
    """How late the loop wakes a 5 ms sleeper: the longest time it was kept busy."""
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(tick)
        gaps.append(time.perf_counter() - start - tick)


async def concurrent_compares(count: int, *, on_loop: bool = False) -> dict[str, Any]:
    """``count`` /compare commands sent at once through the harness: wall time and the event
    loop's worst lag while they were drawing. ``on_loop`` is the baseline that draws on the
    event loop itself, as a naive bot would."""
    from discord.http import Route

    from bot import Settings, create_bot
    from tests.discord.harness import EVERYONE_PERMS, USER_ID, FakeDiscord, Harness

    fake = FakeDiscord()
    await fake.start()
    Route.BASE = fake.base
    bot = create_bot(Settings(discord={"cooldown_rate": 10_000, "sync": "off"},
                              database_url="sqlite:///:memory:"))
    harness = Harness(bot, fake)
    await harness.start()
    if on_loop:
        async def draw_on_loop(result: Any, lang: str) -> bytes | None:
            return chart_for(result, lang)

        bot.data.draw_chart = draw_on_loop  # type: ignore[method-assign]
    pairs = [("qwq-32b", "gemma-3-27b-it"), ("deepseek r1", "qwen2.5-72b"),
             ("llama 3.3 70b", "mistral small"), ("qwq 32b preview", "gemma-2-27b-it")]

    def payload(i: int) -> dict:
        a, b = pairs[i % len(pairs)]
        data = {"id": "1", "name": "compare", "type": 1, "guild_id": "2",
                "options": [{"name": "model_a", "type": 3, "value": a},
                            {"name": "model_b", "type": 3, "value": b}]}
        return harness._payload(2, data, user_id=USER_ID + i, locale="zh-CN",
                                permissions=EVERYONE_PERMS)

    try:
        # one command first, so matplotlib's import is not counted against the twenty
        await harness._send(payload(0))
        stop = asyncio.Event()
        gaps: list[float] = []
        ticker = asyncio.create_task(_loop_lag(stop, gaps))
        before = set(asyncio.all_tasks())
        start_requests = len(fake.requests)
        started = time.perf_counter()
        for i in range(count):
            await harness.frame("INTERACTION_CREATE", payload(i))
        await harness._settle(before | {ticker})
        wall = time.perf_counter() - started
        stop.set()
        await ticker
        sent = [r for r in fake.requests[start_requests:]
                if r.path.startswith("/webhooks/") and r.files]
        return {
            "commands": count,
            "answered_with_chart": len(sent),
            "wall_s": wall,
            "loop_max_lag_ms": max(gaps) * 1000 if gaps else None,
            "loop_median_lag_ms": sorted(gaps)[len(gaps) // 2] * 1000 if gaps else None,
            "chart_workers": bot.settings.charts.workers,
        }
    finally:
        await bot.close()
        await fake.stop()


def run(quick: bool = False) -> dict[str, Any]:
    """Both chart benchmarks; ``quick`` takes fewer samples."""
    times = render_times(3 if quick else 20)
    together = asyncio.run(concurrent_compares(20))
    baseline = asyncio.run(concurrent_compares(20, on_loop=True))
    serial = times["compare"]["median_ms"] * together["commands"] / 1000
    together["serial_render_estimate_s"] = serial
    return {"render": times, "concurrent_compare": together,
            "concurrent_compare_drawn_on_loop": baseline}


def format_report(results: dict[str, Any]) -> str:
    """A small table for the terminal."""
    lines = ["chart        median ms   p99 ms"]
    for name, stats in results["render"].items():
        lines.append(f"{name:<12} {stats['median_ms']:>9.1f} {stats['p99_ms']:>8.1f}")
    c = results["concurrent_compare"]
    lines.append(
        f"{c['commands']} concurrent /compare: {c['wall_s']:.2f} s wall "
        f"(one render each, {c['serial_render_estimate_s']:.2f} s if drawn one after another), "
        f"{c['answered_with_chart']} answered with a chart; event loop worst lag "
        f"{c['loop_max_lag_ms']:.1f} ms (median {c['loop_median_lag_ms']:.2f} ms)"
    )
    b = results["concurrent_compare_drawn_on_loop"]
    lines.append(
        f"baseline, drawn on the event loop: {b['wall_s']:.2f} s wall, worst lag "
        f"{b['loop_max_lag_ms']:.1f} ms: worker threads keep the loop "
        f"{b['loop_max_lag_ms'] / max(c['loop_max_lag_ms'], 0.001):.0f}x more responsive"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.charts")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.quick)
    print(json.dumps(results, indent=2) if args.json else format_report(results))


if __name__ == "__main__":
    main()

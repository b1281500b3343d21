"""/best and /compare through the offline Discord harness, against a no-op slash command.

A bot from ``create_bot`` is logged in against ``FakeDiscord`` (tests/discord/harness.py) on
loopback; every sample is one INTERACTION_CREATE frame fed to discord.py's gateway parser until
the bot's HTTP callback has been answered and recorded. The no-op command (registered here, on
the benchmark's bot only) answers "ok": its time is discord.py's own floor plus the harness, so
``/best`` over no-op is what the bot adds.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from discord import app_commands as _app_commands

from benchmarks.stats import interleaved_async, ratio, summary
from bot.core.catalog import Catalog
from bot.discord.options import DomainName

# the no-op with options resolves its annotations from this module's globals
DomainOption = _app_commands.Transform[str, DomainName]

BEST = ("best", {"domain": "医疗", "budget": 5.0})
COMPARE = ("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
AUTOCOMPLETE = ("compare", {"model_a": "deepseek r", "model_b": ""}, "model_a")


def _harness_module() -> Any:
    """tests/discord/harness.py, importable from a checkout wherever this runs from."""
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.discord import harness

    return harness


def _settings() -> tuple[Any, dict[str, Any]]:
    """Settings for the benchmark bot: no cooldown in the way, commands not synced, charts off
    when the bot has them (a chart is an image upload, not command overhead), and a store, when
    the bot has one, in memory (never a file in the working directory)."""
    from bot import Settings

    options: dict[str, Any] = {"discord": {"cooldown_rate": 1_000_000_000, "sync": "off"}}
    notes: dict[str, Any] = {"charts_disabled": "charts" in Settings.model_fields,
                             "database_url": None}
    if notes["charts_disabled"]:
        options["charts"] = {"enabled": False}
    if "database_url" in Settings.model_fields:
        options["database_url"] = notes["database_url"] = "sqlite:///:memory:"
    return Settings(**options), notes


async def _measure(catalog: Catalog, *, reps: int, warmup: int) -> dict[str, Any]:
    import discord
    from discord import app_commands
    from discord.http import Route

    from bot import create_bot

    harness_mod = _harness_module()

    class TimedFakeDiscord(harness_mod.FakeDiscord):
        """Counts the time the fake Discord spends answering (JSON in and out): work that real
        Discord does on its own servers, but that runs in this process here."""

        server_ns = 0

        async def _handle(self, request: Any) -> Any:
            start = time.perf_counter_ns()
            try:
                return await super()._handle(request)
            finally:
                self.server_ns += time.perf_counter_ns() - start

    fake = TimedFakeDiscord()
    await fake.start()
    saved_base = Route.BASE
    Route.BASE = fake.base
    settings, notes = _settings()
    bot = create_bot(settings, catalog=catalog)
    embed_of_best: list[discord.Embed] = []

    async def noop(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok")

    async def noop_embed(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=embed_of_best[0])

    async def noop_options(interaction: discord.Interaction, domain: DomainOption,
                           budget: float | None = None) -> None:
        await interaction.response.send_message(embed=embed_of_best[0])

    # On this benchmark's bot only: the floor, and the floor carrying /best's own embed (what
    # sending that much JSON costs discord.py and the fake Discord, with no bot logic at all).
    bot.tree.add_command(app_commands.Command(name="noop", description="benchmark floor",
                                              callback=noop))
    bot.tree.add_command(app_commands.Command(name="noop_embed", description="floor + embed",
                                              callback=noop_embed))
    # ... and the floor with /best's own options (a transformed domain, a number) and embed:
    # what discord.py spends on option parsing, so that "/best over this" is the bot's logic
    bot.tree.add_command(app_commands.Command(name="noop_options", description="floor + options",
                                              callback=noop_options))
    harness = harness_mod.Harness(bot, fake)
    try:
        await harness.start()
        # The replies measured must be the real answers, not error paths.
        best = await harness.slash(*BEST)
        assert best.callback["type"] == 4 and not best.ephemeral, best.callback
        embed_of_best.append(discord.Embed.from_dict(best.embed))
        compare = await harness.slash(*COMPARE)
        assert compare.callback["type"] == 4 and not compare.ephemeral, compare.callback
        assert compare.embed["title"] == "qwq-32b vs gemma-3-27b-it", compare.embed
        choices = await harness.autocomplete(*AUTOCOMPLETE)
        assert choices, "autocomplete offered nothing"

        server: dict[str, list[int]] = {n: [] for n in ("noop", "noop_embed", "noop_options",
                                                           "best", "best_unseen", "compare",
                                                           "autocomplete")}
        # /best with a budget never asked before: the catalog has no answer kept for it, so
        # this is the whole query and render every time (the cold path)
        budgets = (BEST[1]["budget"] + n / 1000 for n in itertools.count(1))

        async def run_slash(label: str, name: str, options: dict[str, Any]) -> None:
            before = fake.server_ns
            await harness.slash(name, options)
            server[label].append(fake.server_ns - before)
            fake.requests.clear()  # keep the recorder from growing over the run

        async def run_autocomplete() -> None:
            before = fake.server_ns
            await harness.autocomplete(*AUTOCOMPLETE)
            server["autocomplete"].append(fake.server_ns - before)
            fake.requests.clear()

        samples = await interleaved_async(
            {
                "noop": lambda: run_slash("noop", "noop", {}),
                "noop_embed": lambda: run_slash("noop_embed", "noop_embed", {}),
                "noop_options": lambda: run_slash("noop_options", "noop_options", BEST[1]),
                "best": lambda: run_slash("best", *BEST),
                "best_unseen": lambda: run_slash("best_unseen", BEST[0],
                                                 {**BEST[1], "budget": next(budgets)}),
                "compare": lambda: run_slash("compare", *COMPARE),
                "autocomplete": run_autocomplete,
            },
            reps=reps, warmup=warmup,
        )
    finally:
        await bot.close()
        Route.BASE = saved_base
        await fake.stop()
    out: dict[str, Any] = {name: summary(s) for name, s in samples.items()}
    floor = out["noop"]
    out["ratios"] = {
        name: {"median": ratio(out[name]["median_ms"], floor["median_ms"]),
               "p99": ratio(out[name]["p99_ms"], floor["p99_ms"])}
        for name in ("noop_embed", "noop_options", "best", "best_unseen", "compare",
                     "autocomplete")
    }
    out["ratios"]["best_over_options"] = {
        "median": ratio(out["best"]["median_ms"], out["noop_options"]["median_ms"]),
        "p99": ratio(out["best"]["p99_ms"], out["noop_options"]["p99_ms"]),
    }
    # The same samples without the fake Discord's own time (a diagnostic, not the goal).
    bot_side = {
        name: summary([total - spent for total, spent in
                       zip(samples[name], server[name][warmup:], strict=True)])
        for name in samples
    }
    out["without_fake_server"] = bot_side | {
        "ratios": {name: ratio(bot_side[name]["median_ms"], bot_side["noop"]["median_ms"])
                   for name in ("noop_embed", "best", "compare", "autocomplete")},
        "fake_server_median_ms": {name: summary(server[name][warmup:])["median_ms"]
                                  for name in server},
    }
    out |= notes
    out["reps"] = reps
    return out


def measure(catalog: Catalog, *, reps: int, warmup: int) -> dict[str, Any]:
    """Interleaved medians and p99 of no-op, /best, /compare and model autocomplete, here."""
    return asyncio.run(_measure(catalog, reps=reps, warmup=warmup))


def measure_in_process_of_its_own(data_dir: Path, *, reps: int, warmup: int) -> dict[str, Any]:
    """``measure`` in a fresh interpreter holding only this catalog, as a bot process does:
    what ran before in the benchmark process (difflib over 10,000 names, other catalogs) leaves
    a heap that slows every command alike and would blur the ratios."""
    root = Path(__file__).resolve().parents[1]
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.commands", str(data_dir), "--reps", str(reps),
         "--warmup", str(warmup)],
        cwd=root, capture_output=True, text=True, check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"command benchmark failed: {child.stderr.strip()[-1000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    """``python -m benchmarks.commands DATA_DIR [--reps N] [--warmup N]``: one JSON line."""
    from bot.core.catalog import load_catalog

    parser = argparse.ArgumentParser(prog="python -m benchmarks.commands")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--reps", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=40)
    args = parser.parse_args()
    result = measure(load_catalog(args.data_dir), reps=args.reps, warmup=args.warmup)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Mutants mutmut cannot make, made by hand: each one a change a hurried edit could make.

mutmut mutates the bodies of plain functions and methods only. It leaves alone decorators and
decorated functions (so every permission check: ``@admin``, ``default_permissions``,
``guild_only``, and every ``@property``), and module-level constants (the token units, the
3-point rule, Discord's limits, the words that mean "unknown"). Each mutant below is one such
change, with the tests that must catch it. The script copies the checkout once, applies each
mutant alone to the copy, runs its tests (``-x``: the first failure kills it) and reports which
survived.

    python .ci/hand_mutants.py              # every mutant
    python .ci/hand_mutants.py permissions  # the mutants of one group (or of one name)
    python .ci/hand_mutants.py --list

The tests import the copy (it comes first on ``PYTHONPATH``; the script checks). A mutant whose
text is no longer in its file once is an error: the code moved; update the entry.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ("tests/core/",)
DISCORD = ("tests/discord/",)
LIMITS = ("tests/discord/test_limits.py", "tests/discord/test_autocomplete.py",
          "tests/discord/test_embeds.py")
CHARTS = ("tests/render/test_charts.py",)


@dataclass(frozen=True)
class Mutant:
    name: str
    group: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


ADMIN, WATCH, CHECKS = ("bot/discord/cogs/admin.py", "bot/discord/cogs/watch.py",
                        "bot/discord/checks.py")


def _unguarded(command: str) -> tuple[str, str]:
    """The text of an admin command's checks, and the same without Manage Server."""
    return (f"    @manage_server\n    @cooldown\n    async def {command}(",
            f"    @cooldown\n    async def {command}(")


MUTANTS: list[Mutant] = [
    # -- permissions: Manage Server checked when an admin command (or its autocomplete) runs,
    #    and the commands registered hidden (default member permissions) and guild-only
    *[Mutant(f"no Manage Server check on /settings {command}", "permissions", ADMIN,
             *_unguarded(command), DISCORD)
      for command in ("show", "budget", "language", "currency", "hide", "unhide", "weights",
                      "reset")],
    Mutant("no Manage Server check on /reload", "permissions", ADMIN, *_unguarded("reload"),
           DISCORD),
    Mutant("no Manage Server check on /watch", "permissions", WATCH, *_unguarded("watch"),
           DISCORD),
    *[Mutant(f"no Manage Server check on /settings unhide's {option} autocomplete",
             "permissions", ADMIN, f"    @manage_server\n    async def {function}(",
             f"    async def {function}(", DISCORD)
      for option, function in (("org", "_hidden_orgs"), ("board", "_hidden_boards"))],
    Mutant("the Manage Server check asks for the wrong value", "permissions", CHECKS,
           "has_permissions(manage_guild=True)(func)", "has_permissions(manage_guild=False)(func)",
           DISCORD),
    Mutant("the Manage Server check asks for another permission", "permissions", CHECKS,
           "has_permissions(manage_guild=True)(func)", "has_permissions(send_messages=True)(func)",
           DISCORD),
    Mutant("an admin command runs outside a server", "permissions", CHECKS,
           "    func = guild_only(func)\n", "", DISCORD),
    Mutant("a command runs in a DM", "permissions", CHECKS,
           "    if interaction.guild_id is None:\n        raise app_commands.NoPrivateMessage()\n"
           "    return True",
           "    return True", DISCORD),
    # (is_admin without its guild test is equivalent: discord.py gives a DM's interaction no
    # permissions at all, so manage_guild is already False there)
    Mutant("admin autocompletes answer every member", "permissions", CHECKS,
           "return interaction.guild_id is not None and interaction.permissions.manage_guild",
           "return interaction.guild_id is not None", DISCORD),
    Mutant("/settings registered without default member permissions", "permissions", ADMIN,
           "guild_only=True, default_permissions=discord.Permissions(manage_guild=True),",
           "guild_only=True,", DISCORD),
    Mutant("/settings registered without guild_only", "permissions", ADMIN,
           "guild_only=True, default_permissions=discord.Permissions(manage_guild=True),",
           "default_permissions=discord.Permissions(manage_guild=True),", DISCORD),
    Mutant("/settings registered for every context", "permissions", ADMIN,
           "        allowed_contexts=app_commands.AppCommandContext(guild=True),\n", "", DISCORD),
    *[Mutant(f"/{command} registered without default member permissions", "permissions", path,
             "    @app_commands.default_permissions(manage_guild=True)\n"
             "    @app_commands.guild_only()\n    @manage_server\n",
             "    @app_commands.guild_only()\n    @manage_server\n", DISCORD)
      for command, path in (("watch", WATCH), ("reload", ADMIN))],
    *[Mutant(f"/{command} registered for DMs too", "permissions", path,
             "    @app_commands.guild_only()\n    @manage_server\n", "    @manage_server\n",
             DISCORD)
      for command, path in (("watch", WATCH), ("reload", ADMIN))],
    # -- Discord's limits (bot/discord/limits.py's constants)
    *[Mutant(f"{constant} = {wrong}", "limits", "bot/discord/limits.py",
             f"\n{constant} = {right}\n", f"\n{constant} = {wrong}\n", LIMITS)
      for constant, right, wrong in (
          ("TITLE", 256, 257), ("DESCRIPTION", 4096, 4100), ("FIELDS", 25, 26),
          ("FIELD_NAME", 256, 260), ("FIELD_VALUE", 1024, 1030), ("FOOTER", 2048, 2050),
          ("AUTHOR", 256, 300), ("EMBED_TOTAL", 6000, 6100), ("CHOICES", 25, 26),
          ("CHOICE_NAME", 100, 101), ("SELECT_OPTIONS", 25, 26), ("SELECT_LABEL", 100, 101),
      )],
    Mutant("the ellipsis field added without room for it", "limits", "bot/discord/limits.py",
           "_size(embed) + 2 <= EMBED_TOTAL", "_size(embed) + 1 <= EMBED_TOTAL", LIMITS),
    # -- the core's tables and constants
    *[Mutant(f"{unit} off by a factor", "core constants", "bot/core/amounts.py",
             f'"{unit}": {right},', f'"{unit}": {wrong},', CORE)
      for unit, right, wrong in (
          ("千", "1e3", "1e4"), ("万", "1e4", "1e3"), ("百万", "1e6", "1e5"),
          ("千万", "1e7", "1e6"), ("亿", "1e8", "1e9"), ("十亿", "1e9", "1e8"),
          ("b", "1e9", "1e8"), ("t", "1e12", "1e9"), ("m", "1e6", "1e3"),
          ("million", "1e6", "1e7"), ("billion", "1e9", "1e12"), ("thousand", "1e3", "1e6"),
      )],
    Mutant("k off by a factor", "core constants", "bot/core/amounts.py",
           '"k": 1e3, "千"', '"k": 1e4, "千"', CORE),
    Mutant("trillion off by a factor", "core constants", "bot/core/amounts.py",
           '"trillion": 1e12,', '"trillion": 1e15,', CORE),
    Mutant("more than a quadrillion tokens accepted", "core constants", "bot/core/amounts.py",
           "MAX_TOKENS = 1e15", "MAX_TOKENS = 1e16", CORE),
    Mutant("a weight of 100 refused", "core constants", "bot/core/amounts.py",
           "MAX_WEIGHT = 100.0", "MAX_WEIGHT = 99.0", CORE),
    Mutant("a cheaper model 3.5 points behind offered", "core constants",
           "bot/core/rankings.py", "CLOSE_POINTS = 3.0", "CLOSE_POINTS = 3.5", CORE),
    Mutant("a cheaper model 3 points behind not offered", "core constants",
           "bot/core/rankings.py", "CLOSE_POINTS = 3.0", "CLOSE_POINTS = 2.9", CORE),
    Mutant("a month of 30 days", "core constants", "bot/core/rankings.py",
           "DAYS_PER_MONTH = 365 / 12", "DAYS_PER_MONTH = 30", CORE),
    Mutant("a week of 5 days", "core constants", "bot/core/rankings.py",
           '"week": DAYS_PER_MONTH / 7', '"week": DAYS_PER_MONTH / 5', CORE),
    Mutant("暂无 is no unknown price", "core constants", "bot/core/board.py",
           '"未知", "暂无"}', '"未知"}', CORE),
    Mutant("/% is no unknown value", "core constants", "bot/core/board.py",
           '"/", "/%", "/元"', '"/", "/元"', CORE),
    Mutant("a time column read as a score", "core constants", "bot/core/board.py",
           '"latency": re.compile(r"耗时|用时|延迟|latency", re.IGNORECASE),',
           '"latency": re.compile(r"用时|延迟|latency", re.IGNORECASE),', CORE),
    Mutant("闭源 is no category", "core constants", "bot/core/board.py",
           '"闭源": "commercial", ', "", CORE),
    Mutant("a price column named 价格 not found", "core constants", "bot/core/board.py",
           '"price": ("输出价格", "价格", "price", "outputprice"),',
           '"price": ("输出价格", "price", "outputprice"),', CORE),
    Mutant("26 results allowed", "core constants", "bot/core/requests.py",
           "MAX_TOP = 25", "MAX_TOP = 26", CORE),
    Mutant("per_page of 26 allowed", "core constants", "bot/core/requests.py",
           "MAX_PER_PAGE = 25", "MAX_PER_PAGE = 26", CORE),
    Mutant("daily read as weekly", "core constants", "bot/core/requests.py",
           '"daily": "day",', '"daily": "week",', CORE),
    Mutant("闭源 no type", "core constants", "bot/core/requests.py",
           '"闭源": "commercial", ', "", CORE),
    Mutant("a size unit forgotten: 7 stands for 7m", "core constants", "bot/core/names.py",
           'SIZE_UNITS = "bmkt"', 'SIZE_UNITS = "bkt"', CORE),
    Mutant("preview no longer a strong token", "core constants", "bot/core/names.py",
           '"gguf", "preview", "distill"', '"gguf", "distill"', CORE),
    Mutant("no margin between two fits", "core constants", "bot/core/resolve.py",
           "_MARGIN = 0.08", "_MARGIN = 0.0", CORE),
    # -- properties (decorated: mutmut skips them)
    Mutant("a leader change alone makes an empty diff", "core properties", "bot/core/diff.py",
           "self.prices or self.leaders)", "self.prices)", CORE),
    Mutant("a price change alone makes an empty diff", "core properties", "bot/core/diff.py",
           "self.moved or self.prices or", "self.moved or", CORE),
    Mutant("hiding does not count as narrowing /best", "core properties",
           "bot/core/filters.py",
           "return self.org is not None or self.kind is not None or self.scope != EVERYTHING",
           "return self.org is not None or self.kind is not None", CORE),
    Mutant("a type does not count as narrowing /best", "core properties",
           "bot/core/filters.py",
           "return self.org is not None or self.kind is not None or self.scope != EVERYTHING",
           "return self.org is not None or self.scope != EVERYTHING", CORE),
    Mutant("a board with a price column is a domain's own board", "core properties",
           "bot/core/models.py",
           "        return single_score(self.domains, self.has_total, self.has_price)",
           "        return single_score(self.domains, self.has_total, False)", CORE),
    Mutant("measures count as taken when only latency is unknown", "core properties",
           "bot/core/models.py",
           "return self.latency is None and self.tokens is None and self.cost_per_1000 is None",
           "return self.latency is None", CORE),
    # -- what the charts show
    Mutant("the value chart never logarithmic", "charts", "bot/render/charts.py",
           "        axes.set_xscale(\"log\")\n", "", CHARTS),
    Mutant("the value chart logarithmic at exactly tenfold", "charts", "bot/render/charts.py",
           "max(positive) / min(positive) > 10", "max(positive) / min(positive) >= 10", CHARTS),
    Mutant("the frontier drawn as steps before each point", "charts", "bot/render/charts.py",
           'where="post"', 'where="pre"', CHARTS),
    Mutant("the budget drawn as a solid line", "charts", "bot/render/charts.py",
           'linestyle="--", linewidth=1.5', 'linestyle="-", linewidth=1.5', CHARTS),
    Mutant("the radar scaled to its data, not 0-100", "charts", "bot/render/charts.py",
           "    axes.set_ylim(0, 100)\n    axes.set_yticks([20, 40, 60, 80, 100])\n"
           '    axes.set_yticklabels(["20", "40", "60", "80", "100"], color=MUTED, fontsize=8)\n',
           "", CHARTS),
    Mutant("a free model drawn at the cheapest price", "charts", "bot/render/charts.py",
           "floor = min(positive) / 2", "floor = min(positive)", CHARTS),
]


def _copy(target: Path) -> None:
    ignore = shutil.ignore_patterns(".git", "mutants", ".venv*", "__pycache__", "*.egg-info",
                                    ".hypothesis", ".pytest_cache", ".ruff_cache")
    shutil.copytree(ROOT, target, ignore=ignore, dirs_exist_ok=True)


def _env(copy: Path) -> dict[str, str]:
    """The tests import the copy (first on the path), and no stale bytecode: a mutant may keep
    a file's size and land in the same second as the original."""
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(copy)}


def _run(mutant: Mutant, copy: Path) -> bool:
    """Whether the mutant's tests catch it (fail, or cannot even import)."""
    path = copy / mutant.path
    original = path.read_text(encoding="utf-8")
    count = original.count(mutant.old)
    if count != 1:
        raise SystemExit(f"{mutant.name}: its text is in {mutant.path} {count} times, not once: "
                         "the code moved; update .ci/hand_mutants.py")
    mutated = original.replace(mutant.old, mutant.new)
    compile(mutated, str(path), "exec")  # a mutant that does not compile is a mistake here
    path.write_text(mutated, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
             "-W", "ignore", *mutant.tests],
            cwd=copy, env=_env(copy), capture_output=True, text=True, check=False)
    finally:
        path.write_text(original, encoding="utf-8")
    return done.returncode != 0


def main(argv: list[str]) -> int:
    if "--list" in argv:
        for mutant in MUTANTS:
            print(f"{mutant.group}: {mutant.name}")
        return 0
    chosen = [m for m in MUTANTS if not argv or m.group in argv or m.name in argv]
    survivors: dict[str, list[str]] = {}
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="hand-mutants-") as scratch:
        copy = Path(scratch) / "repo"
        _copy(copy)
        imported = subprocess.run([sys.executable, "-c", "import bot; print(bot.__file__)"],
                                  cwd=copy, env=_env(copy), capture_output=True, text=True,
                                  check=True).stdout.strip()
        if not Path(imported).is_relative_to(copy):
            raise SystemExit(f"the tests would import {imported}, not the mutated copy")
        for mutant in chosen:
            killed = _run(mutant, copy)
            totals[mutant.group] = totals.get(mutant.group, 0) + 1
            if not killed:
                survivors.setdefault(mutant.group, []).append(mutant.name)
            print(f"{'killed  ' if killed else 'SURVIVED'} {mutant.group}: {mutant.name}",
                  flush=True)
    print()
    for group, total in totals.items():
        lost = survivors.get(group, [])
        print(f"{group}: {total - len(lost)}/{total} killed")
    killed = sum(totals.values()) - sum(len(v) for v in survivors.values())
    print(f"hand mutants: {killed}/{sum(totals.values())} killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

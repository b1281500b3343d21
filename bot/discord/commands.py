"""The slash commands. Each callback only gathers its options and hands them to ``answer``:
the query, its validation and its rendering live elsewhere, shared with the terminal.

Commands are built per bot by ``build_commands`` so that ``create_bot`` registers them at once,
without the event loop a cog would need, and two bots never share command objects.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands
from discord.app_commands import locale_str as _

from bot import i18n
from bot.core.catalog import bundled_data_dir
from bot.core.errors import BoardError
from bot.core.requests import MAX_TOP
from bot.discord.embeds import render_notice, render_reload
from bot.discord.options import DomainName, ModelName, OrgName, lang_of
from bot.discord.respond import NO_PINGS, answer

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

Model = app_commands.Transform[str, ModelName]
Domain = app_commands.Transform[str, DomainName]
Org = app_commands.Transform[str, OrgName]
Budget = app_commands.Range[float, 0, 1_000_000]
Top = app_commands.Range[int, 1, MAX_TOP]
Page = app_commands.Range[int, 1, 10_000]

_DOMAIN = _("A domain in Chinese or English, e.g. 医疗 or medical")
_BUDGET = _("Highest output price, 元 per million tokens")
_TOP = _("How many models to show (1-25)")
_ORG = _("Only models of this organisation")
_MODEL = _("A model name; typos are fine")
_TYPE = _("Only open-source or only commercial models")
_KINDS = [app_commands.Choice(name=_("open-source"), value="open"),
          app_commands.Choice(name=_("commercial"), value="commercial")]


def _in_guild(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


def shown_board_error(error: BoardError, data_dir: Path | None) -> str:
    """``FILE:LINE: reason`` with FILE relative to the data folder: the admin knows the folder,
    and the server's own paths are nobody else's business."""
    root = (data_dir if data_dir is not None else bundled_data_dir()).resolve()
    source = Path(error.source).resolve()
    if source == root:
        shown = "data.dir"  # the folder itself is missing or empty: name the setting
    elif source.is_relative_to(root):
        shown = source.relative_to(root).as_posix()
    else:
        shown = source.name  # a nickname file kept elsewhere (data.aliases)
    where = f"{shown}:{error.line}" if error.line is not None else shown
    reason = error.reason
    for path in (str(source), str(root)):
        reason = reason.replace(path, shown)
    return f"{where}: {reason}"


def build_commands(bot: ModelBot) -> list[app_commands.Command]:
    """Every slash command of the bot, with a per-user cooldown from the settings."""
    settings = bot.settings.discord

    def cooldown() -> object:
        return app_commands.checks.cooldown(
            settings.cooldown_rate, settings.cooldown_seconds, key=lambda i: i.user.id
        )

    @app_commands.command(
        name=_("best"), description=_("The best model for a domain, under a budget")
    )
    @app_commands.rename(domain=_("domain"), budget=_("budget"), top=_("top"), org=_("org"),
                         type=_("type"))
    @app_commands.describe(domain=_DOMAIN, budget=_BUDGET, top=_TOP, org=_ORG, type=_TYPE)
    @app_commands.choices(type=_KINDS)
    @cooldown()
    async def best(
        interaction: discord.Interaction, domain: Domain, budget: Budget | None = None,
        top: Top = 3, org: Org | None = None, type: str | None = None,
    ) -> None:
        await answer(interaction, "best", {"domain": domain, "budget": budget, "top": top,
                                           "org": org, "type": type})

    @app_commands.command(
        name=_("compare"), description=_("Compare two to four models head to head")
    )
    @app_commands.rename(model_a=_("model_a"), model_b=_("model_b"), model_c=_("model_c"),
                         model_d=_("model_d"))
    @app_commands.describe(model_a=_MODEL, model_b=_MODEL, model_c=_("An optional third model"),
                           model_d=_("An optional fourth model"))
    @cooldown()
    async def compare(
        interaction: discord.Interaction, model_a: Model, model_b: Model,
        model_c: Model | None = None, model_d: Model | None = None,
    ) -> None:
        await answer(interaction, "compare", {"model_a": model_a, "model_b": model_b,
                                              "model_c": model_c, "model_d": model_d})

    @app_commands.command(
        name=_("model"), description=_("Everything the board says about one model")
    )
    @app_commands.rename(name=_("name"))
    @app_commands.describe(name=_MODEL)
    @cooldown()
    async def model(interaction: discord.Interaction, name: Model) -> None:
        await answer(interaction, "model", {"name": name})

    @app_commands.command(
        name=_("leaderboard"), description=_("The ranking for a domain or the total, page by page")
    )
    @app_commands.rename(domain=_("domain"), budget=_("budget"), org=_("org"), page=_("page"),
                         type=_("type"))
    @app_commands.describe(domain=_DOMAIN, budget=_BUDGET, org=_ORG,
                           page=_("Start at this page (the buttons turn the others)"), type=_TYPE)
    @app_commands.choices(type=_KINDS)
    @cooldown()
    async def leaderboard(
        interaction: discord.Interaction, domain: Domain | None = None,
        budget: Budget | None = None, org: Org | None = None, page: Page = 1,
        type: str | None = None,
    ) -> None:
        await answer(interaction, "leaderboard", {"domain": domain, "budget": budget, "org": org,
                                                  "page": page, "type": type})

    @app_commands.command(
        name=_("value"), description=_("The models no other beats on both score and price")
    )
    @app_commands.rename(domain=_("domain"), budget=_("budget"), org=_("org"), type=_("type"))
    @app_commands.describe(domain=_DOMAIN, budget=_BUDGET, org=_ORG, type=_TYPE)
    @app_commands.choices(type=_KINDS)
    @cooldown()
    async def value(
        interaction: discord.Interaction, domain: Domain | None = None,
        budget: Budget | None = None, org: Org | None = None,
        type: str | None = None,
    ) -> None:
        await answer(interaction, "value", {"domain": domain, "budget": budget, "org": org,
                                            "type": type})

    @app_commands.command(
        name=_("recommend"),
        description=_("The best model for your own mix of domains, under a budget"),
    )
    @app_commands.rename(weights=_("weights"), budget=_("budget"), org=_("org"), top=_("top"),
                         type=_("type"))
    @app_commands.describe(
        weights=_("Like 医疗=2 法律=1; empty: this server's default weights"),
        budget=_BUDGET, org=_ORG, top=_TOP, type=_TYPE,
    )
    @app_commands.choices(type=_KINDS)
    @cooldown()
    async def recommend(
        interaction: discord.Interaction, weights: str | None = None,
        budget: Budget | None = None, org: Org | None = None, top: Top = 3,
        type: str | None = None,
    ) -> None:
        await answer(interaction, "recommend", {"weights": weights, "budget": budget,
                                                "org": org, "top": top, "type": type})

    @app_commands.command(
        name=_("cost"), description=_("What a monthly volume of output tokens costs")
    )
    @app_commands.rename(model=_("model"), tokens=_("tokens"), period=_("period"),
                         type=_("type"))
    @app_commands.describe(model=_MODEL, tokens=_("Output tokens, like 50M, 2.5亿 or 3000万"),
                           period=_("Per day, week, month (default) or year"),
                           type=_("Alternatives: only open-source or only commercial models"))
    @app_commands.choices(period=[
        app_commands.Choice(name=_("day"), value="day"),
        app_commands.Choice(name=_("week"), value="week"),
        app_commands.Choice(name=_("month"), value="month"),
        app_commands.Choice(name=_("year"), value="year"),
    ], type=_KINDS)
    @cooldown()
    async def cost(
        interaction: discord.Interaction, model: Model, tokens: str, period: str = "month",
        type: str | None = None,
    ) -> None:
        await answer(interaction, "cost", {"model": model, "tokens": tokens, "period": period,
                                           "type": type})

    @app_commands.command(
        name=_("domains"), description=_("The domains you can ask about, with their aliases")
    )
    @cooldown()
    async def domains(interaction: discord.Interaction) -> None:
        await answer(interaction, "domains", {})

    @app_commands.command(
        name=_("about"), description=_("Where the data comes from and what is loaded")
    )
    @cooldown()
    async def about(interaction: discord.Interaction) -> None:
        await answer(interaction, "about", {})

    @app_commands.command(
        name=_("reload"), description=_("Reload the boards from the data directory (Manage Server)")
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @app_commands.checks.has_permissions(manage_guild=True)  # a guild can override the default
    @app_commands.check(_in_guild)  # guild_only() only hides the command in DMs
    @cooldown()
    async def reload(interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            diff = await cast("ModelBot", interaction.client).reload()
        except BoardError as error:
            log.warning("reload refused: %s", error)
            reason = shown_board_error(error, bot.settings.data.dir)
            await interaction.followup.send(
                embed=render_notice(i18n.t(lang, "reload.failed", reason=reason)),
                ephemeral=True, allowed_mentions=NO_PINGS,
            )
            return
        await interaction.followup.send(embed=render_reload(diff, lang), ephemeral=True,
                                        allowed_mentions=NO_PINGS)

    return [best, compare, model, leaderboard, value, recommend, cost, domains, about, reload]



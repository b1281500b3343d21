"""A server's administration: ``/settings`` (its preferences) and ``/reload``. Visible to
Manage Server by default and checked again when they run, since a server can change who sees a
command."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands
from pydantic import ValidationError

from bot import i18n
from bot.core.amounts import format_weights, parse_weights
from bot.core.catalog import bundled_data_dir
from bot.core.errors import BoardError, InvalidOption
from bot.core.models import TOTAL
from bot.core.requests import MAX_BUDGET, MIN_BUDGET, clean_text, parse_budget
from bot.discord.admin_options import AdminOrgName, BoardName, choices
from bot.discord.checks import cooldown, manage_server
from bot.discord.embeds import colour, fit, render_notice, render_reload, safe
from bot.discord.prefs import reply_language
from bot.discord.sending import NO_PINGS
from bot.i18n import t
from bot.store import GuildPrefs, PrefsChange

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
CLEAR = ("", "-", "none", "clear", "无", "清除")
Budget = app_commands.Range[float, 0, MAX_BUDGET]


def render_settings(prefs: GuildPrefs, lang: str, note: str | None = None) -> discord.Embed:
    """The server's preferences, each with its value or "default"."""
    unset = t(lang, "settings.default")
    embed = discord.Embed(title=t(lang, "settings.title"), colour=colour(TOTAL),
                          description=note)
    # a budget, not a price: 0 reads 0元 (a price of 0 reads "free", which a budget is not)
    embed.add_field(name=t(lang, "option.budget"),
                    value=i18n.budget_price(prefs.budget, lang) if prefs.budget is not None
                    else unset)
    embed.add_field(name=t(lang, "settings.language"),
                    value=t(lang, f"settings.lang_{prefs.language}") if prefs.language
                    else t(lang, "settings.lang_auto"))
    embed.add_field(name=t(lang, "settings.currency"), value=prefs.currency)
    embed.add_field(name=t(lang, "settings.hidden_orgs"),
                    value=", ".join(safe(o) for o in prefs.hidden_orgs) or "—", inline=False)
    embed.add_field(name=t(lang, "settings.hidden_boards"),
                    value=", ".join(safe(b) for b in prefs.hidden_boards) or "—", inline=False)
    embed.add_field(name=t(lang, "option.weights"),
                    value=f"`{format_weights(prefs.weights)}`" if prefs.weights else unset,
                    inline=False)
    return fit(embed)


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


def _without(hidden: list[str], typed: str | None, option: str, names: list[str]) -> list[str]:
    """``hidden`` less what ``typed`` names (exactly, or a part of one title); an option that
    names nothing hidden is an error rather than a silent "Saved"."""
    if typed is None:
        return list(hidden)
    keys = {n.casefold() for n in names}
    kept = [h for h in hidden if h.casefold() not in keys]
    if len(kept) == len(hidden):
        partial = [h for h in hidden if typed.casefold() in h.casefold()]
        if len(partial) == 1:
            kept = [h for h in hidden if h != partial[0]]
    if len(kept) == len(hidden):
        raise InvalidOption(option=option, value=typed[:80], reason="not_hidden",
                            suggestions=list(hidden)[:5])
    return kept


def _budget(value: float | None) -> float | None:
    """A default budget checked with the same reasons, and words, as a command's budget."""
    try:
        return parse_budget(value)
    except ValueError as error:
        kind = getattr(error, "type", None)
        reason = {"budget_too_small": "too_small", "less_than_equal": "range"}.get(
            kind if isinstance(kind, str) else "", "number")
        raise InvalidOption(option="budget", value=str(value)[:40], reason=reason,
                            low=MIN_BUDGET if reason == "too_small" else 0,
                            high=MAX_BUDGET) from None


class AdminCog(commands.Cog):
    """/settings (show, budget, language, currency, hide, unhide, weights, reset), /reload."""

    settings_group = app_commands.Group(
        name=_("settings"), description=_("This server's defaults (Manage Server)"),
        guild_only=True, default_permissions=discord.Permissions(manage_guild=True),
        # contexts, not only the older dm_permission that guild_only sets on a group: what
        # Discord reads first, and what /watch and /reload declare
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot

    async def _current(self, interaction: discord.Interaction) -> GuildPrefs:
        assert interaction.guild_id is not None  # manage_server ran first
        return await self.bot.store.get_prefs(interaction.guild_id)

    async def _save(self, interaction: discord.Interaction, change: PrefsChange) -> None:
        """Apply ``change`` to what the store holds now, in one transaction (admins changing
        settings at once lose none of each other's changes), and show the result."""
        assert interaction.guild_id is not None  # manage_server ran first
        try:
            prefs = await self.bot.store.update_prefs(interaction.guild_id, change)
        except ValidationError as error:  # e.g. more hidden names than a server may keep
            problem = error.errors()[0]
            raise InvalidOption(option=str(problem["loc"][0]) if problem["loc"] else "settings",
                                value=str(problem.get("input", ""))[:80],
                                reason="invalid") from None
        lang = reply_language(self.bot.settings, prefs, interaction.locale)
        await interaction.response.send_message(
            embed=render_settings(prefs, lang, t(lang, "settings.saved")), ephemeral=True,
            allowed_mentions=NO_PINGS)

    async def _update(self, interaction: discord.Interaction, **changes: object) -> None:
        await self._save(interaction, lambda _current: changes)

    @settings_group.command(name=_("show"), description=_("Show this server's defaults"))
    @manage_server
    @cooldown
    async def show(self, interaction: discord.Interaction) -> None:
        """The server's preferences."""
        prefs = await self._current(interaction)
        lang = reply_language(self.bot.settings, prefs, interaction.locale)
        await interaction.response.send_message(embed=render_settings(prefs, lang),
                                                ephemeral=True, allowed_mentions=NO_PINGS)

    @settings_group.command(name=_("budget"),
                            description=_("Default budget; leave empty to clear"))
    @app_commands.rename(value=_("budget"))
    @app_commands.describe(value=_("Highest output price, 元 per million tokens"))
    @manage_server
    @cooldown
    async def budget(self, interaction: discord.Interaction, value: Budget | None = None) -> None:
        """The budget a command gives none of."""
        await self._update(interaction, budget=_budget(value))

    @settings_group.command(name=_("language"), description=_("Reply language in this server"))
    @app_commands.rename(value=_("language"))
    @app_commands.describe(value=_("Chinese, English, or each user's own"))
    @app_commands.choices(value=[
        app_commands.Choice(name="中文", value="zh"),
        app_commands.Choice(name="English", value="en"),
        app_commands.Choice(name=_("auto (each user's Discord language)"), value="auto"),
    ])
    @manage_server
    @cooldown
    async def language(self, interaction: discord.Interaction, value: str) -> None:
        """The language of every answer in this server."""
        if value not in ("zh", "en", "auto"):
            raise InvalidOption(option="language", value=value[:20], reason="invalid")
        await self._update(interaction, language=None if value == "auto" else value)

    @settings_group.command(name=_("currency"), description=_("Show prices in 元 or US dollars"))
    @app_commands.rename(value=_("currency"))
    @app_commands.describe(value=_("元 as the boards give them, or US dollars"))
    @app_commands.choices(value=[app_commands.Choice(name="CNY 元", value="CNY"),
                                 app_commands.Choice(name="USD $", value="USD")])
    @manage_server
    @cooldown
    async def currency(self, interaction: discord.Interaction, value: str) -> None:
        """The currency prices are shown in."""
        if value not in ("CNY", "USD"):
            raise InvalidOption(option="currency", value=value[:20], reason="invalid")
        await self._update(interaction, currency=value)

    @settings_group.command(
        name=_("hide"), description=_("Leave an organisation or a board out of rankings"))
    @app_commands.rename(org=_("org"), board=_("board"))
    @app_commands.describe(org=_("An organisation to leave out"), board=_("A board to leave out"))
    @manage_server
    @cooldown
    async def hide(self, interaction: discord.Interaction,
                   org: app_commands.Transform[str, AdminOrgName] | None = None,
                   board: app_commands.Transform[str, BoardName] | None = None) -> None:
        """An organisation or a board left out of every ranking."""
        # typed text is echoed in errors: one line, no control characters (as every command's)
        org = clean_text(org) if org is not None else None
        if not org and board is None:
            raise InvalidOption(option="org", value="", reason="hide_what")
        catalog = self.bot.catalog
        name = catalog.orgs.name_of(catalog.resolve_org(org)) if org else None

        def hide_in(prefs: GuildPrefs) -> dict[str, list[str]]:
            orgs, boards = list(prefs.hidden_orgs), list(prefs.hidden_boards)
            if name and name.casefold() not in (o.casefold() for o in orgs):
                orgs.append(name)
            if board and board not in boards:
                boards.append(board)
            return {"hidden_orgs": orgs, "hidden_boards": boards}

        await self._save(interaction, hide_in)

    @settings_group.command(
        name=_("unhide"), description=_("Show an organisation or board again; empty: show all"))
    @app_commands.rename(org=_("org"), board=_("board"))
    @app_commands.describe(org=_("A hidden organisation to show again"),
                           board=_("A hidden board to show again"))
    @manage_server
    @cooldown
    async def unhide(self, interaction: discord.Interaction, org: str | None = None,
                     board: str | None = None) -> None:
        """Show again what was hidden (everything when nothing is named)."""
        org_names = self._org_names(org)

        def unhide_in(prefs: GuildPrefs) -> dict[str, list[str]]:
            if org is None and board is None:
                return {"hidden_orgs": [], "hidden_boards": []}
            # raises InvalidOption (nothing changes) when a name is not hidden now
            return {"hidden_orgs": _without(prefs.hidden_orgs, org, "org", org_names),
                    "hidden_boards": _without(prefs.hidden_boards, board, "board",
                                              [board] if board else [])}

        await self._save(interaction, unhide_in)

    def _org_names(self, org: str | None) -> list[str]:
        """What ``org`` may be stored as: as typed, or its board spelling (alibaba -> 阿里巴巴)."""
        if not org:
            return []
        try:
            return [org, self.bot.catalog.orgs.name_of(self.bot.catalog.resolve_org(org))]
        except InvalidOption:
            return [org]

    # A failed check answers an autocomplete with no choices (discord.py): what the server hides
    # is for its admins, and a DM has no server to read.
    @unhide.autocomplete("org")
    @manage_server
    async def _hidden_orgs(self, interaction: discord.Interaction,
                           value: str) -> list[app_commands.Choice[str]]:
        return choices((await self._current(interaction)).hidden_orgs, value)

    @unhide.autocomplete("board")
    @manage_server
    async def _hidden_boards(self, interaction: discord.Interaction,
                             value: str) -> list[app_commands.Choice[str]]:
        return choices((await self._current(interaction)).hidden_boards, value)

    @settings_group.command(name=_("weights"), description=_("Default weights for /recommend"))
    @app_commands.rename(value=_("weights"))
    @app_commands.describe(value=_("Like 医疗=2 法律=1; empty to clear"))
    @manage_server
    @cooldown
    async def weights(self, interaction: discord.Interaction, value: str | None = None) -> None:
        """The weights /recommend uses when given none."""
        parsed = {} if value is None or value.strip().casefold() in CLEAR else \
            parse_weights(value[:200], self.bot.catalog.domains)
        await self._update(interaction, weights=parsed)

    @settings_group.command(name=_("reset"), description=_("Back to the defaults"))
    @manage_server
    @cooldown
    async def reset(self, interaction: discord.Interaction) -> None:
        """Every preference back to its default."""
        defaults = GuildPrefs(guild_id=0).model_dump(exclude={"guild_id"})
        await self._save(interaction, lambda _current: defaults)

    @app_commands.command(
        name=_("reload"),
        description=_("Reload the boards from the data directory (Manage Server)"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @manage_server
    @cooldown
    async def reload(self, interaction: discord.Interaction) -> None:
        """Read the data folder again; tell the admin what changed, or why nothing did."""
        # the server's language, as every other /settings and /watch reply
        lang = reply_language(self.bot.settings, await self.bot.guild_prefs(interaction.guild_id),
                              interaction.locale)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            diff = await self.bot.data.reload()
        except BoardError as error:
            log.warning("reload refused: %s", error)
            reason = shown_board_error(error, self.bot.settings.data.dir)
            await interaction.followup.send(
                embed=render_notice(i18n.t(lang, "reload.failed", reason=reason)),
                ephemeral=True, allowed_mentions=NO_PINGS)
            return
        await interaction.followup.send(embed=render_reload(diff, lang), ephemeral=True,
                                        allowed_mentions=NO_PINGS)

"""Server administration: ``/settings`` (the server's preferences) and ``/watch`` (change
announcements). Visible to Manage Server by default and checked again when they run, since a
server can change who sees a command."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from pydantic import ValidationError

from bot import i18n
from bot.core.amounts import format_weights, parse_weights
from bot.core.errors import InvalidOption
from bot.core.requests import MAX_BUDGET, MIN_BUDGET, clean_text, parse_budget
from bot.discord.embeds import colour, fit, safe
from bot.discord.limits import CHOICE_NAME, CHOICES, cut
from bot.discord.options import OrgName
from bot.discord.prefs import lang_for as prefs_lang
from bot.discord.respond import NO_PINGS
from bot.i18n import t
from bot.store import GuildPrefs

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
CLEAR = ("", "-", "none", "clear", "无", "清除")


def _bot(interaction: discord.Interaction) -> ModelBot:
    return cast("ModelBot", interaction.client)


class AdminOrgName(OrgName):
    """An organisation to hide: completed for admins only, as the command is theirs."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        """Organisations ranked by likeness, for members with Manage Server."""
        return await super().autocomplete(interaction, value) if _is_admin(interaction) else []


def _in_guild(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


class BoardName(app_commands.Transformer):
    """A board title, completed from the loaded boards (for admins: only /settings takes it)."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        """Board titles containing what is typed."""
        if not _is_admin(interaction):
            return []
        titles = [b.title for b in _bot(interaction).catalog.boards]
        typed = value.casefold().strip()
        return [app_commands.Choice(name=cut(title, CHOICE_NAME), value=title[:CHOICE_NAME])
                for title in titles if typed in title.casefold()][:CHOICES]

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        """The loaded board whose title matches (case-insensitive, or a unique part of it)."""
        titles = [b.title for b in _bot(interaction).catalog.boards]
        typed = " ".join(value.split()).casefold()
        exact = [t for t in titles if t.casefold() == typed]
        partial = [t for t in titles if typed and typed in t.casefold()]
        found = exact or (partial if len(partial) == 1 else [])
        if not found:
            raise InvalidOption(option="board", value=value[:80], reason="unknown_board",
                                suggestions=partial[:5] or titles[:5])
        return found[0]


class WatchChannel(app_commands.Transformer):
    """A text channel of this server that the bot can see (its cache knows it). Discord's own
    client offers nothing else, but a forged or stale value may name a channel of another
    server, a voice channel or one the bot was never shown: that is the user's mistake, told
    as such, not a bug."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        """A channel option, as ``discord.TextChannel`` registers."""
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        """Text and announcement channels, as ``discord.TextChannel`` registers."""
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(self, interaction: discord.Interaction, value: Any) -> discord.TextChannel:
        """The cached text channel of this server that ``value`` names."""
        channel_id = getattr(value, "id", None)
        guild = interaction.guild
        channel = guild.get_channel(channel_id) if guild is not None and channel_id else None
        if not isinstance(channel, discord.TextChannel) or channel.guild.id != interaction.guild_id:
            shown = f"<#{channel_id}>" if isinstance(channel_id, int) else "?"
            raise InvalidOption(option="channel", value=shown, reason="cannot_see")
        return channel


def _is_admin(interaction: discord.Interaction) -> bool:
    """Manage Server in a server: what every /settings and /watch path needs."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild


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


def _can_post(channel: discord.TextChannel) -> bool:
    """Whether the bot may send embeds in ``channel``, as far as its cache knows (true when it
    cannot tell: Discord's answer to the first announcement then says, in the log)."""
    me = channel.guild.me
    if me is None:
        return True
    allowed = channel.permissions_for(me)
    return allowed.send_messages and allowed.embed_links


def _choices(names: list[str], typed: str) -> list[app_commands.Choice[str]]:
    key = typed.casefold().strip()
    return [app_commands.Choice(name=cut(n, CHOICE_NAME), value=n[:CHOICE_NAME])
            for n in names if key in n.casefold()][:CHOICES]


def render_settings(prefs: GuildPrefs, lang: str, note: str | None = None) -> discord.Embed:
    """The server's preferences, each with its value or "default"."""
    unset = t(lang, "settings.default")
    embed = discord.Embed(title=t(lang, "settings.title"), colour=colour("总分"),
                          description=note)
    embed.add_field(name=t(lang, "option.budget"),
                    value=i18n.price(prefs.budget, lang) if prefs.budget is not None else unset)
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


async def _save(interaction: discord.Interaction, prefs: GuildPrefs) -> None:
    bot = _bot(interaction)
    try:
        await bot.store.set_prefs(prefs)
    except ValidationError as error:  # e.g. more hidden names than a server may keep
        problem = error.errors()[0]
        raise InvalidOption(option=str(problem["loc"][0]) if problem["loc"] else "settings",
                            value=str(problem.get("input", ""))[:80], reason="invalid") from None
    lang = prefs_lang(interaction, prefs, bot.settings)
    await interaction.response.send_message(
        embed=render_settings(prefs, lang, t(lang, "settings.saved")), ephemeral=True,
        allowed_mentions=NO_PINGS,
    )


async def _current(interaction: discord.Interaction) -> GuildPrefs:
    assert interaction.guild_id is not None  # _in_guild ran first
    return await _bot(interaction).store.get_prefs(interaction.guild_id)


def build_admin_commands(bot: ModelBot) -> list[app_commands.Command | app_commands.Group]:
    """``/settings ...`` and ``/watch``."""
    settings = app_commands.Group(
        name=_("settings"), description=_("This server's defaults (Manage Server)"),
        guild_only=True, default_permissions=discord.Permissions(manage_guild=True),
        # contexts, not only the older dm_permission that guild_only sets on a group: what
        # Discord reads first, and what /watch and /reload declare
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )
    admin = app_commands.checks.has_permissions(manage_guild=True)
    limits = bot.settings.discord

    def in_guild(func: Callable[..., Any]) -> Callable[..., Any]:
        """Guild-only at run time, and the same per-user cooldown as every other command."""
        func = app_commands.checks.cooldown(limits.cooldown_rate, limits.cooldown_seconds,
                                            key=lambda i: i.user.id)(func)
        return app_commands.check(_in_guild)(func)

    @settings.command(name=_("show"), description=_("Show this server's defaults"))
    @admin
    @in_guild
    async def show(interaction: discord.Interaction) -> None:
        prefs = await _current(interaction)
        lang = prefs_lang(interaction, prefs, bot.settings)
        await interaction.response.send_message(embed=render_settings(prefs, lang),
                                                ephemeral=True, allowed_mentions=NO_PINGS)

    @settings.command(name=_("budget"), description=_("Default budget; leave empty to clear"))
    @app_commands.rename(value=_("budget"))
    @app_commands.describe(value=_("Highest output price, 元 per million tokens"))
    @admin
    @in_guild
    async def budget(interaction: discord.Interaction,
                     value: app_commands.Range[float, 0, 1_000_000] | None = None) -> None:
        try:
            checked = parse_budget(value)
        except ValueError as error:  # the same reasons, and words, as a command's budget
            kind = getattr(error, "type", None)
            reason = {"budget_too_small": "too_small", "less_than_equal": "range"}.get(
                kind if isinstance(kind, str) else "", "number")
            raise InvalidOption(option="budget", value=str(value)[:40], reason=reason,
                                low=MIN_BUDGET if reason == "too_small" else 0,
                                high=MAX_BUDGET) from None
        prefs = await _current(interaction)
        await _save(interaction, prefs.model_copy(update={"budget": checked}))

    @settings.command(name=_("language"), description=_("Reply language in this server"))
    @app_commands.rename(value=_("language"))
    @app_commands.choices(value=[
        app_commands.Choice(name="中文", value="zh"),
        app_commands.Choice(name="English", value="en"),
        app_commands.Choice(name=_("auto (each user's Discord language)"), value="auto"),
    ])
    @admin
    @in_guild
    async def language(interaction: discord.Interaction, value: str) -> None:
        if value not in ("zh", "en", "auto"):
            raise InvalidOption(option="language", value=value[:20], reason="invalid")
        prefs = await _current(interaction)
        await _save(interaction,
                    prefs.model_copy(update={"language": None if value == "auto" else value}))

    @settings.command(name=_("currency"), description=_("Show prices in 元 or US dollars"))
    @app_commands.rename(value=_("currency"))
    @app_commands.choices(value=[app_commands.Choice(name="CNY 元", value="CNY"),
                                 app_commands.Choice(name="USD $", value="USD")])
    @admin
    @in_guild
    async def currency(interaction: discord.Interaction, value: str) -> None:
        if value not in ("CNY", "USD"):
            raise InvalidOption(option="currency", value=value[:20], reason="invalid")
        prefs = await _current(interaction)
        await _save(interaction, prefs.model_copy(update={"currency": value}))

    @settings.command(
        name=_("hide"), description=_("Leave an organisation or a board out of rankings")
    )
    @app_commands.rename(org=_("org"), board=_("board"))
    @admin
    @in_guild
    async def hide(interaction: discord.Interaction,
                   org: app_commands.Transform[str, AdminOrgName] | None = None,
                   board: app_commands.Transform[str, BoardName] | None = None) -> None:
        # typed text is echoed in errors: one line, no control characters (as every command's)
        org = clean_text(org) if org is not None else None
        if not org and board is None:
            raise InvalidOption(option="org", value="", reason="hide_what")
        prefs = await _current(interaction)
        catalog = bot.catalog
        orgs, boards = list(prefs.hidden_orgs), list(prefs.hidden_boards)
        if org:
            name = catalog.orgs.name_of(catalog.resolve_org(org))
            if name.casefold() not in (o.casefold() for o in orgs):
                orgs.append(name)
        if board and board not in boards:
            boards.append(board)
        await _save(interaction, prefs.model_copy(update={"hidden_orgs": orgs,
                                                          "hidden_boards": boards}))

    @settings.command(name=_("unhide"),
                      description=_("Show an organisation or board again; empty: show all"))
    @app_commands.rename(org=_("org"), board=_("board"))
    @admin
    @in_guild
    async def unhide(interaction: discord.Interaction, org: str | None = None,
                     board: str | None = None) -> None:
        prefs = await _current(interaction)
        if org is None and board is None:
            orgs: list[str] = []
            boards: list[str] = []
        else:
            orgs = _without(prefs.hidden_orgs, org, "org", _org_names(org))
            boards = _without(prefs.hidden_boards, board, "board", [board] if board else [])
        await _save(interaction, prefs.model_copy(update={"hidden_orgs": orgs,
                                                          "hidden_boards": boards}))

    def _org_names(org: str | None) -> list[str]:
        """What ``org`` may be stored as: as typed, or its board spelling (alibaba -> 阿里巴巴)."""
        if not org:
            return []
        try:
            return [org, bot.catalog.orgs.name_of(bot.catalog.resolve_org(org))]
        except InvalidOption:
            return [org]

    # A failed check answers an autocomplete with no choices (discord.py): what the server hides
    # is for its admins, and a DM has no server to read.
    @unhide.autocomplete("org")
    @admin
    @app_commands.check(_in_guild)
    async def _hidden_orgs(interaction: discord.Interaction,
                           value: str) -> list[app_commands.Choice[str]]:
        prefs = await _current(interaction)
        return _choices(prefs.hidden_orgs, value)

    @unhide.autocomplete("board")
    @admin
    @app_commands.check(_in_guild)
    async def _hidden_boards(interaction: discord.Interaction,
                             value: str) -> list[app_commands.Choice[str]]:
        prefs = await _current(interaction)
        return _choices(prefs.hidden_boards, value)

    @settings.command(name=_("weights"), description=_("Default weights for /recommend"))
    @app_commands.rename(value=_("weights"))
    @app_commands.describe(value=_("Like 医疗=2 法律=1; empty to clear"))
    @admin
    @in_guild
    async def weights(interaction: discord.Interaction, value: str | None = None) -> None:
        prefs = await _current(interaction)
        parsed = {} if value is None or value.strip().casefold() in CLEAR else \
            parse_weights(value[:200], bot.catalog.domains)
        await _save(interaction, prefs.model_copy(update={"weights": parsed}))

    @settings.command(name=_("reset"), description=_("Back to the defaults"))
    @admin
    @in_guild
    async def reset(interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await bot.store.reset_prefs(interaction.guild_id)
        await _save(interaction, GuildPrefs(guild_id=interaction.guild_id))

    @app_commands.command(
        name=_("watch"),
        description=_("Announce leaderboard changes in a channel (Manage Server)"),
    )
    @app_commands.rename(channel=_("channel"), stop=_("stop"))
    @app_commands.describe(channel=_("Where to announce; empty: list the channels"),
                           stop=_("Stop announcing there"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @admin
    @in_guild
    async def watch(interaction: discord.Interaction,
                    channel: app_commands.Transform[discord.TextChannel, WatchChannel]
                    | None = None, stop: bool = False) -> None:
        assert interaction.guild_id is not None
        prefs = await _current(interaction)
        lang = prefs_lang(interaction, prefs, bot.settings)
        if channel is None:
            watches = await bot.store.watches([interaction.guild_id])
            text = "\n".join(f"<#{w.channel_id}>" for w in watches) or t(lang, "watch.none")
        elif stop:
            removed = await bot.store.remove_watch(interaction.guild_id, channel.id)
            text = t(lang, "watch.stopped" if removed else "watch.not_watched",
                     channel=channel.mention)
        elif not _can_post(channel):
            raise InvalidOption(option="channel", value=channel.mention, reason="cannot_post")
        else:
            added = await bot.store.add_watch(interaction.guild_id, channel.id)
            text = t(lang, "watch.started" if added else "watch.already", channel=channel.mention)
        await interaction.response.send_message(
            embed=discord.Embed(title=t(lang, "watch.title"), description=text,
                                colour=colour("总分")),
            ephemeral=True, allowed_mentions=NO_PINGS,
        )

    return [settings, watch]

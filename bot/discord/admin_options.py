"""Option types of the admin commands: organisations and boards to hide (completed for admins
only), and the channel /watch posts in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.core.errors import InvalidOption
from bot.discord.checks import is_admin
from bot.discord.limits import CHOICE_NAME, CHOICES, cut
from bot.discord.options import OrgName
from bot.discord.options import typed as typed_so_far

if TYPE_CHECKING:
    from bot.discord.app import ModelBot


def _titles(interaction: discord.Interaction[ModelBot]) -> list[str]:
    return [b.title for b in interaction.client.catalog.boards]


def choices(names: list[str], typed: object) -> list[app_commands.Choice[str]]:
    """The names containing what is typed, as autocomplete choices (at most 25)."""
    key = typed_so_far(typed).casefold().strip()
    return [app_commands.Choice(name=cut(n, CHOICE_NAME), value=n[:CHOICE_NAME])
            for n in names if key in n.casefold()][:CHOICES]


class AdminOrgName(OrgName):
    """An organisation to hide: completed for admins only, as the command is theirs."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[ModelBot], value: str
    ) -> list[app_commands.Choice[str]]:
        """Organisations ranked by likeness, for members with Manage Server."""
        return await super().autocomplete(interaction, value) if is_admin(interaction) else []


class BoardName(app_commands.Transformer):
    """A board title, completed from the loaded boards (for admins: only /settings takes it)."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[ModelBot], value: str
    ) -> list[app_commands.Choice[str]]:
        """Board titles containing what is typed."""
        return choices(_titles(interaction), value) if is_admin(interaction) else []

    async def transform(self, interaction: discord.Interaction[ModelBot], value: str) -> str:
        """The loaded board whose title matches (case-insensitive, or a unique part of it)."""
        titles = _titles(interaction)
        typed = " ".join(value.split()).casefold()
        exact = [t for t in titles if t.casefold() == typed]
        partial = [t for t in titles if typed and typed in t.casefold()]
        found = exact or (partial if len(partial) == 1 else [])
        if not found:
            raise InvalidOption(option="board", value=value[:80], reason="unknown_board",
                                suggestions=partial[:5] or titles[:5])
        return found[0]


Postable = discord.TextChannel | app_commands.AppCommandChannel
"""A channel /watch may post in: cached (the gateway) or as Discord resolved it (over HTTP)."""


def _resolved_in_guild(interaction: discord.Interaction, channel_id: int) -> bool:
    """Whether the signed payload places the channel in the interaction's own server.
    discord.py gives a resolved channel the interaction's guild id, whatever the payload says,
    so the payload itself is read: the channel's ``guild_id`` there, when Discord sends one,
    must be the interaction's."""
    data: Any = interaction.data or {}
    resolved = data.get("resolved") if isinstance(data, dict) else None
    channels = resolved.get("channels") if isinstance(resolved, dict) else None
    channel = channels.get(str(channel_id)) if isinstance(channels, dict) else None
    if not isinstance(channel, dict) or interaction.guild_id is None:
        return False
    guild = channel.get("guild_id")
    return guild is None or str(guild) == str(interaction.guild_id)


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

    async def transform(self, interaction: discord.Interaction[ModelBot], value: Any) -> Postable:
        """The text channel of this server that ``value`` names: the cached one; over HTTP
        (``modelbot serve``), where no cache knows the server, the one Discord resolved."""
        channel_id = getattr(value, "id", None)
        guild = interaction.guild
        channel = guild.get_channel(channel_id) if guild is not None and channel_id else None
        if isinstance(channel, discord.TextChannel) and channel.guild.id == interaction.guild_id:
            return channel
        uncached = interaction.client.get_guild(interaction.guild_id or 0) is None
        if (uncached and isinstance(value, app_commands.AppCommandChannel)
                and value.type in (discord.ChannelType.text, discord.ChannelType.news)
                and _resolved_in_guild(interaction, value.id)):
            return value
        shown = f"<#{channel_id}>" if isinstance(channel_id, int) else "?"
        raise InvalidOption(option="channel", value=shown, reason="cannot_see")

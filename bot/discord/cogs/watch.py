"""``/watch``: change announcements in a channel, for members with Manage Server."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.core.errors import InvalidOption
from bot.core.models import TOTAL
from bot.discord.admin_options import Postable, WatchChannel
from bot.discord.checks import cooldown, manage_server
from bot.discord.embeds import colour
from bot.discord.prefs import reply_language
from bot.discord.sending import NO_PINGS
from bot.i18n import t

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

Channel = app_commands.Transform[Postable, WatchChannel]


def _can_post(channel: Postable) -> bool:
    """Whether the bot may send embeds in ``channel``, as far as its cache knows (true when it
    cannot tell, as over HTTP: Discord's answer to the first announcement then says, in the
    log)."""
    if not isinstance(channel, discord.TextChannel):
        return True
    me = channel.guild.me
    if me is None:
        return True
    allowed = channel.permissions_for(me)
    return allowed.send_messages and allowed.embed_links


class WatchCog(commands.Cog):
    """/watch [channel] [stop]."""

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot

    @app_commands.command(
        name=_("watch"),
        description=_("Announce leaderboard changes in a channel (Manage Server)"))
    @app_commands.rename(channel=_("channel"), stop=_("stop"))
    @app_commands.describe(channel=_("Where to announce; empty: list the channels"),
                           stop=_("Stop announcing there"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @manage_server
    @cooldown
    async def watch(self, interaction: discord.Interaction, channel: Channel | None = None,
                    stop: bool = False) -> None:
        """Subscribe a channel, unsubscribe it, or list the subscribed ones."""
        guild_id = interaction.guild_id
        assert guild_id is not None  # manage_server ran first
        store = self.bot.store
        prefs = await store.get_prefs(guild_id)
        lang = reply_language(self.bot.settings, prefs, interaction.locale)
        if channel is None:
            watches = await store.watches([guild_id])
            text = "\n".join(f"<#{w.channel_id}>" for w in watches) or t(lang, "watch.none")
        elif stop:
            removed = await store.remove_watch(guild_id, channel.id)
            text = t(lang, "watch.stopped" if removed else "watch.not_watched",
                     channel=channel.mention)
        elif not _can_post(channel):
            raise InvalidOption(option="channel", value=channel.mention, reason="cannot_post")
        else:
            added = await store.add_watch(guild_id, channel.id)
            text = t(lang, "watch.started" if added else "watch.already", channel=channel.mention)
        await interaction.response.send_message(
            embed=discord.Embed(title=t(lang, "watch.title"), description=text,
                                colour=colour(TOTAL)),
            ephemeral=True, allowed_mentions=NO_PINGS)

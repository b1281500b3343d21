"""Change announcements: after the catalog reloads, one embed to each channel subscribed with
``/watch`` in the guilds this process serves. Nothing is posted when nothing changed enough;
with several shard processes each posts only to its own guilds' channels, so every channel gets
one message."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot import i18n
from bot.core.diff import CatalogDiff
from bot.discord.embeds import render_reload
from bot.discord.prefs import reply_language
from bot.discord.sending import NO_PINGS

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)


def render_announcement(diff: CatalogDiff, lang: str) -> discord.Embed:
    """The diff as the channel sees it."""
    embed = render_reload(diff, lang)
    embed.title = i18n.t(lang, "announce.title")
    return embed


async def announce(bot: ModelBot, diff: CatalogDiff) -> int:
    """Post ``diff`` to every watched channel of this process's guilds; returns how many
    messages went out. Failures for one channel are logged and do not stop the others."""
    changes = diff.significant(bot.settings.announce.min_move)
    if changes.empty:
        return 0
    guild_ids = [guild.id for guild in bot.guilds]
    if not guild_ids:
        return 0
    sent = 0
    for watch in await bot.store.watches(guild_ids):
        channel = bot.get_channel(watch.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("watched channel %s of guild %s is gone or not a text channel",
                        watch.channel_id, watch.guild_id)
            continue
        prefs = await bot.guild_prefs(watch.guild_id)
        lang = reply_language(bot.settings, prefs)
        try:
            await channel.send(embed=render_announcement(changes, lang),
                               allowed_mentions=NO_PINGS)
            sent += 1
        except discord.HTTPException as error:
            log.warning("could not announce in channel %s: %s", watch.channel_id, error)
    log.info("announced a board change in %d channels", sent)
    return sent

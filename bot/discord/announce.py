"""Change announcements: after the catalog reloads, one embed to each channel subscribed with
``/watch`` in the guilds this process serves. Nothing is posted when nothing changed enough;
with several shard processes each posts only to its own guilds' channels, so every channel gets
one message."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

import discord

from bot import i18n
from bot.core.diff import CatalogDiff
from bot.discord.embeds import render_reload
from bot.discord.prefs import reply_language
from bot.discord.sending import NO_PINGS
from bot.store import Watch

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)


def render_announcement(diff: CatalogDiff, lang: str) -> discord.Embed:
    """The diff as the channel sees it."""
    embed = render_reload(diff, lang)
    embed.title = i18n.t(lang, "announce.title")
    return embed


async def watched_channels(bot: ModelBot) -> list[tuple[Watch, discord.abc.Messageable]]:
    """The watched channels this process posts in, with their channels: those of the guilds
    its gateway shards serve; over HTTP (``modelbot serve``) every one, since any replica
    serves every server (each channel's claim in the store keeps a post to one replica)."""
    if bot.over_http:
        watches = await bot.store.watches()
    else:
        guild_ids = [guild.id for guild in bot.guilds]
        watches = await bot.store.watches(guild_ids) if guild_ids else []
    found = []
    for watch in watches:
        channel = (bot.get_partial_messageable(watch.channel_id, guild_id=watch.guild_id)
                   if bot.over_http else bot.get_channel(watch.channel_id))
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("watched channel %s of guild %s is gone or not a text channel",
                        watch.channel_id, watch.guild_id)
            continue
        found.append((watch, channel))
    return found


def change_mark(diff: CatalogDiff) -> str:
    """What a channel is marked with once told of ``diff``: the same change seen by several
    replicas has the same mark, so only the first to claim the channel posts."""
    return "changes:" + hashlib.sha256(diff.model_dump_json().encode()).hexdigest()[:24]


async def announce(bot: ModelBot, diff: CatalogDiff) -> int:
    """Post ``diff`` to every watched channel this process posts in; returns how many
    messages went out. Failures for one channel are logged and do not stop the others."""
    changes = diff.significant(bot.settings.announce.min_move)
    if changes.empty:
        return 0
    sent = 0
    mark = change_mark(changes)
    for watch, channel in await watched_channels(bot):
        if bot.over_http and not await bot.store.claim_announcement(
                watch.guild_id, watch.channel_id, mark):
            continue  # another replica posted it
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

"""Announcing a new release to the channels subscribed with ``/watch``.

When a reload makes a newer release current (a sync, a file dropped into the data folder, an
admin's ``/reload``), each watched channel of the guilds this process serves gets one embed:
the ``/changes`` digest of the release against the one served before (``bot.core.changes``:
models in and out, prices, leaders, the biggest moves, the scoring warning), titled as the
news of a release (the two catalogs' current releases compared, so the new data need not
hold the older one any more). Each channel hears of a release once: the store marks the
release announced there before the message goes out (``Store.claim_announcement``), so
neither a second process nor a restart posts it again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from bot import i18n
from bot.core.catalog import Catalog
from bot.core.changes import release_changes
from bot.core.release import release_order
from bot.discord.announce import watched_channels
from bot.discord.history_embeds import render_changes
from bot.discord.limits import fit
from bot.discord.prefs import reply_language
from bot.discord.sending import NO_PINGS
from bot.render.context import RenderContext

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
RELEASE_COLOUR = discord.Colour(0x2B8A3E)


def is_newer_release(old: Catalog, new: Catalog) -> bool:
    """Whether ``new``'s current release is a named release newer than ``old``'s."""
    return bool(new.current.version) and release_order(new.current.info) > release_order(
        old.current.info)


def release_digest(old: Catalog, new: Catalog, lang: str) -> discord.Embed:
    """The announcement of ``new``'s release: the ``/changes`` digest of the release served
    before (``old``'s current) against it, whether or not ``new`` still holds the older one
    (``bot.core.changes.release_changes``), titled as the news of a release."""
    info = new.current.info
    result = release_changes(old, new)
    embed = render_changes(result, RenderContext(lang=lang))
    embed.title = i18n.t(lang, "release.title", release=info.version)
    embed.colour = RELEASE_COLOUR
    released = i18n.t(lang, "release.date", date=str(info.date or "?"))
    embed.description = f"{released}\n{embed.description or ''}".strip()
    return fit(embed)


async def announce_release(bot: ModelBot, old: Catalog, new: Catalog) -> int:
    """Post the release to every watched channel this process posts in that has not heard
    of it; returns how many messages went out. One channel's failure stops no other."""
    version = new.current.version
    if not version:
        return 0
    digests: dict[str, discord.Embed] = {}
    sent = 0
    for watch, channel in await watched_channels(bot):
        if not await bot.store.claim_announcement(watch.guild_id, watch.channel_id, version):
            continue  # announced there already (by this process or another)
        prefs = await bot.guild_prefs(watch.guild_id)
        lang = reply_language(bot.settings, prefs)
        try:
            if lang not in digests:  # off the loop: 110 ms for a release of 900 boards
                digests[lang] = await asyncio.to_thread(release_digest, old, new, lang)
            await channel.send(embed=digests[lang], allowed_mentions=NO_PINGS)
            sent += 1
        except discord.HTTPException as error:
            log.warning("could not announce release %s in channel %s: %s", version,
                        watch.channel_id, error)
    log.info("announced release %s in %d channels", version, sent)
    return sent

"""The slash commands, one cog per area: the questions anyone may ask (``lookups``), a server's
administration (``admin``: /settings and /reload), change announcements (``watch``) and plain
questions in chat (``questions``: mentions, replies and DMs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.discord.cogs.admin import AdminCog
from bot.discord.cogs.lookups import LookupsCog
from bot.discord.cogs.questions import QuestionsCog
from bot.discord.cogs.watch import WatchCog

if TYPE_CHECKING:
    from discord.ext import commands

    from bot.discord.app import ModelBot


def make_cogs(bot: ModelBot) -> list[commands.Cog]:
    """A fresh instance of every cog for ``bot`` (two bots never share command objects)."""
    return [LookupsCog(bot), AdminCog(bot), WatchCog(bot), QuestionsCog(bot)]

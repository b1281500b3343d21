"""``/domains`` in pages: with every per-benchmark board of a release loaded (``--all``: several
hundred domains) one embed cannot hold them, so the list is split into pages of ``PER_PAGE``,
turned with the same buttons as ``/leaderboard``'s."""

from __future__ import annotations

import math

import discord

from bot import i18n
from bot.core.results import DomainsResult
from bot.discord.embeds import render_domains
from bot.render.context import RenderContext

PER_PAGE = 20
"""Domains per page: one embed field each, below Discord's 25 fields."""


def page_count(result: DomainsResult) -> int:
    """How many pages the domains fill."""
    return max(1, math.ceil(len(result.domains) / PER_PAGE))


def render_domains_page(result: DomainsResult, page: int, ctx: RenderContext) -> discord.Embed:
    """Page ``page`` (from 1, clamped) of the domains, saying which page of how many."""
    pages = page_count(result)
    page = min(max(page, 1), pages)
    start = (page - 1) * PER_PAGE
    embed = render_domains(
        result.model_copy(update={"domains": result.domains[start:start + PER_PAGE]}), ctx)
    embed.description = (embed.description or "") + "\n" + i18n.t(
        ctx.lang, "domains.page", page=page, pages=pages, count=len(result.domains))
    return embed

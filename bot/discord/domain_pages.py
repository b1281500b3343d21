"""``/domains`` in pages: with every per-benchmark board of a release loaded (``--all``: several
hundred domains) one embed cannot hold them, so the list is split into pages of
``PER_PAGE`` with Previous / Next buttons, as ``/leaderboard`` pages its ranking. The result is
computed once; the buttons only show another slice of it."""

from __future__ import annotations

import math

import discord

from bot import i18n
from bot.core.results import DomainsResult
from bot.discord.embeds import render_domains
from bot.discord.views import _OwnedView

PER_PAGE = 20
"""Domains per page: one embed field each, below Discord's 25 fields."""


def page_count(result: DomainsResult) -> int:
    """How many pages the domains fill."""
    return max(1, math.ceil(len(result.domains) / PER_PAGE))


def render_domains_page(result: DomainsResult, page: int, lang: str) -> discord.Embed:
    """Page ``page`` (from 1, clamped) of the domains, saying which page of how many."""
    pages = page_count(result)
    page = min(max(page, 1), pages)
    start = (page - 1) * PER_PAGE
    embed = render_domains(
        result.model_copy(update={"domains": result.domains[start:start + PER_PAGE]}), lang)
    embed.description = (embed.description or "") + "\n" + i18n.t(
        lang, "domains.page", page=page, pages=pages, count=len(result.domains))
    return embed


class DomainPagerView(_OwnedView):
    """Previous / Next over the pages of a ``/domains`` answer."""

    def __init__(self, result: DomainsResult, *, lang: str, owner_id: int,
                 timeout: float) -> None:
        super().__init__(owner_id=owner_id, lang=lang, timeout=timeout)
        self.result = result
        self.page = 1
        self.pages = page_count(result)
        self.previous.label = i18n.t(lang, "discord.previous")
        self.next.label = i18n.t(lang, "discord.next")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.page = min(max(self.page + step, 1), self.pages)
        self._sync_buttons()
        await interaction.response.edit_message(
            embed=render_domains_page(self.result, self.page, self.lang), view=self)

    @discord.ui.button(emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """One page back."""
        await self._turn(interaction, -1)

    @discord.ui.button(emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """One page on."""
        await self._turn(interaction, +1)


async def send_domain_pages(interaction: discord.Interaction, result: DomainsResult,
                            lang: str, timeout: float) -> None:
    """Answer ``/domains`` with its first page and the buttons."""
    from bot.discord.respond import NO_PINGS

    view = DomainPagerView(result, lang=lang, owner_id=interaction.user.id, timeout=timeout)
    sent = await interaction.response.send_message(
        embed=render_domains_page(result, 1, lang), view=view, allowed_mentions=NO_PINGS)
    if isinstance(sent.resource, discord.InteractionMessage):
        view.message = sent.resource

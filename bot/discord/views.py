"""Views: buttons to page a leaderboard, a select menu to settle an ambiguous name.

A view gets results that are already computed (or a function that finishes the command),
answers only the user who ran the command, disables itself on timeout, and hands its errors to
the command tree's error handler, so they are answered as command errors are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot import i18n
from bot.core.errors import InvalidOption
from bot.core.requests import clean_text
from bot.discord.embeds import render_notice
from bot.discord.limits import SELECT_LABEL, SELECT_OPTIONS, cut_middle
from bot.discord.sending import LANG, send_ephemeral

Finish = Callable[[discord.Interaction, str], Awaitable[None]]
"""What the which-model menu does with the name picked: answer the command with it."""


class _OwnedView(discord.ui.View):
    """A view that only its owner may use; disabled and saved when it times out."""

    def __init__(self, *, owner_id: int, lang: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.lang = lang
        self.message: discord.InteractionMessage | discord.Message | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the user who ran the command may press; others are told so, privately."""
        if interaction.user.id == self.owner_id:
            return True
        await send_ephemeral(interaction, render_notice(i18n.t(self.lang, "discord.not_owner")))
        return False

    async def on_timeout(self) -> None:
        """Grey the controls out so nobody presses a dead button."""
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        if self.message is not None:
            # the message may be gone or the token expired: nothing left to disable then
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        """Errors inside a view get the same ephemeral answer as command errors."""
        interaction.extras.setdefault(LANG, self.lang)
        tree = getattr(interaction.client, "tree", None)
        if tree is not None:
            await tree.on_error(interaction, error)


class PagerView(_OwnedView):
    """Previous / Next over an answer computed once: ``render_page(n)`` draws page ``n`` (from
    1) of ``pages``; the buttons only show another slice of the same result."""

    def __init__(self, render_page: Callable[[int], discord.Embed], *, pages: int, page: int,
                 lang: str, owner_id: int, timeout: float) -> None:
        super().__init__(owner_id=owner_id, lang=lang, timeout=timeout)
        self.render_page = render_page
        self.pages = pages
        self.page = page
        self.previous.label = i18n.t(lang, "discord.previous")
        self.next.label = i18n.t(lang, "discord.next")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.page = min(max(self.page + step, 1), self.pages)
        self._sync_buttons()
        await interaction.response.edit_message(embed=self.render_page(self.page), view=self)

    @discord.ui.button(emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """One page back."""
        await self._turn(interaction, -1)

    @discord.ui.button(emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """One page on."""
        await self._turn(interaction, +1)


class ChoiceView(_OwnedView):
    """A select of the candidates for an ambiguous name; picking one finishes the command."""

    def __init__(self, *, candidates: list[str], finish: Finish, lang: str, owner_id: int,
                 timeout: float) -> None:
        super().__init__(owner_id=owner_id, lang=lang, timeout=timeout)
        self.finish = finish
        # values are positions, not names: names may be longer than a value may be (100), and
        # two long names may share their first 100 characters
        self.candidates = list(dict.fromkeys(candidates))[:SELECT_OPTIONS]
        self.pick.placeholder = i18n.t(lang, "discord.choose")
        self.pick.options = [
            discord.SelectOption(label=cut_middle(name, SELECT_LABEL), value=str(index))
            for index, name in enumerate(self.candidates)
        ]

    def _picked(self, values: list[str]) -> str:
        """The candidate a select's values name; anything the menu never offered (a forged
        value, none, several, a negative index) is the user's error."""
        offered = [str(index) for index in range(len(self.candidates))]
        if len(values) != 1 or values[0] not in offered:
            shown = clean_text(",".join(str(v) for v in values))[:40]
            raise InvalidOption(option="choice", value=shown, reason="not_offered")
        return self.candidates[int(values[0])]

    @discord.ui.select(min_values=1, max_values=1)
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        """Finish the command with the picked name, then grey the menu out: it has done its
        job."""
        choice = self._picked(list(select.values))
        self.stop()
        await self.finish(interaction, choice)
        await self.on_timeout()

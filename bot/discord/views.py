"""Views: buttons to page a leaderboard, a select menu to settle an ambiguous name.

A view gets results that are already computed (or the options to finish a command), answers
only the user who ran the command, disables itself on timeout and reports errors ephemerally.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

import discord

from bot import i18n
from bot.core.errors import InvalidOption
from bot.core.requests import clean_text
from bot.core.results import LeaderboardResult
from bot.discord.embeds import render_leaderboard, render_notice
from bot.discord.limits import SELECT_LABEL, SELECT_OPTIONS, cut_middle
from bot.discord.respond import answer, report_error, send_ephemeral


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
        await report_error(interaction, error)


class PagerView(_OwnedView):
    """Previous / Next over a leaderboard computed once."""

    def __init__(
        self, result: LeaderboardResult, *, lang: str, owner_id: int, data_date: date | None,
        timeout: float, money: i18n.Money = i18n.CNY,
    ) -> None:
        super().__init__(owner_id=owner_id, lang=lang, timeout=timeout)
        self.result = result
        self.data_date = data_date
        self.money = money
        self.previous.label = i18n.t(lang, "discord.previous")
        self.next.label = i18n.t(lang, "discord.next")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.result.page <= 1
        self.next.disabled = self.result.page >= self.result.pages

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.result = self.result.turn_to(self.result.page + step)
        self._sync_buttons()
        await interaction.response.edit_message(
            embed=render_leaderboard(self.result, self.lang, self.data_date, self.money),
            view=self
        )

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

    def __init__(
        self, *, command: str, options: dict[str, Any], query: str, candidates: list[str],
        lang: str, owner_id: int, timeout: float,
    ) -> None:
        super().__init__(owner_id=owner_id, lang=lang, timeout=timeout)
        self.command = command
        self.options = options
        self.query = query
        # values are positions, not names: names may be longer than a value may be (100), and
        # two long names may share their first 100 characters
        self.candidates = list(dict.fromkeys(candidates))[:SELECT_OPTIONS]
        self.pick.placeholder = i18n.t(lang, "discord.choose")
        self.pick.options = [
            discord.SelectOption(label=cut_middle(name, SELECT_LABEL), value=str(index))
            for index, name in enumerate(self.candidates)
        ]

    def _is_query(self, value: Any) -> bool:
        # the core compares the cleaned text (full-width folded, invisible characters dropped)
        return isinstance(value, str) and " ".join(clean_text(value).split()) == self.query

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
        """Run the command again with the picked name in place of the ambiguous text, then
        grey the menu out: it has done its job."""
        choice = self._picked(list(select.values))
        options = {key: (choice if self._is_query(value) else value)
                   for key, value in self.options.items()}
        self.stop()
        await answer(interaction, self.command, options)
        await self.on_timeout()

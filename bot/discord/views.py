"""Buttons and menus that any process can handle: page buttons (``/leaderboard``,
``/domains``) and the which-model menu of an ambiguous name.

Each is a ``discord.ui.DynamicItem``: its ``custom_id`` carries who may use it and the key of
its state in the shared store (the question the pages turn, the names the menu offers). A press
is handled by whichever process receives it (another replica behind a load balancer, or this
one after a restart): it reads the state, answers the question again (the catalog keeps the
answer) and shows the page or finishes the command. Only the user who ran the command may press;
others are told so privately. A state older than the store keeps (``VIEW_STATE_DAYS``) says the
menu expired.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

import discord

from bot import i18n
from bot.core.errors import InvalidOption
from bot.core.requests import clean_text
from bot.discord.embeds import render_notice
from bot.discord.limits import SELECT_LABEL, SELECT_OPTIONS, cut_middle
from bot.discord.prefs import reply_language
from bot.discord.sending import send_ephemeral

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

Interaction = discord.Interaction["ModelBot"]
PageTurner = Callable[[Interaction, dict[str, Any], int, str], Awaitable[None]]
Finisher = Callable[[Interaction, dict[str, Any], str], Awaitable[None]]
_handlers: dict[str, Callable[..., Awaitable[None]]] = {}


def on_page(turn: PageTurner) -> PageTurner:
    """Register what a page button does: ``turn(interaction, state, page, key)``."""
    _handlers["page"] = turn
    return turn


def on_pick(finish: Finisher) -> Finisher:
    """Register what the which-model menu does: ``finish(interaction, state, name)``."""
    _handlers["pick"] = finish
    return finish


async def keep_state(bot: ModelBot, state: dict[str, Any]) -> str:
    """Save ``state`` in the store; its key (the same state, the same key)."""
    text = json.dumps(state, ensure_ascii=False, sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    await bot.store.save_view_state(key, text)
    return key


async def kept_state(interaction: Interaction, key: str) -> dict[str, Any] | None:
    """The state ``keep_state`` saved under ``key``, or None (after telling the user that the
    menu expired)."""
    text = await interaction.client.store.view_state(key)
    if text is not None:
        return cast("dict[str, Any]", json.loads(text))
    lang = reply_language(interaction.client.settings, None, interaction.locale)
    await send_ephemeral(interaction, render_notice(i18n.t(lang, "discord.expired")))
    return None


async def _owner_only(interaction: Interaction, owner: int) -> bool:
    """Only the user who ran the command may press; others are told so, privately."""
    if interaction.user.id == owner:
        return True
    lang = reply_language(interaction.client.settings, None, interaction.locale)
    await send_ephemeral(interaction, render_notice(i18n.t(lang, "discord.not_owner")))
    return False


async def _report(interaction: Interaction, error: Exception) -> None:
    """A button's error, answered as a command's (discord.py would only log it)."""
    await interaction.client.tree.on_error(interaction, error)  # type: ignore[arg-type]


class _OwnedItem:
    """What the page buttons and the which-model menu share (put before ``DynamicItem`` in the
    bases): only ``owner`` may use one; a press reads the state kept under ``key`` and hands it
    to ``act``; an error is answered as a command's."""

    owner: int
    key: str

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        """Only the command's user."""
        return await _owner_only(interaction, self.owner)

    async def callback(self, interaction: Interaction) -> None:
        """Act on the kept state, unless it expired."""
        try:
            state = await kept_state(interaction, self.key)
            if state is not None:
                await self.act(interaction, state)
        except Exception as error:
            await _report(interaction, error)

    async def act(self, interaction: Interaction, state: dict[str, Any]) -> None:
        """What a press does with the state."""
        raise NotImplementedError


class PageButton(_OwnedItem, discord.ui.DynamicItem[discord.ui.Button],
                 template=r"mb:page:(?P<owner>\d+):(?P<page>\d+):(?P<key>[0-9a-f]{16})"):
    """One page button: shows page ``page`` of the answer kept under ``key``."""

    def __init__(self, owner: int, page: int, key: str, *, emoji: str = "▶️",
                 label: str | None = None, disabled: bool = False) -> None:
        super().__init__(discord.ui.Button(
            style=discord.ButtonStyle.secondary, emoji=emoji, label=label, disabled=disabled,
            custom_id=f"mb:page:{owner}:{page}:{key}"))
        self.owner, self.page, self.key = owner, page, key

    @classmethod
    async def from_custom_id(cls, interaction: Interaction,  # type: ignore[override]
                             item: discord.ui.Button, match: Any, /) -> PageButton:
        """The button a press names."""
        return cls(int(match["owner"]), int(match["page"]), match["key"])

    async def act(self, interaction: Interaction, state: dict[str, Any]) -> None:
        """Show the page."""
        await _handlers["page"](interaction, state, self.page, self.key)


def pager(owner: int, page: int, pages: int, key: str, lang: str) -> discord.ui.View:
    """Previous / Next for page ``page`` of ``pages``."""
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton(owner, max(page - 1, 0), key, emoji="◀️",
                             label=i18n.t(lang, "discord.previous"), disabled=page <= 1))
    view.add_item(PageButton(owner, page + 1, key, emoji="▶️",
                             label=i18n.t(lang, "discord.next"), disabled=page >= pages))
    return view


class PickMenu(_OwnedItem, discord.ui.DynamicItem[discord.ui.Select],
               template=r"mb:pick:(?P<owner>\d+):(?P<key>[0-9a-f]{16})"):
    """The which-model menu: picking a name finishes the command kept under ``key``."""

    def __init__(self, owner: int, key: str, *, select: discord.ui.Select | None = None,
                 names: Sequence[str] = (), placeholder: str | None = None) -> None:
        if select is None:
            # values are positions, not names: names may be longer than a value may be (100),
            # and two long names may share their first 100 characters
            select = discord.ui.Select(
                custom_id=f"mb:pick:{owner}:{key}", placeholder=placeholder, min_values=1,
                max_values=1, options=[
                    discord.SelectOption(label=cut_middle(name, SELECT_LABEL), value=str(index))
                    for index, name in enumerate(names[:SELECT_OPTIONS])])
        super().__init__(select)
        self.owner, self.key = owner, key

    @classmethod
    async def from_custom_id(cls, interaction: Interaction,  # type: ignore[override]
                             item: discord.ui.Select, match: Any, /) -> PickMenu:
        """The menu a pick names, with the values picked."""
        return cls(int(match["owner"]), match["key"], select=item)

    async def act(self, interaction: Interaction, state: dict[str, Any]) -> None:
        """Finish the command with the name picked."""
        name = picked(state["names"], list(self.item.values))
        await _handlers["pick"](interaction, state, name)


def picked(names: list[str], values: list[str]) -> str:
    """The name a menu's values pick; anything the menu never offered (a forged value, none,
    several, a negative index) is the user's error."""
    offered = [str(index) for index in range(min(len(names), SELECT_OPTIONS))]
    if len(values) != 1 or values[0] not in offered:
        shown = clean_text(",".join(str(v) for v in values))[:40]
        raise InvalidOption(option="choice", value=shown, reason="not_offered")
    return names[int(values[0])]


def which_model(owner: int, key: str, names: list[str], lang: str) -> discord.ui.View:
    """The menu of the names an ambiguous query fits."""
    view = discord.ui.View(timeout=None)
    view.add_item(PickMenu(owner, key, names=list(dict.fromkeys(names)),
                           placeholder=i18n.t(lang, "discord.choose")))
    return view

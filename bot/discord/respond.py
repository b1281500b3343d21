"""Answering a command: the one path from a callback's options to a reply.

A slash command's callback names its request class and passes its options; ``reply`` has the
core answer them as asked in the server (``bot.core.answer``: its defaults, what it hides) on
the catalog of the moment, renders the result for the reader and sends it publicly (with a
chart, or with page buttons, when the result has them). A page button and the which-model menu
come back here too (``turn_page``, ``finish_pick``), in whichever process receives the press.
Errors propagate to the tree's error handler (``bot.discord.errors``).
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot import i18n
from bot.core.answer import answer
from bot.core.history_results import HistoryResult
from bot.core.requests import (
    REQUESTS,
    DomainsRequest,
    HistoryRequest,
    LeaderboardRequest,
    Request,
    clean_text,
)
from bot.core.results import DomainsResult, LeaderboardResult, Result
from bot.discord.domain_pages import page_count, render_domains_page
from bot.discord.embeds import render_leaderboard, render_result
from bot.discord.history_embeds import render_history
from bot.discord.prefs import money_of, reply_language, standing_of
from bot.discord.sending import ASKED, LANG, NO_PINGS
from bot.discord.views import keep_state, on_page, on_pick, pager
from bot.render.charts import chart_name, has_chart
from bot.render.context import RenderContext

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)


Interaction = discord.Interaction["ModelBot"]


async def _answer(interaction: Interaction, kind: type[Request],
                  options: dict[str, Any]) -> tuple[Result, RenderContext, Request]:
    """The command answered as asked in the server, and the reader's context."""
    bot = interaction.client
    prefs = await bot.data.guild_prefs(interaction.guild_id)
    ctx = RenderContext(reply_language(bot.settings, prefs, interaction.locale),
                        money_of(prefs, bot.settings))
    interaction.extras[LANG] = ctx.lang
    # one catalog per command: a reload cannot change it midway
    request, result = answer((kind, options), bot.data.catalog, standing_of(prefs))
    return result, ctx, request


async def reply(interaction: Interaction, kind: type[Request], **options: Any) -> None:
    """Answer ``kind`` with ``options`` (None: not given) publicly."""
    interaction.extras[ASKED] = (kind, options)
    result, ctx, request = await _answer(interaction, kind, options)
    await send_result(interaction, result, ctx, request)


async def _send(interaction: Interaction, **message: Any) -> None:
    """The first response, or a follow-up when the interaction was answered already (the
    which-model menu answers its own message first)."""
    if interaction.response.is_done():
        await interaction.followup.send(**message, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.send_message(**message, allowed_mentions=NO_PINGS)


async def send_result(interaction: Interaction, result: Result, ctx: RenderContext,
                      request: Request) -> None:
    """The result's embed, publicly; a chart drawn off the event loop, or page buttons."""
    bot = interaction.client
    if bot.settings.charts.enabled and has_chart(result):
        # its own embed: the chart's image is set on it (a long /history turns pages under it)
        paged = await _pages(interaction, result, ctx, request)
        embed, view = paged if paged is not None else (render_result(result, ctx), None)
        await _with_chart(interaction, bot, result, embed, ctx.lang, view)
        return
    paged = await _pages(interaction, result, ctx, request)
    if paged is not None:
        embed, view = paged
        await _send(interaction, embed=embed, view=view)
        view.stop()  # nothing to keep in this process: a press finds the state in the store
        return
    await _send(interaction, embed=_embed_of(bot, result, ctx))


def _embed_of(bot: ModelBot, result: Result, ctx: RenderContext) -> discord.Embed:
    """The result's embed, drawn once for each reader's language and currency: the catalog
    keeps its results, and sending reads an embed without changing it."""
    kept, embed = bot.embeds.get((id(result), ctx), lambda: (result, render_result(result, ctx)))
    return embed if kept is result else render_result(result, ctx)  # an id used again


async def _pages(interaction: Interaction, result: Result, ctx: RenderContext,
                 request: Request) -> tuple[discord.Embed, discord.ui.View] | None:
    """The first page and its buttons, for a result longer than one embed: a leaderboard of
    several pages, the domains of a release with many boards. The question is kept in the
    store, for whichever process receives a press."""
    if isinstance(result, LeaderboardResult) and result.pages > 1:
        state = {"kind": "leaderboard",
                 "request": request.model_dump(mode="json", exclude={"page"})}
        embed, page, pages = render_leaderboard(result, ctx), result.page, result.pages
    elif isinstance(result, HistoryResult) and result.pages > 1:
        state = {"kind": "history", "request": request.model_dump(mode="json")}
        embed, page, pages = render_history(result, ctx), 1, result.pages
    elif isinstance(result, DomainsResult) and page_count(result) > 1:
        state = {"kind": "domains"}
        embed, page, pages = render_domains_page(result, 1, ctx), 1, page_count(result)
    else:
        return None
    key = await keep_state(interaction.client, state)
    return embed, pager(interaction.user.id, page, pages, key, ctx.lang)


@on_page
async def turn_page(interaction: Interaction, state: dict[str, Any], page: int,
                    key: str) -> None:
    """Show page ``page`` of the answer kept in ``state``, with its buttons."""
    if state["kind"] == "leaderboard":
        result, ctx, _ = await _answer(interaction, LeaderboardRequest,
                                    {**state["request"], "page": page})
        assert isinstance(result, LeaderboardResult)
        embed, pages = render_leaderboard(result, ctx), result.pages
    elif state["kind"] == "history":
        result, ctx, _ = await _answer(interaction, HistoryRequest, state["request"])
        assert isinstance(result, HistoryResult)
        embed, pages = render_history(result, ctx, page), result.pages
        if interaction.client.settings.charts.enabled:  # the chart stays attached: keep it shown
            embed.set_image(url=f"attachment://{chart_name(result)}")
    else:
        result, ctx, _ = await _answer(interaction, DomainsRequest, {})
        assert isinstance(result, DomainsResult)
        embed, pages = render_domains_page(result, page, ctx), page_count(result)
    view = pager(interaction.user.id, min(max(page, 1), pages), pages, key, ctx.lang)
    await interaction.response.edit_message(embed=embed, view=view)
    view.stop()


@on_pick
async def finish_pick(interaction: Interaction, state: dict[str, Any],
                      name: str) -> None:
    """The which-model menu's pick: the menu says what was picked (and goes), then the
    command is answered again with the name picked, publicly."""
    # the menu spoke the server's language (the command's): so does what replaces it
    bot = interaction.client
    lang = reply_language(bot.settings, await bot.data.guild_prefs(interaction.guild_id),
                          interaction.locale)
    await interaction.response.edit_message(content=i18n.t(lang, "discord.chosen", name=name),
                                            embed=None, view=None)
    query = state["query"]
    options = {option: (name if _is_query(value, query) else value)
               for option, value in state["options"].items()}
    await reply(interaction, REQUESTS[state["kind"]], **options)


def _is_query(value: Any, query: str) -> bool:
    # the core compares the cleaned text (full-width folded, invisible characters dropped)
    return isinstance(value, str) and " ".join(clean_text(value).split()) == query


async def _with_chart(interaction: Interaction, bot: ModelBot, result: Result,
                      embed: discord.Embed, lang: str,
                      view: discord.ui.View | None = None) -> None:
    """Defer (drawing takes longer than Discord's 3 s allow on a busy host), draw the chart in
    a worker thread so the event loop keeps serving, then send the embed with the image."""
    if not interaction.response.is_done():
        await interaction.response.defer(thinking=True)
    try:
        png = await bot.data.draw_chart(result, lang)
    except Exception:  # a chart is a bonus: the answer goes out without it
        log.exception("chart for /%s failed", result.command)
        png = None
    more: dict[str, Any] = {"view": view} if view is not None else {}
    if png is None:
        await interaction.followup.send(embed=embed, allowed_mentions=NO_PINGS, **more)
    else:
        name = chart_name(result)
        embed.set_image(url=f"attachment://{name}")
        await interaction.followup.send(embed=embed, file=discord.File(io.BytesIO(png), name),
                                        allowed_mentions=NO_PINGS, **more)
    if view is not None:
        view.stop()  # a press finds the state in the store

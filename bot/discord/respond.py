"""Answering a command: the one path from a callback's options to a reply.

A slash command's callback names its request class and passes its options; ``reply`` adds the
server's defaults, validates the request, runs it on the catalog of the moment, renders the
result for the reader and sends it publicly (with a chart, or with page buttons, when the
result has them). Errors propagate to the tree's error handler (``bot.discord.errors``).
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any, cast

import discord

from bot.core.commands import build_request
from bot.core.queries import execute
from bot.core.requests import Request, clean_text
from bot.core.results import DomainsResult, LeaderboardResult, Result
from bot.discord.domain_pages import page_count, render_domains_page
from bot.discord.embeds import render_leaderboard, render_result
from bot.discord.prefs import money_of, reply_language, scope_of, typed_defaults
from bot.discord.sending import ASKED, LANG, NO_PINGS
from bot.discord.views import PagerView
from bot.render.charts import chart_name, has_chart
from bot.render.context import RenderContext

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)


async def reply(interaction: discord.Interaction, kind: type[Request], **options: Any) -> None:
    """Answer ``kind`` with ``options`` (None: not given) publicly."""
    bot = cast("ModelBot", interaction.client)
    interaction.extras[ASKED] = (kind, options)
    prefs = await bot.guild_prefs(interaction.guild_id)
    ctx = RenderContext(reply_language(bot.settings, prefs, interaction.locale),
                        money_of(prefs, bot.settings))
    interaction.extras[LANG] = ctx.lang
    given = {name: value for name, value in options.items() if value is not None}
    request = build_request(kind, {**typed_defaults(kind, prefs), **given})
    catalog = bot.catalog  # one snapshot per command: a reload cannot change it midway
    await send_result(interaction, execute(catalog, request, scope_of(prefs, catalog)), ctx)


async def send_result(interaction: discord.Interaction, result: Result,
                      ctx: RenderContext) -> None:
    """The result's embed, publicly; a chart drawn off the event loop, or page buttons."""
    bot = cast("ModelBot", interaction.client)
    if bot.settings.charts.enabled and has_chart(result):
        # its own embed: the chart's image is set on it
        await _with_chart(interaction, bot, result, render_result(result, ctx), ctx.lang)
        return
    view = _pager(interaction, result, ctx)
    if view is not None:
        sent = await interaction.response.send_message(embed=view.render_page(view.page),
                                                       view=view, allowed_mentions=NO_PINGS)
        if isinstance(sent.resource, discord.InteractionMessage):
            view.message = sent.resource
        return
    await interaction.response.send_message(embed=_embed_of(bot, result, ctx),
                                            allowed_mentions=NO_PINGS)


def _embed_of(bot: ModelBot, result: Result, ctx: RenderContext) -> discord.Embed:
    """The result's embed, drawn once for each reader's language and currency: the catalog
    keeps its results, and sending reads an embed without changing it."""
    kept, embed = bot.embeds.get((id(result), ctx), lambda: (result, render_result(result, ctx)))
    return embed if kept is result else render_result(result, ctx)  # an id used again


def _pager(interaction: discord.Interaction, result: Result,
           ctx: RenderContext) -> PagerView | None:
    """Page buttons for a result longer than one embed: a leaderboard of several pages, the
    domains of a release with many boards."""
    timeout = cast("ModelBot", interaction.client).settings.discord.view_timeout
    owner = interaction.user.id
    if isinstance(result, LeaderboardResult) and result.pages > 1:
        return PagerView(lambda page: render_leaderboard(result.turn_to(page), ctx),
                         pages=result.pages, page=result.page, lang=ctx.lang, owner_id=owner,
                         timeout=timeout)
    if isinstance(result, DomainsResult) and page_count(result) > 1:
        return PagerView(lambda page: render_domains_page(result, page, ctx),
                         pages=page_count(result), page=1, lang=ctx.lang, owner_id=owner,
                         timeout=timeout)
    return None


async def _with_chart(interaction: discord.Interaction, bot: ModelBot, result: Result,
                      embed: discord.Embed, lang: str) -> None:
    """Defer (drawing takes longer than Discord's 3 s allow on a busy host), draw the chart in
    a worker thread so the event loop keeps serving, then send the embed with the image."""
    await interaction.response.defer(thinking=True)
    try:
        png = await bot.draw_chart(result, lang)
    except Exception:  # a chart is a bonus: the answer goes out without it
        log.exception("chart for /%s failed", result.command)
        png = None
    if png is None:
        await interaction.followup.send(embed=embed, allowed_mentions=NO_PINGS)
        return
    name = chart_name(result)
    embed.set_image(url=f"attachment://{name}")
    await interaction.followup.send(embed=embed, file=discord.File(io.BytesIO(png), name),
                                    allowed_mentions=NO_PINGS)


async def reply_with_choice(
    interaction: discord.Interaction, choice: str, *, kind: type[Request],
    options: dict[str, Any], query: str,
) -> None:
    """Answer ``kind`` again with ``choice`` where the ambiguous ``query`` was: the pick of
    the which-model menu (``interaction`` is the menu's)."""
    await reply(interaction, kind, **{
        name: (choice if _is_query(value, query) else value) for name, value in options.items()})


def _is_query(value: Any, query: str) -> bool:
    # the core compares the cleaned text (full-width folded, invisible characters dropped)
    return isinstance(value, str) and " ".join(clean_text(value).split()) == query

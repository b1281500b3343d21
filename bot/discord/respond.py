"""Answering interactions: run a command through the core, send its embed, report errors.

``answer`` is the one path from options to a reply, used by slash commands and by the select
menu that completes an ambiguous command. ``report_error`` is the one error reporter, used by
the command tree and by every view; ``send_ephemeral`` replies safely whether or not the
interaction was answered already.
"""

from __future__ import annotations

import io
import logging
import uuid
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot import i18n
from bot.core.commands import build_request
from bot.core.errors import AmbiguousModel, UserError
from bot.core.queries import execute
from bot.core.requests import REQUESTS
from bot.core.results import (
    CompareResult,
    DomainsResult,
    LeaderboardResult,
    ModelResult,
    Result,
    ValueResult,
)
from bot.discord.embeds import render_error, render_notice, render_result
from bot.discord.options import lang_of
from bot.discord.prefs import fill_options, lang_for, money_of, scope_of
from bot.render.charts import chart_name

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
EXTRAS_KEY = "modelbot.command"
LANG_KEY = "modelbot.lang"  # the language chosen for this interaction, for its error replies
CHARTED = (CompareResult, ValueResult, ModelResult)


async def answer(interaction: discord.Interaction, command: str, options: dict[str, Any]) -> None:
    """Build the request, run it on the current catalog and send the result publicly."""
    from bot.discord.domain_pages import PER_PAGE as DOMAINS_PER_PAGE
    from bot.discord.domain_pages import send_domain_pages
    from bot.discord.views import PagerView  # views import this module

    bot = cast("ModelBot", interaction.client)
    interaction.extras[EXTRAS_KEY] = (command, dict(options))
    prefs = await bot.guild_prefs(interaction.guild_id)
    lang = lang_for(interaction, prefs, bot.settings)
    interaction.extras[LANG_KEY] = lang
    money = money_of(prefs, bot.settings)
    request = build_request(command, fill_options(command, options, prefs))
    catalog = bot.catalog  # one snapshot per command: a reload cannot change it midway
    result = execute(catalog, request, scope_of(prefs, catalog))
    embed = render_result(result, lang, catalog.data_date, money)
    if bot.settings.charts.enabled and isinstance(result, CHARTED):
        await _answer_with_chart(interaction, bot, result, embed, lang)
        return
    if isinstance(result, LeaderboardResult) and result.pages > 1:
        view = PagerView(result, lang=lang, owner_id=interaction.user.id,
                         data_date=catalog.data_date, timeout=bot.settings.discord.view_timeout,
                         money=money)
        sent = await interaction.response.send_message(embed=embed, view=view,
                                                       allowed_mentions=NO_PINGS)
        if isinstance(sent.resource, discord.InteractionMessage):
            view.message = sent.resource
        return
    if isinstance(result, DomainsResult) and len(result.domains) > DOMAINS_PER_PAGE:
        await send_domain_pages(interaction, result, lang, bot.settings.discord.view_timeout)
        return
    await interaction.response.send_message(embed=embed, allowed_mentions=NO_PINGS)


async def _answer_with_chart(
    interaction: discord.Interaction, bot: ModelBot, result: Result, embed: discord.Embed,
    lang: str,
) -> None:
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


async def send_ephemeral(
    interaction: discord.Interaction,
    embed: discord.Embed,
    view: discord.ui.View | None = None,
) -> discord.InteractionMessage | discord.WebhookMessage | None:
    """Reply only to the user, as a first response or a follow-up; never raises. Returns the
    message sent (a view needs it to disable itself later), or None."""
    kwargs: dict[str, Any] = {"embed": embed, "ephemeral": True, "allowed_mentions": NO_PINGS}
    if view is not None:
        kwargs["view"] = view
    try:
        if interaction.response.is_done():
            return await interaction.followup.send(**kwargs, wait=True)
        sent = await interaction.response.send_message(**kwargs)
    except discord.HTTPException as exc:  # expired or already acknowledged elsewhere
        log.warning("could not send an error reply to interaction %s: %s", interaction.id, exc)
        return None
    return sent.resource if isinstance(sent.resource, discord.InteractionMessage) else None


def _unwrap(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError) \
            and error.__cause__ is not None:
        error = error.__cause__
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    return error


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, ephemerally; log bugs with an id they can quote."""
    from bot.discord.views import ChoiceView

    original = _unwrap(error)
    lang = interaction.extras.get(LANG_KEY) or lang_of(interaction)
    if isinstance(original, AmbiguousModel):
        command, options = interaction.extras.get(EXTRAS_KEY, (None, None))
        view = None
        if command and original.suggestions:
            bot = cast("ModelBot", interaction.client)
            view = ChoiceView(command=command, options=options, query=original.params["query"],
                              candidates=original.suggestions, lang=lang,
                              owner_id=interaction.user.id,
                              timeout=bot.settings.discord.view_timeout)
        sent = await send_ephemeral(interaction, render_error(original, lang), view)
        if view is not None:
            view.message = sent
        return
    if isinstance(original, UserError):
        log.debug("user error %s: %s", original.kind, original.params)
        await send_ephemeral(interaction, render_error(original, lang))
        return
    if isinstance(original, app_commands.CommandOnCooldown):
        await send_ephemeral(interaction, render_notice(
            i18n.t(lang, "discord.cooldown", seconds=max(1.0, original.retry_after))))
        return
    if isinstance(original, app_commands.NoPrivateMessage):
        await send_ephemeral(interaction, render_notice(i18n.t(lang, "discord.guild_only")))
        return
    if isinstance(original, app_commands.MissingPermissions | app_commands.CheckFailure):
        await send_ephemeral(interaction,
                             render_notice(i18n.t(lang, "discord.missing_permissions")))
        return
    if isinstance(original, app_commands.CommandSignatureMismatch):  # registered long ago
        log.warning("Discord's copy of /%s differs from the bot's; sync the commands",
                    original.command.qualified_name)
        await send_ephemeral(interaction, render_notice(i18n.t(lang, "discord.outdated")))
        return
    if isinstance(original, app_commands.CommandNotFound):
        await send_ephemeral(interaction, render_notice(i18n.t(
            lang, "invalid_option.unknown_command", value=f"/{original.name}"[:50],
            commands=", ".join(f"/{name}" for name in REQUESTS))))
        return
    error_id = uuid.uuid4().hex[:8]
    log.error("bug %s in interaction %s", error_id, interaction.id,
              exc_info=(type(original), original, original.__traceback__))
    await send_ephemeral(interaction, render_notice(i18n.t(lang, "error.internal",
                                                           error_id=error_id)))

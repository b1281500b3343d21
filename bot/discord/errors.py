"""The one error reporter: every app-command error, and every view's, ends here.

User mistakes get a short ephemeral answer in the reader's language (an ambiguous name a menu
to pick from); Discord's own failures (rate limits, 5xx, expired interactions) are warnings
about Discord; anything else is a bug, logged with an id the user can quote.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands

from bot import i18n
from bot.core.errors import AmbiguousModel, NearModel, UserError
from bot.discord.embeds import render_error, render_notice
from bot.discord.prefs import reply_language
from bot.discord.sending import ASKED, LANG, send_ephemeral
from bot.discord.views import keep_state, which_model

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

# Discord's JSON error codes for an interaction that can no longer be answered: unknown (its
# 3 s passed, say after a long rate limit) and already acknowledged.
_EXPIRED = {10062, 10015, 40060}
ALREADY_ACKNOWLEDGED = 40060
"""Discord's code for a second initial response to one interaction (sent with status 400)."""


def _unwrap(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError) \
            and error.__cause__ is not None:
        error = error.__cause__
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    return error


def _discords_failure(error: BaseException) -> bool:
    """Whether Discord (or the way to it), not our code, failed: a rate limit, a server error,
    an interaction that expired, a connection that broke. A 400 stays a bug: we sent it."""
    if isinstance(error, aiohttp.ClientError):
        return True
    if not isinstance(error, discord.HTTPException):
        return False
    return (error.status == 429 or error.status >= 500
            or (isinstance(error, discord.NotFound) and error.code in _EXPIRED))


async def _report_discord_failure(
    interaction: discord.Interaction[ModelBot], error: BaseException, lang: str
) -> None:
    """A warning about Discord, not a bug id; the user hears it when Discord still listens."""
    status = getattr(error, "status", None)
    code = getattr(error, "code", None)
    log.warning("Discord failed the answer to interaction %s: HTTP %s (code %s): %s",
                interaction.id, status, code, str(error)[:200])
    if isinstance(error, discord.NotFound):
        return  # the interaction is gone: there is no one left to tell
    await send_ephemeral(interaction, render_notice(
        i18n.t(lang, "discord.unavailable", status=status if status is not None else "-")))


async def _ask_which(interaction: discord.Interaction[ModelBot],
                     error: AmbiguousModel | NearModel,
                     lang: str) -> None:
    """The candidates, with a menu that finishes the command with the one picked (in
    whichever process receives the pick: the command is kept in the store)."""
    asked = interaction.extras.get(ASKED)
    view = None
    if asked is not None and error.suggestions:
        kind, options = asked
        state = {"kind": kind.command, "options": options, "query": error.params["query"],
                 "names": list(dict.fromkeys(error.suggestions))}
        key = await keep_state(interaction.client, state)
        view = which_model(interaction.user.id, key, state["names"], lang)
    await send_ephemeral(interaction, render_error(error, lang), view)
    if view is not None:
        view.stop()  # the store keeps what the menu needs


def _notice(error: BaseException, lang: str) -> str | None:
    """The one-line answer to a check or a stale command, or None for anything else."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return i18n.t(lang, "discord.cooldown", seconds=max(1.0, error.retry_after))
    if isinstance(error, app_commands.NoPrivateMessage):
        return i18n.t(lang, "discord.guild_only")
    if isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
        return i18n.t(lang, "discord.missing_permissions")
    if isinstance(error, app_commands.CommandSignatureMismatch):  # registered long ago
        log.warning("Discord's copy of /%s differs from the bot's; sync the commands",
                    error.command.qualified_name)
        return i18n.t(lang, "discord.outdated")
    if isinstance(error, app_commands.CommandNotFound):
        return i18n.t(lang, "invalid_option.unknown_command", value=f"/{error.name}"[:50],
                      commands=i18n.command_list(lang))
    return None


async def report_error(interaction: discord.Interaction[ModelBot], error: BaseException) -> None:
    """Tell the user what went wrong, ephemerally; log bugs with an id they can quote."""
    original = _unwrap(error)
    lang = interaction.extras.get(LANG) or reply_language(
        interaction.client.settings, None, interaction.locale)
    if isinstance(original, AmbiguousModel | NearModel):  # a menu of the names to pick
        await _ask_which(interaction, original, lang)
        return
    if isinstance(original, UserError):
        log.debug("user error %s: %s", original.kind, original.params)
        await send_ephemeral(interaction, render_error(original, lang))
        return
    notice = _notice(original, lang)
    if notice is not None:
        await send_ephemeral(interaction, render_notice(notice))
        return
    if isinstance(original, discord.HTTPException) and original.code == ALREADY_ACKNOWLEDGED:
        # another delivery of the same interaction answered first: expected, nothing to tell
        log.warning("interaction %s was already acknowledged elsewhere: not answered again",
                    interaction.id)
        return
    if _discords_failure(original):
        await _report_discord_failure(interaction, original, lang)
        return
    error_id = uuid.uuid4().hex[:8]
    log.error("bug %s in interaction %s", error_id, interaction.id,
              exc_info=(type(original), original, original.__traceback__))
    await send_ephemeral(interaction, render_notice(i18n.t(lang, "error.internal",
                                                           error_id=error_id)))

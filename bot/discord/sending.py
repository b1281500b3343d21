"""Sending replies safely: nothing a board says may ping anyone, and an ephemeral reply works
whether or not the interaction was answered already."""

from __future__ import annotations

import logging
from typing import Any

import discord

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
ASKED = "modelbot.asked"
"""``interaction.extras`` key: the request class and the options of the command being answered
(the which-model menu answers it again with the name picked)."""
LANG = "modelbot.lang"
"""``interaction.extras`` key: the language chosen for this interaction, for its error replies."""


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

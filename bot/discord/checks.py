"""The checks every command stacks: one per rule, defined once.

``guild_only`` refuses a DM at run time (``app_commands.guild_only`` only hides a command);
``manage_server`` is Manage Server in a server, what every admin path needs (a server can
change who sees a command, not who may run it); ``cooldown`` is the per-user cooldown, read
from the bot's settings when the command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

T = TypeVar("T")


def _in_guild(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return True


def is_admin(interaction: discord.Interaction) -> bool:
    """Manage Server in a server (for autocompletes, which answer non-admins with nothing)."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild


guild_only = app_commands.check(_in_guild)
"""Refuse the command in a DM, whatever Discord shows."""


def manage_server(func: T) -> T:
    """Manage Server, in a server: checked when the command runs (the server first, so that
    a DM hears "works in a server only")."""
    func = guild_only(func)
    return cast("T", app_commands.checks.has_permissions(manage_guild=True)(func))


def _per_user(interaction: discord.Interaction[ModelBot]) -> app_commands.Cooldown:
    settings = interaction.client.settings.discord
    return app_commands.Cooldown(settings.cooldown_rate, settings.cooldown_seconds)


def _user(interaction: discord.Interaction[ModelBot]) -> Any:
    # per bot as well as per user: the bucket (and the settings it was made from) belongs to
    # the bot that answers, not to every bot this process ever built (its serial, not its
    # id(): a bot built after another was collected may get the same id, and its buckets)
    return interaction.client.serial, interaction.user.id


_buckets: dict[Any, tuple[app_commands.Cooldown, float]] = {}
"""Each user's bucket and when it was last spent from (as discord.py's dynamic cooldown keeps
them, kept here so that questions in chat spend from the same buckets as the commands)."""


async def spend(interaction: discord.Interaction[ModelBot]) -> bool:
    """Take one from the user's bucket; raises ``CommandOnCooldown`` when it is empty. Also
    called for a question in chat, with an object that has what is read here (``client``,
    ``user``, ``created_at``)."""
    now = interaction.created_at.timestamp()
    for key, (bucket, last) in list(_buckets.items()):
        if now > last + bucket.per:  # idle past its window: full again, so forgotten
            del _buckets[key]
    key = _user(interaction)
    bucket = _buckets[key][0] if key in _buckets else _per_user(interaction)
    _buckets[key] = (bucket, now)
    retry_after = bucket.update_rate_limit(now)
    if retry_after is not None:
        raise app_commands.CommandOnCooldown(bucket, retry_after)
    return True


cooldown = app_commands.check(spend)
"""One per-user cooldown over every command (``discord.cooldown_rate`` commands per
``discord.cooldown_seconds``): a user who floods /best is slowed down on /compare too."""

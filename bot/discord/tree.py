"""The command tree: every app-command error ends in ``report_error``, option values Discord
itself never sends are refused before discord.py trips on them, and the commands are registered
with Discord as ``discord.sync`` says (``publish_commands``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.core.errors import InvalidOption
from bot.discord.errors import report_error

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)


class ModelTree(app_commands.CommandTree):
    """The command tree; every app-command error ends in ``report_error``."""

    async def on_error(
        self, interaction: discord.Interaction[ModelBot], error: app_commands.AppCommandError
    ) -> None:
        """User mistakes get a short ephemeral answer; bugs are logged with an id. An
        autocomplete can only be answered with choices (Discord refuses a message there)."""
        if interaction.type is discord.InteractionType.autocomplete:
            log.warning("autocomplete for interaction %s failed: %s", interaction.id, error)
            await _no_choices(interaction)
            return
        await report_error(interaction, error)

    async def interaction_check(self, interaction: discord.Interaction[ModelBot], /) -> bool:
        """Refuse option values Discord itself never sends (text in a number option): discord.py
        would fail on them before any error handler could answer. An autocomplete for an option
        that has none (a stale command) gets no choices rather than no answer."""
        if interaction.type is discord.InteractionType.autocomplete and \
                not _completes(self, interaction):
            log.warning("autocomplete for an unknown command or option: interaction %s",
                        interaction.id)
            await _no_choices(interaction)
            return False
        bad = _malformed_option((interaction.data or {}).get("options") or [])
        if bad is None:
            return True
        log.warning("interaction %s carries a malformed option %r", interaction.id, bad[0])
        if interaction.type is discord.InteractionType.application_command:
            await report_error(interaction, InvalidOption(
                option=bad[0], value=str(bad[1])[:80], reason="invalid"))
        return False


async def _no_choices(interaction: discord.Interaction[ModelBot]) -> None:
    if interaction.response.is_done():
        return
    try:
        await interaction.response.autocomplete([])
    except discord.HTTPException as error:  # expired already: nothing left to answer
        log.warning("could not answer autocomplete %s: %s", interaction.id, error)


def _completes(tree: app_commands.CommandTree, interaction: discord.Interaction[ModelBot]
               ) -> bool:
    """Whether the autocomplete names a command of ours and focuses an option of it that
    completes: discord.py raises on anything else, after which nothing answers Discord."""
    data: dict[str, Any] = dict(interaction.data or {})
    guild = data.get("guild_id")
    command: Any = tree.get_command(str(data.get("name")),
                                    guild=discord.Object(int(guild)) if guild else None) \
        or tree.get_command(str(data.get("name")))
    options = data.get("options") or []
    while isinstance(command, app_commands.Group):
        sub = next((o for o in options if isinstance(o, dict) and o.get("type") in (1, 2)), None)
        if sub is None:
            return False
        command, options = command.get_command(str(sub.get("name"))), sub.get("options") or []
    if not isinstance(command, app_commands.Command):
        return False
    focused = [o for o in options if isinstance(o, dict) and o.get("focused")]
    if len(focused) != 1:
        return False
    params = {p.display_name: p for p in command.parameters}
    param = params.get(str(focused[0].get("name")))
    return param is not None and param.autocomplete


_SNOWFLAKE_TYPES = (6, 7, 8, 9, 11)  # user, channel, role, mentionable, attachment


def _malformed_option(options: list[Any]) -> tuple[str, Any] | None:
    """The first option (name, value) that discord.py's ``Namespace`` cannot convert."""
    for option in options:
        if not isinstance(option, dict):
            return ("?", option)
        kind, value = option.get("type"), option.get("value")
        if not isinstance(option.get("name"), str) or not isinstance(kind, int):
            return ("?", "")
        if kind in (1, 2):  # a subcommand (group) holds options of its own
            bad = _malformed_option(option.get("options") or [])
            if bad is not None:
                return bad
            continue
        if value is None and not option.get("focused"):  # discord.py would read null as NaN
            return (option["name"][:32], "null")
        try:
            if kind == 10 and value != "" and not option.get("focused"):
                float(value)
            elif kind in _SNOWFLAKE_TYPES:
                int(value)
        except (TypeError, ValueError, OverflowError):
            return (str(option.get("name", "?"))[:32], value)
    return None


async def publish_commands(tree: app_commands.CommandTree, sync: Any) -> None:
    """Register the commands with Discord as ``discord.sync`` says. ``off``: nothing;
    ``global``: everywhere (Discord takes up to an hour to show it); guild ids: copied to those
    guilds, which see them at once (development)."""
    if sync == "off":
        return
    if sync == "global":
        try:
            synced = await tree.sync()
        except discord.HTTPException as error:
            # the commands Discord already has keep working: serve, and say what failed
            log.error("cannot sync the global commands (discord.sync): %s", error)
            return
        log.info("synced %d global commands", len(synced))
        return
    for guild_id in sync:
        guild = discord.Object(id=guild_id)
        tree.copy_global_to(guild=guild)
        try:
            synced = await tree.sync(guild=guild)
        except discord.HTTPException as error:
            # not in that guild (403 Missing Access) or a mistyped id: the bot still serves
            # every other guild, so say which setting is wrong instead of stopping
            log.error("cannot sync commands to guild %s (discord.sync): %s", guild_id, error)
            continue
        log.info("synced %d commands to guild %s", len(synced), guild_id)

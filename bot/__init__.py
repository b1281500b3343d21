"""modelbot: choose an LLM from the CLiB / ReLE leaderboard, in Discord or in a terminal.

``bot.create_bot`` and ``bot.Settings`` are the public entry points. They are loaded lazily so
that ``import bot.core`` (and the terminal) never pays for importing discord.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.discord.app import create_bot
    from bot.settings import Settings

__all__ = ["Settings", "create_bot"]


def __getattr__(name: str) -> Any:
    if name == "Settings":
        from bot.settings import Settings

        return Settings
    if name == "create_bot":
        from bot.discord.app import create_bot

        return create_bot
    raise AttributeError(f"module 'bot' has no attribute {name!r}")

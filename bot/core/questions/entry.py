"""One line as the terminal (or a chat message) gives it: a command typed as in Discord, or a
plain question.

A line is a typed command when it starts with ``/``, is empty, or starts with a command's
name (``best 医疗 budget:5``, ``最佳 医疗``); anything else is a question. A line that starts
with a command's name but does not parse as that command (``best model for coding``) is read
as a question too; when that fails as well, the command's own error stands, as it always did,
unless the command only had more words than places (then the question's error says more).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.catalog import Catalog
from bot.core.commands import (
    DISCORD_ONLY,
    build_request,
    command_name,
    parse_command_line,
    request_class,
)
from bot.core.errors import InvalidOption, UserError
from bot.core.questions.reader import understand
from bot.core.questions.reading import Understanding
from bot.core.requests import Request, clean_text


@dataclass(frozen=True)
class Asked:
    """What a line asks: a request, or the error that stops it."""

    request: Request | None
    command: str | None
    """the command's name once known (error answers name it)"""
    error: UserError | None = None
    understanding: Understanding | None = None
    question: bool = False
    """read as a question: answers say what it was read as (``understood``)"""

    @property
    def understood(self) -> str | None:
        """The command the question was read as (``/best 医疗 budget:5``), or None."""
        return self.understanding.reading.text if self.understanding else None


def _typed(line: str) -> bool:
    words = clean_text(line).split(maxsplit=1)
    if not words or words[0].startswith("/"):
        return True
    try:
        request_class(words[0])
    except InvalidOption as error:
        return error.params.get("reason") == "discord_only" or words[0] in DISCORD_ONLY
    return True


def _sentence(error: UserError | None) -> bool:
    """A typed command refused for holding more words than it has places: a sentence that
    starts with a command's name (best model for writing poems), so the question's error
    explains it better."""
    return isinstance(error, InvalidOption) and error.params.get("reason") in (
        "too_many", "too_many_names")


def read_line(catalog: Catalog, line: str) -> Asked:
    """Read ``line`` as a typed command or as a question; never raises a user error."""
    typed: Asked | None = None
    if _typed(line):
        command: str | None = None
        try:
            command, options = parse_command_line(line)
            return Asked(build_request(command, options), command)
        except UserError as error:
            # refused before it was read (a Discord-only command, a bad option): JSON still
            # names the command the line starts with
            typed = Asked(None, command or command_name(line), error)
        if clean_text(line).startswith("/") or not clean_text(line):
            return typed
    try:
        understanding = understand(catalog, line)
    except UserError as error:
        if typed is not None and not _sentence(typed.error):
            return typed
        return Asked(None, None, error, question=True)
    request = understanding.reading.request
    return Asked(request, request.command, understanding=understanding, question=True)

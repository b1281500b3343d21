"""One entry into the core per command: ``answer(asked, catalog, standing)``.

What was asked (a command line as typed, ``/best 医疗 budget:5``, or a command and its options
as a surface received them), where it is asked (``Standing``: the defaults and hidden names a
Discord server saved; none in the terminal) and the catalog of the moment go in; the validated
request and its result come out. The terminal (``bot.cli``), Discord (``bot.discord.respond``)
and the reader of plain questions all come through here, so a rule of how a command is asked
holds on every surface.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from bot.core.catalog import Catalog
from bot.core.commands import build_request, parse_command_line, request_class
from bot.core.queries import execute
from bot.core.requests import Request
from bot.core.results import Result
from bot.core.scope import EVERYTHING

Asked = str | Request | tuple[str | type[Request], Mapping[str, Any]]
"""A command line as typed, a request already read (a plain question's reading: the options it
set are those given), or (a command's name or request class, its options by name; None: not
given)."""


class Standing(BaseModel):
    """Where a command is asked: what the place saved for every command asked there."""

    model_config = ConfigDict(frozen=True)

    defaults: Mapping[str, Any] = {}
    """Option values for options left empty, by option name (``budget``, ``weights``); each
    reaches only the commands that have that option."""
    hidden_orgs: tuple[str, ...] = ()
    """Organisations left out of rankings (any spelling the catalog knows)."""
    hidden_boards: tuple[str, ...] = ()
    """Boards left out of rankings, by title."""


NOWHERE = Standing()
"""No defaults, nothing hidden: the terminal."""


class Answered(NamedTuple):
    """A command answered: the request as validated and its result."""

    request: Request
    result: Result


def request_for(asked: Asked, standing: Standing = NOWHERE) -> Request:
    """The request ``asked`` means where it is asked: the place's defaults under the options
    given, for the options the command has; raises ``UserError`` for what cannot be asked."""
    if isinstance(asked, Request):
        if not standing.defaults:
            return asked
        command: str | type[Request] = type(asked)
        options: Mapping[str, Any] = asked.model_dump(include=asked.model_fields_set)
    elif isinstance(asked, str):
        command, options = parse_command_line(asked)
    else:
        command, options = asked
    given = {name: value for name, value in options.items() if value is not None}
    if not standing.defaults:
        return build_request(command, given)
    kind = command if isinstance(command, type) else request_class(command)
    defaults = {name: value for name, value in standing.defaults.items()
                if name in kind.model_fields}
    return build_request(kind, {**defaults, **given})


def answer(asked: Asked, catalog: Catalog, standing: Standing = NOWHERE) -> Answered:
    """Answer one command on ``catalog`` as asked where ``standing`` says: request, scope (what
    the place hides from rankings) and execution in one call."""
    request = request_for(asked, standing)
    if standing.hidden_orgs or standing.hidden_boards:
        scope = catalog.hiding(standing.hidden_orgs, standing.hidden_boards)
    else:
        scope = EVERYTHING
    return Answered(request, execute(catalog, request, scope))

"""``bot.core.answer``: the one entry per command. A place's saved defaults fill the options a
command has and the user left empty (a typed value wins, 0 included), and reach no command
without that option; what it hides leaves rankings; a typed line and the same command as a
surface received it give the same request and result."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answer import NOWHERE, Standing, answer, request_for
from bot.core.errors import InvalidOption
from bot.core.requests import REQUESTS
from tests.core.boards import catalog

ROWS = """
|1|alpha|orgA|16元|90|开源|80|70|
|2|beta|orgB|8元|88|开源|79|60|
|3|gamma|orgC|4元|70|商用|60|50|
"""
# the options each command needs to be asked at all
REQUIRED: dict[str, dict[str, Any]] = {
    "best": {"domain": "医疗"}, "compare": {"model_a": "alpha", "model_b": "beta"},
    "model": {"name": "alpha"}, "leaderboard": {}, "value": {}, "recommend": {},
    "cost": {"model": "alpha", "tokens": "10M"}, "domains": {}, "about": {},
    "history": {"model": "alpha"}, "changes": {},
}
SAVED = Standing(defaults={"budget": 5.0, "weights": {"医疗": 2.0}})


def test_every_command_is_listed_here():
    """A new command must say here what it needs (and so be checked below)."""
    assert set(REQUESTS) == set(REQUIRED)


@pytest.mark.parametrize("command", sorted(REQUIRED))
def test_saved_defaults_reach_only_the_commands_having_that_option(command):
    request = request_for((command, REQUIRED[command]), SAVED)
    fields = type(request).model_fields
    assert ("budget" in fields) == (getattr(request, "budget", None) == 5.0)
    if "weights" in fields:
        assert request.weights  # the saved weights, as the command reads them
    assert request == request_for((command, {**REQUIRED[command], "budget": None}), SAVED)


@pytest.mark.parametrize("typed", [0.0, 3.0])
def test_a_typed_option_beats_the_saved_default(typed):
    request = request_for(("best", {"domain": "医疗", "budget": typed}), SAVED)
    assert request.budget == typed


def test_nowhere_adds_nothing_and_an_unknown_option_is_still_refused():
    assert request_for(("best", {"domain": "医疗"}), NOWHERE).budget is None
    with pytest.raises(InvalidOption):
        request_for(("compare", {**REQUIRED["compare"], "budget": 5}), SAVED)


def test_a_typed_line_and_a_received_command_are_one_answer():
    board = catalog(ROWS)
    typed = answer("/best 医疗 budget:10", board, SAVED)
    received = answer(("best", {"domain": "医疗", "budget": 10.0}), board, SAVED)
    assert typed == received
    assert [r.name for r in typed.result.results] == ["beta", "gamma"]


def test_what_the_place_hides_leaves_the_ranking():
    board = catalog(ROWS)
    hidden = answer(("best", {"domain": "医疗", "top": 3}), board,
                    Standing(hidden_orgs=("orgA",)))
    assert [r.name for r in hidden.result.results] == ["beta", "gamma"]
    shown = answer(("best", {"domain": "医疗", "top": 3}), board)
    assert [r.name for r in shown.result.results] == ["alpha", "beta", "gamma"]

"""Interactions at the door: while the bot shuts down, a newcomer hears that it restarts
(privately, as a notice rather than an error; an autocomplete gets no choices), unless the
drain was asked not to refuse; any snowflake Discord may send is let in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.discord.intake import malformed
from tests.discord.harness import USER_ID

NEUTRAL_COLOUR = 0x5865F2


async def test_a_command_during_shutdown_hears_the_bot_restarts(harness):
    harness.bot.intake.draining = True
    reply = await harness.slash("best", {"domain": "医疗"}, locale="zh-CN")
    assert reply.callback["type"] == 4 and reply.ephemeral
    assert reply.text == "modelbot 正在重启，请几秒后再试。"
    assert reply.embed["color"] == NEUTRAL_COLOUR  # news, not an error
    assert reply.message["allowed_mentions"] == {"parse": []}
    assert harness.bot.intake.refused == 1


async def test_an_autocomplete_during_shutdown_gets_no_choices(harness):
    harness.bot.intake.draining = True
    assert await harness.autocomplete("model", {"name": "qw"}, "name") == []


@pytest.mark.parametrize("refuse, refused", [(True, True), (False, False)])
async def test_a_drain_refuses_newcomers_only_when_asked(harness, refuse, refused):
    """Over HTTP (refuse=False) the load balancer stops sending; those on their way are
    answered as usual."""
    await harness.bot.intake.drain(0, refuse=refuse)
    reply = await harness.slash("domains")
    assert reply.ephemeral is refused
    assert (reply.text == "modelbot is restarting: try again in a few seconds.") is refused


@pytest.mark.parametrize("snowflake", [1, (1 << 63) + 1, (1 << 64) - 1])
async def test_every_snowflake_discord_may_send_is_let_in(harness, snowflake):
    """Discord's ids are unsigned 64-bit numbers: the largest is an interaction like any."""
    data = {"id": str(snowflake), "name": "domains", "type": 1}
    reply = await harness.raw(2, data, id=str(snowflake), user_id=USER_ID)
    assert reply.callback["type"] == 4
    assert reply.embed["title"] == "Domains"


def _without_member(harness, shape: str) -> dict:
    payload = harness.payload(2, {"id": "1", "name": "domains", "type": 1, "options": []})
    user = payload["member"]["user"]
    if shape == "user-instead":  # a user as in a DM, but in a server
        del payload["member"]
        payload["user"] = user
    elif shape == "member-null":
        payload["member"] = None
        payload["user"] = user
    else:
        payload["member"] = "someone"
    return payload


SHAPES = ["user-instead", "member-null", "member-not-an-object"]


@pytest.mark.parametrize("shape", SHAPES)
async def test_a_server_interaction_without_a_member_is_malformed(harness, caplog, shape):
    """In a server Discord sends the member (with its user): a user alone there is no
    interaction discord.py can answer, so it is dropped at the door, answered by nothing."""
    payload = _without_member(harness, shape)
    assert malformed(payload) == "a server interaction without member"
    reply = await harness._send(payload)
    assert reply.requests == []
    assert any("dropped a malformed interaction (a server interaction without member)"
               in r.getMessage() for r in caplog.records)


async def test_a_dm_interaction_with_a_user_is_answered(harness):
    """The same user, with no server: a DM, answered."""
    payload = harness.payload(2, {"id": "1", "name": "domains", "type": 1, "options": []},
                              guild=False)
    assert malformed(payload) is None
    assert (await harness._send(payload)).embed["title"] == "Domains"


def test_no_module_reaches_into_discord_py_internals():
    """Interactions enter through ``Intake`` (the gateway's via ``RoutedState``), not through a
    swapped parser of discord.py's state, and the tasks they start are seen by a task factory,
    not by diffing every task of the loop; a stand-in or a takeover answers through the
    intake's adapter, not by setting an interaction's response type or calling the tree's
    private entry; the cooldown is the project's own, shared with questions in chat."""
    root = Path(__file__).resolve().parents[2] / "bot"
    private = re.compile(r"(?<!self)\._(connection|state|parent|view_store|from_interaction|"
                         r"discord_parsers|response_type|call)\b|all_tasks|\.parsers\[|"
                         r"__discord_app_commands_checks__")
    for path in root.rglob("*.py"):
        found = private.search(path.read_text(encoding="utf-8"))
        assert found is None, (path.name, found and found.group(0))

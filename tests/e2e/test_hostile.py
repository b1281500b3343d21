"""Malformed and hostile gateway events against the real process: each is logged and dropped,
and the bot keeps serving."""

from __future__ import annotations

import copy

# How each malformed INTERACTION_CREATE differs from a well-formed /best: a key path to change
# and the value to put there (``DROP`` removes the key).
DROP = object()
MALFORMED = {
    "component-empty-data": [(("type",), 3), (("data",), {})],
    "component-without-custom-id": [(("type",), 3),
                                    (("data",), {"component_type": 2})],
    "component-without-type": [(("type",), 3), (("data",), {"custom_id": "x"})],
    "modal-without-custom-id": [(("type",), 5), (("data",), {"components": []})],
    "no-token": [(("token",), DROP)],
    "no-id": [(("id",), DROP)],
    "no-type": [(("type",), DROP)],
    "member-without-user": [(("member", "user"), DROP)],
    "guild-id-not-a-number": [(("guild_id",), "abc")],
    "command-without-data": [(("data",), DROP)],
    "data-not-an-object": [(("data",), "boom")],
    "unknown-type": [(("type",), 99)],
}


def _malformed(interaction: dict, changes: list) -> dict:
    out = copy.deepcopy(interaction)
    for path, value in changes:
        target = out
        for key in path[:-1]:
            target = target[key]
        if value is DROP:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return out


async def test_malformed_interactions_are_dropped_and_the_bot_keeps_serving(fake, launch):
    """Every malformed INTERACTION_CREATE is logged as dropped (no traceback, no bug id) and
    the process goes on answering /best on the same connection."""
    bot = await launch()
    conn = await fake.wait_ready()
    for name, changes in MALFORMED.items():
        event = _malformed(fake.interaction("best", {"domain": "医疗", "budget": 5}), changes)
        await fake.dispatch(conn.session, "INTERACTION_CREATE", event)
        reply = await fake.command("best", {"domain": "医疗", "budget": 5})
        assert reply.embed["title"] == "Best for Medical within 5元", name
    assert fake.live() is conn  # never a reconnect: the gateway loop did not fail
    for line in ("Traceback", "bug ", "exception was never retrieved",
                 "Task exception was never retrieved", "ERROR"):
        assert line not in bot.log, (line, bot.log[-3000:])
    dropped = [line for line in bot.log.splitlines() if "dropped a malformed interaction" in line]
    assert len(dropped) == len(MALFORMED) - 1, bot.log[-3000:]  # an unknown type is no error


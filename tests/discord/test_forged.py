"""Forged, stale and unlucky interactions through the real discord.py: channels the bot cannot
see, autocompletes for what does not exist, menu values never offered, and Discord's own
failures. Each gets a clear answer (or no choices), never a bug id or a logged traceback."""

from __future__ import annotations

import asyncio
import gc
import logging
import math
import types

import discord.webhook.async_
import pytest

from tests.discord.harness import ADMIN_PERMS, APP_ID, CHANNEL_ID, GUILD_ID

OTHER_GUILD = GUILD_ID + 1000
VOICE = CHANNEL_ID + 20
UNCACHED = CHANNEL_ID + 30


def _bugs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _channel(channel_id: int, *, guild_id: int = GUILD_ID, kind: int = 0) -> dict:
    return {"id": str(channel_id), "type": kind, "name": "somewhere", "guild_id": str(guild_id),
            "permissions": str(ADMIN_PERMS), "parent_id": None, "position": 0, "nsfw": False,
            "permission_overwrites": [], "flags": 0}


def _watch(channel_id: int, resolved: dict | None) -> dict:
    data = {"id": str(APP_ID + 100), "name": "watch", "type": 1, "guild_id": str(GUILD_ID),
            "options": [{"name": "channel", "type": 7, "value": str(channel_id)}]}
    if resolved is not None:
        data["resolved"] = {"channels": {str(channel_id): resolved}}
    return data


@pytest.mark.parametrize("channel_id, resolved", [
    (CHANNEL_ID + 40, _channel(CHANNEL_ID + 40, guild_id=OTHER_GUILD)),
    (VOICE, _channel(VOICE, kind=2)),
    (UNCACHED, _channel(UNCACHED)),
    (UNCACHED, None),
], ids=["another-server", "voice-channel", "not-in-cache", "not-resolved"])
async def test_watch_refuses_a_channel_it_cannot_see_as_a_user_error(
        make_harness, caplog, channel_id, resolved):
    """A channel of another server, a voice channel, one the bot's cache does not hold: "I
    can't see or post in that channel", ephemeral, nothing stored, no bug logged."""
    caplog.set_level(logging.WARNING)
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.frame("CHANNEL_CREATE", _channel(VOICE, kind=2) | {"bitrate": 64000,
                                                               "user_limit": 0})
    reply = await h.raw(2, _watch(channel_id, resolved), permissions=ADMIN_PERMS)
    assert reply.callback["type"] == 4 and reply.ephemeral
    assert reply.text.startswith(f"I can't see or post in <#{channel_id}>"), reply.text
    assert await h.bot.store.watches([GUILD_ID]) == []
    assert not _bugs(caplog)


def _autocomplete(name: str, options: list) -> dict:
    return {"id": str(APP_ID + 100), "name": name, "type": 1, "options": options}


FOCUSED = {"name": "org", "type": 3, "value": "", "focused": True}
STALE_AUTOCOMPLETES = {
    "unknown-command": _autocomplete("gone", [FOCUSED]),
    "unknown-subcommand": _autocomplete("settings", [{"name": "gone", "type": 1,
                                                      "options": [FOCUSED]}]),
    "group-without-subcommand": _autocomplete("settings", [FOCUSED]),
    "unknown-option": _autocomplete("best", [{"name": "colour", "type": 3, "value": "",
                                              "focused": True}]),
    "option-without-autocomplete": _autocomplete("best", [{"name": "top", "type": 4,
                                                           "value": 3, "focused": True}]),
    "nothing-focused": _autocomplete("best", [{"name": "domain", "type": 3, "value": "医"}]),
}


@pytest.mark.parametrize("data", STALE_AUTOCOMPLETES.values(), ids=STALE_AUTOCOMPLETES)
async def test_an_autocomplete_for_what_does_not_exist_gets_no_choices(harness, caplog, data):
    """Discord accepts only choices (type 8) for an autocomplete: an unknown or stale command,
    option or subcommand, or no focused option, gets an empty list; no traceback is logged."""
    caplog.set_level(logging.WARNING)
    reply = await harness.raw(4, data)
    assert reply.callbacks == [{"type": 8, "data": {"choices": []}}]
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]
    assert not _bugs(caplog)


async def test_a_server_only_autocomplete_in_a_dm_gets_no_choices(harness, caplog):
    """/settings unhide completes from the server's settings: a DM has none, so no choices."""
    caplog.set_level(logging.WARNING)
    assert await harness.autocomplete("settings unhide", {"org": ""}, "org",
                                      permissions=ADMIN_PERMS, guild=False) == []
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize("values", [["999"], ["abc"], [], ["-1"], ["0", "1"], ["1.0"], [" 1"]],
                         ids=["out-of-range", "not-a-number", "none", "negative", "two",
                              "decimal", "padded"])
async def test_a_forged_menu_value_is_refused(harness, caplog, values):
    """The which-model menu offers positions 0..n-1: any other value is "not one of the choices
    offered" (ephemeral), never a pick (``-1`` once chose the last model) and never a bug."""
    caplog.set_level(logging.WARNING)
    reply = await harness.slash("model", {"name": "gemma"})
    select = reply.message["components"][0]["components"][0]
    picked = await harness.component(reply, select["custom_id"], values=values)
    assert picked.callback["type"] == 4 and picked.ephemeral
    assert "is not one of the choices offered" in picked.text
    assert not [r for r in picked.requests if r.method == "PATCH"]  # the menu stays usable
    assert not _bugs(caplog)
    good = await harness.component(reply, select["custom_id"], values=["1"])
    assert good.embed["title"].startswith(select["options"][1]["label"])


CALLBACK = r"/interactions/\d+/[^/]+/callback"
WEBHOOK = r"/webhooks/\d+/[^/]+"
RATE_LIMITED = {"message": "You are being rate limited.", "retry_after": 0.01, "global": False}
UNKNOWN_INTERACTION = {"message": "Unknown interaction", "code": 10062}


@pytest.fixture
def no_retry_waits(monkeypatch):
    """discord.py waits 1, 3, 5, 7 and 9 s between retries of a 5xx: the same retries, without
    the waits (its own code path otherwise)."""
    async def sleep(delay: float, result=None):
        await asyncio.sleep(0)
        return result

    shim = types.SimpleNamespace(**{k: getattr(asyncio, k) for k in dir(asyncio)
                                    if not k.startswith("__")})
    shim.sleep = sleep
    monkeypatch.setattr(discord.webhook.async_, "asyncio", shim)


async def test_a_retry_after_the_deadline_is_a_warning_about_discord(harness, fake, caplog):
    """A 429 on the answer, then Discord saying the interaction is gone (its 3 s passed while
    waiting): a warning naming Discord's status, no bug id, nothing more sent."""
    caplog.set_level(logging.WARNING)
    fake.fail(CALLBACK, 429, RATE_LIMITED, headers={"Via": "1.1 google"})
    fake.fail(CALLBACK, 404, UNKNOWN_INTERACTION, times=3)
    reply = await harness.slash("best", {"domain": "医疗"})
    assert len(reply.callbacks) == 2  # the answer, and its retry that came too late
    assert not _bugs(caplog)
    assert any("Discord failed the answer" in r.getMessage() and "10062" in r.getMessage()
               for r in caplog.records)


async def test_a_429_without_via_tells_the_user_it_was_discord(harness, fake, caplog):
    """A 429 without Discord's Via header (discord.py does not retry it): the user hears that
    Discord did not take the answer, not "Something went wrong (error id)"."""
    caplog.set_level(logging.WARNING)
    fake.fail(CALLBACK, 429, RATE_LIMITED)
    reply = await harness.slash("best", {"domain": "医疗"})
    assert len(reply.callbacks) == 2
    told = reply.callbacks[-1]["data"]
    assert told["flags"] & 64
    assert told["embeds"][0]["description"].startswith("Discord did not take the answer "
                                                       "(HTTP 429)")
    assert not _bugs(caplog)


async def test_follow_up_server_errors_are_warnings_not_bugs(harness, fake, caplog,
                                                             no_retry_waits):
    """A deferred chart whose follow-ups Discord answers with 500 every time: warnings about
    Discord (the answer and the apology both lost), no bug id, no traceback."""
    caplog.set_level(logging.WARNING)
    fake.fail(WEBHOOK, 500, {"message": "Internal Server Error", "code": 0}, times=20)
    reply = await harness.slash("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
    assert reply.callback["type"] == 5
    assert len(reply.followups) >= 2  # the answer and the apology, each tried (and retried)
    assert not _bugs(caplog)
    assert not [r for r in caplog.records if r.exc_info]
    assert any("Discord failed the answer" in r.getMessage() and "HTTP 500" in r.getMessage()
               for r in caplog.records)


async def test_a_bad_request_is_still_our_bug(harness, fake, caplog):
    """The counterpart: a 400 means we sent something Discord refuses; that stays a bug."""
    caplog.set_level(logging.WARNING)
    fake.fail(CALLBACK, 400, {"message": "Invalid Form Body", "code": 50035})
    await harness.slash("best", {"domain": "医疗"})
    assert any(message.startswith("bug ") for message in _bugs(caplog))


@pytest.mark.parametrize("command", ["best", "settings budget"])
async def test_a_null_number_is_named_as_sent(harness, command):
    """A budget sent as JSON null: "budget: “null” is not a valid value", never "nan"."""
    options = {"budget": None} if command == "settings budget" else {"domain": "医疗",
                                                                      "budget": None}
    reply = await harness.slash(command, options, permissions=ADMIN_PERMS)
    assert reply.ephemeral
    assert "nan" not in reply.text
    assert reply.text == "budget: “null” is not a valid value."


async def test_a_negative_zero_budget_is_stored_as_zero(harness):
    """/settings budget -0.0 stores 0.0 (a -0.0 would print as "-0" and compare oddly)."""
    await harness.slash("settings budget", {"budget": -0.0}, permissions=ADMIN_PERMS)
    stored = (await harness.bot.store.get_prefs(GUILD_ID)).budget
    assert stored == 0 and math.copysign(1.0, stored) == 1.0


@pytest.mark.parametrize("command", ["best", "settings budget"])
async def test_a_vanishing_budget_is_refused(harness, command):
    """1e-320 (a subnormal) is no price anyone means: refused, not taken as "almost free"."""
    options = {"budget": 1e-320} if command == "settings budget" else {"domain": "医疗",
                                                                       "budget": 1e-320}
    reply = await harness.slash(command, options, permissions=ADMIN_PERMS)
    assert reply.ephemeral
    assert "budget is too small" in reply.text
    assert (await harness.bot.store.get_prefs(GUILD_ID)).budget is None


async def test_the_hide_error_echoes_one_line(harness):
    """An organisation name full of newlines is echoed on one line, not 79 of them."""
    reply = await harness.slash("settings hide", {"org": "nobody" + "\n" * 79 + "x"},
                                permissions=ADMIN_PERMS)
    assert reply.ephemeral
    assert reply.embed["description"] == "No organisation on the loaded boards is called " \
                                         "“nobody x”."


@pytest.mark.parametrize("data", [None, "boom", {"type": 1}], ids=["none", "text", "no-name"])
async def test_a_command_without_data_is_dropped_leaving_no_failed_task(harness, caplog, data):
    """A command interaction without usable ``data`` is dropped at the door (a warning):
    no task is started to fail later with "Task exception was never retrieved"."""
    caplog.set_level(logging.WARNING)
    reply = await harness.raw(2, data)
    assert reply.requests == []
    gc.collect()  # a failed task that nobody awaited reports itself when it is collected
    await asyncio.sleep(0)
    assert not _bugs(caplog), _bugs(caplog)
    assert any("dropped a malformed interaction" in r.getMessage() for r in caplog.records)

"""The one error reporter: every user error, check and stale command answered ephemerally, in
red, in the language the answer would have had."""

from __future__ import annotations

import pytest

from bot.store import GuildPrefs
from tests.discord.harness import ADMIN_PERMS, EVERYONE_PERMS, GUILD_ID

ERROR_COLOUR = 0xED4245


@pytest.mark.parametrize("name, options, said", [
    ("model", {"name": "gpt-4o"}, "没有与“gpt-4o”匹配的模型"),
    ("best", {"domain": "cooking"}, "“cooking”"),
    ("compare", {"model_a": "qwq-32b", "model_b": "QWQ-32B"}, "qwq-32b"),
])
async def test_a_user_error_speaks_the_servers_language(harness, name, options, said):
    """The server chose Chinese: an English client's mistake is told in Chinese too, as the
    answer would have been."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language="zh"))
    reply = await harness.slash(name, options, locale="en-US")
    assert reply.ephemeral
    assert said in reply.text
    english = await harness.slash("model", {"name": "gpt-4o"}, locale="en-US")
    assert "No model" not in english.text


async def test_the_which_model_question_speaks_the_servers_language(harness):
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language="zh"))
    reply = await harness.slash("model", {"name": "gemma"}, locale="en-US")
    select = reply.message["components"][0]["components"][0]
    assert select["placeholder"] == "请选择你指的模型"


@pytest.mark.parametrize("name, options, permissions", [
    ("model", {"name": "gpt-4o"}, EVERYONE_PERMS),          # a user error
    ("settings show", {}, EVERYONE_PERMS),                  # a failed check
    ("settings unhide", {"org": "google"}, ADMIN_PERMS),    # an admin's mistake
])
async def test_every_error_is_private_and_red(harness, name, options, permissions):
    reply = await harness.slash(name, options, permissions=permissions)
    assert reply.callback["type"] == 4
    assert reply.ephemeral
    assert reply.embed["color"] == ERROR_COLOUR
    assert reply.message["allowed_mentions"] == {"parse": []}


async def test_suggestions_are_listed_below_the_message(harness):
    """An unknown model near real ones: the message, then the suggestions in their own field."""
    reply = await harness.slash("model", {"name": "qwen2.5-7b-instruct"})
    (field,) = reply.embed["fields"]
    assert "qwen2.5-72b-instruct" in field["value"]
    assert "qwen2.5-72b-instruct" not in reply.embed["description"]


@pytest.mark.parametrize("data", [
    {"name": "settings", "type": 1, "options": []},   # a group without its subcommand
    {"name": "best", "type": 1, "options": []},       # without its required domain
    {"name": "compare", "type": 1, "options": [{"name": "model_a", "type": 3, "value": "r1"}]},
], ids=["group-alone", "required-missing", "second-model-missing"])
async def test_a_command_registered_differently_is_told_to_refresh(harness, data):
    """Discord's copy of a command differs from the bot's (a sync not yet shown): the user is
    told to reload Discord, privately; not an error id."""
    reply = await harness.raw(2, {"id": "1", "guild_id": str(GUILD_ID), **data},
                              permissions=ADMIN_PERMS)
    assert reply.ephemeral
    assert reply.text.startswith("This command was just updated")


@pytest.mark.parametrize("name, shown", [("drop-tables", "/drop-tables"),
                                         ("x" * 80, "/" + "x" * 49)])
async def test_an_unknown_command_is_named_up_to_50_characters(harness, name, shown):
    reply = await harness.raw(2, {"id": "1", "name": name, "type": 1, "options": []})
    assert reply.ephemeral
    assert reply.text.startswith(f"Unknown command “{shown}”. Commands: /best, /compare")

"""The bot itself: a store that fails never stops a command (the defaults apply, logged), and
an autocomplete with nothing typed yet (a null value) is answered."""

from __future__ import annotations

import logging

import pytest

from bot.store import GuildPrefs
from tests.discord.harness import ADMIN_PERMS, GUILD_ID

SEED_BOARD = "（3）20B以上开源大模型排行榜"


async def test_a_failing_store_answers_with_the_defaults(harness, monkeypatch, caplog):
    """The server's budget cannot be read: /best answers publicly without it, and the
    failure is logged with the guild."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, budget=5, language="zh"))

    async def broken(guild_id: int) -> GuildPrefs:
        raise OSError("disk gone")

    monkeypatch.setattr(harness.bot.store, "get_prefs", broken)
    caplog.set_level(logging.ERROR)
    reply = await harness.slash("best", {"domain": "医疗"})
    assert not reply.ephemeral
    assert reply.embed["title"] == "Best for Medical"
    assert any(str(GUILD_ID) in r.getMessage() and "defaults" in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("command, option, others", [
    ("model", "name", {}), ("best", "domain", {}), ("best", "org", {"domain": "医疗"}),
    ("settings hide", "org", {}), ("settings hide", "board", {}),
    ("settings unhide", "org", {}), ("settings unhide", "board", {}),
])
async def test_an_autocomplete_with_a_null_value_is_answered_as_if_empty(harness, command,
                                                                         option, others):
    """A focused option sent as null (nothing typed yet): the choices for an empty field, not
    silence, which Discord shows as "Loading options failed"."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, hidden_orgs=["google"],
                                                 hidden_boards=[SEED_BOARD]))
    empty = await harness.autocomplete(command, {**others, option: ""}, option,
                                       permissions=ADMIN_PERMS)
    null = await harness.autocomplete(command, {**others, option: None}, option,
                                      permissions=ADMIN_PERMS)
    assert empty and null == empty


async def test_commands_are_registered_once_when_the_bot_is_built(make_harness):
    """``create_bot`` registers every command; logging in (setup_hook) registers none again:
    the tree holds the very same command objects, each once."""
    from bot import Settings, create_bot
    from bot.core.catalog import load_catalog
    from tests.paths import SEED_DIR

    built = create_bot(Settings(database_url="sqlite:///:memory:"),
                       catalog=load_catalog(SEED_DIR))
    before = {c.name: c for c in built.tree.get_commands()}
    assert len(before) == len(built.tree.get_commands()) == 14
    await built.close()
    h = await make_harness()
    after = {c.name: id(c) for c in h.bot.tree.get_commands()}
    assert set(after) == set(before)
    commands_at_build = h.bot.tree.get_commands()
    await h.bot.setup_hook()  # as login runs it: nothing is added or replaced
    assert [id(c) for c in h.bot.tree.get_commands()] == [id(c) for c in commands_at_build]


def test_the_bot_class_keeps_what_is_discords_only():
    """The data (catalog, reloads, loops, store, charts) lives in the DataService."""
    from bot.discord.app import ModelBot
    from bot.discord.data_service import DataService

    for name in ("reload", "fetch_boards", "draw_chart", "guild_prefs"):
        assert hasattr(DataService, name), name
        assert name == "guild_prefs" or not hasattr(ModelBot, name), name

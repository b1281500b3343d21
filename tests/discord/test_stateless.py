"""Buttons and menus that any process can handle: the state behind them is in the shared
store, so a press that reaches another bot (another replica, another shard process, or this
bot after a restart) pages or finishes the command all the same."""

from __future__ import annotations

import pytest

from bot import Settings
from bot.core.catalog import load_catalog
from tests.discord.harness import OTHER_USER_ID
from tests.paths import SEED_DIR


@pytest.fixture
async def two_bots(make_harness, tmp_path):
    """Two bots over one store, as two replicas of `modelbot serve` would be."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shared.db'}",
                        discord={"cooldown_rate": 1000}, charts={"enabled": False})
    catalog = load_catalog(SEED_DIR)
    return (await make_harness(settings, catalog=catalog),
            await make_harness(settings, catalog=catalog))


def next_button(reply) -> str:
    return reply.custom_ids()[-1]


async def test_a_page_button_pages_in_another_bot(two_bots):
    """/leaderboard answered by one bot (16 models, two pages); Next pressed on the other
    shows page 2, whose own Previous, pressed on the first, shows page 1 again."""
    first, second = two_bots
    reply = await first.slash("leaderboard")
    assert "Page 1/2" in reply.embed["footer"]["text"]
    turned = await second.component(reply, next_button(reply))
    assert turned.callback["type"] == 7
    assert "Page 2/2" in turned.callback["data"]["embeds"][0]["footer"]["text"]
    back = await first.component(turned, turned.custom_ids()[0])
    assert "Page 1/2" in back.callback["data"]["embeds"][0]["footer"]["text"]


async def test_only_the_user_who_asked_may_page_in_any_bot(two_bots):
    first, second = two_bots
    reply = await first.slash("leaderboard")
    refused = await second.component(reply, next_button(reply), user_id=OTHER_USER_ID)
    assert refused.ephemeral and "Only the person who ran the command" in refused.text


async def test_a_pick_finishes_the_command_in_another_bot(two_bots):
    """/model gemma asks which; the pick, received by the other bot, answers with the card."""
    first, second = two_bots
    reply = await first.slash("model", {"name": "gemma"})
    select = reply.message["components"][0]["components"][0]
    value = next(o["value"] for o in select["options"] if o["label"] == "gemma-3-27b-it")
    picked = await second.component(reply, select["custom_id"], values=[value])
    assert picked.callback["type"] == 7
    assert picked.embed["title"].startswith("gemma-3-27b-it")
    assert not picked.ephemeral


async def test_an_expired_button_says_so(make_harness):
    """A button whose state the store no longer keeps: the presser is told, privately."""
    harness = await make_harness(Settings(discord={"cooldown_rate": 1000, "view_timeout": 60}))
    reply = await harness.slash("leaderboard")
    harness.bot.store.view_state_days = -1.0  # as if sent long ago
    pressed = await harness.component(reply, next_button(reply))
    assert pressed.ephemeral and "expired" in pressed.text

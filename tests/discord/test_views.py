"""The which-model menu's values (positions of the names it offered, and nothing else), and who
may press a button or pick from a menu."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidOption
from bot.discord.views import picked, which_model
from tests.discord.harness import OTHER_USER_ID

NAMES = [f"m-{i}" for i in range(30)]


def test_the_menu_offers_the_first_25_names_by_position():
    """Discord allows 25 options: the first 25 names, their values 0..24."""
    (menu,) = which_model(1, "0" * 16, NAMES, "en").children
    assert [o.value for o in menu.item.options] == [str(i) for i in range(25)]
    assert [o.label for o in menu.item.options] == NAMES[:25]


@pytest.mark.parametrize(("values", "name"), [(["0"], "m-0"), (["24"], "m-24")])
def test_a_value_the_menu_offered_picks_its_name(values, name):
    assert picked(NAMES, values) == name


@pytest.mark.parametrize("values", [["25"], ["29"], ["30"], ["-1"], [], ["0", "1"]])
def test_a_value_past_the_25_offered_is_refused_though_the_name_exists(values):
    """30 names fit the query but the menu showed 25: a forged 25 names a model the user was
    never offered, so it is refused like any other value the menu did not hold."""
    with pytest.raises(InvalidOption) as caught:
        picked(NAMES, values)
    assert caught.value.params["reason"] == "not_offered"


# ---- who may press, through Discord

@pytest.mark.parametrize("guild", [True, False], ids=["server", "dm"])
async def test_only_the_user_who_asked_may_turn_the_page_anywhere(harness, guild):
    """Another user's press is refused privately, in a server and in a DM alike; the
    asker's turns the page."""
    reply = await harness.slash("leaderboard", guild=guild)
    refused = await harness.component(reply, reply.custom_ids()[1], user_id=OTHER_USER_ID,
                                      guild=guild)
    assert refused.callback["type"] == 4 and refused.ephemeral
    assert refused.text == "Only the person who ran the command can use these buttons."
    turned = await harness.component(reply, reply.custom_ids()[1], guild=guild)
    assert turned.callback["type"] == 7


async def test_the_refusal_speaks_the_pressers_language(harness):
    reply = await harness.slash("leaderboard")
    refused = await harness.component(reply, reply.custom_ids()[1], user_id=OTHER_USER_ID,
                                      locale="zh-CN")
    assert refused.text == "只有执行命令的人可以使用这些按钮。"


async def test_only_the_user_who_asked_may_pick(harness):
    reply = await harness.slash("model", {"name": "gemma"})
    select = reply.message["components"][0]["components"][0]
    refused = await harness.component(reply, select["custom_id"], values=["0"],
                                      user_id=OTHER_USER_ID)
    assert refused.ephemeral and refused.text.startswith("Only the person who ran the command")
    picked = await harness.component(reply, select["custom_id"], values=["0"])
    assert picked.callback["type"] == 7


@pytest.mark.parametrize("seconds, days", [(14 * 86400, 14), (3600, 1 / 24)])
async def test_buttons_are_kept_for_discord_view_timeout(make_harness, seconds, days):
    """discord.view_timeout is in seconds; the store keeps a button's state that long."""
    h = await make_harness(view_timeout=seconds)
    assert h.bot.store.view_state_days == pytest.approx(days)


# ---- after a refusal, nothing at all

@pytest.fixture
def handled(monkeypatch) -> list[str]:
    """What the page and pick handlers were asked to do (nothing, after a refusal)."""
    from bot.discord import views

    calls: list[str] = []
    for kind in ("page", "pick"):
        original = views._handlers[kind]

        async def recording(*args, _kind=kind, _original=original):
            calls.append(_kind)
            await _original(*args)

        monkeypatch.setitem(views._handlers, kind, recording)
    return calls


async def test_a_refused_page_press_sends_one_notice_and_does_nothing_else(harness, handled,
                                                                          monkeypatch):
    """Another user's press: one private notice, and then nothing (no page turned, no state
    read, no follow-up, no message edited)."""
    reply = await harness.slash("leaderboard")
    reads: list[str] = []
    original = harness.bot.store.view_state

    async def reading(key):
        reads.append(key)
        return await original(key)

    monkeypatch.setattr(harness.bot.store, "view_state", reading)
    refused = await harness.component(reply, reply.custom_ids()[1], user_id=OTHER_USER_ID)
    assert len(refused.requests) == 1 and refused.callback["type"] == 4 and refused.ephemeral
    assert handled == [] and reads == []
    turned = await harness.component(reply, reply.custom_ids()[1])  # the asker's still works
    assert turned.callback["type"] == 7 and handled == ["page"] and len(reads) == 1


async def test_a_refused_pick_sends_one_notice_and_does_nothing_else(harness, handled):
    reply = await harness.slash("model", {"name": "gemma"})
    select = reply.message["components"][0]["components"][0]
    refused = await harness.component(reply, select["custom_id"], values=["0"],
                                      user_id=OTHER_USER_ID)
    assert len(refused.requests) == 1 and refused.ephemeral
    assert handled == []
    assert refused.callback["data"].get("components", []) == []  # no menu re-sent

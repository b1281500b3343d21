"""/settings and /reload for an admin: what each path stores, what the reply shows (in the
language just chosen), and hide/unhide at their edges (twice, case, a part of several names)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.store import GuildPrefs
from tests.core.boards import catalog
from tests.discord.harness import ADMIN_PERMS, GUILD_ID, Harness, Reply

SEED_BOARD = "（3）20B以上开源大模型排行榜"


async def admin(h: Harness, name: str, options: dict[str, Any] | None = None,
                locale: str = "en-US") -> Reply:
    return await h.slash(name, options or {}, permissions=ADMIN_PERMS, locale=locale)


def shown(reply: Reply) -> dict[str, str]:
    return {f["name"]: f["value"] for f in reply.embed["fields"]}


async def stored(h: Harness) -> GuildPrefs:
    return await h.bot.store.get_prefs(GUILD_ID)


@pytest.mark.parametrize("budget, said", [(0.0, "0元"), (5.0, "5元"), (None, "default")])
async def test_the_budget_is_saved_and_shown_as_a_budget(harness, budget, said):
    """A budget of 0 is a budget ("0元", not "free" and not "default"); empty clears it."""
    await admin(harness, "settings budget", {"budget": 3.0})
    saved = await admin(harness, "settings budget", {} if budget is None else {"budget": budget})
    assert saved.ephemeral
    assert saved.embed["description"] == "Saved."
    assert shown(saved)["budget"] == said
    assert (await stored(harness)).budget == budget
    assert shown(await admin(harness, "settings show"))["budget"] == said


@pytest.mark.parametrize("value, stored_as, reply_title", [
    ("zh", "zh", "服务器设置"),
    ("en", "en", "Server settings"),
    ("auto", None, "服务器设置"),  # auto: the admin's own client, zh-CN here
])
async def test_the_language_saved_is_the_language_of_the_reply(harness, value, stored_as,
                                                               reply_title):
    """A zh-CN admin sets each language: the confirmation already speaks the one chosen."""
    await admin(harness, "settings language", {"language": "en" if value == "zh" else "zh"})
    saved = await admin(harness, "settings language", {"language": value}, locale="zh-CN")
    assert (await stored(harness)).language == stored_as
    assert saved.embed["title"] == reply_title


async def test_english_is_english_for_a_chinese_client(harness):
    await admin(harness, "settings language", {"language": "en"})
    reply = await harness.slash("best", {"domain": "医疗"}, locale="zh-CN")
    assert reply.embed["title"] == "Best for Medical"


async def test_hiding_the_same_name_twice_keeps_it_once(harness):
    """alibaba and 阿里巴巴 name one organisation; a board hidden twice is hidden once."""
    for org in ("alibaba", "阿里巴巴", "ALIBABA"):
        await admin(harness, "settings hide", {"org": org})
    for board in ("20B", SEED_BOARD):
        await admin(harness, "settings hide", {"board": board})
    prefs = await stored(harness)
    assert prefs.hidden_orgs == ["阿里巴巴"]
    assert prefs.hidden_boards == [SEED_BOARD]
    assert shown(await admin(harness, "settings show"))["Hidden organisations"] == "阿里巴巴"


@pytest.mark.parametrize("typed", ["20b", "20B以上", SEED_BOARD.upper()])
async def test_a_board_is_named_by_any_case_of_its_title_or_a_part(harness, typed):
    await admin(harness, "settings hide", {"board": typed})
    assert (await stored(harness)).hidden_boards == [SEED_BOARD]


@pytest.mark.parametrize("typed, hidden", [("榜", []), ("低价", ["低价榜"]), ("低价榜", ["低价榜"]),
                                           ("规则测试榜", ["规则测试榜"])])
async def test_a_part_of_several_board_titles_names_none(make_harness, typed, hidden):
    """"榜" is in both titles: the admin is asked to say which (both suggested), nothing is
    stored; a part of one title, or a whole title, names that board."""
    h = await make_harness(catalog=catalog("|1|a|o|1元|90|开源|80|70|", extra=(
        "### 低价榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|a|o|1元|90|\n",)))
    reply = await admin(h, "settings hide", {"board": typed})
    assert (await stored(h)).hidden_boards == hidden
    if not hidden:
        assert reply.ephemeral and reply.text.startswith("No loaded board is called “榜”.")
        assert "低价榜" in reply.text and "规则测试榜" in reply.text


@pytest.mark.parametrize("typed, left", [
    ("nous", ["nvidia"]),          # a part of one hidden name
    ("NOUSRESEARCH", ["nvidia"]),  # any case
    ("NVIDIA", ["NousResearch"]),
])
async def test_unhide_takes_any_case_or_a_part_of_one_hidden_name(harness, typed, left):
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID,
                                                 hidden_orgs=["nvidia", "NousResearch"]))
    reply = await admin(harness, "settings unhide", {"org": typed})
    assert reply.embed["description"] == "Saved."
    assert (await stored(harness)).hidden_orgs == left


async def test_a_part_of_several_hidden_names_unhides_none(harness):
    """"n" is in nvidia and NousResearch: which one is meant is not guessed."""
    hidden = ["nvidia", "NousResearch"]
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, hidden_orgs=hidden))
    reply = await admin(harness, "settings unhide", {"org": "n"})
    assert reply.ephemeral and reply.text.startswith("“n” is not hidden here.")
    assert (await stored(harness)).hidden_orgs == hidden


@pytest.mark.parametrize("typed", ["none", "None", " clear ", "-", "无", "清除"])
async def test_weights_are_cleared_by_any_word_for_nothing(harness, typed):
    await admin(harness, "settings weights", {"weights": "医疗=2"})
    saved = await admin(harness, "settings weights", {"weights": typed})
    assert saved.embed["description"] == "Saved."
    assert (await stored(harness)).weights == {}


async def test_reset_clears_everything(harness):
    await harness.bot.store.set_prefs(GuildPrefs(
        guild_id=GUILD_ID, budget=5, language="zh", currency="USD", hidden_orgs=["google"],
        hidden_boards=[SEED_BOARD], weights={"医疗": 2}))
    reply = await admin(harness, "settings reset")
    assert reply.ephemeral and reply.embed["title"] == "Server settings"
    assert await stored(harness) == GuildPrefs(guild_id=GUILD_ID)


async def test_reload_answers_the_admin_privately(harness):
    reply = await admin(harness, "reload")
    assert reply.callback["type"] == 5 and reply.callback["data"]["flags"] & 64
    assert reply.ephemeral and reply.embed["title"] == "Boards reloaded"


@pytest.mark.parametrize("language, locale, title", [("zh", "en-US", "榜单已重新加载"),
                                                     (None, "zh-CN", "榜单已重新加载"),
                                                     ("en", "zh-CN", "Boards reloaded")])
async def test_reload_answers_in_the_servers_language(harness, language, locale, title):
    """Like every /settings and /watch reply: the server's choice, else the admin's client."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language=language))
    reply = await admin(harness, "reload", locale=locale)
    assert reply.embed["title"] == title


@pytest.mark.parametrize("option, value, orgs, boards", [
    ("org", "google", [], [SEED_BOARD]),
    ("board", "20B", ["google"], []),
])
async def test_unhiding_one_kind_leaves_the_other_hidden(harness, option, value, orgs, boards):
    """unhide org:google shows google again and nothing else; unhide board the same."""
    await harness.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, hidden_orgs=["google"],
                                                 hidden_boards=[SEED_BOARD]))
    await admin(harness, "settings unhide", {option: value})
    prefs = await stored(harness)
    assert (prefs.hidden_orgs, prefs.hidden_boards) == (orgs, boards)


async def test_show_lists_every_preference_with_its_value_or_default(harness):
    """Each field of /settings show, unset and then set."""
    unset = shown(await admin(harness, "settings show"))
    assert unset == {"budget": "default", "Language": "each user's Discord language",
                     "Currency": "CNY", "Hidden organisations": "—", "Hidden boards": "—",
                     "weights": "default"}
    await harness.bot.store.set_prefs(GuildPrefs(
        guild_id=GUILD_ID, budget=2.5, language="en", currency="USD",
        hidden_orgs=["google", "Mistral"], hidden_boards=[SEED_BOARD],
        weights={"医疗": 2, "法律": 1}))
    assert shown(await admin(harness, "settings show")) == {
        "budget": "2.5元", "Language": "English", "Currency": "USD",
        "Hidden organisations": "google, Mistral", "Hidden boards": SEED_BOARD,
        "weights": "`医疗=2 法律=1`"}

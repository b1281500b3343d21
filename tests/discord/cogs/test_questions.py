"""Questions in chat through the real discord.py, offline: MESSAGE_CREATE frames in, the
messages the bot posts out. A mention, a reply to the bot's answer or a DM is answered with the
command's own embed, headed by what it was read as; anything else gets nothing."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bot import Settings
from bot.core.catalog import load_catalog
from bot.store import GuildPrefs
from tests.discord.harness import (
    BOT_ID,
    BOT_USER,
    CHANNEL_ID,
    GUILD_ID,
    OTHER_USER_ID,
    USER_ID,
    Harness,
    Reply,
    message_payload,
)
from tests.paths import DATA, SEED_DIR

_IDS = itertools.count(800000000000500000)  # near the harness's interactions in time


def _user(user_id: int) -> dict[str, Any]:
    return {"id": str(user_id), "username": f"user{user_id % 100}", "discriminator": "0",
            "global_name": None, "avatar": None}


class Posted(Reply):
    """What the bot posted in answer to a message: its message(s) to the channel."""

    @property
    def posts(self) -> list[dict]:
        return [r.json for r in self.requests
                if r.method == "POST" and r.path.startswith("/channels/")]

    @property
    def message(self) -> dict:  # type: ignore[override]
        assert self.posts, f"the bot posted nothing: {[r.path for r in self.requests]}"
        return self.posts[0]


async def say(h: Harness, content: str, *, user_id: int = USER_ID, guild: bool = True,
              mentions: list[dict] | None = None, replying_to: dict | None = None,
              bot_author: bool = False) -> Posted:
    """A user's message as the gateway delivers it (mentions listed as Discord lists them)."""
    data: dict[str, Any] = {
        "id": str(next(_IDS)), "channel_id": str(CHANNEL_ID), "type": 0, "content": content,
        "author": _user(user_id) | ({"bot": True} if bot_author else {}),
        "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": mentions or [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": False, "flags": 0, "components": [],
    }
    if guild:
        data["guild_id"] = str(GUILD_ID)
        data["member"] = {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False,
                          "mute": False, "flags": 0, "nick": None, "avatar": None}
    if replying_to is not None:
        data["type"] = 19
        data["message_reference"] = {"message_id": replying_to["id"],
                                     "channel_id": str(CHANNEL_ID)}
        data["referenced_message"] = replying_to
    start = len(h.fake.requests)
    before = set(__import__("asyncio").all_tasks())
    await h.frame("MESSAGE_CREATE", data)
    await h._settle(before)
    return Posted(h.fake.requests[start:])


def mention(text: str) -> tuple[str, list[dict]]:
    return f"<@{BOT_ID}> {text}", [BOT_USER]


@pytest.fixture
async def h(make_harness) -> Harness:
    harness = await make_harness()
    await harness.guild_create()
    return harness


async def test_a_mention_is_answered_with_the_commands_embed_headed_by_the_reading(h):
    content, mentions = mention("医疗 5元以内最好的是哪个")
    posted = await say(h, content, mentions=mentions)
    assert posted.message["content"] == "理解为：`/best 医疗 budget:5`"
    command = await h.slash("best", {"domain": "医疗", "budget": 5}, locale="zh-CN")
    assert posted.embed == command.embed  # the same embed as the command
    assert posted.message["message_reference"]["message_id"]  # a reply to the question
    assert posted.message["allowed_mentions"]["parse"] == []


async def test_an_english_question_is_answered_in_english(h):
    content, mentions = mention("best model for medical under 5 yuan?")
    posted = await say(h, content, mentions=mentions)
    assert posted.message["content"] == "Read as: `/best 医疗 budget:5`"
    command = await h.slash("best", {"domain": "医疗", "budget": 5})
    assert posted.embed == command.embed


async def test_a_message_that_does_not_mention_the_bot_gets_nothing(h):
    posted = await say(h, "医疗 5元以内最好的是哪个")
    assert posted.posts == []
    other = await say(h, f"<@{OTHER_USER_ID}> 医疗最好的是哪个",
                      mentions=[_user(OTHER_USER_ID)])
    assert other.posts == []


async def test_a_bots_message_is_never_answered(h):
    content, mentions = mention("医疗最好的是哪个")
    posted = await say(h, content, mentions=mentions, bot_author=True)
    assert posted.posts == []


async def test_a_reply_to_the_bots_answer_is_read_as_a_question(h):
    answer = message_payload(next(_IDS), {"content": "earlier answer"})
    posted = await say(h, "那法律呢，最好的是哪个", replying_to=answer, mentions=[BOT_USER])
    assert posted.message["content"] == "理解为：`/best 法律`"
    someone = message_payload(next(_IDS), {"content": "hi"}) | {"author": _user(OTHER_USER_ID)}
    ignored = await say(h, "法律最好的是哪个", replying_to=someone)
    assert ignored.posts == []


async def test_a_direct_message_is_a_question_without_a_mention(h):
    posted = await say(h, "qwq-32b 和 gemma-3-27b-it 哪个强", guild=False)
    assert posted.posts, "a DM is addressed to the bot"
    assert posted.message["content"] == "理解为：`/compare qwq-32b gemma-3-27b-it`"


async def test_the_channels_hidden_organisations_stay_hidden(h):
    content, mentions = mention("医疗最好的模型")
    shown = await say(h, content, mentions=mentions)
    top = shown.embed["fields"][0]["name"] if shown.embed.get("fields") else shown.text
    leader_org = _first_org(h, shown.text)
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, hidden_orgs=[leader_org]))
    hidden = await say(h, content, mentions=mentions)
    assert hidden.message["content"] == "理解为：`/best 医疗`"
    command = await h.slash("best", {"domain": "医疗"}, locale="zh-CN")
    assert hidden.embed == command.embed
    for record in h.bot.catalog.records:
        if record.org and record.org.casefold() == leader_org.casefold():
            assert record.name not in hidden.text, (record.name, top)


def _first_org(h: Harness, text: str) -> str:
    """The organisation of the first model an answer names."""
    named = [(text.find(r.name), r) for r in h.bot.catalog.records if r.name in text]
    first = min(named, key=lambda pair: pair[0])[1]
    assert first.org
    return first.org


async def test_a_question_not_understood_says_what_it_could_not_read(h):
    content, mentions = mention("best model for writing poems")
    posted = await say(h, content, mentions=mentions)
    assert "content" not in posted.message or not posted.message["content"]
    assert "I could not read “writing”, “poems”" in posted.text
    assert "Try: /best" in posted.text


async def test_a_typed_command_in_a_mention_is_answered_without_a_reading(h):
    content, mentions = mention("/best 医疗 budget:5")
    posted = await say(h, content, mentions=mentions)
    assert not posted.message.get("content")
    command = await h.slash("best", {"domain": "医疗", "budget": 5}, locale="zh-CN")
    assert posted.embed == command.embed


async def test_questions_spend_the_commands_cooldown(make_harness):
    h = await make_harness(Settings(discord={"cooldown_rate": 1, "cooldown_seconds": 60}),
                           load_catalog(SEED_DIR))
    await h.guild_create()
    await h.slash("about")
    content, mentions = mention("best model for medical")
    posted = await say(h, content, mentions=mentions)
    assert posted.text.startswith("Slow down")
    other = await say(h, content, mentions=mentions, user_id=OTHER_USER_ID)
    assert other.message["content"] == "Read as: `/best 医疗`"


async def test_not_what_i_meant_offers_the_next_readings_to_the_asker_only(h):
    content, mentions = mention("best model for medical under 5 yuan")
    posted = await say(h, content, mentions=mentions)
    button = posted.message["components"][0]["components"][0]
    assert button["label"] == "Not what I meant"
    refused = await h.component(posted, button["custom_id"], user_id=OTHER_USER_ID)
    assert refused.ephemeral
    assert refused.text == "Only the one who asked can pick another reading."
    offered = await h.component(posted, button["custom_id"])
    assert offered.ephemeral
    menu = offered.message["components"][0]["components"][0]
    labels = [o["label"] for o in menu["options"]]
    assert labels == ["/value 医疗 budget:5", "/leaderboard 医疗 budget:5"]
    picked = await h.component(offered, menu["custom_id"], values=["1"])
    assert picked.callback["type"] == 7
    assert picked.callback["data"]["content"] == "Read as: `/value 医疗 budget:5`"
    public = picked.followups[0]
    assert public["content"] == "Read as: `/value 医疗 budget:5`"
    command = await h.slash("value", {"domain": "医疗", "budget": 5})
    assert public["embeds"][0] == command.embed


async def test_a_reading_button_or_menu_whose_readings_are_gone_says_it_expired(h):
    """The readings the button and its menu keep, no longer in the store: a press on either
    is told privately that the menu expired, and nothing is answered."""
    content, mentions = mention("best model for medical under 5 yuan")
    posted = await say(h, content, mentions=mentions)
    button = posted.message["components"][0]["components"][0]["custom_id"]
    offered = await h.component(posted, button)
    menu = offered.message["components"][0]["components"][0]["custom_id"]
    h.bot.store.view_state_days = -1.0  # as if asked long ago
    for reply, custom_id, values in ((posted, button, None), (offered, menu, ["1"])):
        pressed = await h.component(reply, custom_id, values=values)
        assert pressed.ephemeral
        assert pressed.text == "This menu has expired: run the command again."
        assert pressed.followups == []


async def test_the_bot_asks_for_no_privileged_intent(h):
    intents = h.bot.intents
    assert intents.guild_messages and intents.dm_messages
    assert not intents.message_content and not intents.members and not intents.presences


async def test_a_refused_reply_is_posted_plainly_in_the_channel(h):
    """The question deleted meanwhile (Discord answers 400 to the reply): posted plainly."""
    h.fake.fail(r"/channels/\d+/messages", 400, {"message": "Unknown message", "code": 10008})
    content, mentions = mention("医疗最好的模型")
    posted = await say(h, content, mentions=mentions)
    assert len(posted.posts) == 2
    assert "message_reference" in posted.posts[0]
    assert "message_reference" not in posted.posts[1]
    assert posted.posts[1]["content"] == "理解为：`/best 医疗`"


async def test_a_question_in_a_thread_is_answered_there(h):
    thread_id = CHANNEL_ID + 77
    before = len(h.fake.requests)
    content, mentions = mention("best model for law")
    data_channel = str(thread_id)
    await _say_in(h, content, mentions, data_channel)
    posts = [r for r in h.fake.requests[before:] if r.method == "POST"]
    assert [r.path for r in posts] == [f"/channels/{thread_id}/messages"]
    assert posts[0].json["content"] == "Read as: `/best 法律`"


async def _say_in(h: Harness, content: str, mentions: list[dict], channel_id: str) -> None:
    data = {"id": str(next(_IDS)), "channel_id": channel_id, "guild_id": str(GUILD_ID),
            "type": 0, "content": content, "author": _user(USER_ID),
            "member": {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False,
                       "mute": False, "flags": 0},
            "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": mentions, "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "flags": 0, "components": []}
    before = set(__import__("asyncio").all_tasks())
    await h.frame("MESSAGE_CREATE", data)
    await h._settle(before)


async def test_the_servers_language_and_default_budget_apply(h):
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language="en", budget=5))
    content, mentions = mention("医疗最好的模型")
    posted = await say(h, content, mentions=mentions)
    assert posted.message["content"] == "Read as: `/best 医疗`"
    command = await h.slash("best", {"domain": "医疗"}, locale="zh-CN")
    assert "within 5元" in command.embed["title"]
    assert posted.embed == command.embed


async def test_an_ambiguous_name_gets_the_commands_which_model_menu(h):
    content, mentions = mention("gemma 怎么样")
    posted = await say(h, content, mentions=mentions)
    assert posted.message["content"] == "理解为：`/model gemma`"
    menu = posted.message["components"][0]["components"][0]
    assert menu["custom_id"].startswith("mb:pick:")
    assert sorted(o["label"] for o in menu["options"]) == ["gemma-2-27b-it", "gemma-3-27b-it"]


async def test_the_servers_hidden_boards_stay_hidden(make_harness):
    """On the bundled release, hiding the board of the medical leader: it leaves the answer
    as it leaves the command's."""
    h = await make_harness(catalog=load_catalog(DATA))
    await h.guild_create()
    content, mentions = mention("best model for medical")
    shown = await say(h, content, mentions=mentions)
    leader = h.bot.catalog.record(_first_name(h, shown.text))
    board = next(b for b in leader.boards if "输出价格" in b or "开源" in b)
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, hidden_boards=[board]))
    hidden = await say(h, content, mentions=mentions)
    assert leader.name not in hidden.text
    command = await h.slash("best", {"domain": "医疗"})
    assert hidden.embed == command.embed


def _first_name(h: Harness, text: str) -> str:
    named = [(text.find(r.name), -len(r.name), r.name) for r in h.bot.catalog.records
             if r.name in text]
    return min(named)[2]  # the first named, the longest there (glm-5.3-flash, not glm-5.3)

"""Change announcements: posted to the watched channels only when something changed enough
(rank moves of at least ``announce.min_move`` places), in the server's language, pinging no one."""

from __future__ import annotations

import pytest

from bot import Settings
from bot.core.catalog import Catalog
from bot.core.diff import diff_catalogs
from bot.core.release import ReleaseInfo
from bot.discord.announce import announce
from bot.discord.release_news import announce_release
from bot.store import GuildPrefs
from tests.core.boards import catalog
from tests.discord.harness import CHANNEL_ID, GUILD_ID, Harness

BEFORE = """
|1|alpha|orgA|16元|90|开源|80|70|
|2|beta|orgB|8元|88|开源|79|60|
|3|gamma|orgC|4元|70|商用|60|50|
|4|delta|orgD|2元|60|商用|50|40|
"""


def moved(places: int) -> Catalog:
    """BEFORE with beta and the model ``places`` below it swapped: each moves ``places``
    places; no leader, price or model changes."""
    lines = [line for line in BEFORE.strip().splitlines()]
    a, b = 1, 1 + places
    first, second = lines[a].split("|"), lines[b].split("|")
    first[1], second[1] = second[1], first[1]
    lines[a], lines[b] = "|".join(second), "|".join(first)
    return catalog("\n".join(lines))


async def watched(make_harness, min_move: int, **prefs: object) -> Harness:
    h = await make_harness(Settings(announce={"min_move": min_move},
                                    discord={"cooldown_rate": 1000}))
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.bot.store.add_watch(GUILD_ID, CHANNEL_ID)
    if prefs:
        await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, **prefs))
    return h


async def two_watched_channels(h: Harness) -> int:
    """CHANNEL_ID and a second channel, both watched; Discord refuses the next post to either
    (403: whichever the bot tries first). Returns the second channel's id."""
    second = CHANNEL_ID + 1
    await h.guild_create(GUILD_ID, (CHANNEL_ID, second))
    for channel in (CHANNEL_ID, second):
        await h.bot.store.add_watch(GUILD_ID, channel)
    h.fake.fail(rf"/channels/({CHANNEL_ID}|{second})/messages", 403,
                {"message": "Missing Permissions", "code": 50013})
    return second


def posts(h: Harness, start: int) -> list[dict]:
    return [r.json for r in h.fake.requests[start:]
            if r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages"]


@pytest.mark.parametrize("places, min_move, posted", [
    (1, 1, True), (1, 2, False), (2, 2, True), (2, 3, False), (2, 1, True),
])
async def test_rank_moves_are_announced_from_min_move_places(make_harness, places, min_move,
                                                             posted):
    """Moves alone: a post when they reach ``min_move`` places, none (not an empty embed)
    below it."""
    h = await watched(make_harness, min_move)
    diff = diff_catalogs(catalog(BEFORE), moved(places))
    start = len(h.fake.requests)
    sent = await announce(h.bot, diff)
    assert sent == (1 if posted else 0)
    messages = posts(h, start)
    assert len(messages) == sent
    if posted:
        embed = messages[0]["embeds"][0]
        assert embed["title"] == "The leaderboard changed"
        assert "beta: #2 → #" in embed["fields"][0]["value"]
        assert messages[0]["allowed_mentions"] == {"parse": []}


async def test_the_announcement_speaks_the_servers_language(make_harness):
    h = await watched(make_harness, 1, language="zh")
    start = len(h.fake.requests)
    await announce(h.bot, diff_catalogs(catalog(BEFORE), moved(1)))
    (message,) = posts(h, start)
    assert message["embeds"][0]["title"] == "排行榜有变动"


async def test_over_http_one_replica_posts_each_change(make_harness, tmp_path):
    """Two replicas of `modelbot serve` over one store see the same reload: the channel gets
    one post, from whichever claims it first; a different change is posted again."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shared.db'}",
                        announce={"min_move": 1}, discord={"cooldown_rate": 1000})
    first, second = await make_harness(settings), await make_harness(settings)
    for replica in (first, second):
        replica.bot.serve_over_http()
    await first.bot.store.add_watch(GUILD_ID, CHANNEL_ID)
    change = diff_catalogs(catalog(BEFORE), moved(1))
    start = len(first.fake.requests)
    assert await first.bot.store.watches() != []
    sent = [await announce(first.bot, change), await announce(second.bot, change)]
    assert sorted(sent) == [0, 1]
    assert len(posts(first, start)) == 1
    other = diff_catalogs(catalog(BEFORE), moved(2))
    assert await announce(second.bot, other) == 1


async def test_a_channel_that_refuses_the_post_stops_no_other(make_harness):
    """Discord refuses the post in one watched channel (403): the other still gets its
    announcement, and the count says one went out."""
    h = await make_harness(Settings(announce={"min_move": 1}, discord={"cooldown_rate": 1000}))
    second = await two_watched_channels(h)
    start = len(h.fake.requests)
    assert await announce(h.bot, diff_catalogs(catalog(BEFORE), moved(1))) == 1
    tried = [r.path for r in h.fake.requests[start:] if r.path.startswith("/channels/")]
    assert sorted(tried) == sorted([f"/channels/{CHANNEL_ID}/messages",
                                    f"/channels/{second}/messages"])


async def test_a_release_refused_in_one_channel_is_posted_in_the_other(make_harness):
    h = await make_harness()
    await two_watched_channels(h)
    old = catalog(BEFORE, release=ReleaseInfo(version="v1"))
    new = catalog(BEFORE, release=ReleaseInfo(version="v2"))
    assert await announce_release(h.bot, old, new) == 1


async def test_an_announcement_lists_only_the_moves_of_min_move_places(make_harness):
    """Moves of two places and one of a single place, min_move 2: the post names the big
    moves and leaves the small one out."""
    h = await watched(make_harness, 2)
    big = diff_catalogs(catalog(BEFORE), moved(2))  # beta #2 -> #4, delta #4 -> #2
    small = diff_catalogs(catalog(BEFORE), moved(1))  # gamma #3 -> #2 (and beta)
    gamma = [m for m in small.moved if m.name == "gamma"]
    start = len(h.fake.requests)
    assert await announce(h.bot, big.model_copy(update={"moved": [*big.moved, *gamma]})) == 1
    (message,) = posts(h, start)
    text = "\n".join(f["value"] for f in message["embeds"][0]["fields"])
    assert "beta: #2 → #4" in text and "delta: #4 → #2" in text
    assert "gamma" not in text

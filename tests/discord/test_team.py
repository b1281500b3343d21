"""Team features through the real discord.py: /recommend, /cost, /settings applied to every
command, /watch with change announcements."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import Settings
from tests.discord.harness import ADMIN_PERMS, CHANNEL_ID, EVERYONE_PERMS, GUILD_ID
from tests.paths import DATA, SEED_DIR

SEED = "leaderboard-20b-open-source.md"
OTHER_CHANNEL = CHANNEL_ID + 10


async def admin(harness, name, options=None, locale="en-US"):
    return await harness.slash(name, options or {}, permissions=ADMIN_PERMS, locale=locale)


async def test_recommend_ranks_by_the_weights(harness):
    """/recommend weights:"医疗=2 法律=1" budget:10 -> qwq-32b with each domain's share."""
    reply = await harness.slash("recommend", {"weights": "医疗=2 法律=1", "budget": 10.0})
    embed = reply.embed
    assert not reply.ephemeral
    assert embed["title"] == "Recommended for Medical ×2, Law ×1"
    first = embed["fields"][0]
    assert first["name"] == "1. qwq-32b · 72.4"
    assert "Medical 77.2 → +51.5" in first["value"]


async def test_recommend_with_bad_weights_shows_the_form(harness):
    """A malformed weight string gets an ephemeral message with the accepted form."""
    reply = await harness.slash("recommend", {"weights": "医疗=lots"})
    assert reply.ephemeral
    assert "医疗=2 法律=1" in reply.text


async def test_cost_gives_the_monthly_bill_and_says_output_only(harness):
    """/cost qwq-32b 50M -> 300元 a month, cheaper alternatives, the output-only note."""
    reply = await harness.slash("cost", {"model": "qwq-32b", "tokens": "50M"})
    embed = reply.embed
    assert "**300元**" in embed["description"]
    assert "DeepSeek-R1-Distill-Qwen-32B" in embed["fields"][0]["value"]
    assert "output prices only" in reply.text
    bad = await harness.slash("cost", {"model": "qwq-32b", "tokens": "a lot"})
    assert bad.ephemeral and "50M" in bad.text


async def test_settings_need_manage_server(harness):
    """A member without Manage Server can neither change the settings nor read them."""
    reply = await harness.slash("settings budget", {"budget": 5.0}, permissions=EVERYONE_PERMS)
    assert reply.ephemeral and "Manage Server" in reply.text
    shown = await harness.slash("settings show")
    assert shown.ephemeral and "Manage Server" in shown.text
    assert "default" in (await admin(harness, "settings show")).text


async def test_default_budget_applies_to_every_ranking(harness):
    """After /settings budget 5, /best 医疗 without a budget ranks within 5元."""
    saved = await admin(harness, "settings budget", {"budget": 5.0})
    assert saved.ephemeral and "5元" in saved.text
    reply = await harness.slash("best", {"domain": "医疗"})
    assert reply.embed["title"] == "Best for Medical within 5元"
    explicit = await harness.slash("best", {"domain": "医疗", "budget": 100.0})
    assert "DeepSeek-R1" in explicit.embed["description"]


async def test_currency_language_and_hidden_orgs(harness):
    """USD prices, Chinese replies for everyone, and 阿里巴巴 gone from rankings."""
    await admin(harness, "settings currency", {"currency": "USD"})
    await admin(harness, "settings language", {"language": "zh"})
    await admin(harness, "settings hide", {"org": "alibaba"})
    card = await harness.slash("model", {"name": "qwq-32b"}, locale="en-US")
    fields = {f["name"]: f["value"] for f in card.embed["fields"]}
    assert fields["价格"] == "$0.833"  # 6元 at 7.2 元 per dollar, in Chinese
    best = await harness.slash("best", {"domain": "医疗"})
    assert "qwq" not in best.text and "qwen" not in best.text
    shown = await admin(harness, "settings show")
    assert "阿里巴巴" in shown.text and "USD" in shown.text
    await admin(harness, "settings unhide")
    again = await harness.slash("best", {"domain": "教育", "top": 5})
    assert "qwq-32b" in again.text


async def test_default_weights_feed_recommend(harness):
    """/settings weights sets what /recommend uses when no weights are given."""
    saved = await admin(harness, "settings weights", {"weights": "law:1 医疗:2"})
    assert "医疗=2" in saved.text
    reply = await harness.slash("recommend")
    title = reply.embed["title"]
    assert title.startswith("Recommended for") and "Law ×1" in title and "Medical ×2" in title
    await admin(harness, "settings reset")
    cleared = await harness.slash("recommend")
    assert cleared.ephemeral


async def test_settings_survive_a_restart(make_harness, tmp_path):
    """A second bot on the same SQLite file sees the first bot's settings."""
    url = f"sqlite:///{tmp_path / 'prefs.db'}"
    first = await make_harness(Settings(database_url=url, discord={"cooldown_rate": 1000}))
    await admin(first, "settings budget", {"budget": 3.0})
    await first.bot.close()
    second = await make_harness(Settings(database_url=url, discord={"cooldown_rate": 1000}))
    reply = await second.slash("best", {"domain": "医疗"})
    assert reply.embed["title"] == "Best for Medical within 3元"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in (SEED, "aliases.toml"):
        shutil.copy((SEED_DIR if name == SEED else DATA) / name, tmp_path / name)
    return tmp_path


async def test_watch_announces_one_diff_per_subscribed_channel(make_harness, data_dir):
    """/watch #channel, then a reload that changes a price: exactly one announcement there,
    none in the other channel; a reload that changes nothing posts nothing."""
    h = await make_harness(Settings(data={"dir": data_dir}, discord={"cooldown_rate": 1000}))
    await h.guild_create(GUILD_ID, (CHANNEL_ID, OTHER_CHANNEL))
    watched = await admin(h, "watch", {"channel": CHANNEL_ID})
    assert watched.ephemeral and f"<#{CHANNEL_ID}>" in watched.text
    again = await admin(h, "watch", {"channel": CHANNEL_ID})
    assert "already" in again.text

    board = data_dir / SEED
    board.write_text(board.read_text(encoding="utf-8").replace("|16|gemma-2-27b-it",
                                                               "|16|gemma-2-27b-it-v2"),
                     encoding="utf-8")
    start = len(h.fake.requests)
    await admin(h, "reload")
    await h.settle_background()
    posts = [r for r in h.fake.requests[start:] if r.path.endswith("/messages")
             and r.path.startswith("/channels/")]
    assert [r.path for r in posts] == [f"/channels/{CHANNEL_ID}/messages"]
    embed = posts[0].json["embeds"][0]
    assert embed["title"] == "The leaderboard changed"
    assert any("gemma-2-27b-it-v2" in f["value"] for f in embed["fields"])
    assert posts[0].json["allowed_mentions"] == {"parse": []}

    start = len(h.fake.requests)
    await admin(h, "reload")
    await h.settle_background()
    assert not [r for r in h.fake.requests[start:] if r.path.startswith("/channels/")]

    stopped = await admin(h, "watch", {"channel": CHANNEL_ID, "stop": True})
    assert "No more announcements" in stopped.text


async def test_each_process_announces_only_in_its_own_guilds(make_harness, data_dir, tmp_path):
    """Two bots (two shard processes) share one store, each in its own guild: a board change
    is announced once per watched channel, by the bot that serves that guild."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    settings = Settings(data={"dir": data_dir}, database_url=url,
                        discord={"cooldown_rate": 1000})
    first, second = await make_harness(settings), await make_harness(settings)
    other_guild, other_channel = GUILD_ID + 1, CHANNEL_ID + 1
    await first.guild_create(GUILD_ID, (CHANNEL_ID,))
    await second.guild_create(other_guild, (other_channel,))
    await admin(first, "watch", {"channel": CHANNEL_ID})
    await second.bot.store.add_watch(other_guild, other_channel)  # as its own /watch would

    board = data_dir / SEED
    board.write_text(board.read_text(encoding="utf-8").replace("|16|gemma-2-27b-it",
                                                               "|16|gemma-2-27b-it-v3"),
                     encoding="utf-8")
    start = len(first.fake.requests)
    await first.bot.data.reload()
    await second.bot.data.reload()
    await first.settle_background()
    await second.settle_background()
    posts = sorted(r.path for r in first.fake.requests[start:] if r.path.startswith("/channels/"))
    assert posts == sorted([f"/channels/{CHANNEL_ID}/messages",
                            f"/channels/{other_channel}/messages"])


async def test_unhide_takes_the_names_hide_understood(harness):
    """hide org:alibaba stores 阿里巴巴; unhide org:alibaba (or a part of a board title) undoes
    it; unhiding what is not hidden is an error, not a silent "Saved"."""
    await admin(harness, "settings hide", {"org": "alibaba", "board": "20B"})
    shown = await admin(harness, "settings show")
    assert "阿里巴巴" in shown.text and "20B以上开源大模型排行榜" in shown.text
    await admin(harness, "settings unhide", {"org": "alibaba"})
    await admin(harness, "settings unhide", {"board": "20B"})
    shown = await admin(harness, "settings show")
    assert "阿里巴巴" not in shown.text and "20B以上" not in shown.text.split("Hidden boards")[1]
    nothing = await admin(harness, "settings unhide", {"org": "google"})
    assert nothing.ephemeral and "is not hidden" in nothing.text
    empty = await admin(harness, "settings hide")
    assert "Name an organisation" in empty.text


async def test_watch_refuses_a_channel_the_bot_cannot_post_in(make_harness):
    """Without Send Messages / Embed Links for the bot there, /watch says so up front."""
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.frame("GUILD_ROLE_UPDATE", {"guild_id": str(GUILD_ID), "role": {
        "id": str(GUILD_ID), "name": "@everyone", "permissions": str(1 << 10), "position": 0,
        "color": 0, "hoist": False, "managed": False, "mentionable": False}})
    reply = await admin(h, "watch", {"channel": CHANNEL_ID})
    assert reply.ephemeral and "cannot post" in reply.text
    assert await h.bot.store.watches([GUILD_ID]) == []


async def test_admin_commands_share_the_cooldown(make_harness):
    """/settings and /watch are rate-limited per user like every other command."""
    h = await make_harness(cooldown_rate=1, cooldown_seconds=60)
    first = await admin(h, "settings show")
    second = await admin(h, "settings show")
    assert "Server settings" in first.text
    assert second.ephemeral and "try again in" in second.text

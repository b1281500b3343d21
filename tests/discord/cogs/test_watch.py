"""/watch for an admin: a channel is taken only where the bot may post embeds; the list shows
this server's channels only; replies are private and in the server's language."""

from __future__ import annotations

import pytest

from bot.store import GuildPrefs
from tests.discord.harness import ADMIN_PERMS, CHANNEL_ID, GUILD_ID, Harness

VIEW, SEND, EMBED = 1 << 10, 1 << 11, 1 << 14


async def with_bot_permissions(make_harness, permissions: int) -> Harness:
    """A bot whose role in the guild has ``permissions`` in every channel."""
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.frame("GUILD_ROLE_UPDATE", {"guild_id": str(GUILD_ID), "role": {
        "id": str(GUILD_ID), "name": "@everyone", "permissions": str(permissions),
        "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False}})
    return h


@pytest.mark.parametrize("permissions, taken", [
    (VIEW | SEND | EMBED, True),
    (VIEW | SEND, False),   # it could post, but not the embed an announcement is
    (VIEW | EMBED, False),
])
async def test_a_channel_is_taken_only_where_the_bot_may_post_embeds(make_harness,
                                                                    permissions, taken):
    h = await with_bot_permissions(make_harness, permissions)
    reply = await h.slash("watch", {"channel": CHANNEL_ID}, permissions=ADMIN_PERMS)
    assert reply.ephemeral
    watched = [w.channel_id for w in await h.bot.store.watches([GUILD_ID])]
    if taken:
        assert watched == [CHANNEL_ID]
        assert reply.embed["description"] == \
            f"Leaderboard changes will be announced in <#{CHANNEL_ID}>."
    else:
        assert watched == []
        assert reply.text.startswith(f"I cannot post in <#{CHANNEL_ID}>")


async def test_the_list_shows_this_servers_channels_only(make_harness):
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.bot.store.add_watch(GUILD_ID + 1, CHANNEL_ID + 1)  # another server's channel
    empty = await h.slash("watch", permissions=ADMIN_PERMS)
    assert empty.embed["description"].startswith("No channel of this server is watched")
    await h.slash("watch", {"channel": CHANNEL_ID}, permissions=ADMIN_PERMS)
    listed = await h.slash("watch", permissions=ADMIN_PERMS)
    assert listed.ephemeral
    assert listed.embed["description"] == f"<#{CHANNEL_ID}>"


async def test_stopping_a_channel_not_watched_says_so(make_harness):
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    reply = await h.slash("watch", {"channel": CHANNEL_ID, "stop": True}, permissions=ADMIN_PERMS)
    assert reply.embed["description"] == f"<#{CHANNEL_ID}> was not watched."


async def test_the_reply_speaks_the_servers_language(make_harness):
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID,))
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, language="zh"))
    reply = await h.slash("watch", {"channel": CHANNEL_ID}, permissions=ADMIN_PERMS,
                          locale="en-US")
    assert reply.embed["title"] == "变动通知"
    assert reply.embed["description"] == f"排行榜变动将发布到 <#{CHANNEL_ID}>。"


async def test_a_channel_where_the_bot_lost_its_permissions_can_still_be_stopped(make_harness):
    """Watched, then Embed Links taken away: the admin can stop the announcements there
    (the permission matters for posting, not for stopping)."""
    h = await with_bot_permissions(make_harness, VIEW | SEND | EMBED)
    await h.slash("watch", {"channel": CHANNEL_ID}, permissions=ADMIN_PERMS)
    await h.frame("GUILD_ROLE_UPDATE", {"guild_id": str(GUILD_ID), "role": {
        "id": str(GUILD_ID), "name": "@everyone", "permissions": str(VIEW | SEND),
        "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False}})
    stopped = await h.slash("watch", {"channel": CHANNEL_ID, "stop": True},
                            permissions=ADMIN_PERMS)
    assert stopped.embed["description"] == f"No more announcements in <#{CHANNEL_ID}>."
    assert await h.bot.store.watches([GUILD_ID]) == []


async def test_over_http_the_channel_discord_resolved_is_taken(make_harness):
    """No gateway cache (modelbot serve): the text channel Discord resolved for this server is
    watched; whether the bot may post there, Discord's answer to the first post will say."""
    h = await make_harness()
    h.bot.serve_over_http()
    reply = await h.slash("watch", {"channel": CHANNEL_ID}, permissions=ADMIN_PERMS)
    assert reply.embed["description"] == \
        f"Leaderboard changes will be announced in <#{CHANNEL_ID}>."
    assert [w.channel_id for w in await h.bot.store.watches([GUILD_ID])] == [CHANNEL_ID]

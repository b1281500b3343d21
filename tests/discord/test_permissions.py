"""Who may administer the bot: every admin command, subcommand and autocomplete refuses a
member without Manage Server (and stores nothing), works in servers only, and is registered so
that Discord hides it from members and DMs by default."""

from __future__ import annotations

import pytest

from bot import Settings
from tests.discord.harness import (
    ADMIN_PERMS,
    CHANNEL_ID,
    EVERYONE_PERMS,
    GUILD_ID,
    MANAGE_GUILD,
)

OTHER_CHANNEL = CHANNEL_ID + 10
# Every path of /settings and /watch with options that an admin could run successfully.
ADMIN_PATHS = [
    ("settings show", {}),
    ("settings budget", {"budget": 3.0}),
    ("settings budget", {}),
    ("settings language", {"language": "zh"}),
    ("settings currency", {"currency": "USD"}),
    ("settings hide", {"org": "google"}),
    ("settings hide", {"board": "20B"}),
    ("settings unhide", {"org": "阿里巴巴"}),
    ("settings unhide", {}),
    ("settings weights", {"weights": "law:1"}),
    ("settings weights", {}),
    ("settings reset", {}),
    ("watch", {}),
    ("watch", {"channel": OTHER_CHANNEL}),
    ("watch", {"channel": CHANNEL_ID, "stop": True}),
]
IDS = [f"{name}-{'-'.join(options) or 'bare'}" for name, options in ADMIN_PATHS]
# The admin autocompletes, with text that offers something to an admin.
ADMIN_COMPLETIONS = [
    ("settings hide", "org", "goo"),
    ("settings hide", "board", ""),
    ("settings unhide", "org", ""),
    ("settings unhide", "board", ""),
]


@pytest.fixture
async def configured(make_harness):
    """A server whose admin has set things: a refused command that stored anything (a reset,
    an unhide, a stop) would change them."""
    h = await make_harness()
    await h.guild_create(GUILD_ID, (CHANNEL_ID, OTHER_CHANNEL))
    for name, options in [("settings budget", {"budget": 5.0}),
                          ("settings hide", {"org": "alibaba"}),
                          ("settings hide", {"board": "20B"}),
                          ("settings weights", {"weights": "医疗=2"}),
                          ("watch", {"channel": CHANNEL_ID})]:
        reply = await h.slash(name, options, permissions=ADMIN_PERMS)
        assert "Manage Server" not in reply.text, (name, reply.text)
    return h


async def _state(h):
    return (await h.bot.store.get_prefs(GUILD_ID), await h.bot.store.watches([GUILD_ID]))


@pytest.mark.parametrize("name, options", ADMIN_PATHS, ids=IDS)
async def test_a_member_without_manage_server_is_refused_and_nothing_is_stored(
        configured, name, options):
    """Each admin path: a member without Manage Server gets the ephemeral refusal, sees none
    of the settings, and the store is exactly as before."""
    before = await _state(configured)
    reply = await configured.slash(name, options, permissions=EVERYONE_PERMS)
    assert reply.callback["type"] == 4 and reply.ephemeral
    assert reply.text == "Only members with Manage Server can do this."
    assert await _state(configured) == before


@pytest.mark.parametrize("name, options", ADMIN_PATHS, ids=IDS)
async def test_the_same_paths_work_for_an_admin(configured, name, options):
    """The counterpart: with Manage Server each path answers (so the refusal above is the
    permission check, not a broken command)."""
    reply = await configured.slash(name, options, permissions=ADMIN_PERMS)
    assert reply.ephemeral
    assert "Manage Server" not in reply.text and "went wrong" not in reply.text, reply.text


@pytest.mark.parametrize("name, options", ADMIN_PATHS, ids=IDS)
async def test_admin_paths_work_in_servers_only(configured, name, options):
    """From a DM (a client that ignores the registration), even with every permission: the
    command works in a server only, and nothing is stored."""
    before = await _state(configured)
    reply = await configured.slash(name, options, permissions=ADMIN_PERMS, guild=False)
    assert reply.ephemeral
    assert reply.text == "This command works in a server only."
    assert await _state(configured) == before


@pytest.mark.parametrize("name, option, typed", ADMIN_COMPLETIONS,
                         ids=[f"{n}-{o}" for n, o, _ in ADMIN_COMPLETIONS])
async def test_admin_autocomplete_offers_nothing_to_members_or_in_dms(
        configured, name, option, typed):
    """What a server hides, and what an admin command would take, is completed for admins only;
    a member and a DM get an empty list (an answer, not an error)."""
    offered = await configured.autocomplete(name, {option: typed}, option,
                                            permissions=ADMIN_PERMS)
    assert offered, "an admin is offered choices"
    member = await configured.autocomplete(name, {option: typed}, option,
                                           permissions=EVERYONE_PERMS)
    assert member == []
    direct = await configured.autocomplete(name, {option: typed}, option,
                                           permissions=ADMIN_PERMS, guild=False)
    assert direct == []


async def test_reload_is_refused_to_members_and_in_dms(make_harness, tmp_path):
    """/reload: a member is refused, a DM is refused, and the catalog stays the same object."""
    h = await make_harness(Settings(discord={"cooldown_rate": 1000}))
    before = h.bot.catalog
    member = await h.slash("reload", permissions=EVERYONE_PERMS)
    assert member.ephemeral and member.text == "Only members with Manage Server can do this."
    direct = await h.slash("reload", permissions=ADMIN_PERMS, guild=False)
    assert direct.ephemeral and "server only" in direct.text
    assert h.bot.catalog is before


async def test_admin_commands_are_registered_for_manage_server_in_servers_only(harness, fake):
    """The registration Discord receives: /settings, /watch and /reload default to Manage
    Server and to server channels only (no DMs); every other command is open to everyone."""
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    commands = {c["name"]: c for c in puts[-1].json}
    for name in ("settings", "watch", "reload"):
        command = commands[name]
        assert command["default_member_permissions"] is not None, name
        assert int(command["default_member_permissions"]) == MANAGE_GUILD, name
        assert command["contexts"] == [0], name
        assert command["dm_permission"] is False, name
    for name in set(commands) - {"settings", "watch", "reload"}:
        assert commands[name]["default_member_permissions"] is None, name

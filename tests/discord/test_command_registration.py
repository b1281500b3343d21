"""Command sync: the payload discord.py sends carries the zh-CN localizations."""

from __future__ import annotations

from bot import Settings
from tests.discord.harness import GUILD_ID


def _put(fake, path_end):
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith(path_end)]
    assert puts, [r.path for r in fake.requests]
    return {c["name"]: c for c in puts[-1].json}


async def test_global_sync_carries_chinese_names_and_descriptions(harness, fake):
    """Every command and option has a zh-CN name; /reload asks for Manage Server."""
    commands = _put(fake, "/commands")
    assert set(commands) == {"best", "compare", "model", "leaderboard", "value", "recommend",
                             "cost", "domains", "about", "history", "changes", "reload",
                             "settings", "watch"}
    best = commands["best"]
    assert best["name_localizations"]["zh-CN"] == "最佳"
    assert best["description_localizations"]["zh-CN"] == "某个领域的最佳模型，可设预算"
    options = {o["name"]: o for o in best["options"]}
    assert options["budget"]["name_localizations"]["zh-CN"] == "预算"
    assert options["domain"]["autocomplete"] is True
    for command in commands.values():
        assert "zh-CN" in command["name_localizations"], command["name"]
        for option in command.get("options", []):
            assert "zh-CN" in option["name_localizations"], (command["name"], option["name"])
    assert int(commands["reload"]["default_member_permissions"]) == 1 << 5


async def test_every_ranking_offers_its_filters_alike(harness, fake):
    """/best, /leaderboard, /value and /recommend take budget, org and type, each with its
    description and Chinese name; type is a choice of open-source or commercial (as in /cost),
    not free text."""
    commands = _put(fake, "/commands")
    for name in ("best", "leaderboard", "value", "recommend", "cost"):
        options = {o["name"]: o for o in commands[name]["options"]}
        assert [(c["name"], c["value"], c["name_localizations"]["zh-CN"])
                for c in options["type"]["choices"]] == [
            ("open-source", "open", "开源"), ("commercial", "commercial", "商用")], name
        assert options["type"]["name_localizations"]["zh-CN"] == "类别", name
        if name == "cost":
            continue
        assert options["type"]["description"] == "Only open-source or only commercial models"
        assert options["budget"]["description"] == "Highest output price, 元 per million tokens"
        assert options["budget"]["name_localizations"]["zh-CN"] == "预算", name
        assert options["org"]["description"] == "Only models of this organisation", name
        assert options["org"]["name_localizations"]["zh-CN"] == "机构", name


async def test_guild_sync_copies_global_commands(make_harness, fake):
    """sync = [guild id] puts the commands on that guild for instant use."""
    await make_harness(Settings(discord={"sync": [GUILD_ID]}))
    commands = _put(fake, f"/guilds/{GUILD_ID}/commands")
    assert "best" in commands


async def test_sync_off_sends_nothing(make_harness, fake):
    """sync = "off" leaves the commands on Discord alone."""
    await make_harness(Settings(discord={"sync": "off"}))
    assert not [r for r in fake.requests if r.method == "PUT"]


async def test_a_failed_global_sync_is_logged_and_the_bot_serves(make_harness, fake, caplog):
    """Discord refusing the command sync (a 500, a 403) leaves the commands Discord already has:
    the bot logs it and answers all the same, rather than not starting."""
    fake.fail(r"/applications/\d+/commands", 403, {"message": "Missing Access", "code": 50001})
    harness = await make_harness(Settings(discord={"sync": "global", "cooldown_rate": 1000}))
    assert "cannot sync the global commands" in caplog.text
    reply = await harness.slash("domains")
    assert reply.callback["type"] == 4

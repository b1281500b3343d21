"""A server's preferences applied by every command that should apply them, end to end: the
currency (at the configured rate), the default budget (which a typed budget beats, 0 included),
hidden organisations and boards, and the language (which beats the reader's client)."""

from __future__ import annotations

from typing import Any

import pytest

from bot import Settings
from bot.core.catalog import Catalog
from bot.store import GuildPrefs
from tests.core.boards import catalog
from tests.discord.harness import GUILD_ID, Harness

# Every figure the tests below rely on. 低价榜 lists gamma a second time, so that hiding that
# board hides gamma; epsilon is free, so that a budget of 0 still finds a model.
ROWS = """
|1|alpha|orgA|16元|90|开源|80|70|
|2|beta|orgB|8元|88|开源|79|60|
|3|gamma|orgC|4元|70|商用|60|50|
|4|delta|orgD|-|60|商用|50|40|
|5|epsilon|orgE|0元|50|开源|40|30|
"""
CHEAP_BOARD = "### 低价榜\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|gamma|orgC|4元|70|\n"


def prefs_catalog() -> Catalog:
    """Five models on 规则测试榜, gamma also on 低价榜."""
    return catalog(ROWS, extra=(CHEAP_BOARD,))


async def server(make_harness: Any, shared: Catalog | None = None, **prefs: Any) -> Harness:
    """A bot on the small catalog (8 元 to the dollar, no charts) whose server has ``prefs``."""
    settings = Settings(cny_per_usd=8, charts={"enabled": False},
                        discord={"cooldown_rate": 1000})
    h = await make_harness(settings, catalog=shared or prefs_catalog())
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, **prefs))
    return h


# (command, options, what the reader must see): each price at 8 元 per dollar
USD_CASES = [
    ("best", {"domain": "医疗"}, ["**alpha** scores 80.0 in Medical at $2",
                                 "Price\n$2",
                                 "`2.` **beta** · orgB · 79.0 · $1 · #2",
                                 "at $1, 2.0× cheaper"]),
    ("leaderboard", {}, ["`1.` **alpha** · orgA · 90.0 · $2 · #1",
                         "`3.` **gamma** · orgC · 70.0 · $0.5 · #3"]),
    ("value", {}, ["**gamma** · 70.0 · $0.5 · 17.5/元", "**alpha** · 90.0 · $2 · 5.6/元"]),
    ("recommend", {"weights": "医疗=1 法律=1"}, ["at $2 (#1 by the weighted score in the release)",
                                                "1. alpha · 75.0\n$2\n"]),
    ("cost", {"model": "alpha", "tokens": "10M"}, ["About **$20** a month",
                                                   "at $2 per million",
                                                   "**beta** · Total 88.0 · $10 (−$10)"]),
    ("model", {"name": "gamma"}, ["Price\n$0.5"]),
    ("compare", {"model_a": "alpha", "model_b": "beta"}, ["▫️ $2 · alpha\n🏆 $1 · beta"]),
]


@pytest.mark.parametrize("command, options, expected", USD_CASES,
                         ids=[case[0] for case in USD_CASES])
async def test_a_usd_server_reads_every_price_in_dollars_at_the_configured_rate(
        make_harness, command, options, expected):
    """currency USD with cny_per_usd = 8: every price of every command is converted (not at
    the built-in 7.2, not left in 元); a budget typed in 元 stays in 元."""
    h = await server(make_harness, currency="USD")
    reply = await h.slash(command, options)
    assert not reply.ephemeral, reply.text
    for text in expected:
        assert text in reply.text, (text, reply.text)


@pytest.mark.parametrize("default, typed, title, winner", [
    (None, None, "Best for Medical", "alpha"),
    (5.0, None, "Best for Medical within 5元", "gamma"),
    (5.0, 10.0, "Best for Medical within 10元", "beta"),   # typed beats the default
    (5.0, 0.0, "Best for Medical within 0元", "epsilon"),  # a typed 0 is a budget too
    (0.0, None, "Best for Medical within 0元", "epsilon"),  # and so is a default of 0
    (20.0, 4.0, "Best for Medical within 4元", "gamma"),   # a lower typed budget as well
])
async def test_the_budget_typed_beats_the_servers_default(make_harness, default, typed, title,
                                                         winner):
    """The server's budget fills the option only when the user left it empty."""
    h = await server(make_harness, budget=default)
    options: dict[str, Any] = {"domain": "医疗"}
    if typed is not None:
        options["budget"] = typed
    reply = await h.slash("best", options)
    assert reply.embed["title"] == title
    assert reply.embed["description"].startswith(f"**{winner}** scores")


# (command, options, the models the reply lists) under a default budget of 5元
BUDGET_CASES = [
    ("leaderboard", {}, ["gamma", "epsilon"]),
    ("value", {}, ["epsilon", "gamma"]),
    ("recommend", {"weights": "医疗=1"}, ["gamma", "epsilon"]),
]


@pytest.mark.parametrize("command, options, listed", BUDGET_CASES,
                         ids=[case[0] for case in BUDGET_CASES])
async def test_the_default_budget_applies_to_every_ranking(make_harness, command, options,
                                                           listed):
    """/leaderboard, /value and /recommend without a budget rank within the server's 5元 and
    say so (the filter is named)."""
    h = await server(make_harness, budget=5.0)
    reply = await h.slash(command, options)
    assert "budget ≤ 5元" in reply.text
    for name in ("alpha", "beta", "delta"):
        assert f"**{name}**" not in reply.text and f". {name} ·" not in reply.text, name
    for name in listed:
        assert name in reply.text, name


# (command, options, a model that must be listed): gamma is hidden by either choice
HIDING_CASES = [
    ("best", {"domain": "医疗", "top": 5}, "beta"),
    ("leaderboard", {}, "beta"),
    ("value", {}, "beta"),
    ("recommend", {"weights": "医疗=1", "top": 5}, "beta"),
    ("cost", {"model": "alpha", "tokens": "10M"}, "beta"),
]


@pytest.mark.parametrize("hidden", [{"hidden_boards": ["低价榜"]}, {"hidden_orgs": ["orgC"]}],
                         ids=["board", "org"])
@pytest.mark.parametrize("command, options, kept", HIDING_CASES,
                         ids=[case[0] for case in HIDING_CASES])
async def test_what_the_server_hides_leaves_every_ranking(make_harness, hidden, command,
                                                          options, kept):
    """A hidden board hides the models it lists, a hidden organisation its models: gone from
    /best, /leaderboard, /value, /recommend and /cost's alternatives; the others stay."""
    h = await server(make_harness, **hidden)
    reply = await h.slash(command, options)
    assert not reply.ephemeral, reply.text
    assert "gamma" not in reply.text
    assert kept in reply.text


@pytest.mark.parametrize("hidden", [{"hidden_boards": ["低价榜"]}, {"hidden_orgs": ["orgC"]}],
                         ids=["board", "org"])
async def test_a_hidden_model_named_explicitly_is_still_answered(make_harness, hidden):
    """Hiding is about what rankings offer: /model gamma and /compare still answer."""
    h = await server(make_harness, **hidden)
    card = await h.slash("model", {"name": "gamma"})
    assert card.embed["title"] == "gamma"
    both = await h.slash("compare", {"model_a": "gamma", "model_b": "beta"})
    assert both.embed["title"] == "gamma vs beta"


@pytest.mark.parametrize("language, locale, title", [
    ("zh", "en-US", "医疗领域最佳模型"),
    ("en", "zh-CN", "Best for Medical"),
    (None, "zh-CN", "医疗领域最佳模型"),
    (None, "en-US", "Best for Medical"),
])
async def test_the_servers_language_beats_the_readers_client(make_harness, language, locale,
                                                             title):
    """A public answer is read by the whole channel: the server's language when it chose one,
    else the client's."""
    h = await server(make_harness, language=language)
    reply = await h.slash("best", {"domain": "医疗"}, locale=locale)
    assert reply.embed["title"] == title


async def test_a_change_of_currency_changes_the_next_answer(make_harness):
    """The same question answered in 元, then (the server switched) in dollars, then in 元
    again: an answer drawn once is never served in the other currency."""
    h = await server(make_harness)
    for currency, shown in [("CNY", "16元"), ("USD", "$2"), ("CNY", "16元")]:
        await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID, currency=currency))
        reply = await h.slash("best", {"domain": "医疗"})
        assert reply.embed["description"] == \
            f"**alpha** scores 80.0 in Medical at {shown} (#1 by Medical in the release)."


@pytest.mark.parametrize("hidden, said", [
    ({"hidden_orgs": ["orgC", "orgE"]},
     "No model scored in Medical (without the models this server hides) costs 5元 or less. "
     "The cheapest is beta at 8元."),
    ({}, None),
])
async def test_nothing_found_names_what_the_server_hides(make_harness, hidden, said):
    """gamma and epsilon, the two within 5元, are hidden: the answer says why nothing is left
    (privately); without hiding, gamma wins."""
    h = await server(make_harness, **hidden)
    reply = await h.slash("best", {"domain": "医疗", "budget": 5.0})
    if said is None:
        assert not reply.ephemeral and reply.embed["description"].startswith("**gamma**")
    else:
        assert reply.ephemeral and reply.text == said


# (command, options): the commands that have no budget and no weights of their own
UNBUDGETED = [
    ("compare", {"model_a": "alpha", "model_b": "beta"}),
    ("model", {"name": "gamma"}),
    ("cost", {"model": "alpha", "tokens": "10M"}),
    ("domains", {}),
    ("about", {}),
    ("best", {"domain": "医疗"}),  # has a budget, but no weights
]


@pytest.mark.parametrize("command, options", UNBUDGETED, ids=[c[0] for c in UNBUDGETED])
async def test_saved_defaults_reach_only_the_commands_having_that_option(make_harness, command,
                                                                          options):
    """A server with a default budget and default weights: a command without that option
    answers exactly as in a server without them (no error about an option it lacks)."""
    shared = prefs_catalog()  # one load time for /about
    plain = await server(make_harness, shared)
    saved = await server(make_harness, shared, weights={"医疗": 2.0},
                         budget=None if command == "best" else 5.0)
    expected, reply = await plain.slash(command, options), await saved.slash(command, options)
    assert not reply.ephemeral, reply.text
    assert reply.embed == expected.embed

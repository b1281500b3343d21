"""Bad input through the real discord.py: a table of hostile, broken and forged options, and
boards whose names carry markdown and mentions. Every case gets a clear answer at once
(ephemeral when it is an error); nothing pings, nothing crashes, no traceback reaches a user."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

import pytest

from bot import Settings
from bot.core.board import parse_boards
from bot.core.catalog import Catalog

EPHEMERAL = 64
MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")  # unescaped, these would ping
# Control characters and bidi overrides; the zero-width space is how mentions are escaped.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Case:
    id: str
    command: str
    options: dict
    says: str | None = None
    """Text the ephemeral error must contain."""
    title: str | None = None
    """For a command that answers: the start of its (public) embed's title. With neither
    ``says`` nor ``title``, any safe answer will do (the resolver may read it either way)."""


NAN, INF = math.nan, math.inf
CASES = [
    # empty, whitespace-only, 6,000 characters, control characters
    Case("empty-domain", "best", {"domain": ""}, says="domain must not be empty"),
    Case("blank-domain", "best", {"domain": " \t\u3000 "}, says="domain must not be empty"),
    Case("huge-domain", "best", {"domain": "医" * 6000}, says="domain is too long"),
    Case("invisible-domain", "best", {"domain": "\x00\x01\x1b\u202e\u200b"},
         says="domain must not be empty"),
    Case("escape-sequence-domain", "best", {"domain": "\x1b[2J\x1b]0;pwned\x07"},
         says="“[2J ]0;pwned” is not a domain"),
    Case("empty-name", "model", {"name": ""}, says="name must not be empty"),
    Case("blank-name", "model", {"name": "\n\t\r "}, says="name must not be empty"),
    Case("huge-name", "model", {"name": "qwq-" * 1500}, says="name is too long"),
    Case("control-name", "model", {"name": "\x00\x07qwq-32b\x1b"}, title="qwq-32b"),
    Case("bidi-name", "model", {"name": "\u202edeepseek-r1\u202c"}, title="DeepSeek-R1"),
    Case("empty-second-model", "compare", {"model_a": "qwq-32b", "model_b": ""},
         says="model_b must not be empty"),
    Case("huge-org", "best", {"domain": "医疗", "org": "x" * 6000}, says="org is too long"),
    # emoji and mixed scripts
    Case("emoji-name", "model", {"name": "🤖🔥"}, says="No model on the loaded boards matches"),
    Case("emoji-domain", "best", {"domain": "🏥"}, says="is not a domain"),
    Case("full-width-name", "model", {"name": "ｑｗｑ－３２ｂ"}, title="qwq-32b"),
    Case("full-width-domain", "best", {"domain": "ｍｅｄｉｃａｌ"}, title="Best for Medical"),
    Case("mixed-script-name", "model", {"name": "深度求索 R1"}, title="DeepSeek-R1"),
    Case("zalgo-name", "model", {"name": "q̷̛w̸q̵-̶3̷2̴b̸"}),
    Case("right-to-left-name", "model", {"name": "מודל qwq"}),
    # markdown and mention injection in options
    Case("everyone-name", "model", {"name": "@everyone"}, says="No model"),
    Case("role-mention-name", "model", {"name": "<@&123456789012345678>"}, says="No model"),
    Case("user-mention-org", "best", {"domain": "医疗", "org": "<@123456789012345678>"},
         says="No organisation"),
    Case("here-compare", "compare", {"model_a": "@here", "model_b": "@everyone"},
         says="No model"),
    Case("everyone-domain", "best", {"domain": "@everyone hi <#123456789012345678>"},
         says="is not a domain"),
    Case("backticks-name", "model", {"name": "```py\nimport os```"}, says="No model"),
    Case("markdown-name", "model", {"name": "**x** ||y|| [z](https://evil.example) # h"},
         says="No model"),
    # NaN, infinity, negative and huge budgets
    Case("nan-budget", "best", {"domain": "医疗", "budget": NAN}, says="budget must be a number"),
    Case("inf-budget", "best", {"domain": "医疗", "budget": INF}, says="budget must be a number"),
    Case("minus-inf-budget", "leaderboard", {"budget": -INF}, says="budget must be a number"),
    Case("negative-budget", "best", {"domain": "医疗", "budget": -1.0},
         says="budget must be a number"),
    Case("huge-budget", "best", {"domain": "医疗", "budget": 1e308},
         says="budget must be between 0 and 1000000"),
    Case("huge-int-budget", "best", {"domain": "医疗", "budget": 10**30},
         says="budget must be between 0 and 1000000"),
    Case("text-budget", "best", {"domain": "医疗", "budget": "abc"},
         says="budget: “abc” is not a valid value"),
    # out-of-range top
    Case("zero-top", "best", {"domain": "医疗", "top": 0}, says="top must be between 1 and 25"),
    Case("negative-top", "best", {"domain": "医疗", "top": -5},
         says="top must be between 1 and 25"),
    Case("big-top", "best", {"domain": "医疗", "top": 26}, says="top must be between 1 and 25"),
    Case("huge-top", "best", {"domain": "医疗", "top": 10**12},
         says="top must be between 1 and 25"),
    Case("fractional-top", "best", {"domain": "医疗", "top": 2.5}, says="top must be a whole"),
    # forged choices that autocomplete never offered, unknown commands, stale signatures
    Case("forged-domain", "best", {"domain": "not-offered"}, says="is not a domain"),
    Case("forged-model", "model", {"name": "gpt-9000-ultra"}, says="No model"),
    Case("forged-org", "best", {"domain": "医疗", "org": "nobody-inc"}, says="No organisation"),
    Case("same-model-twice", "compare", {"model_a": "qwq-32b", "model_b": "  QWQ-32B "},
         says="named twice"),
    Case("unknown-command", "hack", {"x": "y"}, says="Unknown command “/hack”"),
    Case("missing-required", "best", {}, says="was just updated"),
]


def _check_safe(reply) -> None:
    """No ping, no traceback, nothing hidden, in every message the bot sent."""
    messages = [r.json["data"] for r in reply.requests
                if r.path.endswith("/callback") and r.json["type"] != 5]  # 5: "thinking…"
    messages += reply.followups
    assert messages, "no answer"
    for message in messages:
        assert message.get("allowed_mentions") == {"parse": []}, message
        assert not message.get("content")
        for embed in message.get("embeds") or []:
            # Discord draws mentions in the description and field values only
            drawn = "\n".join([embed.get("description") or "",
                               *(f["value"] for f in embed.get("fields", []))])
            assert not MENTION.search(drawn), drawn
            shown = "\n".join([drawn, embed.get("title") or "",
                               (embed.get("footer") or {}).get("text", ""),
                               *(f["name"] for f in embed.get("fields", []))])
            assert "Traceback" not in shown and "went wrong on our side" not in shown, shown
            assert not INVISIBLE.search(shown), repr(shown)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_bad_input_gets_a_clear_answer(harness, case, caplog):
    """Each case: one answer; errors are immediate, ephemeral and say what is wrong."""
    assert len(CASES) >= 30
    caplog.set_level(logging.WARNING)
    reply = await harness.slash(case.command, case.options)
    _check_safe(reply)
    if case.says is not None:
        assert reply.callback["type"] == 4, reply.callback
        assert reply.ephemeral, reply.text
        assert case.says in reply.text, reply.text
    elif case.title is not None:
        assert not reply.ephemeral, reply.text
        assert reply.embed["title"].startswith(case.title), reply.embed["title"]
    bugs = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not bugs, [r.getMessage() for r in bugs]


INJECTED = """##### <@&123456789012345678> **board** @everyone
|排名|大模型|机构|输出价格|总分|医疗|@here|
|---|---|---|---|---|---|---|
|1|@everyone|<@123456789012345678>|1元|90|90|90|
|2|<@&123456789012345678>|@here|2元|89|89|89|
|3|`rm -rf /`|**org**|3元|88|88|88|
|4|**bold**-7b|~~strike~~ __under__|4元|87|87|87|
|5|[click](https://evil.example)-7b|[x](https://evil.example)|5元|86|86|86|
|6|<#123456789012345678>|@everyone|6元|85|85|85|
"""


@pytest.fixture
async def injected(make_harness):
    catalog = Catalog(parse_boards(INJECTED, "injected.md"))
    return await make_harness(Settings(discord={"cooldown_rate": 1000}), catalog=catalog)


@pytest.mark.parametrize("command, options", [
    ("best", {"domain": "医疗"}),
    ("best", {"domain": "@here"}),
    ("leaderboard", {}),
    ("model", {"name": "@everyone"}),
    ("model", {"name": "<@&123456789012345678>"}),
    ("compare", {"model_a": "@everyone", "model_b": "`rm -rf /`"}),
    ("compare", {"model_a": "**bold**-7b", "model_b": "<#123456789012345678>"}),
    ("domains", {}),
    ("about", {}),
], ids=["best", "best-injected-domain", "leaderboard", "model-everyone", "model-role",
        "compare", "compare-markdown", "domains", "about"])
async def test_names_from_the_board_cannot_ping_or_format(injected, command, options, caplog):
    """Board names, organisations, domains and titles full of mentions and markdown are shown
    inert (escaped) and sent with no allowed mentions."""
    caplog.set_level(logging.WARNING)
    reply = await injected.slash(command, options)
    _check_safe(reply)
    assert not reply.ephemeral, reply.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    text = reply.text
    if command in ("best", "leaderboard"):
        assert "\\*\\*bold\\*\\*" in text or "@\u200beveryone" in text  # escaped, not dropped

"""``modelbot run``: clear messages, never a traceback, when it cannot start."""

from __future__ import annotations

import asyncio
import threading
import types
from collections.abc import Iterator

import aiohttp
import discord
import pytest
from discord.http import Route

from bot import Settings
from bot.cli import main
from bot.discord.process import run_process
from bot.store import StoreError
from tests.discord.harness import FakeDiscord


@pytest.fixture
def threaded_fake(monkeypatch) -> Iterator[FakeDiscord]:
    """A fake Discord on its own loop in a thread, for code that runs asyncio.run itself."""
    fake = FakeDiscord()
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    monkeypatch.setattr(Route, "BASE", fake.base)
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def test_run_without_a_token_explains_how_to_add_one(monkeypatch, capsys):
    """No token: exit 2 and a message that names DISCORD_TOKEN."""
    for key in ("DISCORD_TOKEN", "MODELBOT_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir("/")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and "Traceback" not in err


def test_run_with_a_rejected_token_fails_clearly(threaded_fake, monkeypatch, capsys):
    """Discord answers 401 at login: exit 2 with a plain message, no traceback."""
    threaded_fake.reject_token = True
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    monkeypatch.setenv("MODELBOT_DISCORD__SYNC", "off")
    monkeypatch.chdir("/")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "Discord rejected the token" in err
    assert "Traceback" not in err and "not-a-real-token" not in err
    assert [r.path for r in threaded_fake.requests] == ["/users/@me"]
    assert threaded_fake.requests[0].headers["Authorization"] == "Bot not-a-real-token"


def _closed(code: int) -> discord.ConnectionClosed:
    return discord.ConnectionClosed(types.SimpleNamespace(close_code=code), shard_id=None,
                                    code=code)


@pytest.mark.parametrize("error, status, said", [
    (discord.LoginFailure("bad"), 2, "Discord rejected the token."),
    (discord.PrivilegedIntentsRequired(None), 2, "Discord refused the gateway intents"),
    (_closed(4004), 2, "Discord rejected the token."),   # a token reset while running
    (_closed(4010), 2, "code 4010"), (_closed(4011), 2, "code 4011"),
    (_closed(4013), 2, "code 4013"),                      # what the configuration causes
    (_closed(4000), 1, "code 4000"),                      # what it does not
    (StoreError("locked"), 2, "Cannot open the preference database (database_url): locked"),
    (aiohttp.ClientConnectionError("refused"), 1, "Cannot reach Discord: refused"),
    (OSError("no route"), 1, "Cannot reach Discord: no route"),
], ids=["login", "intents", "4004", "4010", "4011", "4013", "4000", "store", "client", "os"])
def test_each_start_up_failure_is_one_line_and_its_exit_status(capsys, error, status, said):
    """A configuration the operator must fix exits 2, a failure that may pass exits 1; either
    way one line on stderr, in the configured language, and no traceback."""
    async def failing() -> int:
        raise error

    assert run_process(Settings(), failing()) == status
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_the_start_up_message_speaks_the_configured_language(capsys):
    async def failing() -> int:
        raise discord.LoginFailure("bad")

    assert run_process(Settings(language="zh"), failing()) == 2
    assert capsys.readouterr().err.startswith("Discord 拒绝了该")

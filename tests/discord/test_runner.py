"""``modelbot run``: clear messages, never a traceback, when it cannot start."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from discord.http import Route

from bot.cli import main
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

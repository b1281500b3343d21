"""Logging as the entry points set it up: one handler on standard error at the level asked,
discord.py's chattiest loggers quiet unless DEBUG."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest

from bot.log import setup_logging

CHATTY = ("discord.http", "discord.gateway")


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """Put the root logger and discord.py's loggers back as they were. pytest adds and removes
    its own capture handlers around each phase: those are left to it."""
    root = logging.getLogger()
    level = root.level
    handlers = [h for h in root.handlers if type(h).__module__ != "_pytest.logging"]
    levels = {name: logging.getLogger(name).level for name in (*CHATTY, "bot.test")}
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET)
    yield
    for handler in list(root.handlers):
        if type(handler).__module__ != "_pytest.logging":
            root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def test_records_at_the_level_and_above_go_to_stderr_once(capsys):
    """INFO: info and warnings are written (each once, even after a second setup), debug is
    not, also from a logger that was given a lower level of its own."""
    setup_logging("INFO")
    setup_logging("INFO")
    chatty_module = logging.getLogger("bot.test")
    chatty_module.setLevel(logging.DEBUG)
    chatty_module.debug("a debug line")
    chatty_module.info("an info line")
    logging.getLogger("bot.other").warning("a warning line")
    err = capsys.readouterr().err
    assert err.count("INFO     bot.test: an info line") == 1
    assert err.count("WARNING  bot.other: a warning line") == 1
    assert "a debug line" not in err


def test_debug_shows_debug_records(capsys):
    """DEBUG: debug records are written too."""
    setup_logging("DEBUG")
    logging.getLogger("bot.other").debug("a debug line")
    assert "DEBUG    bot.other: a debug line" in capsys.readouterr().err


def test_discord_requests_are_logged_only_at_debug():
    """Below DEBUG, discord.http and discord.gateway log warnings only; at DEBUG they are
    left alone (every request shows)."""
    setup_logging("INFO")
    assert all(logging.getLogger(name).level == logging.WARNING for name in CHATTY)
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET)
    setup_logging("DEBUG")
    assert all(logging.getLogger(name).getEffectiveLevel() == logging.DEBUG for name in CHATTY)


def test_records_follow_stderr_when_it_is_replaced(monkeypatch):
    """The handler writes to whatever sys.stderr is when a record is made (the console and
    the tests replace it after logging was set up)."""
    setup_logging("WARNING")
    replaced = io.StringIO()
    monkeypatch.setattr(sys, "stderr", replaced)
    logging.getLogger("bot.other").warning("after the swap")
    assert "WARNING  bot.other: after the swap" in replaced.getvalue()


BOT_TOKEN = "MTAxMDEwMTAxMDEwMTAxMDEw.GxLoGs.log-test-token-0123456789abcdefghijk"
ITOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnNlY3JldA"


@pytest.mark.parametrize("tracebacks", [True, False])
def test_no_secret_reaches_the_log_at_any_level(capsys, tracebacks):
    """What discord.py logs at DEBUG (the callback and webhook URLs carry the interaction's
    token), a payload dumped as JSON, an Authorization header, a database password, and the
    same inside a traceback: each shown as [redacted], the rest of the line kept."""
    setup_logging("DEBUG", tracebacks=tracebacks)
    http = logging.getLogger("discord.http")
    http.debug("POST https://discord.com/api/v10/interactions/123/%s/callback with %s has "
               "returned 204", ITOKEN, '{"type": 4}')
    http.debug("PATCH https://discord.com/api/v10/webhooks/456/%s/messages/@original", ITOKEN)
    logging.getLogger("bot.x").info("payload %s", {"id": "1", "token": ITOKEN})
    logging.getLogger("bot.x").warning("headers: Authorization: Bot %s", BOT_TOKEN)
    logging.getLogger("bot.x").error("cannot open postgresql://bot:s3cr3t-pw@db:5432/bot")
    try:
        raise RuntimeError(f"failed at /webhooks/456/{ITOKEN}")
    except RuntimeError:
        logging.getLogger("bot.x").exception("bug")
    err = capsys.readouterr().err
    for secret in (ITOKEN, BOT_TOKEN, *BOT_TOKEN.split("."), "s3cr3t-pw"):
        assert secret not in err, secret
    assert "/interactions/123/[redacted]/callback" in err
    assert "/webhooks/456/[redacted]/messages/@original" in err
    assert "'token': '[redacted]'" in err and "postgresql://bot:[redacted]@db:5432" in err
    assert err.count("[redacted]") >= 5 + tracebacks

"""The token inside the bot: not in any log record at DEBUG, not in the reprs of its objects."""

from __future__ import annotations

import logging

from bot import Settings, create_bot
from tests.discord.harness import ADMIN_PERMS, Harness

SECRET = "MTAxMDEwMTAxMDEwMTAxMDEw.GxInPr.in-process-token-0123456789abcdefgh"


async def test_the_token_is_in_no_log_record_and_no_repr(fake, caplog):
    """Logged in with the settings' token at DEBUG (discord.py's loggers included), a command,
    an error and a reload later: no record, formatted or raw, and no repr holds the token."""
    caplog.set_level(logging.DEBUG)
    for name in ("discord", "discord.http", "discord.gateway", "discord.client", "bot"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    settings = Settings(token=SECRET, log_level="DEBUG", discord={"cooldown_rate": 1000})
    bot = create_bot(settings)
    harness = Harness(bot, fake)
    try:
        await bot.login(settings.token.get_secret_value())
        harness.bot.login = _already_logged_in  # the harness logs in itself: reuse this session
        await harness.start()
        await harness.slash("best", {"domain": "医疗", "budget": 5.0})
        await harness.slash("model", {"name": "nonexistent-model"})
        await harness.slash("reload", permissions=ADMIN_PERMS)
        assert fake.requests[0].headers["Authorization"] == f"Bot {SECRET}"

        records = caplog.records
        assert any(r.name.startswith("discord.http") and r.levelno == logging.DEBUG
                   for r in records)
        for record in records:
            text = record.getMessage() + repr(record.args) + repr(record.__dict__)
            assert SECRET not in text, record.name
        objects = [settings, settings.discord, bot, bot.http, bot.tree, bot.settings, bot.user,
                   bot._connection, bot.catalog]
        for obj in objects:
            assert SECRET not in repr(obj), type(obj)
            assert SECRET not in str(obj), type(obj)
    finally:
        await bot.close()


async def _already_logged_in(token: str) -> None:
    return None

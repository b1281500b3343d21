"""The process around the bot: signals end it cleanly; a revoked token ends it clearly."""

from __future__ import annotations

import signal

import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_signal_ends_the_process_cleanly(fake, launch, sig):
    """SIGTERM (docker stop, systemd) and SIGINT (Ctrl-C) close the websocket with a close frame
    and exit 0 within a few seconds, without a traceback."""
    bot = await launch()
    conn = await fake.wait_ready()
    await fake.pulse.until(lambda: conn.heartbeats >= 2, 5, "a heartbeat after READY")
    bot.send_signal(sig)
    status = await bot.wait_exit(timeout=5)
    assert status == 0, bot.log
    await fake.pulse.until(lambda: conn.ended, 5, "the websocket to close")
    assert conn.client_close_code in (1000, 4000), conn
    assert "Traceback" not in bot.log
    assert "signal received" in bot.log


async def test_a_token_revoked_while_running_ends_the_process_clearly(fake, launch):
    """The gateway closes with 4004 (the token was reset in the Developer Portal): exit 2 with
    the bad-token message, no traceback."""
    bot = await launch()
    conn = await fake.wait_ready()
    bot.expect_exit = True
    await fake.close(conn, 4004)
    status = await bot.wait_exit(timeout=10)
    assert "Discord rejected the token" in bot.log
    assert "Traceback" not in bot.log
    assert status == 2


async def test_a_signal_ends_the_process_even_when_the_gateway_never_answers(fake, launch):
    """A dead network at shutdown (no ACKs, the close frame never answered): the process still
    exits 0 within a few seconds."""
    bot = await launch()
    conn = await fake.wait_ready()
    conn.silent = conn.deaf = True
    bot.send_signal(signal.SIGTERM)
    status = await bot.wait_exit(timeout=8)
    assert status == 0, bot.log
    assert conn.client_close_code in (1000, 4000)
    assert "Traceback" not in bot.log

"""The process around the bot: signals end it cleanly; fatal close codes end it clearly."""

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


@pytest.mark.parametrize("code, says", [
    (4004, "Discord rejected the token"),
    (4011, "code 4011"),
], ids=["4004-token-revoked", "4011-sharding-required"])
async def test_a_fatal_close_code_ends_the_process_clearly(fake, launch, code, says):
    """Close codes no reconnect can cure (4004: the token was reset in the Developer Portal
    while the bot ran; 4011: Discord now requires sharding): exit 2 with a plain message that
    says what to fix, no traceback."""
    bot = await launch()
    conn = await fake.wait_ready()
    bot.expect_exit = True
    await fake.close(conn, code)
    status = await bot.wait_exit(timeout=10)
    assert says in bot.log
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

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


async def _in_flight(fake, commands):
    """Dispatch ``commands`` with every request they make held unanswered; return their
    interactions and the event that releases them, once each is waiting on Discord."""
    conn = fake.live()
    interactions = [fake.interaction(name, options) for name, options in commands]
    tokens = {i["token"] for i in interactions}
    release = fake.hold(lambda path: any(f"/{token}" in path for token in tokens))
    for interaction in interactions:
        await fake.dispatch(conn.session, "INTERACTION_CREATE", interaction)
    await fake.pulse.until(lambda: len(fake.held) >= len(interactions), 20,
                           "every interaction to be waiting on Discord")
    return interactions, release


DRAINED = [("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"}),
           ("value", {"domain": "医疗"}),
           ("best", {"domain": "医疗", "budget": 5})] * 10


async def test_sigterm_finishes_the_answers_in_flight_before_closing(fake, launch):
    """30 commands in flight (charts among them, deferred), then SIGTERM: each gets its
    answer, a deferred chart its follow-up with the PNG; a command that arrives meanwhile is
    told the bot restarts; then the gateway closes and the process exits 0. The drain bound
    is raised well past what 20 charts take on a busy machine: the bound has its own test."""
    bot = await launch({"MODELBOT_DISCORD__DRAIN_SECONDS": "120"})
    conn = await fake.wait_ready()
    interactions, release = await _in_flight(fake, DRAINED)
    bot.send_signal(signal.SIGTERM)
    await bot.wait_log("draining: 30 interactions in flight")
    newcomer = fake.interaction("best", {"domain": "医疗"})
    await fake.dispatch(conn.session, "INTERACTION_CREATE", newcomer)
    refused = await fake.answer(newcomer)
    assert refused.ephemeral and "restarting" in refused.text
    assert not conn.ended  # the gateway stays open while the answers finish
    release.set()
    assert await bot.wait_exit(timeout=120) == 0, bot.log[-3000:]
    for interaction, (name, _) in zip(interactions, DRAINED, strict=True):
        reply = fake.reply(interaction)
        if name == "best":
            assert reply.callback["type"] == 4 and reply.embed["title"].startswith("Best")
            continue
        assert reply.callback["type"] == 5, name  # deferred: the chart takes a while
        followup = next(r for r in reply.requests if r.path.startswith("/webhooks/"))
        assert followup.files and followup.files[0][1].startswith(b"\x89PNG"), name
        assert followup.json["embeds"][0]["image"]["url"].startswith("attachment://")
    assert "drained: 30 of 30 interactions finished" in bot.log
    assert "unanswered" not in bot.log and "Traceback" not in bot.log
    assert conn.client_close_code in (1000, 4000)


async def test_the_drain_is_bounded_and_says_what_it_cut_off(fake, launch):
    """Answers that cannot finish (Discord never answers them) hold the shutdown up for
    discord.drain_seconds at most; the log names each interaction cut off; exit 0."""
    bot = await launch({"MODELBOT_DISCORD__DRAIN_SECONDS": "0.5"})
    await fake.wait_ready()
    await _in_flight(fake, DRAINED[:3])
    bot.send_signal(signal.SIGTERM)
    assert await bot.wait_exit(timeout=15) == 0, bot.log[-3000:]
    cut = await bot.wait_log("shutting down with 3 interactions unanswered")
    assert all(f"/'{name}'" in cut for name in ("compare", "value", "best")), cut
    assert "drained: 0 of 3 interactions finished" in bot.log
    assert "Traceback" not in bot.log


async def test_a_second_signal_skips_the_drain(fake, launch):
    """An operator who signals twice does not wait for the drain bound."""
    bot = await launch({"MODELBOT_DISCORD__DRAIN_SECONDS": "600"})
    await fake.wait_ready()
    await _in_flight(fake, DRAINED[:1])
    bot.send_signal(signal.SIGTERM)
    await bot.wait_log("draining: 1 interactions in flight")
    bot.send_signal(signal.SIGINT)
    assert await bot.wait_exit(timeout=15) == 0, bot.log[-3000:]
    assert "shutting down with 1 interactions unanswered" in bot.log

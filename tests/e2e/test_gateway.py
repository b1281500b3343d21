"""The real ``modelbot run`` process against the fake gateway: identify, answer, reconnect."""

from __future__ import annotations

from tests.e2e.conftest import TOKEN
from tests.e2e.fake_discord import GUILDS_INTENT


async def test_identifies_with_the_token_and_intents_and_answers_best(fake, launch):
    """IDENTIFY carries the configured token and only non-privileged intents (guilds; guild
    and direct messages, for questions that mention the bot); /best 医疗 budget:5
    gets the public embed with the cheapest strong model first."""
    bot = await launch()
    conn = await fake.wait_ready()
    identify = conn.identify
    assert identify["token"] == TOKEN
    # guilds, guild messages, direct messages: no privileged intent (members 1 << 1,
    # presences 1 << 8, message content 1 << 15)
    assert identify["intents"] == GUILDS_INTENT | 1 << 9 | 1 << 12
    assert "shard" not in identify
    assert conn.query["v"] == "10" and conn.query["encoding"] == "json"
    login = next(r for r in fake.rest.requests if r.path == "/users/@me")
    assert login.headers["Authorization"] == f"Bot {TOKEN}"

    reply = await fake.command("best", {"domain": "医疗", "budget": 5})
    assert reply.callback["type"] == 4
    assert not reply.ephemeral
    assert reply.embed["title"] == "Best for Medical within 5元"
    assert "DeepSeek-R1-Distill-Qwen-32B" in reply.embed["description"]
    assert reply.message["allowed_mentions"] == {"parse": []}
    assert "Traceback" not in bot.log


async def _answers(fake) -> None:
    reply = await fake.command("best", {"domain": "医疗", "budget": 5})
    assert "DeepSeek-R1-Distill-Qwen-32B" in reply.embed["description"]


async def test_resumes_after_resumable_disconnects_and_answers_again(fake, launch):
    """Close 4000, RECONNECT, close 1001, INVALID_SESSION(true) and a cut TCP connection each
    lead to a RESUME of the same session with the last sequence number, on the
    resume_gateway_url; dispatches sent meanwhile are replayed, and commands are answered."""
    bot = await launch()
    first = await fake.wait_ready()
    session = first.session
    await _answers(fake)

    # An interaction Discord sent while the connection was breaking: only a replay delivers it.
    last_seen = first.sent_seq
    missed = fake.interaction("best", {"domain": "医疗", "budget": 5})
    await fake.dispatch(session, "INTERACTION_CREATE", missed, deliver=False)
    await fake.close(first, 4000)
    conn = await fake.wait_ready(after=first.number + 1)
    assert conn.identify is None
    assert conn.resume == {"token": TOKEN, "session_id": session.id, "seq": last_seen}
    assert conn.path == "/resume"
    reply = await fake.answer(missed)
    assert "DeepSeek-R1-Distill-Qwen-32B" in reply.embed["description"]
    await bot.wait_log("gateway session resumed")  # visible at INFO
    await _answers(fake)

    disconnects = [
        ("RECONNECT", lambda c: fake.send_op(c, 7)),
        ("close 1001", lambda c: fake.close(c, 1001)),
        ("INVALID_SESSION(true)", lambda c: fake.send_op(c, 9, True)),
    ]
    for what, disconnect in disconnects:
        before = conn
        await disconnect(before)
        conn = await fake.wait_ready(after=before.number + 1)
        assert conn.resume is not None, what
        assert conn.resume["seq"] == before.sent_seq, what
        assert conn.resume["session_id"] == session.id, what
        await _answers(fake)

    before = conn
    fake.drop(before)
    conn = await fake.wait_ready(after=before.number + 1)
    assert conn.resume is not None and conn.resume["seq"] == before.sent_seq
    await _answers(fake)
    assert len(fake.sessions) == 1  # never a new IDENTIFY


async def test_identifies_again_after_an_invalid_session(fake, launch):
    """INVALID_SESSION(false): the bot closes, waits (discord.py's 5 s identify pause), sends a
    new IDENTIFY rather than a RESUME, and answers in the new session."""
    await launch()
    first = await fake.wait_ready()
    await _answers(fake)
    await fake.send_op(first, 9, False)
    conn = await fake.wait_ready(after=first.number + 1, timeout=15)
    assert conn.resume is None
    assert conn.identify is not None and conn.identify["token"] == TOKEN
    assert conn.session is not first.session
    assert first.client_close_code == 1000
    await _answers(fake)


async def test_reconnects_when_the_gateway_stops_acknowledging_heartbeats(fake, launch):
    """A zombie connection (no HEARTBEAT_ACK, nothing at all) is closed by the bot after
    heartbeat_timeout, which then resumes on a new connection and answers again."""
    await launch({"MODELBOT_DISCORD__HEARTBEAT_TIMEOUT": "6"})
    first = await fake.wait_ready()
    await _answers(fake)
    beats = first.heartbeats
    first.silent = True
    conn = await fake.wait_ready(after=first.number + 1, timeout=15)
    assert first.heartbeats > beats  # it kept beating into the silence before giving up
    assert conn.resume is not None and conn.resume["session_id"] == first.session.id
    assert first.ended and first.client_close_code == 4000  # a resumable close of its own
    await _answers(fake)


async def test_a_rate_limited_interaction_callback_is_retried(fake, launch):
    """A 429 with retry_after on the interaction callback: the answer is sent again after the
    wait, not lost."""
    await launch()
    await fake.wait_ready()
    fake.rate_limit(r"/interactions/\d+/[^/]+/callback", times=1, retry_after=0.3)
    reply = await fake.command("best", {"domain": "医疗", "budget": 5})
    assert len(fake.rate_limited) == 1
    assert "DeepSeek-R1-Distill-Qwen-32B" in reply.embed["description"]
    assert len(reply.callbacks) == 1  # the retry, recorded once it got through

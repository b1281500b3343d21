"""``modelbot serve`` as Discord sees it: the real process (``python -m bot serve``) configured
only from the environment, POSTed interactions signed with a key pair made here, its first
answers taken from the responses and its follow-ups recorded by the fake Discord's REST API. No
gateway is involved: the fake counts any attempt."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time

import pytest

from tests.discord.harness import ADMIN_PERMS, CHANNEL_ID, GUILD_ID, message_payload
from tests.e2e.conftest import ROOT, TOKEN
from tests.e2e.endpoint_client import (
    KeptAlive,
    Signer,
    component_press,
    with_channel,
)
from tests.product import MODELBOT, product_env

BEST = ("best", {"domain": "医疗", "budget": 5})
CHARTED = {"compare", "value", "model"}
"""The commands whose answer carries a chart: deferred (type 5), then a follow-up with a PNG."""
COMMANDS = [
    BEST,
    ("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"}),
    ("model", {"name": "qwq-32b"}),
    ("leaderboard", {}),
    ("value", {"domain": "医疗", "budget": 10}),
    ("recommend", {"weights": "医疗=2 法律=1", "budget": 10}),
    ("cost", {"model": "qwq-32b", "tokens": "50M"}),
    ("domains", {}),
    ("about", {}),
]
"""Every command a member runs, with options that answer (the seed board)."""


def no_gateway(fake) -> None:
    """Nothing dialled the fake's gateway nor asked where it is."""
    assert fake.connections == [] and fake.gateway_bot_requests == 0, fake.connections


def clean(bot) -> None:
    for text in ("Traceback", "bug ", "ERROR", "never retrieved"):
        assert text not in bot.log, (text, bot.log[-3000:])


async def test_ping_is_answered_in_the_response(fake, serve):
    """Discord verifies the endpoint with a PING: the PONG goes in the HTTP response itself
    (JSON ``{"type": 1}``), with no call to the callback endpoint; the bot logged in over REST
    with its token and never opened a gateway connection."""
    bot, endpoint = await serve()
    ping = {"id": "1", "application_id": "900000000000000001", "type": 1, "token": "ping-token",
            "version": 1}
    answer = await endpoint.post(ping)
    assert (answer.status, answer.json) == (200, {"type": 1})
    assert not [r for r in fake.rest.requests if "ping-token" in r.path]
    login = next(r for r in fake.rest.requests if r.path == "/users/@me")
    assert login.headers["Authorization"] == f"Bot {TOKEN}"
    no_gateway(fake)
    clean(bot)


def _forged(signer: Signer, other: Signer, body: bytes) -> dict[str, dict[str, str]]:
    """Requests Discord did not sign, each with the headers it carries."""
    now = int(time.time())
    good = signer.headers(body)
    return {
        "no headers": {"Content-Type": "application/json"},
        "no signature": {k: v for k, v in good.items() if k != "X-Signature-Ed25519"},
        "no timestamp": {k: v for k, v in good.items() if k != "X-Signature-Timestamp"},
        "another key": other.headers(body),
        "another body": signer.headers(body + b" "),
        "signature not hex": good | {"X-Signature-Ed25519": "zz" * 64},
        "signature cut short": good | {"X-Signature-Ed25519": good["X-Signature-Ed25519"][:64]},
        "timestamp changed": good | {"X-Signature-Timestamp": str(now + 1)},
        "timestamp not a number": signer.headers(body, timestamp="yesterday"),
        "signed 301 s ago": signer.headers(body, timestamp=str(now - 301)),
        "signed 301 s ahead": signer.headers(body, timestamp=str(now + 301)),
    }


async def test_requests_discord_did_not_sign_are_refused_with_401(fake, serve, signer):
    """A missing or bad signature, or a timestamp more than 5 minutes off, is refused with 401
    and never reaches a command; the endpoint keeps answering signed requests."""
    bot, endpoint = await serve()
    other = Signer()
    for case in _forged(signer, other, b""):
        interaction = fake.interaction(*BEST)
        body = json.dumps(interaction).encode()
        answer = await endpoint.post(body, headers=_forged(signer, other, body)[case])
        assert answer.status == 401, case
        assert not fake.reply(interaction).requests, case
    signed = fake.interaction(*BEST)
    answer = await endpoint.post(signed, timestamp=str(int(time.time()) - 200))  # within 5 min
    assert answer.status == 200
    assert (await fake.answer(signed)).embed["title"] == "Best for Medical within 5元"
    clean(bot)


async def test_signed_bodies_that_are_no_interaction_are_refused_with_400(fake, serve):
    """A signed body that is not JSON (or not UTF-8, or empty), or JSON that is no interaction,
    gets 400, reaches no command and leaves no traceback; the process goes on answering."""
    bot, endpoint = await serve()
    bodies = [b"not json", b"\xff\xfe{}", b"", b"[1, 2]", b'"text"', b"{}",
              json.dumps({"type": 2, "id": "1"}).encode(),
              json.dumps(fake.interaction(*BEST) | {"token": None}).encode()]
    for body in bodies:
        answer = await endpoint.post(body)
        assert answer.status == 400, body
    assert (await endpoint.post(fake.interaction(*BEST))).status == 200
    assert len([r for r in fake.rest.requests if r.path.endswith("/callback")]) == 1
    clean(bot)


async def test_a_body_past_http_max_body_is_refused_with_413(fake, serve):
    """Past ``http.max_body`` the request is refused with 413 before it is verified or parsed;
    a body just under the limit is answered; an unsigned one is refused (401) before even its
    size matters: its body is never read."""
    bot, endpoint = await serve({"MODELBOT_HTTP__MAX_BODY": "4096"})
    small = fake.interaction(*BEST)
    small["padding"] = "x" * (4000 - len(json.dumps(small)))
    assert (await endpoint.post(small)).status == 200
    await fake.answer(small)
    big = fake.interaction(*BEST)
    big["padding"] = "x" * 5000
    assert (await endpoint.post(big)).status == 413
    assert (await endpoint.post(b"x" * 5000, headers={})).status == 401  # unsigned: unread
    assert not fake.reply(big).requests
    clean(bot)


async def test_every_command_is_answered_in_the_response(fake, serve):
    """Each command's first answer is the body of the response to Discord's POST (JSON, within
    Discord's 3 s), and Discord hears nothing else unless there is a follow-up: a charted answer
    is deferred (type 5) and followed up with its PNG; the rest are a message (type 4); an
    autocomplete gets choices (type 8)."""
    bot, endpoint = await serve()
    for name, options in COMMANDS:
        interaction = fake.interaction(name, options)
        answer = await endpoint.post(interaction)
        assert answer.status == 200, name
        reply = await fake.answer(interaction, timeout=30)
        sent = [r.path for r in reply.requests if not r.inline]  # what the bot sent Discord
        if name in CHARTED:
            assert answer.json == reply.callback == {"type": 5}, name
            followup = next(r for r in reply.requests if r.path.startswith("/webhooks/"))
            assert followup.files and followup.files[0][1].startswith(b"\x89PNG"), name
            assert sent == [followup.path], name
        else:
            assert answer.json["type"] == 4, name
            assert reply.embed["title"], name
            assert sent == [], name  # one request per interaction: Discord's POST
        assert len(reply.callbacks) == 1, name
    typing = fake.interaction("model", {"name": "qwq"})
    typing["type"] = 4
    typing["data"]["options"][0]["focused"] = True
    assert (await endpoint.post(typing)).status == 200
    assert [r for r in fake.reply(typing).requests if not r.inline] == []
    choices = fake.reply(typing).callback
    assert choices["type"] == 8 and "qwq-32b" in [c["value"] for c in choices["data"]["choices"]]
    no_gateway(fake)
    clean(bot)


async def test_a_pager_button_turns_the_page(fake, serve):
    """/leaderboard of two pages, then its Next button POSTed as Discord sends a press: the
    message is updated in place (type 7) to page 2."""
    bot, endpoint = await serve()
    command = fake.interaction("leaderboard")
    assert (await endpoint.post(command)).status == 200
    reply = await fake.answer(command)
    assert "Page 1/2" in reply.embed["footer"]["text"]
    _previous, following = reply.custom_ids()
    press = component_press(command, custom_id=following, message_id=reply.message_id,
                            message=message_payload(reply.message_id, reply.message),
                            interaction_id=int(command["id"]) + 1)
    assert (await endpoint.post(press)).status == 200
    turned = fake.reply(press).callback
    assert turned["type"] == 7
    assert "Page 2/2" in turned["data"]["embeds"][0]["footer"]["text"]
    clean(bot)


async def test_admin_commands_work_over_http(fake, serve):
    """/settings, /watch and /reload for a member with Manage Server are answered as over the
    gateway, with no guild in any cache: /watch subscribes the channel Discord resolved."""
    bot, endpoint = await serve()

    async def admin(name, options=None, sub=None):
        interaction = fake.interaction(name, options, permissions=ADMIN_PERMS)
        if sub is not None:
            interaction["data"]["options"] = [{"name": sub, "type": 1, "options": []}]
        if options and "channel" in options:
            with_channel(interaction, CHANNEL_ID, GUILD_ID)
        assert (await endpoint.post(interaction)).status == 200, name
        return await fake.answer(interaction)

    assert (await admin("settings", sub="show")).embed["title"] == "Server settings"
    assert "No channel of this server is watched" in (await admin("watch")).text
    started = await admin("watch", {"channel": str(CHANNEL_ID)})
    assert f"will be announced in <#{CHANNEL_ID}>" in started.text, started.text
    assert f"<#{CHANNEL_ID}>" in (await admin("watch")).text
    assert (await admin("reload")).embed["title"] == "Boards reloaded"
    for odd in ("a voice channel", "no resolved channel"):
        other = with_channel(fake.interaction("watch", {"channel": str(CHANNEL_ID + 7)},
                                              permissions=ADMIN_PERMS), CHANNEL_ID + 7, GUILD_ID)
        if odd == "a voice channel":
            other["data"]["resolved"]["channels"][str(CHANNEL_ID + 7)]["type"] = 2
        else:
            del other["data"]["resolved"]
        assert (await endpoint.post(other)).status == 200
        refused = await fake.answer(other)
        assert refused.ephemeral and "can't see or post in" in refused.text, odd
    assert str(CHANNEL_ID + 7) not in (await admin("watch")).text
    clean(bot)


async def test_a_burst_of_concurrent_interactions_is_answered_exactly_once(fake, serve):
    """40 signed interactions POSTed at once: every one answered in its response, exactly
    once, the right answer for each."""
    """40 signed interactions POSTed at once (fewer than http.max_inflight, 64): every one
    202, every one answered with exactly one callback, the right answer for each."""
    bot, endpoint = await serve()
    burst = [fake.interaction(*BEST) if i % 2 else fake.interaction("leaderboard")
             for i in range(40)]
    answers = await asyncio.gather(*(endpoint.post(i) for i in burst))
    assert [a.status for a in answers] == [200] * len(burst)
    for interaction in burst:
        reply = await fake.answer(interaction)
        assert len(reply.callbacks) == 1
        expected = "Best for Medical" if interaction["data"]["name"] == "best" else "Page 1/2"
        assert expected in reply.text, reply.text
    no_gateway(fake)
    clean(bot)


async def test_health_and_liveness(serve):
    """``/healthz`` says ready (200) and ``/livez`` alive (200) while the replica serves."""
    _bot, endpoint = await serve()
    health, alive = await endpoint.get("/healthz"), await endpoint.get("/livez")
    assert (health.status, health.json) == (200, {"status": "ready"})
    assert (alive.status, alive.json) == (200, {"status": "alive"})


async def test_sigterm_answers_every_interaction_in_flight_then_exits_0(fake, serve, signer):
    """SIGTERM while follow-ups wait on Discord: ``/healthz`` turns 503 on a connection the
    load balancer already had, new connections are refused, an interaction arriving on that
    kept-alive connection is answered (not refused), every follow-up in flight is still sent,
    then the process exits 0."""
    bot, endpoint = await serve({"MODELBOT_DISCORD__DRAIN_SECONDS": "60"})
    kept = await KeptAlive.open("127.0.0.1", bot.port)
    assert (await kept.get("/healthz")).status == 200
    flight = [fake.interaction(*command) for command in [COMMANDS[1], COMMANDS[2]] * 6]
    tokens = {i["token"] for i in flight}
    release = fake.hold(lambda path: any(f"/{token}" in path for token in tokens))
    answers = await asyncio.gather(*(endpoint.post(i) for i in flight))
    assert [a.json for a in answers] == [{"type": 5}] * len(flight)  # deferred, charts to come
    await fake.pulse.until(lambda: len(fake.held) >= len(flight), 20,
                           "every follow-up to wait on Discord")
    bot.send_signal(signal.SIGTERM)
    await bot.wait_log("draining: 12 interactions in flight")
    draining = await kept.get("/healthz")
    assert (draining.status, draining.json) == (503, {"status": "draining"})
    with pytest.raises(ConnectionRefusedError):
        await KeptAlive.open("127.0.0.1", bot.port)  # the listening socket is closed
    late = fake.interaction(*BEST)
    answered = await kept.post("/interactions", late, signer, fake.rest)
    assert answered.status == 200 and not answered.json["data"].get("flags", 0) & 64
    assert answered.json["data"]["embeds"][0]["title"] == "Best for Medical within 5元"
    release.set()
    assert await bot.wait_exit(timeout=30) == 0, bot.log[-3000:]
    for interaction in flight:
        reply = fake.reply(interaction)
        assert len(reply.callbacks) == 1 and len(reply.followups) == 1
    assert "drained: 12 of 12 interactions finished" in bot.log
    assert "unanswered" not in bot.log and "refused an interaction" not in bot.log
    await kept.close()
    no_gateway(fake)
    clean(bot)


def _serve_alone(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MODELBOT, "serve"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=product_env(env), check=False)


@pytest.mark.parametrize("env, says", [
    ({"MODELBOT_DISCORD__PUBLIC_KEY": "ab" * 32}, "DISCORD_TOKEN"),
    ({"DISCORD_TOKEN": TOKEN}, "MODELBOT_DISCORD__PUBLIC_KEY"),
    ({"DISCORD_TOKEN": TOKEN, "MODELBOT_DISCORD__PUBLIC_KEY": "not hex"}, "public_key"),
    ({"DISCORD_TOKEN": TOKEN, "MODELBOT_DISCORD__PUBLIC_KEY": "ab" * 31}, "public_key"),
    ({"DISCORD_TOKEN": TOKEN, "MODELBOT_DISCORD__PUBLIC_KEY": "ab" * 32,
      "MODELBOT_HTTP__PATH": "interactions"}, "http.path"),
], ids=["no-token", "no-public-key", "key-not-hex", "key-too-short", "relative-path"])
def test_serve_without_what_it_needs_exits_2_with_a_message(env, says):
    """No token, no public key, or one that cannot be a key: exit 2 before listening, with a
    message that names the setting, never a traceback."""
    done = _serve_alone(env)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr + done.stdout

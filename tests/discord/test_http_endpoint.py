"""The HTTP interactions endpoint in process (aiohttp's test client on loopback): a PING is
answered in the response; a command, an autocomplete, a button press goes through the same tree
as the gateway's and its first answer is the body of the response, with no request to Discord
unless there is a follow-up; anything unsigned, not JSON or no interaction is refused;
/healthz follows the replica's state."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from discord import app_commands

from bot import Settings
from bot.discord.endpoint import Endpoint
from tests.discord.harness import APP_ID, Harness, message_payload

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def signed(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {"X-Signature-Ed25519": KEY.sign(timestamp.encode() + body).hex(),
            "X-Signature-Timestamp": timestamp, "Content-Type": "application/json"}


@pytest.fixture
async def served(harness: Harness) -> AsyncIterator[tuple[Harness, Endpoint, TestClient]]:
    harness.bot.serve_over_http()
    endpoint = Endpoint(harness.bot, PUBLIC)
    client = TestClient(TestServer(endpoint.app()))
    await client.start_server()
    yield harness, endpoint, client
    await client.close()


async def test_a_ping_is_answered_with_a_pong(served):
    _h, _endpoint, client = served
    body = b'{"type": 1}'
    response = await client.post("/interactions", data=body, headers=signed(body))
    assert response.status == 200
    assert await response.json() == {"type": 1}


async def post(client: TestClient, payload: dict) -> tuple[int, Any]:
    body = json.dumps(payload).encode()
    response = await client.post("/interactions", data=body, headers=signed(body))
    raw = await response.read()
    if response.status != 200:
        return response.status, raw.decode() or None
    assert response.content_type == "application/json"  # exactly, as Discord reads it
    return response.status, json.loads(raw)


async def test_a_command_is_answered_in_the_response_with_no_call_to_discord(served):
    h, endpoint, client = served
    payload = h.payload(2, {"id": "1", "name": "domains", "type": 1, "options": []})
    start = len(h.fake.requests)
    status, answer = await post(client, payload)
    assert status == 200
    assert answer["type"] == 4 and answer["data"]["embeds"][0]["title"] == "Domains"
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    assert h.fake.requests[start:] == []  # no callback round trip, no follow-up
    assert endpoint.answered == 1


async def test_an_answer_that_is_the_same_over_both_paths(served):
    """The body over HTTP is what the gateway's callback would carry, byte for byte."""
    h, _endpoint, client = served
    over_gateway = await h.slash("best", {"domain": "医疗", "budget": 5})
    payload = h.payload(2, {"id": "1", "name": "best", "type": 1, "options": [
        {"name": "domain", "type": 3, "value": "医疗"}, {"name": "budget", "type": 10,
                                                       "value": 5}]})
    _status, answer = await post(client, payload)
    assert answer == over_gateway.callback


async def test_a_charted_command_is_deferred_in_the_response_then_followed_up(served):
    h, _endpoint, client = served
    payload = h.payload(2, {"id": "1", "name": "model", "type": 1, "options": [
        {"name": "name", "type": 3, "value": "qwq-32b"}]})
    start = len(h.fake.requests)
    status, answer = await post(client, payload)
    assert status == 200 and answer == {"type": 5}
    await h.settle_background()
    await h.bot.intake.drain(10, refuse=False)  # the follow-up is in flight: let it land
    sent = h.fake.requests[start:]
    assert [r.path for r in sent] == [f"/webhooks/{APP_ID}/{payload['token']}"]
    assert sent[0].json["embeds"][0]["title"]


async def test_an_autocomplete_gets_its_choices_in_the_response(served):
    h, _endpoint, client = served
    payload = h.payload(4, {"id": "1", "name": "model", "type": 1, "options": [
        {"name": "name", "type": 3, "value": "qwq", "focused": True}]})
    start = len(h.fake.requests)
    status, answer = await post(client, payload)
    assert status == 200 and answer["type"] == 8
    assert "qwq-32b" in [c["value"] for c in answer["data"]["choices"]]
    assert h.fake.requests[start:] == []


async def test_a_page_button_updates_its_message_in_the_response(served):
    h, _endpoint, client = served
    shown = await h.slash("leaderboard", {})
    press = h.payload(3, {"custom_id": shown.custom_ids()[1], "component_type": 2})
    press["message"] = message_payload(shown.message_id, shown.message)
    start = len(h.fake.requests)
    status, answer = await post(client, press)
    assert status == 200 and answer["type"] == 7
    assert "2/" in json.dumps(answer["data"]["embeds"][0], ensure_ascii=False)
    assert h.fake.requests[start:] == []


async def test_a_first_answer_with_a_file_goes_to_the_callback_and_the_post_gets_202(served):
    """A JSON response body cannot carry a file: Discord's callback endpoint takes it
    (multipart), and the POST is acknowledged without a body."""
    h, _endpoint, client = served

    @app_commands.command(name="filed", description="a file first")
    async def filed(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(file=discord.File(io.BytesIO(b"png"), "a.png"))

    h.bot.tree.add_command(filed)
    payload = h.payload(2, {"id": "1", "name": "filed", "type": 1, "options": []})
    start = len(h.fake.requests)
    status, answer = await post(client, payload)
    assert status == 202 and answer is None
    sent = h.fake.requests[start:]
    assert [r.path for r in sent] == [f"/interactions/{payload['id']}/{payload['token']}/callback"]
    assert sent[0].files == [("a.png", b"png")]


async def test_an_answer_later_than_answer_wait_replaces_the_stand_in_deferral(served):
    """Past answer_wait the POST answers with a deferral for the command; its own message,
    when it comes, replaces the "thinking…" Discord shows (PATCH @original), never a callback
    Discord would refuse as late."""
    h, _endpoint, client = served
    h.bot.settings.http.answer_wait = 0.3  # past the time a claim may take (0.05 s)
    release = asyncio.Event()

    @app_commands.command(name="slow", description="answers late")
    async def slow(interaction: discord.Interaction) -> None:
        await release.wait()
        await interaction.response.send_message("late")

    h.bot.tree.add_command(slow)
    payload = h.payload(2, {"id": "1", "name": "slow", "type": 1, "options": []})
    start = len(h.fake.requests)
    status, answer = await post(client, payload)
    assert status == 200 and answer == {"type": 5}
    release.set()
    await h.bot.intake.drain(10, refuse=False)
    sent = h.fake.requests[start:]
    assert not [r for r in sent if r.path.endswith("/callback")]
    assert [(r.method, r.json["content"]) for r in sent
            if r.path.endswith("/messages/@original")] == [("PATCH", "late")]


@pytest.mark.parametrize("body, headers, status", [
    (b'{"type": 1}', {}, 401),                                      # unsigned
    (b'{"type": 1}', {"X-Signature-Timestamp": "1", "X-Signature-Ed25519": "00" * 64}, 401),
    (b"not json", None, 400),
    (b'{"type": 2}', None, 400),                                    # no interaction
    (b"[1, 2]", None, 400),
], ids=["unsigned", "forged", "not-json", "not-an-interaction", "a-list"])
async def test_what_is_not_a_signed_interaction_is_refused(served, body, headers, status):
    h, endpoint, client = served
    start = len(h.fake.requests)
    response = await client.post("/interactions", data=body,
                                 headers=signed(body) if headers is None else headers)
    assert response.status == status
    assert h.fake.requests[start:] == []  # nothing reached Discord
    assert endpoint.refused == (1 if status == 401 else 0)
    assert endpoint.answered == 0


@pytest.mark.parametrize("state, status", [("starting", 503), ("ready", 200),
                                           ("draining", 503)])
async def test_healthz_is_200_only_while_ready_and_livez_always(served, state, status):
    _h, endpoint, client = served
    endpoint.state = state
    health = await client.get("/healthz")
    assert health.status == status and await health.json() == {"status": state}
    assert (await client.get("/livez")).status == 200


async def test_a_server_interaction_without_a_member_is_refused_with_400(served):
    h, endpoint, client = served
    payload = h.payload(2, {"id": "1", "name": "domains", "type": 1, "options": []})
    payload["user"] = payload.pop("member")["user"]
    start = len(h.fake.requests)
    status, text = await post(client, payload)
    assert (status, text) == \
        (400, "not an interaction this bot serves: a server interaction without member")
    assert h.fake.requests[start:] == [] and endpoint.answered == 0


# -- shedding, limits and hostile input ----------------------------------------------------------




@asynccontextmanager
async def endpoint_on(make_harness, **http):
    """A bot with ``http`` settings, served by the endpoint on a real loopback port with the
    runner ``modelbot serve`` uses (connection and header limits included)."""
    settings = Settings(discord={"cooldown_rate": 1000}, http=http)
    h = await make_harness(settings)
    h.bot.serve_over_http()
    endpoint = Endpoint(h.bot, PUBLIC)
    runner = endpoint.runner(access_log=None)
    await runner.setup()
    from aiohttp import web

    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield h, endpoint, port
    finally:
        await runner.cleanup()


async def raw(port: int, data: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    return reader, writer


def head(body_length: int, headers: dict[str, str], path: str = "/interactions",
         extra: str = "") -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: endpoint", *(f"{k}: {v}" for k, v in
                                                          headers.items()), extra]
    if body_length >= 0:
        lines.insert(2, f"Content-Length: {body_length}")
    return ("\r\n".join(line for line in lines if line) + "\r\n\r\n").encode()


async def status_of(reader: asyncio.StreamReader) -> int:
    line = await asyncio.wait_for(reader.readline(), 20)  # a deadline for a hang, not speed
    return int(line.split()[1]) if line else 0


def command(h, name: str = "domains", **extra) -> bytes:
    return json.dumps(h.payload(2, {"id": "1", "name": name, "type": 1, "options": []})
                      | extra).encode()


async def test_an_unsigned_body_is_refused_before_it_is_read(make_harness):
    """A POST announcing 1 MB without a signature (or with a stale one) is answered 401 while
    its body has not even been sent: nothing unauthenticated is buffered."""
    async with endpoint_on(make_harness) as (_h, endpoint, port):
        for headers in ({}, {"X-Signature-Ed25519": "00" * 64,
                             "X-Signature-Timestamp": str(int(time.time()) - 301)}):
            reader, writer = await raw(port, head(1_000_000, headers))
            assert await status_of(reader) == 401
            writer.close()
        assert endpoint.refused == 2


async def test_a_body_beyond_max_body_is_refused_before_it_is_read(make_harness):
    async with endpoint_on(make_harness, max_body=2048) as (_h, _endpoint, port):
        reader, writer = await raw(port, head(2049, signed(b"x" * 2049)))
        assert await status_of(reader) == 413
        writer.close()


@pytest.mark.parametrize("framing", ["length", "chunked"])
async def test_a_body_that_never_ends_is_dropped_after_read_timeout(make_harness, framing):
    """Signed headers, then a body stalled one byte short (or chunks that never end): 408 once
    ``read_timeout`` has passed, the connection closed, and the slot free again."""
    async with endpoint_on(make_harness, read_timeout=0.2) as (_h, endpoint, port):
        body = b'{"type": 1}'
        if framing == "length":
            data = head(len(body), signed(body)) + body[:-1]
        else:
            data = head(-1, signed(body), extra="Transfer-Encoding: chunked") + b"1\r\n{\r\n"
        reader, writer = await raw(port, data)
        assert await status_of(reader) == 408
        assert endpoint.reading == 0
        writer.close()


@pytest.mark.parametrize("framing", ["length", "chunked"])
async def test_a_chunked_body_beyond_max_body_is_cut_off(make_harness, framing):
    """Without a declared length the body is counted as it comes: 413 past max_body."""
    async with endpoint_on(make_harness, max_body=2048) as (_h, _endpoint, port):
        body = b" " * 3000
        if framing == "length":  # a length that lies low is framing aiohttp enforces itself
            data = head(-1, signed(body), extra="Transfer-Encoding: chunked") + \
                b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 500]), body[i:i + 500])
                         for i in range(0, 3000, 500))
        else:
            data = head(-1, signed(body), extra="Transfer-Encoding: chunked") + \
                b"bb8\r\n" + body + b"\r\n0\r\n\r\n"
        reader, writer = await raw(port, data)
        assert await status_of(reader) == 413
        writer.close()


async def test_bodies_beyond_max_reading_are_refused_at_once(make_harness):
    """One body stalled mid-way holds the only reading slot: the next request is 503 at once,
    and served again once the first has timed out."""
    async with endpoint_on(make_harness, max_reading=1, read_timeout=1) as (_h, endpoint,
                                                                           port):
        body = b'{"type": 1}'
        stalled, writer = await raw(port, head(len(body), signed(body)) + body[:3])
        await asyncio.sleep(0)  # a yield, not a wait: the stalled request is read first
        for _ in range(100):
            if endpoint.reading == 1:
                break
            await asyncio.sleep(0.01)
        second, writer2 = await raw(port, head(len(body), signed(body)) + body)
        assert await status_of(second) == 503
        assert await status_of(stalled) == 408
        third, writer3 = await raw(port, head(len(body), signed(body)) + body)
        assert await status_of(third) == 200
        for w in (writer, writer2, writer3):
            w.close()


async def test_connections_beyond_max_connections_are_closed_at_once(make_harness):
    """Two idle connections fill the cap: a third is closed before it can send anything,
    and the shed shows in /metrics."""
    async with endpoint_on(make_harness, max_connections=2) as (_h, endpoint, port):
        held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        assert await asyncio.wait_for(reader.read(), 20) == b""  # closed by the server
        writer.close()
        assert 'modelbot_interactions_total{command="-",outcome="shed"} 1.0' in \
            endpoint.metrics.text().decode()
        for _r, w in held:
            w.close()


async def test_headers_that_trickle_in_are_cut_off_after_header_timeout(make_harness):
    async with endpoint_on(make_harness, header_timeout=0.2) as (_h, _e, port):
        reader, writer = await raw(port, b"POST /interactions HTTP/1.1\r\nHost: x\r\n")
        assert await asyncio.wait_for(reader.read(), 20) == b""  # closed, nothing answered
        writer.close()


@pytest.mark.parametrize("request_bytes", [
    b"POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40,
], ids=["bad-length", "smuggling", "tls-hello"])
async def test_a_malformed_request_is_one_warning_line(make_harness, caplog, request_bytes):
    async with endpoint_on(make_harness) as (_h, _e, port):
        caplog.set_level(logging.DEBUG)
        reader, writer = await raw(port, request_bytes)
        assert await status_of(reader) == 400
        writer.close()
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) <= 1 and all(r.exc_info is None for r in records), records
    assert all("Traceback" not in r.getMessage() for r in caplog.records)


async def test_nan_and_deep_json_are_refused(served):
    """A signed timestamp ``nan`` (it never goes stale) is 401; signed JSON nested 100,000
    deep, which Python's parser cannot follow, is 400, not 500."""
    _h, _endpoint, client = served
    body = b'{"type": 1}'
    nan = {"X-Signature-Ed25519": KEY.sign(b"nan" + body).hex(),
           "X-Signature-Timestamp": "nan", "Content-Type": "application/json"}
    assert (await client.post("/interactions", data=body, headers=nan)).status == 401
    deep = b"[" * 100_000 + b"]" * 100_000
    response = await client.post("/interactions", data=deep, headers=signed(deep))
    assert response.status == 400 and "not JSON" in await response.text()


@pytest.mark.parametrize("change, problem", [
    ({"type": 0}, "interaction type 0 is not served"),
    ({"type": 6}, "interaction type 6 is not served"),
    ({"type": 99}, "interaction type 99 is not served"),
    ({"app_permissions": "lots"}, "app_permissions is not a number"),
    ({"app_permissions": "-8"}, "app_permissions is not a number"),
    ({"app_permissions": str(1 << 64)}, "app_permissions is not a number"),
    ({"member": "perms"}, "member"),
    ({"locale": 5}, "locale is not a language tag"),
    ({"locale": "<@everyone>"}, "locale is not a language tag"),
    ({"guild_locale": ["en"]}, "guild_locale is not a language tag"),
], ids=lambda v: str(v)[:30])
async def test_unserved_types_and_unreadable_fields_are_refused_clearly(served, caplog, change,
                                                                      problem):
    """Each refused with 400 naming what is wrong, in one warning line; nothing reaches
    Discord and nothing waits for an answer that cannot come."""
    h, _endpoint, client = served
    payload = json.loads(command(h))
    if "member" in change:
        payload["member"]["permissions"] = change["member"]
        problem = "member.permissions is not a number"
    else:
        payload |= change
    body = json.dumps(payload).encode()
    start = len(h.fake.requests)
    caplog.set_level(logging.WARNING)
    response = await client.post("/interactions", data=body, headers=signed(body))
    assert response.status == 400
    assert problem in await response.text()
    assert h.fake.requests[start:] == []
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and problem in warnings[0].getMessage()


async def test_a_permission_number_and_a_locale_discord_sends_are_served(served):
    h, _endpoint, client = served
    payload = json.loads(command(h)) | {"locale": "es-419", "guild_locale": "zh-CN",
                                       "app_permissions": str((1 << 64) - 1)}
    body = json.dumps(payload).encode()
    assert (await client.post("/interactions", data=body, headers=signed(body))).status == 200


# -- in flight: shed, stand in, claim ----------------------------------------------------------


@pytest.fixture
def gate(monkeypatch):
    """Every command waits at its first read of the server's preferences until the gate
    opens: work in flight for as long as a test needs, with no timing involved."""
    opened = asyncio.Event()
    waiting: list[int] = []

    def install(bot):
        original = bot.data.guild_prefs

        async def gated(guild_id):
            waiting.append(guild_id)
            await opened.wait()
            return await original(guild_id)

        monkeypatch.setattr(bot.data, "guild_prefs", gated)
        return waiting

    install.opened = opened
    return install


async def wait_for(condition, what: str) -> None:
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


Post = Callable[[bytes], Awaitable[tuple[int, bytes]]]


@asynccontextmanager
async def signed_poster(port: int) -> AsyncIterator[Post]:
    """``await post(body)``: ``body`` signed and POSTed to the endpoint on ``port``; its status
    and raw body."""
    url = f"http://127.0.0.1:{port}/interactions"
    async with aiohttp.ClientSession() as session:
        async def post(body: bytes) -> tuple[int, bytes]:
            async with session.post(url, data=body, headers=signed(body)) as response:
                return response.status, await response.read()

        yield post


async def test_beyond_max_inflight_a_newcomer_is_told_at_once_that_the_bot_is_busy(
        make_harness, gate):
    """Two commands in flight (held at the gate) fill max_inflight=2; with no queue_wait the
    next five get an ephemeral "busy" answer in the response body (an autocomplete: no
    choices) at once, while
    the two are still held, so none can be late; none of them reaches Discord or runs; the
    two are answered once the gate opens; /metrics counts 5 shed, 2 answered."""
    async with endpoint_on(make_harness, max_inflight=2, answer_wait=2.9,
                           queue_wait=0) as (h, endpoint, port):
        waiting = gate(h.bot)
        async with signed_poster(port) as post:
            held = [asyncio.create_task(post(command(h))) for _ in range(2)]
            await wait_for(lambda: len(waiting) == 2, "two commands at the gate")
            start = len(h.fake.requests)
            busy = [await post(command(h, locale=locale)) for locale in ("en-US", "zh-CN")]
            busy += [await post(command(h, "best")) for _ in range(2)]
            auto = h.payload(4, {"id": "1", "name": "best", "type": 1, "options": [
                {"name": "domain", "type": 3, "value": "医", "focused": True}]})
            busy.append(await post(json.dumps(auto).encode()))
            assert not any(t.done() for t in held)  # answered while the two were held
            assert len(waiting) == 2 and h.fake.requests[start:] == []
            gate.opened.set()
            assert [(await t)[0] for t in held] == [200, 200]  # answered in the response
    answers = [json.loads(body) for status, body in busy if status == 200]
    assert len(answers) == 5
    assert answers[0] == {"type": 4, "data": {
        "content": "modelbot is busy right now: try again in a few seconds.", "flags": 64,
        "allowed_mentions": {"parse": []}}}
    assert answers[1]["data"]["content"] == "modelbot 现在太忙，请几秒后再试。"
    assert answers[4] == {"type": 8, "data": {"choices": []}}
    text = endpoint.metrics.text().decode()
    assert 'modelbot_interactions_total{command="domains",outcome="shed"} 2.0' in text
    assert 'modelbot_interactions_total{command="best",outcome="shed"} 3.0' in text
    assert 'modelbot_interactions_total{command="domains",outcome="answered"} 2.0' in text
    assert "modelbot_interactions_in_flight 0.0" in text


async def test_a_first_response_not_out_in_time_is_replaced_by_a_deferral(make_harness, gate):
    """A command held past answer_wait: the endpoint answers for it with a deferral (type 5)
    and the command, once free, sends its answer as a follow-up, never as a late first
    response."""
    async with endpoint_on(make_harness, answer_wait=0.3) as (h, _endpoint, port):
        gate(h.bot)
        url = f"http://127.0.0.1:{port}/interactions"
        payload = json.loads(command(h))
        body = json.dumps(payload).encode()
        async with aiohttp.ClientSession() as session, \
                session.post(url, data=body, headers=signed(body)) as response:
            assert response.status == 200 and await response.json() == {"type": 5}
        gate.opened.set()
        token = payload["token"]
        await wait_for(lambda: any(token in r.path and "/webhooks/" in r.path
                                   for r in h.fake.requests), "the answer")
        sent = [r for r in h.fake.requests if token in r.path]
        assert not any(r.path.endswith("/callback") for r in sent), [r.path for r in sent]
        assert sent[0].path.endswith("/messages/@original")
        assert sent[0].json["embeds"][0]["title"] == "Domains"


async def test_a_duplicate_delivery_is_acknowledged_and_not_run_again(served):
    """The same signed interaction POSTed twice (a load balancer's retry, a replay within
    the signature's 5 minutes): answered once, in the first response; the second gets 202
    without a body, nothing reaches Discord, and it is counted as a duplicate."""
    h, endpoint, client = served
    body = command(h)
    start = len(h.fake.requests)
    first = await client.post("/interactions", data=body, headers=signed(body))
    second = await client.post("/interactions", data=body, headers=signed(body))
    assert (first.status, second.status) == (200, 202)
    assert (await first.json())["data"]["embeds"][0]["title"] == "Domains"
    assert await second.read() == b""
    assert h.fake.requests[start:] == []
    text = endpoint.metrics.text().decode()
    assert 'modelbot_interactions_total{command="domains",outcome="duplicate"} 1.0' in text


async def test_metrics_are_served_in_the_prometheus_text_format(served):
    h, _endpoint, client = served
    body = command(h)
    await client.post("/interactions", data=body, headers=signed(body))
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    text = await response.text()
    assert 'modelbot_interactions_total{command="domains",outcome="answered"} 1.0' in text
    assert 'modelbot_interaction_seconds_count{command="domains"} 1.0' in text
    assert 'modelbot_interaction_seconds_bucket{command="domains",le="3.0"} 1.0' in text
    assert "modelbot_interactions_in_flight 0.0" in text
    info = h.bot.catalog.current.info
    date, version = info.date or "", info.version or ""
    assert f'modelbot_release_info{{date="{date}",release="{version}"}} 1.0' in text


@pytest.mark.parametrize("name, options", [
    ("best", {"domain": "医疗"}),
    ("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"}),  # a deferral
])
async def test_already_acknowledged_is_one_warning_line_not_a_bug(harness, caplog, name,
                                                                  options):
    """Discord answering the first response with 400, code 40060 (another delivery of the
    same interaction answered first): one warning line, no bug id, no traceback, and nothing
    more sent for it (no apology, no follow-up)."""
    caplog.set_level(logging.DEBUG)
    harness.fake.fail(r"/interactions/\d+/[^/]+/callback", 400, {
        "message": "Interaction has already been acknowledged.", "code": 40060})
    reply = await harness.slash(name, options)
    assert len(reply.callbacks) == 1 and reply.followups == []
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(" was ")[-1] for r in problems] == [
        "already acknowledged elsewhere: not answered again"]
    assert all(r.exc_info is None for r in caplog.records if r.levelno >= logging.WARNING)


def _watch(h, channel_guild):
    from tests.discord.harness import ADMIN_PERMS, CHANNEL_ID

    channel = CHANNEL_ID + 7
    payload = h.payload(2, {"id": "1", "name": "watch", "type": 1, "options": [
        {"name": "channel", "type": 7, "value": str(channel)}]}, permissions=ADMIN_PERMS)
    resolved = {"id": str(channel), "type": 0, "name": "news", "permissions": "0",
                "parent_id": None, "flags": 0}
    if channel_guild is not None:
        resolved["guild_id"] = str(channel_guild)
    payload["data"]["resolved"] = {"channels": {str(channel): resolved}}
    return payload, channel


@pytest.mark.parametrize("channel_guild, watched", [
    (None, True),          # Discord resolved it in this server and said no more
    ("this", True),
    ("other", False),      # a channel of another server, in a signed payload
])
async def test_watch_over_http_only_takes_a_channel_of_the_interactions_server(
        served, channel_guild, watched):
    """In serve mode no cache knows the server: /watch compares the guild the signed payload
    gives the channel with the interaction's own (discord.py copies the latter onto the
    channel, so comparing what it hands over proves nothing)."""
    from tests.discord.harness import GUILD_ID

    h, _endpoint, client = served
    guild = {"this": GUILD_ID, "other": GUILD_ID + 1, None: None}[channel_guild]
    payload, channel = _watch(h, guild)
    body = json.dumps(payload).encode()
    response = await client.post("/interactions", data=body, headers=signed(body))
    assert response.status == 200
    watches = await h.bot.store.watches([GUILD_ID, GUILD_ID + 1])
    assert [(w.guild_id, w.channel_id) for w in watches] == \
        ([(GUILD_ID, channel)] if watched else [])
    answer = await response.json()
    text = answer["data"]["embeds"][0]["description"]
    assert ("will be announced" in text) is watched, text
    if not watched:
        assert f"I can't see or post in <#{channel}>" in text


async def test_an_autocomplete_is_not_claimed_each_keystroke_gets_choices(served):
    """Choices change nothing: the same autocomplete delivered twice is answered twice, and
    the store holds no claim for it."""
    h, _endpoint, client = served
    payload = h.payload(4, {"id": "1", "name": "best", "type": 1, "options": [
        {"name": "domain", "type": 3, "value": "医", "focused": True}]})
    body = json.dumps(payload).encode()
    callbacks = []
    for _ in range(2):
        response = await client.post("/interactions", data=body, headers=signed(body))
        assert response.status == 200
        callbacks.append(await response.json())
    assert [c["type"] for c in callbacks] == [8, 8]
    assert await h.bot.store.claim_interaction(int(payload["id"]), "test", time.time(), 1, 60)


async def test_a_write_replayed_anywhere_in_its_signatures_window_is_not_run_again(harness):
    """/settings budget 5, signed at T, replayed as it was at T + 299 s (the signature still
    fresh): a duplicate, the budget stays as an admin set it since; at T + 301 s the
    signature itself is stale (401). Claims outlast the window a signature opens."""
    from tests.discord.harness import ADMIN_PERMS

    now = [1_800_000_000.0]
    harness.bot.serve_over_http()
    endpoint = Endpoint(harness.bot, PUBLIC, clock=lambda: now[0])
    client = TestClient(TestServer(endpoint.app()))
    await client.start_server()
    try:
        def budget(value):
            return json.dumps(harness.payload(2, {"id": "1", "name": "settings", "type": 1,
                                                  "options": [{"name": "budget", "type": 1,
                                                               "options": [{"name": "budget",
                                                                            "type": 10,
                                                                            "value": value}]}]},
                                              permissions=ADMIN_PERMS)).encode()

        def at(body, stamp):
            return {"X-Signature-Ed25519": KEY.sign(f"{stamp:.0f}".encode() + body).hex(),
                    "X-Signature-Timestamp": f"{stamp:.0f}", "Content-Type": "application/json"}

        five, stamp = budget(5), now[0]
        assert (await client.post("/interactions", data=five, headers=at(five, stamp))).status \
            == 200
        ten = budget(10)
        assert (await client.post("/interactions", data=ten, headers=at(ten, now[0]))).status \
            == 200
        now[0] = stamp + 299
        again = await client.post("/interactions", data=five, headers=at(five, stamp))
        assert again.status == 202
        from tests.discord.harness import GUILD_ID

        assert (await harness.bot.store.get_prefs(GUILD_ID)).budget == 10
        now[0] = stamp + 301
        late = await client.post("/interactions", data=five, headers=at(five, stamp))
        assert late.status == 401
        assert (await harness.bot.store.get_prefs(GUILD_ID)).budget == 10
    finally:
        await client.close()


async def test_a_newcomer_waits_in_line_for_room_up_to_queue_wait(make_harness, gate):
    """max_inflight=1, one command held: a second waits in line (queue_wait 20 s) and takes
    the slot the first frees, answered too; a third, with the first two held and a line
    already there, waits and is refused once its queue_wait (0.2 s here) has run out, before
    the others are free."""
    async with endpoint_on(make_harness, max_inflight=1, queue_wait=2,
                           answer_wait=2.9) as (h, endpoint, port):
        waiting = gate(h.bot)
        async with signed_poster(port) as post:
            first = asyncio.create_task(post(command(h)))
            await wait_for(lambda: len(waiting) == 1, "the first at the gate")
            second = asyncio.create_task(post(command(h)))
            await wait_for(lambda: endpoint.admission.waiting == 1, "the second in line")
            h.bot.settings.http.queue_wait = 0.2
            status, body = await post(command(h, "best"))
            assert status == 200 and json.loads(body)["data"]["content"].startswith(
                "modelbot is busy")
            assert not first.done() and not second.done()
            gate.opened.set()
            assert [(await t)[0] for t in (first, second)] == [200, 200]
            assert endpoint.in_flight == 0 and endpoint.admission.waiting == 0

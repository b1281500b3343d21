"""The HTTP interactions endpoint in process (aiohttp's test client on loopback): a PING is
answered in the response; a command, an autocomplete, a button press goes through the same tree
as the gateway's and its first answer is the body of the response, with no request to Discord
unless there is a follow-up; anything unsigned, not JSON or no interaction is refused;
/healthz follows the replica's state."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from discord import app_commands

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


async def test_an_answer_later_than_answer_wait_goes_to_the_callback(served):
    h, _endpoint, client = served
    h.bot.settings.http.answer_wait = 0.05
    release = asyncio.Event()

    @app_commands.command(name="slow", description="answers late")
    async def slow(interaction: discord.Interaction) -> None:
        await release.wait()
        await interaction.response.send_message("late")

    h.bot.tree.add_command(slow)
    payload = h.payload(2, {"id": "1", "name": "slow", "type": 1, "options": []})
    start = len(h.fake.requests)
    status, answer = await post(client, payload)
    assert status == 202 and answer is None
    release.set()
    await h.bot.intake.drain(10, refuse=False)
    sent = h.fake.requests[start:]
    assert [r.json["data"]["content"] for r in sent if r.path.endswith("/callback")] == ["late"]


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
    assert (status, text) == (400, "not an interaction: a server interaction without member")
    assert h.fake.requests[start:] == [] and endpoint.answered == 0

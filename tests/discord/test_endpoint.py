"""The HTTP interactions endpoint in process (aiohttp's test client on loopback): a PING is
answered in the response, a command goes through the same tree as the gateway's and is
acknowledged with 202 once answered, and anything unsigned, not JSON or no interaction is
refused; /healthz follows the replica's state."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bot.discord.endpoint import Endpoint
from tests.discord.harness import Harness

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


async def test_a_command_is_answered_through_discord_and_acknowledged(served):
    h, endpoint, client = served
    payload = h.payload(2, {"id": "1", "name": "domains", "type": 1, "options": []})
    body = json.dumps(payload).encode()
    start = len(h.fake.requests)
    response = await client.post("/interactions", data=body, headers=signed(body))
    assert response.status == 202
    callbacks = [r.json for r in h.fake.requests[start:] if r.path.endswith("/callback")]
    assert callbacks and callbacks[0]["data"]["embeds"][0]["title"] == "Domains"
    assert endpoint.answered == 1


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

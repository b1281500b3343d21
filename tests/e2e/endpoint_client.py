"""Discord's side of the HTTP interactions endpoint, for tests and benchmarks: a key pair made
here (``cryptography``), interactions signed with it as Discord signs them (Ed25519 over
``X-Signature-Timestamp`` + body) and POSTed to ``modelbot serve``, and a raw keep-alive HTTP
connection for what a load balancer sees on a connection it opened before a shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.discord.harness import FakeDiscord

SERVING = re.compile(r"serving interactions at http://[^:]+:(\d+)(/\S*)")
"""The line ``modelbot serve`` logs once it takes interactions, with the port it listens on."""


class Signer:
    """An application's key pair: the public half goes to the bot, the private half signs."""

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()
        self.public_hex = self._key.public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw).hex()

    def headers(self, body: bytes, *, timestamp: str | None = None) -> dict[str, str]:
        """The two headers Discord sends with ``body``, signed now (or at ``timestamp``)."""
        stamp = timestamp if timestamp is not None else str(int(time.time()))
        signature = self._key.sign(stamp.encode() + body).hex()
        return {"X-Signature-Ed25519": signature, "X-Signature-Timestamp": stamp,
                "Content-Type": "application/json"}


@dataclass
class Answer:
    """The endpoint's HTTP answer to one POST."""

    status: int
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class EndpointClient:
    """POSTs interactions to one ``modelbot serve`` (or a load balancer in front of several).
    With ``discord`` (the fake's REST side), a first answer in a response is recorded there as
    Discord takes it (``FakeDiscord.answered_inline``)."""

    def __init__(self, url: str, signer: Signer, session: aiohttp.ClientSession,
                 discord: FakeDiscord | None = None) -> None:
        self.url = url
        self.signer = signer
        self.session = session
        self.discord = discord

    async def post(self, payload: Any, *, headers: dict[str, str] | None = None,
                   timestamp: str | None = None) -> Answer:
        """POST ``payload`` (JSON, or bytes as they are), signed unless ``headers`` are given."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        sent = headers if headers is not None else self.signer.headers(body, timestamp=timestamp)
        async with self.session.post(self.url, data=body, headers=sent) as response:
            answer = Answer(response.status, await response.read())
        taken(self.discord, payload, answer)
        return answer

    async def get(self, path: str) -> Answer:
        """GET ``path`` on the same host (``/healthz``, ``/livez``)."""
        base = self.url.split("/", 3)
        async with self.session.get(f"{base[0]}//{base[2]}{path}") as response:
            return Answer(response.status, await response.read())


class KeptAlive:
    """One HTTP/1.1 connection held open, as a load balancer keeps one to each replica: it
    still reaches a replica that has closed its listening socket."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> KeptAlive:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def get(self, path: str) -> Answer:
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: endpoint\r\n\r\n".encode())
        await self.writer.drain()
        return await self._answer()

    async def post(self, path: str, payload: dict, signer: Signer,
                   discord: FakeDiscord | None = None) -> Answer:
        """POST ``payload`` signed on this connection, as Discord's retry or a load balancer
        reusing the connection would."""
        body = json.dumps(payload).encode()
        headers = "".join(f"{k}: {v}\r\n" for k, v in signer.headers(body).items())
        self.writer.write(f"POST {path} HTTP/1.1\r\nHost: endpoint\r\n{headers}"
                          f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await self.writer.drain()
        answer = await self._answer()
        taken(discord, payload, answer)
        return answer

    async def _answer(self) -> Answer:
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return Answer(status, await self.reader.readexactly(length))

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


def taken(discord: FakeDiscord | None, payload: Any, answer: Answer) -> None:
    """What Discord does with a 200 to an interaction: takes its body as the first answer."""
    if discord is not None and answer.status == 200 and isinstance(payload, dict) \
            and payload.get("type") != 1:
        discord.answered_inline(payload, answer.json)


def free_port() -> int:
    """A loopback port nothing listens on now (for a process that must keep its port across
    restarts, behind a load balancer configured with it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def component_press(command: dict, *, custom_id: str, message_id: int,
                    message: dict[str, Any], interaction_id: int) -> dict:
    """A button press (type 3) on the message ``command``'s answer created, from the same user in
    the same channel: what Discord POSTs when someone clicks it."""
    press = {key: value for key, value in command.items() if key not in ("data", "id", "token")}
    return press | {
        "id": str(interaction_id), "token": f"itoken-{interaction_id}", "type": 3,
        "data": {"custom_id": custom_id, "component_type": 2},
        "message": message | {"id": str(message_id)},
    }


def with_channel(interaction: dict, channel_id: int, guild_id: int) -> dict:
    """``interaction`` with the text channel its ``channel`` option names resolved, as Discord
    sends it (the option's value alone is an id)."""
    interaction["data"]["resolved"] = {"channels": {str(channel_id): {
        "id": str(channel_id), "type": 0, "name": "general", "guild_id": str(guild_id),
        "permissions": "0", "parent_id": None, "flags": 0}}}
    return interaction

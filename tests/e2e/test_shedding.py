"""Load shedding on the real ``modelbot serve``: what the replica cannot answer in time it
refuses at once, in the response, and nothing is answered late.

"Late" is counted, not timed: an answer is in time when it is in the response body, or when
its callback had reached Discord by the moment the response came (the endpoint answers only
after the first response went out, or stands in for it). A callback the bot sends itself after
its request was answered, or a request answered with neither, is late: Discord would have
shown "The application did not respond". No wall-clock limit is asserted, so a busy machine
slows the test down but cannot fail it.

Work is held in flight by the store: the test takes SQLite's write lock on the replica's store,
so the claim each interaction makes before it is handed over waits (the store waits up to 30 s
for a writer), as a store would under load.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3

import aiohttp

from tests.discord.harness import ADMIN_PERMS
from tests.e2e.test_serve import BEST, COMMANDS

BUSY = {"modelbot is busy right now: try again in a few seconds."}


class Tally:
    """Each interaction POSTed, with what its response said and what Discord had by then."""

    def __init__(self, fake, client) -> None:
        self.fake, self.client = fake, client
        self.rows: list[tuple[dict, int, object, int]] = []

    def _sent(self, interaction: dict) -> int:
        """Callbacks the bot sent Discord itself (an answer in the response is not one)."""
        return len([r for r in self.fake.reply(interaction).requests
                    if r.path.endswith("/callback") and not r.inline])

    async def post(self, interaction: dict) -> tuple[int, object]:
        answer = await self.client.post(interaction)
        callbacks_then = self._sent(interaction)
        body = answer.json if answer.body else None
        self.rows.append((interaction, answer.status, body, callbacks_then))
        return answer.status, body

    def late(self) -> list[str]:
        """The interactions answered late, or not at all (see the module's docstring)."""
        found = []
        for interaction, status, body, callbacks_then in self.rows:
            callbacks = self._sent(interaction)
            in_body = isinstance(body, dict) and body.get("type") in (4, 5, 6, 8)
            if callbacks > callbacks_then or (not in_body and callbacks_then == 0) or \
                    (in_body and callbacks):
                found.append(f"{interaction['id']} {status} {body} {callbacks_then}->{callbacks}")
        return found

    def busy(self) -> list[dict]:
        return [i for i, status, body, _ in self.rows if status == 200 and isinstance(body, dict)
                and (body.get("data") or {}).get("content") in BUSY]


async def _until_in_flight(session, port: int, count: int) -> None:
    """Wait (a deadline for a hang, not a speed) until /metrics shows ``count`` in flight."""
    for _ in range(600):
        async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
            text = await response.text()
        if _sample(text, "modelbot_interactions_in_flight") >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never {count} interactions in flight")


async def test_beyond_max_inflight_newcomers_are_refused_at_once_and_none_is_late(fake, serve,
                                                                                   session):
    """Four interactions held in flight (their claims wait for the store) fill
    http.max_inflight = 4 (and no http.queue_wait); sixty more, of every command, arrive
    meanwhile: each is told at once, in its response, that the bot is busy (they come back
    while the four are still held, so none waited for them), none of them reaches Discord;
    then the four are answered in their responses. Nothing is late."""
    bot, client = await serve({"MODELBOT_HTTP__MAX_INFLIGHT": "4",
                               "MODELBOT_HTTP__QUEUE_WAIT": "0"})
    tally = Tally(fake, client)
    first = [fake.interaction(*BEST) for _ in range(4)]
    store = re.search(r"SQLiteStore\('([^']+)'\)", bot.log)[1]
    lock = sqlite3.connect(store, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # every claim now waits for the store
    try:
        held = [asyncio.create_task(tally.post(i)) for i in first]
        await _until_in_flight(session, bot.port, 4)
        crowd = [fake.interaction(*COMMANDS[n % len(COMMANDS)]) for n in range(60)]
        await asyncio.gather(*(tally.post(i) for i in crowd))
        assert not any(task.done() for task in held)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert len(tally.busy()) == 60
    assert all(not [r for r in fake.reply(i).requests if not r.inline] for i in crowd)
    assert [status for status, _ in await asyncio.gather(*held)] == [200] * 4
    assert tally.late() == []
    assert bot.log.count("busy (4 interactions in flight)") == 60
    assert "Traceback" not in bot.log


async def test_a_burst_of_300_is_answered_or_refused_and_none_is_late(fake, serve, session):
    """300 /best at once on the real process (every one a connection of its own): each is
    answered in time or told the bot is busy; none late; /metrics adds up."""
    bot, client = await serve({"MODELBOT_HTTP__MAX_INFLIGHT": "16",
                               "MODELBOT_HTTP__MAX_CONNECTIONS": "400"})
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as wide:
        client.session = wide
        tally = Tally(fake, client)
        burst = [fake.interaction(*BEST) for _ in range(300)]
        await asyncio.gather(*(tally.post(i) for i in burst))
    assert tally.late() == []
    busy = [id(i) for i in tally.busy()]
    answered = [i for i, status, _, _ in tally.rows if status == 200 and id(i) not in busy]
    assert len(answered) + len(tally.busy()) == 300, [r[1:3] for r in tally.rows][:5]
    async with session.get(f"http://127.0.0.1:{bot.port}/metrics") as response:
        text = await response.text()
    shed = _sample(text, 'modelbot_interactions_total{command="best",outcome="shed"}')
    done = _sample(text, 'modelbot_interactions_total{command="best",outcome="answered"}')
    assert (shed, done) == (len(tally.busy()), len(answered))


def _sample(text: str, name: str) -> int:
    line = next((line for line in text.splitlines() if line.startswith(name + " ")), None)
    return 0 if line is None else int(float(line.split()[-1]))


async def test_a_malformed_request_is_one_warning_line_in_the_real_log(fake, serve):
    """Garbage on the socket, a bad Content-Length, a body that never ends: each one warning
    line in the process's log, no traceback, and the replica keeps answering."""
    bot, client = await serve({"MODELBOT_HTTP__READ_TIMEOUT": "0.5"})
    for data in (b"POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                 b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40):
        reader, writer = await asyncio.open_connection("127.0.0.1", bot.port)
        writer.write(data)
        await writer.drain()
        assert (await reader.readline()).split()[1] == b"400"
        writer.close()
    body = json.dumps(fake.interaction(*BEST)).encode()
    headers = client.signer.headers(body)
    reader, writer = await asyncio.open_connection("127.0.0.1", bot.port)
    writer.write(("POST /interactions HTTP/1.1\r\nHost: x\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body[:-1])
    await writer.drain()
    assert (await reader.readline()).split()[1] == b"408"
    writer.close()
    interaction = fake.interaction("settings", {}, permissions=ADMIN_PERMS)
    assert (await client.post(interaction)).status in (200, 202)
    await bot.wait_log("refused a request whose body took over 0.5 s")
    assert bot.log.count("refused a malformed HTTP request") >= 1
    assert "Traceback" not in bot.log and "Error handling request" not in bot.log

"""Real components: three ``modelbot serve`` replicas sharing one PostgreSQL store (a throwaway
cluster, as the store tests start it), behind HAProxy (Debian's package, a config written
here, on loopback), answering interactions signed with a key pair made here for the fake
Discord. Skipped, saying why, only where PostgreSQL or haproxy cannot be had."""

from __future__ import annotations

import asyncio
import itertools
import re
import signal

from tests.discord.harness import ADMIN_PERMS, CHANNEL_ID, GUILD_ID, message_payload
from tests.e2e.conftest import SEED, callbacks, direct
from tests.e2e.endpoint_client import (
    EndpointClient,
    component_press,
    with_channel,
)

STREAM = [("best", {"domain": "医疗", "budget": 5}), ("leaderboard", {}), ("domains", {}),
          ("best", {"domain": "法律"})]
"""What the stream of interactions asks, in turn."""
CHARTED = ("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
"""A command answered in two steps: deferred in the response, its chart followed up."""


class Stream:
    """Signed interactions sent through the load balancer by a few workers, each waiting for
    its answer before it takes the next: as many as the test gives (``give``), at the moments it
    gives them, so the stream overlaps each step of a restart and stays bounded."""

    def __init__(self, fake, client: EndpointClient, workers: int = 3) -> None:
        self.fake, self.client = fake, client
        self.sent: list[tuple[dict, int]] = []
        self.posting: dict[str, dict] = {}
        """The interactions POSTed whose HTTP answer has not come yet."""
        self.given = 0
        self._queue: asyncio.Queue[tuple[str, dict] | None] = asyncio.Queue()
        self._asks = itertools.cycle(STREAM)
        self._workers = [asyncio.create_task(self._worker()) for _ in range(workers)]
        self._watch()

    def give(self, count: int) -> None:
        """Send ``count`` more interactions."""
        self.given += count
        for _ in range(count):
            self._queue.put_nowait(next(self._asks))

    async def _worker(self) -> None:
        while (ask := await self._queue.get()) is not None:
            interaction = self.fake.interaction(*ask)
            self.posting[interaction["id"]] = interaction
            answer = await self.client.post(interaction)
            del self.posting[interaction["id"]]
            self.sent.append((interaction, answer.status))
            self.fake.pulse.notify()
            await self.fake.answer(interaction, timeout=20)

    def answered(self) -> int:
        return sum(1 for interaction, _ in self.sent if callbacks(self.fake, interaction))

    async def settle(self, what: str) -> None:
        """Wait until every interaction given so far is sent and answered."""
        await self.fake.pulse.until(lambda: self.answered() >= self.given, 30,
                                    f"the stream's {self.given} answers ({what})")

    async def close(self) -> None:
        for _ in self._workers:
            self._queue.put_nowait(None)
        await asyncio.gather(*self._workers)

    def _watch(self) -> None:
        """Stop every wait on the fake's pulse as soon as a worker fails, saying what the
        stream still waits for."""
        abort, context = self.fake.pulse.abort, self.fake.pulse.context

        def failed() -> str | None:
            for task in self._workers:
                if task.done() and not task.cancelled() and task.exception() is not None:
                    return f"the stream failed: {task.exception()!r}"
            return abort()

        def more() -> str:
            waiting = {i: [r.path for r in self.fake.reply(x).requests]
                       for i, x in self.posting.items()}
            return f"{context()}\n--- stream: {len(self.sent)} sent; waiting on {waiting}"

        self.fake.pulse.abort, self.fake.pulse.context = failed, more
        for task in self._workers:
            task.add_done_callback(lambda _: self.fake.pulse.notify())


async def _restart_with_work_in_flight(fake, replica, launch, signer, session, stream, proxy):
    """SIGTERM ``replica`` while the follow-ups of three interactions it took wait on Discord
    (charted answers: deferred in the response, the chart to follow), and the stream
    flows through haproxy while it drains, while it is away and while it comes back; see it
    exit 0 after answering the three, start it again, and haproxy take it back."""
    held = [fake.interaction(*CHARTED) for _ in range(3)]
    tokens = {i["token"] for i in held}
    release = fake.hold(lambda path: any(f"/{token}" in path for token in tokens))
    before = len(fake.held)
    posts = [asyncio.create_task(direct(replica, signer, session, fake).post(i)) for i in held]
    await fake.pulse.until(lambda: len(fake.held) >= before + 3, 20, "3 held interactions")
    stream.give(10)
    replica.process.send_signal(signal.SIGTERM)
    draining = await replica.process.wait_log("draining: ")
    in_flight = int(re.search(r"draining: (\d+) interactions", draining)[1])
    assert in_flight >= 3, draining  # the held three, and any of the stream's on their way
    await stream.settle(f"while {replica.name} drains")
    stream.give(10)
    release.set()
    assert await replica.process.wait_exit(timeout=40) == 0, replica.process.log[-3000:]
    assert f"drained: {in_flight} of {in_flight} interactions finished" in replica.process.log
    assert [(await p).json for p in posts] == [{"type": 5}] * 3
    await proxy.wait(session, {replica.name: "DOWN"})
    stream.give(10)
    await replica.start(launch)
    await proxy.wait(session, {replica.name: "UP"})
    await stream.settle(f"as {replica.name} comes back")
    return held


async def test_a_rolling_restart_behind_haproxy_answers_every_interaction_once(
        fake, launch, replicas, balancer, signer, session):
    """A stream of signed interactions through HAProxy while the three replicas are restarted
    one at a time (SIGTERM with work in flight, exit 0, start again; HAProxy's checks on
    /healthz take each out and back): every interaction got its answer in the response, once."""
    cluster = await replicas(3)
    for replica in cluster:  # matplotlib loads on a first chart: not while HAProxy checks
        warm = fake.interaction(*CHARTED)
        await direct(replica, signer, session, fake).post(warm)
        await fake.answer(warm, timeout=30)
    proxy = await balancer(cluster, session)
    stream = Stream(fake, EndpointClient(f"{proxy.url}/interactions", signer, session,
                                         discord=fake.rest))
    held = []
    try:
        stream.give(10)
        await stream.settle("before any restart")
        for replica in cluster:
            held += await _restart_with_work_in_flight(fake, replica, launch, signer, session,
                                                       stream, proxy)
        stream.give(10)
        await stream.settle("after the restarts")
    finally:
        await stream.close()
    rows = await proxy.servers(session)
    assert {name: int(row["chkdown"]) for name, row in rows.items()} == \
        {r.name: 1 for r in cluster}  # each taken out by its health check, once
    assert len(stream.sent) == stream.given == 10 + 3 * 30 + 10
    assert [status for _, status in stream.sent] == [200] * len(stream.sent)
    for interaction in [*(i for i, _ in stream.sent), *held]:
        assert callbacks(fake, interaction) == 1, interaction["data"]["name"]
    answered = [int(re.search(r"stopped: (\d+) interactions answered", r.lives[0].log)[1])
                for r in cluster]
    assert all(count > 3 for count in answered), answered  # haproxy spread the stream


async def test_a_pager_button_pages_through_another_replica(fake, replicas, signer, session):
    """/leaderboard answered by one replica, its Next button pressed on another (as a load
    balancer may send it): the message turns to page 2. The pager's state must live in the
    custom_id or the shared store, not in the first replica's memory."""
    first, second = await replicas(2)
    command = fake.interaction("leaderboard")
    assert (await direct(first, signer, session, fake).post(command)).status == 200
    reply = await fake.answer(command)
    assert "Page 1/2" in reply.embed["footer"]["text"]
    _previous, following = reply.custom_ids()
    press = component_press(command, custom_id=following, message_id=reply.message_id,
                            message=message_payload(reply.message_id, reply.message),
                            interaction_id=int(command["id"]) + 10_000)
    assert (await direct(second, signer, session, fake).post(press)).status == 200
    turned = fake.reply(press).callbacks  # the response to the press
    assert turned and turned[0]["type"] == 7, "the other replica did not answer the press"
    assert "Page 2/2" in turned[0]["data"]["embeds"][0]["footer"]["text"]


def _reprice(text: str, model: str, price: str) -> str:
    row = next(line for line in text.splitlines() if f"|{model}" in line)
    cells = row.split("|")
    cells[4] = price
    return text.replace(row, "|".join(cells))


async def test_each_change_is_announced_once_in_the_watched_channel(
        fake, replicas, signer, session, data_dir):
    """A channel watched (/watch through one replica); the shared data folder changed, then
    /reload in every replica: the channel gets one announcement per change, whichever replica
    posts it (each claims the channel in the shared store first)."""
    cluster = await replicas(3)
    watch = with_channel(fake.interaction("watch", {"channel": str(CHANNEL_ID)},
                                          permissions=ADMIN_PERMS), CHANNEL_ID, GUILD_ID)
    assert (await direct(cluster[1], signer, session, fake).post(watch)).status == 200
    assert "will be announced" in (await fake.answer(watch)).text
    board = data_dir / SEED
    posts = f"/channels/{CHANNEL_ID}/messages"
    for change, price in enumerate(["3元", "4元"], start=1):
        board.write_text(_reprice(board.read_text(encoding="utf-8"), "qwq-32b(new)", price),
                         encoding="utf-8")
        for replica in cluster:
            reload = fake.interaction("reload", permissions=ADMIN_PERMS)
            assert (await direct(replica, signer, session, fake).post(reload)).status == 200
            assert (await fake.answer(reload)).embed["title"] == "Boards reloaded"
        for replica in cluster:  # each has announced, or found the channel claimed
            await fake.pulse.until(
                lambda r=replica, n=change: r.process.log.count("announced a board change") >= n,
                20, f"{replica.name} to finish announcing")
        sent = [r for r in fake.rest.requests if r.method == "POST" and r.path == posts]
        assert len(sent) == change, [r.json for r in sent]
        assert price in str(sent[-1].json["embeds"]), sent[-1].json

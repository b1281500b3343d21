"""Fixtures: a fake Discord on loopback, and the real ``modelbot run`` process started against it
(``python -m bot run`` with a token, ``discord.api_base`` and ``discord.gateway_url`` in its
environment, a data directory of its own, and its log captured line by line)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.endpoint_client import SERVING, EndpointClient, Signer, free_port
from tests.e2e.fake_discord import FakeDiscord, Pulse
from tests.e2e.load_balancer import HAPROXY, Haproxy, haproxy_config
from tests.e2e.processes import terminate
from tests.paths import DATA, SEED_DIR
from tests.product import MODELBOT, product_env

ROOT = Path(__file__).resolve().parents[2]
SEED = "leaderboard-20b-open-source.md"
# Shaped like a bot token (id . timestamp . hmac) so that a leak would be found by its look too.
TOKEN = "MTAxMDEwMTAxMDEwMTAxMDEw.GxE2eT.fake-e2e-token-0123456789abcdefghijk"


class BotProcess:
    """A running ``modelbot run``: its output, line by line, and its exit."""

    def __init__(self, proc: asyncio.subprocess.Process, pulse: Pulse) -> None:
        self.proc = proc
        self.pulse = pulse
        self.lines: list[str] = []
        self.expect_exit = False
        """Set when the test makes the process end; otherwise an exit fails every wait."""
        assert proc.stdout is not None and proc.stderr is not None
        self._tasks = [asyncio.create_task(self._pump(proc.stdout)),
                       asyncio.create_task(self._pump(proc.stderr)),
                       asyncio.create_task(self._reap())]

    async def _pump(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))
            self.pulse.notify()

    async def _reap(self) -> None:
        await self.proc.wait()
        self.pulse.notify()

    @property
    def log(self) -> str:
        """Everything the process wrote so far (stderr and stdout)."""
        return "\n".join(self.lines)

    @property
    def died(self) -> str | None:
        if self.proc.returncode is not None and not self.expect_exit:
            return f"the bot exited unexpectedly with status {self.proc.returncode}"
        return None

    async def wait_log(self, text: str, timeout: float = 10.0) -> str:
        """The first line that contains ``text``, once the process has written it."""
        return await self.pulse.until(
            lambda: next((line for line in self.lines if text in line), None), timeout,
            f"a log line with {text!r}")

    def send_signal(self, sig: signal.Signals) -> None:
        self.expect_exit = True
        self.proc.send_signal(sig)

    async def wait_exit(self, timeout: float = 10.0) -> int:
        """The exit status, once the process has ended and its output is read to the end."""
        self.expect_exit = True
        try:
            await asyncio.wait_for(asyncio.gather(*self._tasks), timeout)
        except TimeoutError:
            raise AssertionError(f"the bot did not exit within {timeout:g} s\n"
                                 f"{self.log[-4000:]}") from None
        assert self.proc.returncode is not None
        return self.proc.returncode

    async def stop(self) -> None:
        """End the process if it still runs (SIGTERM, then SIGKILL), and read its output."""
        self.expect_exit = True
        await terminate(self.proc)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*self._tasks), 5)


Launch = Callable[..., Awaitable[BotProcess]]


def bot_environment(fake: FakeDiscord, data_dir: Path,
                    extra: Mapping[str, str | None] = ()) -> dict[str, str]:
    """The process environment: this one without modelbot's settings, plus the fake's."""
    env = product_env({
        "PYTHONUNBUFFERED": "1",
        "DISCORD_TOKEN": TOKEN,
        "MODELBOT_DISCORD__API_BASE": fake.base,
        "MODELBOT_DISCORD__GATEWAY_URL": fake.ws_url,
        "MODELBOT_DATA__DIR": str(data_dir),
        "MODELBOT_DISCORD__COOLDOWN_RATE": "1000",  # tests run more commands than people do
    })
    for key, value in dict(extra).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the bundled boards the bot may read (and the test may break)."""
    directory = tmp_path / "data"
    directory.mkdir()
    for name in (SEED, "aliases.toml"):
        shutil.copy((SEED_DIR if name == SEED else DATA) / name, directory / name)
    return directory


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(token=TOKEN, heartbeat_ms=1000)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def signer() -> Signer:
    """The application's key pair, made for the test: ``modelbot serve`` gets the public half
    (``MODELBOT_DISCORD__PUBLIC_KEY``), the test signs with the private one, as Discord does."""
    return Signer()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client for the test, closed after it."""
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
async def launch(fake: FakeDiscord, data_dir: Path, tmp_path: Path) -> AsyncIterator[Launch]:
    """Start ``python -m bot run`` (or ``action``: ``serve``) against the fake; every process
    is ended after the test."""
    processes: list[BotProcess] = []

    async def start(env: Mapping[str, str | None] = (), *, log_level: str = "INFO",
                    data: Path | None = None, action: str = "run") -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            MODELBOT, "--log-level", log_level, action,
            cwd=tmp_path, env=bot_environment(fake, data or data_dir, env),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        process = BotProcess(proc, fake.pulse)
        processes.append(process)
        return process

    def context() -> str:
        parts = [f"--- bot pid {p.proc.pid} (status {p.proc.returncode}) ---\n{p.log[-3000:]}"
                 for p in processes]
        return "\n".join([*parts, f"connections: {fake.connections}"])

    def died() -> str | None:
        return next((p.died for p in processes if p.died), None)

    fake.pulse.context = context
    fake.pulse.abort = died
    yield start
    for process in processes:
        await process.stop()


@pytest.fixture
def serve(launch, signer, session, fake):
    """``await serve(env)``: ``python -m bot serve`` on a port of its choosing, ready; returns
    the process and a client that POSTs to its interactions path."""

    async def start(env=(), **kwargs):
        bot = await launch({"MODELBOT_DISCORD__PUBLIC_KEY": signer.public_hex,
                            "MODELBOT_HTTP__HOST": "127.0.0.1", "MODELBOT_HTTP__PORT": "0",
                            **dict(env)}, action="serve", **kwargs)
        line = await bot.wait_log("serving interactions at", timeout=30)
        port, path = SERVING.search(line).groups()
        bot.port = int(port)
        return bot, EndpointClient(f"http://127.0.0.1:{port}{path}", signer, session,
                                   discord=fake.rest)

    return start


class Replica:
    """One ``modelbot serve`` of the cluster, on a port it keeps across restarts."""

    def __init__(self, name: str, port: int, env: dict[str, str]) -> None:
        self.name, self.port, self.env = name, port, env
        self.process = None
        self.lives = []

    async def start(self, launch) -> None:
        self.process = await launch(self.env, action="serve")
        self.lives.append(self.process)
        await self.process.wait_log("serving interactions at", timeout=60)


@pytest.fixture
async def replicas(launch, postgres_url, signer, session):
    """``await replicas(n[, env])``: n replicas sharing the PostgreSQL store and the data
    folder, started at once and ready; the first registers the commands, as the docs
    advise."""

    async def start(count: int, env: dict[str, str] | None = None) -> list[Replica]:
        made = []
        for index in range(count):
            port = free_port()
            made.append(Replica(f"r{index + 1}", port, dict(env or {}) | {
                "MODELBOT_DISCORD__PUBLIC_KEY": signer.public_hex,
                "MODELBOT_HTTP__HOST": "127.0.0.1", "MODELBOT_HTTP__PORT": str(port),
                "MODELBOT_DATABASE_URL": postgres_url,
                "MODELBOT_DISCORD__SYNC": "global" if index == 0 else "off",
                "MODELBOT_DISCORD__DRAIN_SECONDS": "30",
            }))
        await asyncio.gather(*(r.start(launch) for r in made))
        return made

    return start


def direct(replica: Replica, signer: Signer, session, fake) -> EndpointClient:
    """A client that reaches ``replica`` itself, past the load balancer."""
    return EndpointClient(f"http://127.0.0.1:{replica.port}/interactions", signer, session,
                          discord=fake.rest)


def callbacks(fake, interaction) -> int:
    return len(fake.reply(interaction).callbacks)


@pytest.fixture
async def balancer(tmp_path, fake):
    """``await balancer(replicas)``: haproxy in front of them, every one seen UP."""
    if HAPROXY is None:
        pytest.skip("no haproxy: install Debian's haproxy package (.ci/run does)")
    started = []

    async def start(replicas: list[Replica], session) -> Haproxy:
        front, stats = free_port(), free_port()
        proxy = Haproxy(haproxy_config(front, stats, {r.name: r.port for r in replicas}),
                        tmp_path, front=front, stats=stats)
        started.append(proxy)
        await proxy.start()
        context = fake.pulse.context
        fake.pulse.context = lambda: (f"{context()}\n--- haproxy ---\n"
                                      f"{proxy.log.read_text(errors='replace')[-6000:]}")
        await proxy.wait(session, {r.name: "UP" for r in replicas})
        return proxy

    yield start
    for proxy in started:
        await proxy.stop()


def replica_database(replica: Replica) -> str:
    """The database URL a replica was started with (the cluster's shared store)."""
    return replica.env["MODELBOT_DATABASE_URL"]

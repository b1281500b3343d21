"""``python -m benchmarks.http [--quick] [--out PATH]``: Discord's HTTP interactions endpoint
(``modelbot serve``) against the gateway (``modelbot run``) and against a floor, side by side
in one run, then through HAProxy with 1, 2 and 3 replicas. Writes ``benchmarks/http.json``
(a full run) and prints a table and a one-line summary of the ratios.

Every contender is a real process answering ``/best 医疗 budget:5`` (the bundled data, charts
off, the SQLite store) to the fake Discord of ``tests/e2e`` on loopback, which runs in this
process beside the load generator, so all of them pay for it alike:

- *floor*: a bare aiohttp handler in a process of its own that verifies the Ed25519 signature
  with ``cryptography`` and returns a constant: what any endpoint in Python costs at least;
- *http*: ``modelbot serve``; one interaction is one signed POST, timed until its response,
  whose body is the answer (type 4): the fake Discord hears nothing else (``to_discord``: the
  requests the bot sent the fake per interaction, 0 here);
- *gateway*: ``modelbot run`` fed INTERACTION_CREATE over the fake's websocket, timed until the
  answer reached the fake's callback endpoint;
- *haproxy xN*: the same POSTs through HAProxy (one thread) to N ``modelbot serve`` replicas.

Each contender gets ``concurrency`` workers in a closed loop (the next request once the last is
answered), a warm-up, then ``requests`` timed ones, all signed before timing starts.
Interactions per second is requests / wall time; p50/p99 are of single requests. On this
2-core machine the load generator, the fake, HAProxy and the replicas share the cores: the
figures compare contenders, they are no capacity plan.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.stats import ratio, summary
from tests.e2e.conftest import TOKEN, BotProcess, bot_environment
from tests.e2e.endpoint_client import Signer, free_port
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.load_balancer import HAPROXY, Haproxy, haproxy_config

RESULTS = Path(__file__).with_name("http.json")
BEST = ("best", {"domain": "医疗", "budget": 5})
CALLBACK = re.compile(r"/interactions/\d+/([^/]+)/callback")
FLOOR = """
import json, sys, time
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(sys.argv[2]))
ANSWER = json.dumps({"type": 4, "data": {"content": "ok"}}).encode()
async def interaction(request):
    body = await request.read()
    stamp = request.headers["X-Signature-Timestamp"]
    if abs(time.time() - float(stamp)) > 300:
        return web.Response(status=401)
    try:
        key.verify(bytes.fromhex(request.headers["X-Signature-Ed25519"]), stamp.encode() + body)
    except Exception:
        return web.Response(status=401)
    return web.Response(body=ANSWER, content_type="application/json")
async def health(request):
    return web.Response(text="ok")
app = web.Application()
app.router.add_post("/interactions", interaction)
app.router.add_get("/healthz", health)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
"""
"""The floor: ``python -c FLOOR PORT PUBLIC_KEY``."""


class Answers:
    """The fake's callback endpoint, watched: a future per interaction token, set when its
    callback has been answered (an index, not a scan of every request recorded)."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.waiting: dict[str, asyncio.Future[None]] = {}
        self.answered_at: dict[str, int] = {}
        """When each token's callback was answered (``perf_counter_ns``)."""
        self.requests = 0
        """Every request the bots sent the fake's REST API."""
        handle = fake.rest._handle

        async def watched(request: Any) -> Any:
            self.requests += 1
            response = await handle(request)
            found = CALLBACK.search(request.path)
            if found:
                self.answered_at[found[1]] = time.perf_counter_ns()
            future = self.waiting.pop(found[1], None) if found else None
            if future is not None and not future.done():
                future.set_result(None)
            fake.rest.requests.clear()  # nothing reads them back: keep memory flat
            return response

        fake.rest._handle = watched  # type: ignore[method-assign]

    def expect(self, token: str) -> asyncio.Future[None]:
        future = asyncio.get_running_loop().create_future()
        self.waiting[token] = future
        return future


async def closed_loop(send: Callable[[int], Awaitable[None]], *, requests: int, warmup: int,
                      concurrency: int) -> dict[str, Any]:
    """``concurrency`` workers calling ``send(i)`` one after another: ``warmup`` calls, then
    ``requests`` timed ones; interactions per second over those, and their latencies."""

    async def run(items: Any, samples: list[int] | None = None) -> None:
        async def worker() -> None:
            for i in items:
                start = time.perf_counter_ns()
                await send(i)
                if samples is not None:
                    samples.append(time.perf_counter_ns() - start)

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    await run(iter(range(warmup)))
    samples: list[int] = []
    began = time.perf_counter()
    await run(iter(range(warmup, warmup + requests)), samples)
    wall = time.perf_counter() - began
    return {"per_second": requests / wall, "wall_s": wall, **summary(samples)}


def _signed(fake: FakeDiscord, signer: Signer, count: int) -> list[tuple[dict, bytes, dict]]:
    out = []
    for _ in range(count):
        interaction = fake.interaction(*BEST)
        body = json.dumps(interaction).encode()
        out.append((interaction, body, signer.headers(body)))
    return out


async def post_loop(url: str, expect: int, fake: FakeDiscord, signer: Signer,
                    session: aiohttp.ClientSession, settings: dict[str, int],
                    answers: Answers) -> dict[str, Any]:
    """Signed /best POSTs to ``url``, each timed until its HTTP answer: ``expect``ed status and a
    message (type 4) in the body; ``to_discord``, the requests the bot sent Discord meanwhile,
    per interaction."""
    batch = _signed(fake, signer, settings["warmup"] + settings["requests"])
    failures = 0
    before = answers.requests

    async def send(i: int) -> None:
        nonlocal failures
        _interaction, body, headers = batch[i]
        async with session.post(url, data=body, headers=headers) as response:
            answer = await response.read()
            failures += response.status != expect or json.loads(answer).get("type") != 4

    result = await closed_loop(send, **settings)
    sent = (answers.requests - before) / len(batch)
    return result | {"failures": failures, "to_discord": sent}


async def gateway_loop(fake: FakeDiscord, answers: Answers,
                       settings: dict[str, int]) -> dict[str, Any]:
    """/best dispatched over the fake gateway, each timed until its callback was answered."""
    conn = fake.live()
    assert conn is not None and conn.session is not None
    batch = [fake.interaction(*BEST) for _ in range(settings["warmup"] + settings["requests"])]

    async def send(i: int) -> None:
        done = answers.expect(batch[i]["token"])
        await fake.dispatch(conn.session, "INTERACTION_CREATE", batch[i])
        await asyncio.wait_for(done, 10)

    return await closed_loop(send, **settings) | {"failures": 0}


class Bench:
    """The processes of one run: the fake Discord (here), bots, the floor and HAProxy."""

    def __init__(self, fake: FakeDiscord, signer: Signer, session: aiohttp.ClientSession,
                 root: Path, settings: dict[str, int]) -> None:
        self.fake, self.signer, self.session = fake, signer, session
        self.root, self.settings = root, settings
        self.processes: list[BotProcess] = []
        self.proxies: list[Haproxy] = []
        self.floor: asyncio.subprocess.Process | None = None

    async def bot(self, action: str, env: dict[str, str] | None = None) -> BotProcess:
        """``python -m bot ACTION`` against the fake: the bundled data, charts off, its own
        SQLite store, no cooldown in the way."""
        home = Path(tempfile.mkdtemp(dir=self.root))
        extra = {"MODELBOT_DATA__DIR": None, "XDG_DATA_HOME": str(home),
                 "MODELBOT_CHARTS__ENABLED": "false",
                 "MODELBOT_DISCORD__COOLDOWN_RATE": "1000000", **(env or {})}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--log-level", "WARNING", action, cwd=home,
            env=bot_environment(self.fake, home, extra), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        process = BotProcess(proc, self.fake.pulse)
        self.processes.append(process)
        return process

    async def serve(self) -> int:
        """A ready ``modelbot serve``; its port."""
        port = free_port()
        await self.bot("serve", {"MODELBOT_DISCORD__PUBLIC_KEY": self.signer.public_hex,
                                 "MODELBOT_HTTP__HOST": "127.0.0.1",
                                 "MODELBOT_HTTP__PORT": str(port)})
        await self.healthy(port)
        return port

    async def healthy(self, port: int, timeout: float = 60.0) -> None:
        """Poll ``/healthz`` until it answers 200, by a deadline."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            died = next((p.died for p in self.processes if p.died), None)
            if died:
                raise RuntimeError(f"{died}\n{self.processes[-1].log[-2000:]}")
            try:
                async with self.session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise RuntimeError(f"nothing healthy on port {port} after {timeout:g} s")

    async def start_floor(self) -> int:
        port = free_port()
        self.floor = await asyncio.create_subprocess_exec(
            sys.executable, "-c", FLOOR, str(port), self.signer.public_hex)
        await self.healthy(port)
        return port

    async def proxy(self, ports: list[int]) -> Haproxy:
        front, stats = free_port(), free_port()
        directory = Path(tempfile.mkdtemp(dir=self.root))
        config = haproxy_config(front, stats, {f"r{i + 1}": p for i, p in enumerate(ports)},
                                check_ms=1000)
        proxy = Haproxy(config.replace("    log global\n    option httplog\n", ""),
                        directory, front=front, stats=stats)
        self.proxies.append(proxy)
        await proxy.start()
        await proxy.wait(self.session, {f"r{i + 1}": "UP" for i in range(len(ports))})
        return proxy

    async def stop_all(self) -> None:
        for proxy in self.proxies:
            await proxy.stop()
        self.proxies = []
        for process in self.processes:
            await process.stop()
        self.processes = []
        if self.floor is not None and self.floor.returncode is None:
            self.floor.terminate()
            await self.floor.wait()
        self.floor = None


async def measure(settings: dict[str, int], log: Callable[[str], None]) -> dict[str, Any]:
    """Every contender, one after another, each alone on the machine while it runs."""
    fake = FakeDiscord(token=TOKEN, heartbeat_ms=30000)
    await fake.start()
    answers = Answers(fake)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="modelbot-bench-http-") as root:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=256)) as session:
            bench = Bench(fake, Signer(), session, Path(root), settings)
            try:
                await _contenders(bench, answers, results, log)
            finally:
                await bench.stop_all()
    await fake.stop()
    return results


async def _contenders(bench: Bench, answers: Answers, results: dict[str, Any],
                      log: Callable[[str], None]) -> None:
    fake, settings = bench.fake, bench.settings
    log("floor: a bare aiohttp handler that verifies the signature")
    port = await bench.start_floor()
    results["floor"] = await post_loop(f"http://127.0.0.1:{port}/interactions", 200, fake,
                                       bench.signer, bench.session, settings, answers)
    await bench.stop_all()
    log("http: modelbot serve")
    port = await bench.serve()
    results["http"] = await post_loop(f"http://127.0.0.1:{port}/interactions", 200, fake,
                                      bench.signer, bench.session, settings, answers)
    await bench.stop_all()
    log("gateway: modelbot run")
    after = len(fake.connections)
    await bench.bot("run")
    await fake.wait_ready(60, after=after)
    results["gateway"] = await gateway_loop(fake, answers, settings)
    await bench.stop_all()
    if HAPROXY is None:
        log("no haproxy: skipping the load-balanced runs")
        return
    ports = [await bench.serve() for _ in range(3)]
    for count in (1, 2, 3):
        log(f"haproxy x{count}: modelbot serve behind HAProxy")
        proxy = await bench.proxy(ports[:count])
        results[f"haproxy_x{count}"] = await post_loop(
            f"{proxy.url}/interactions", 200, fake, bench.signer, bench.session, settings, answers)
        await proxy.stop()
        bench.proxies.remove(proxy)


def ratios(results: dict[str, Any]) -> dict[str, float | None]:
    """Throughput and median latency of each contender against the others that matter."""
    def rate(name: str) -> float | None:
        return results.get(name, {}).get("per_second")

    def p50(name: str) -> float | None:
        return results.get(name, {}).get("median_ms")

    out = {
        "http_vs_gateway_rate": ratio(rate("http"), rate("gateway")),
        "http_vs_floor_rate": ratio(rate("http"), rate("floor")),
        "http_vs_gateway_p50": ratio(p50("http"), p50("gateway")),
        "http_vs_floor_p50": ratio(p50("http"), p50("floor")),
    }
    for count in (1, 2, 3):
        out[f"haproxy_x{count}_vs_http_rate"] = ratio(rate(f"haproxy_x{count}"), rate("http"))
    return out


def render(data: dict[str, Any]) -> list[str]:
    """The table and the one-line summary."""
    meta = data["meta"]
    lines = [f"{meta['requests']} timed /best interactions per contender after "
             f"{meta['warmup']}, {meta['concurrency']} at a time; {meta['cpus']} CPUs",
             f"{'contender':<12} {'per second':>10} {'p50 ms':>8} {'p99 ms':>8} {'failed':>6}"
             f" {'to Discord':>10}"]
    for name, row in data["results"].items():
        sent = row.get("to_discord")
        lines.append(f"{name:<12} {row['per_second']:>10.0f} {row['median_ms']:>8.2f} "
                     f"{row['p99_ms']:>8.2f} {row['failures']:>6} "
                     f"{'' if sent is None else f'{sent:.2f}':>10}")
    shown = ", ".join(f"{k} {v:.2f}x" for k, v in data["ratios"].items() if v is not None)
    lines.append(f"summary: {shown}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.http", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke pass: few requests")
    parser.add_argument("--out", type=Path, help=f"write the results here (default: "
                        f"{RESULTS.name} after a full run, nothing after --quick)")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    settings = {"requests": 200 if args.quick else 2000, "warmup": 40 if args.quick else 200,
                "concurrency": args.concurrency}
    results = asyncio.run(measure(settings, lambda text: print(text, file=sys.stderr)))
    import os

    data = {"meta": {**settings, "cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "results": results, "ratios": ratios(results)}
    for line in render(data):
        print(line)
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks.overload [--requests N] [--out PATH]``: N simultaneous ``/best`` on one
real ``modelbot serve`` (the bundled data, the SQLite store), each on a connection of its own,
with load shedding as configured (``http.max_inflight`` 64) and with it off (a cap above N),
timed from the moment each request is sent until its HTTP response, which is what Discord
waits for: the answer is the response body (type 4), or, when none was ready within
``http.answer_wait``, the endpoint's stand-in deferral (type 5; the answer replaces
"thinking..." later, which Discord allows for 15 minutes), or the "busy" answer (type 4,
ephemeral) of an interaction shed at the door, or a bare 503 (``http.max_reading``: more
bodies at once than it reads).

"In time" is within Discord's 3 s; "late" after (Discord no longer takes the response, the
user sees "the application did not respond"). The load generator, the fake and the replica
share this machine's cores: the figures compare the two settings, they are no capacity plan.
Writes ``benchmarks/overload.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bot import i18n
from tests.e2e.conftest import TOKEN, BotProcess, bot_environment
from tests.e2e.endpoint_client import SERVING, Signer
from tests.e2e.fake_discord import FakeDiscord

RESULTS = Path(__file__).with_name("overload.json")
BEST = ("best", {"domain": "医疗", "budget": 5})
WINDOW = 3.0


KINDS = ("answered", "deferred", "busy", "refused_503", "other", "failed")
BUSY = (i18n.t("en", "discord.busy"), i18n.t("zh", "discord.busy"))


def classify(status: int, body: bytes) -> str:
    """What one HTTP response told Discord: the answer, a deferral, "busy", or a 503."""
    if status == 503:
        return "refused_503"
    if status == 202:  # a first response with files went to the callback endpoint
        return "answered"
    if status != 200:
        return "other"
    try:
        answer = json.loads(body)
    except ValueError:
        return "other"
    kind = answer.get("type")
    if kind == 5:
        return "deferred"
    if kind == 4 and answer.get("data", {}).get("content") in BUSY:
        return "busy"
    return "answered" if kind == 4 else "other"


async def _serve(fake: FakeDiscord, signer: Signer, folder: Path,
                 env: dict[str, str]) -> tuple[BotProcess, str]:
    from tests.paths import DATA

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", cwd=folder,
        env=bot_environment(fake, DATA, {"MODELBOT_DISCORD__PUBLIC_KEY": signer.public_hex,
                                         "MODELBOT_HTTP__HOST": "127.0.0.1",
                                         "MODELBOT_HTTP__PORT": "0",
                                         "MODELBOT_HTTP__MAX_CONNECTIONS": "5000",
                                         "MODELBOT_CHARTS__ENABLED": "false", **env}),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    bot = BotProcess(proc, fake.pulse)
    line = await bot.wait_log("serving interactions at", timeout=60)
    port, path = SERVING.search(line).groups()
    return bot, f"http://127.0.0.1:{port}{path}"


async def _burst(fake: FakeDiscord, signer: Signer, url: str, count: int) -> dict[str, Any]:
    interactions = [fake.interaction(*BEST) for _ in range(count)]
    bodies = [json.dumps(i).encode() for i in interactions]
    headers = [signer.headers(b) for b in bodies]
    sent: dict[str, float] = {}
    outcome: dict[str, tuple[str, float]] = {}
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(index: int) -> None:
            token = interactions[index]["token"]
            sent[token] = time.perf_counter()
            try:
                async with session.post(url, data=bodies[index], headers=headers[index]) as r:
                    body = await r.read()
                    status = r.status
            except aiohttp.ClientError:
                outcome[token] = ("failed", time.perf_counter() - sent[token])
                return
            outcome[token] = (classify(status, body), time.perf_counter() - sent[token])

        await asyncio.gather(*(one(i) for i in range(count)))
    late = [t for t, (kind, s) in outcome.items() if kind != "failed" and s > WINDOW]
    kinds = [kind for kind, _ in outcome.values()]
    times = sorted(s for _, s in outcome.values())
    late_by = {kind: sum(1 for k, s in outcome.values() if k == kind and s > WINDOW)
               for kind in KINDS}
    return {"requests": count, **{kind: kinds.count(kind) for kind in KINDS},
            "late": len(late), "late_by_kind": {k: n for k, n in late_by.items() if n},
            "p50_s": round(times[len(times) // 2], 3),
            "p99_s": round(times[-len(times) // 100 - 1], 3), "max_s": round(times[-1], 3)}


async def main_async(count: int) -> dict[str, Any]:
    results = {}
    for name, env in (("shedding (max_inflight 64)", {}),
                      ("no shedding (max_inflight 10000)",
                       {"MODELBOT_HTTP__MAX_INFLIGHT": "10000"})):
        fake = FakeDiscord(token=TOKEN, heartbeat_ms=1000)
        await fake.start()
        signer = Signer()
        with tempfile.TemporaryDirectory() as folder:
            bot, url = await _serve(fake, signer, Path(folder), env)
            try:
                results[name] = await _burst(fake, signer, url, count)
            finally:
                await bot.stop()
                await fake.stop()
        print(name, results[name], flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.overload")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = asyncio.run(main_async(args.requests))
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

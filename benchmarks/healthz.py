"""``python -m benchmarks.healthz [--only NAME] [--out PATH]``: does ``/healthz`` keep answering
while the bot's own release sync fetches a hostile release?

For each attack, one real ``modelbot serve`` (the fake Discord of ``tests/e2e``, the bundled
data, its own SQLite store, ``data.sync_minutes`` 0.05) follows a release served on loopback
(``benchmarks.sync.serve``: a process of its own, with ETags; the trickling server runs in this
process). From the moment serve is ready, ``/healthz`` is polled every ~10 ms on one kept-alive
connection until the first sync round has ended (its log line; for a release installed, the
reload's) and a further 4 s (the next round: an unchanged source, then the follower's check),
at most ``CAP`` seconds. Each poll's
latency is from sending the request to reading its answer: a stall of the bot's event loop
shows as one long poll.

Every hostile release claims ``v5.11.8`` (one newer than the bundled data) so that a release
that passes validation is installed, published in the store and reloaded: the whole path.

- *baseline*: the bundled v5.11.7 relabelled v5.11.8, nothing hostile;
- *readme_links*: the README plus 48 KB of ``](`` (links opened, none closed);
- *note_blanks*: 50,000 blank lines inside the release notes;
- *heading*: a linked board whose heading is ``# a`` + 4,000 spaces + ``x``;
- *huge_lines*: a linked board of one 4 MB line;
- *boards_900*: 900 linked boards (under ``MAX_FILES``: installed);
- *boards_3000*: 3,000 linked boards (over it: refused);
- *trickle*: a linked board sent one byte every 2 s (polled for ``TRICKLE_CAP`` s).

Benchmarks, not tests: nothing asserts a figure. The load generator, the source and the bot
share this machine's cores. Writes ``benchmarks/healthz.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from benchmarks.manyboards import write_release
from benchmarks.sync import serve
from bot.core.catalog import bundled_data_dir
from tests.e2e.conftest import TOKEN, BotProcess, bot_environment
from tests.e2e.endpoint_client import Signer, free_port
from tests.e2e.fake_discord import FakeDiscord

RESULTS = Path(__file__).with_name("healthz.json")
INTERVAL = 0.01
CAP = 90.0
TRICKLE_CAP = 25.0
AFTER = 4.0
ROUND_ENDS = ("sync: release", "sync from", "release sync round failed", "sync: the source offers")
RELOAD_ENDS = ("reloaded:", "but does not load")
DEBUG: dict[str, str] = {}
"""``--debug``: asyncio's debug mode in serve, which logs every callback over 100 ms."""
VERSION_LINE = "- [2026/9/8] v5.11.7版本"


def _release(folder: Path, boards: int = 0) -> Path:
    """The bundled v5.11.7 (grown to ``boards`` files), relabelled v5.11.8."""
    if boards:
        write_release(folder, boards)
    else:
        shutil.copytree(bundled_data_dir() / "v5.11.7", folder)
    _edit_readme(folder, lambda text: text.replace(VERSION_LINE, "- [2026/9/9] v5.11.8版本"))
    return folder


def _edit_readme(folder: Path, change: Callable[[str], str]) -> None:
    readme = folder / "README.md"
    readme.write_text(change(readme.read_text(encoding="utf-8")), encoding="utf-8")


def _link_board(folder: Path, name: str, body: str) -> None:
    (folder / "leaderboard" / name).write_text(body, encoding="utf-8")
    _edit_readme(folder, lambda text: text + f"\n[{name}](leaderboard/{name})\n")


def _link_all(folder: Path) -> None:
    links = "".join(f"[{p.stem}](leaderboard/{p.name})\n"
                    for p in sorted((folder / "leaderboard").glob("*.md")))
    _edit_readme(folder, lambda text: text + links)


def _board_tail() -> str:
    board = (bundled_data_dir() / "v5.11.7" / "leaderboard" / "alldata.md").read_text("utf-8")
    return board.split("\n", 1)[1]


def build(name: str, folder: Path) -> Path:
    """The release folder of attack ``name``."""
    if name.startswith("boards_"):
        release = _release(folder, int(name.split("_")[1]))
        _link_all(release)
        return release
    release = _release(folder)
    if name == "readme_links":
        _edit_readme(release, lambda text: text + "](" * 24_000)
    elif name == "note_blanks":
        _edit_readme(release, lambda text: text.replace(
            "v5.11.8版本\n", "v5.11.8版本\n" + "\n" * 50_000, 1))
    elif name == "heading":
        _link_board(release, "evil.md", "# a" + " " * 4000 + "x\n" + _board_tail())
    elif name == "huge_lines":
        _link_board(release, "huge.md", "a" * (4 * 1024 * 1024) + "\n")
    elif name == "trickle":
        _link_board(release, "slow.md", _board_tail())
    return release


ATTACKS = ("baseline", "readme_links", "note_blanks", "heading", "huge_lines", "boards_900",
           "boards_3000", "trickle")


async def trickling(folder: Path) -> tuple[web.AppRunner, str]:
    """``folder`` on loopback from this process, ``leaderboard/slow.md`` one byte every 2 s."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        body = files.get(path)
        if body is None:
            return web.Response(status=404)
        if path != "leaderboard/slow.md":
            return web.Response(body=body)
        response = web.StreamResponse()
        await response.prepare(request)
        for byte in body:
            await response.write(bytes([byte]))
            await asyncio.sleep(2)
        return response

    app = web.Application()
    app.router.add_get("/{path:.*}", handle)
    runner = web.AppRunner(app, handler_cancellation=True)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}"


async def start_serve(fake: FakeDiscord, home: Path, source: str) -> tuple[BotProcess, int]:
    """A starting ``modelbot serve`` that syncs from ``source`` every 3 s; its port."""
    port = free_port()
    extra = {"MODELBOT_DATA__DIR": None, "XDG_DATA_HOME": str(home),
             "MODELBOT_CHARTS__ENABLED": "false",
             "MODELBOT_DISCORD__PUBLIC_KEY": Signer().public_hex,
             "MODELBOT_HTTP__HOST": "127.0.0.1", "MODELBOT_HTTP__PORT": str(port),
             "MODELBOT_DATA__SYNC_SOURCE": source, "MODELBOT_DATA__SYNC_MINUTES": "0.05",
             "MODELBOT_DATA__SYNC_RETRY_DELAY": "0", **DEBUG}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--log-level", "INFO", "serve", cwd=home,
        env=bot_environment(fake, home, extra), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    return BotProcess(proc, fake.pulse), port


def _round_end(bot: BotProcess) -> str | None:
    return next((line for line in bot.lines if any(m in line for m in ROUND_ENDS)), None)


def _settled(bot: BotProcess) -> bool:
    """The first round is over, the reload of a release it installed included (reading 900
    boards takes seconds after the sync's own line)."""
    line = _round_end(bot)
    if line is None:
        return False
    if "sync: release" not in line or not any(w in line for w in (" installed ", " updated ")):
        return True
    return any(m in text for text in bot.lines for m in RELOAD_ENDS)


async def poll(bot: BotProcess, port: int, cap: float) -> dict[str, Any]:
    """Poll ``/healthz`` every ``INTERVAL`` from its first 200 (serve starts its sync when it
    is ready: the poller is already knocking) until the first round ended + ``AFTER`` s."""
    url = f"http://127.0.0.1:{port}/healthz"
    samples: list[tuple[float, float, int]] = []
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        began = await _first_answer(session, url, bot)
        ended: float | None = None
        while True:
            now = time.perf_counter()
            if ended is None and _settled(bot):
                ended = now - began
            if (ended is not None and now - began > ended + AFTER) or now - began > cap:
                break
            try:
                async with session.get(url) as response:
                    await response.read()
                    status = response.status
            except aiohttp.ClientError:
                status = 0
            latency = time.perf_counter() - now
            samples.append((now - began, latency, status))
            await asyncio.sleep(max(0.0, INTERVAL - latency))
    return _summary(samples, ended, _round_end(bot))


async def _first_answer(session: aiohttp.ClientSession, url: str, bot: BotProcess) -> float:
    """When ``url`` first answered 200 (``perf_counter``)."""
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline and not bot.died:
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return time.perf_counter()
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(INTERVAL)
    raise RuntimeError(f"serve never answered /healthz\n{bot.log[-3000:]}")


def _summary(samples: list[tuple[float, float, int]], ended: float | None,
             line: str | None) -> dict[str, Any]:
    times = sorted(ms for _, ms, _ in samples)
    worst = max(samples, key=lambda s: s[1])
    return {"polls": len(samples), "max_ms": round(times[-1] * 1000, 1),
            "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 1),
            "p50_ms": round(times[len(times) // 2] * 1000, 1),
            "over_100ms": sum(t > 0.1 for t in times),
            "not_200": sum(status != 200 for *_, status in samples),
            "worst_at_s": round(worst[0], 2),
            "round_ended_s": None if ended is None else round(ended, 2),
            "round": None if line is None else line.split(" ", 3)[-1][:160]}


async def attack(name: str, work: Path) -> dict[str, Any]:
    release = build(name, work / "release")
    fake = FakeDiscord(token=TOKEN, heartbeat_ms=30000)
    await fake.start()
    runner = None
    home = work / "home"
    home.mkdir()
    try:
        if name == "trickle":
            runner, base = await trickling(release)
            bot, port = await start_serve(fake, home, base)
            result = await _polled(bot, port, TRICKLE_CAP)
        else:
            with serve(release) as base:
                bot, port = await start_serve(fake, home, base)
                result = await _polled(bot, port, CAP)
    finally:
        if runner is not None:
            await runner.cleanup()
        await fake.stop()
    return result


async def _polled(bot: BotProcess, port: int, cap: float) -> dict[str, Any]:
    try:
        return await poll(bot, port, cap)
    finally:
        await bot.stop()
        if DEBUG:
            print("\n".join(line for line in bot.lines if "Executing" in line), flush=True)


async def main_async(names: list[str]) -> dict[str, Any]:
    results = {}
    for name in names:
        with tempfile.TemporaryDirectory(prefix="modelbot-bench-healthz-") as temp:
            results[name] = await attack(name, Path(temp))
        print(name, json.dumps(results[name], ensure_ascii=False), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.healthz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", choices=ATTACKS, help="this attack only")
    parser.add_argument("--out", type=Path, help=f"default: {RESULTS.name} after a full run")
    parser.add_argument("--debug", action="store_true",
                        help="asyncio debug mode in serve: print its slow callbacks")
    args = parser.parse_args(argv)
    if args.debug:
        DEBUG["PYTHONASYNCIODEBUG"] = "1"
    results = asyncio.run(main_async(args.only or list(ATTACKS)))
    out = args.out or (None if args.only else RESULTS)
    if out is not None:
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

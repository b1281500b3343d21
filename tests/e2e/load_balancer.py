"""HAProxy (Debian's package) in front of ``modelbot serve`` replicas on loopback, for the
end-to-end tests and the benchmarks: a config written for the ports in use, the process run in
the foreground, and its view of each replica read from its stats page (CSV)."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
from pathlib import Path

import aiohttp

from tests.e2e.processes import terminate

HAPROXY = shutil.which("haproxy") or next(
    (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).is_file()), None)
"""The haproxy binary, or None where it is not installed."""


def haproxy_config(front: int, stats: int, servers: dict[str, int], *,
                   check_ms: int = 100) -> str:
    """A config like deploy/haproxy.cfg, on loopback and without TLS: ``front`` takes the
    interactions, ``stats`` serves the stats page, ``servers`` are the replicas by name and
    port, checked on ``/healthz`` every ``check_ms`` (one failure takes a replica out, one
    success brings it back: a test need not wait long). A check fails on an answer other than
    200, a refused connection or no answer within 5 s, not on an answer slower than
    ``check_ms``: on a shared, busy machine a healthy replica can take longer than that, and a
    test counting how often each replica was taken out must see only the real failures."""
    lines = [
        "global",
        "    nbthread 1",
        "    maxconn 512",
        "    log stderr format raw local0 info",
        "defaults",
        "    mode http",
        "    log global",
        "    option httplog",
        "    timeout connect 1s",
        "    timeout client 30s",
        "    timeout server 30s",
        "    timeout check 5s",
        "    retries 3",
        "    option redispatch 1",
        "    retry-on conn-failure empty-response",
        "frontend interactions",
        f"    bind 127.0.0.1:{front}",
        "    default_backend modelbot",
        "frontend stats",
        f"    bind 127.0.0.1:{stats}",
        "    stats enable",
        "    stats uri /stats",
        "backend modelbot",
        "    balance roundrobin",
        "    option httpchk GET /healthz",
        "    http-check expect status 200",
        f"    default-server inter {check_ms}ms fastinter {check_ms}ms downinter {check_ms}ms"
        " fall 1 rise 1",
        *(f"    server {name} 127.0.0.1:{port} check" for name, port in servers.items()),
    ]
    return "\n".join(lines) + "\n"


class Haproxy:
    """One haproxy process, run in the foreground from a config file."""

    def __init__(self, config: str, directory: Path, *, front: int, stats: int) -> None:
        assert HAPROXY is not None
        self.path = directory / "haproxy.cfg"
        self.path.write_text(config, encoding="utf-8")
        self.log = directory / "haproxy.log"
        self.front, self.stats = front, stats
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.front}"

    async def start(self) -> None:
        with self.log.open("wb") as log:
            self.proc = await asyncio.create_subprocess_exec(
                HAPROXY, "-db", "-f", str(self.path), stdin=asyncio.subprocess.DEVNULL,
                stdout=log, stderr=log)

    async def stop(self) -> None:
        if self.proc is not None:
            await terminate(self.proc)

    async def servers(self, session: aiohttp.ClientSession) -> dict[str, dict[str, str]]:
        """Each replica's row of the stats page (``status``: UP, DOWN, ...; ``chkdown``: how
        often a health check took it out), or {} while haproxy does not answer yet."""
        try:
            async with session.get(f"http://127.0.0.1:{self.stats}/stats;csv") as response:
                text = await response.text()
        except aiohttp.ClientError:
            return {}
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {row["svname"]: row for row in rows
                if row["pxname"] == "modelbot" and row["svname"] not in ("FRONTEND", "BACKEND")}

    async def wait(self, session: aiohttp.ClientSession, expected: dict[str, str],
                   timeout: float = 20.0) -> None:
        """Poll the stats page until each named replica has the status expected (UP, DOWN),
        by a deadline; haproxy tells nobody, so it is asked every 50 ms."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        seen: dict[str, dict[str, str]] = {}
        while loop.time() < deadline:
            if self.proc is not None and self.proc.returncode is not None:
                raise AssertionError(f"haproxy exited ({self.proc.returncode}):\n"
                                     f"{self.log.read_text(errors='replace')[-2000:]}")
            seen = await self.servers(session)
            if seen and all(seen.get(name, {}).get("status", "").startswith(state)
                            for name, state in expected.items()):
                return
            await asyncio.sleep(0.05)
        states = {name: row.get("status") for name, row in seen.items()}
        raise AssertionError(f"haproxy did not see {expected} within {timeout:g} s: {states}\n"
                             f"{self.log.read_text(errors='replace')[-2000:]}")

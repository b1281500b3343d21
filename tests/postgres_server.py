"""A PostgreSQL server for tests (a pytest plugin, so tests/store and tests/discord share it).

PostgreSQL comes from ``MODELBOT_TEST_POSTGRES_URL`` (a role allowed to CREATE DATABASE) or,
without it, from a throwaway cluster of Debian's binaries (``/usr/lib/postgresql/*/bin``)
started once per session in a temporary directory, listening on 127.0.0.1 only, and removed at
the end. Neither available (or no asyncpg): the PostgreSQL cases skip, saying why. The session
creates a database of its own there, and each test a fresh schema in it (see ``postgres_url``).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PG_URL_ENV = "MODELBOT_TEST_POSTGRES_URL"
START_TIMEOUT = 30  # seconds pg_ctl may poll for the server to accept connections


def _pg_bindir() -> Path | None:
    """The newest Debian PostgreSQL bin directory that has initdb and pg_ctl."""
    found = []
    for bindir in Path("/usr/lib/postgresql").glob("*/bin"):
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            version = tuple(int(n) for n in re.findall(r"\d+", bindir.parent.name))
            found.append((version, bindir))
    return max(found)[1] if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Cluster:
    """A throwaway PostgreSQL cluster in ``root``, run as ``postgres`` when we are root
    (initdb refuses to run as root)."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir, self.root, self.data = bindir, root, root / "data"
        self.log = root / "server.log"
        self.password = secrets.token_hex(16)
        self.port = 0
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("PostgreSQL tests as root need the postgres system user")
            if shutil.which("runuser") is None:
                pytest.skip("PostgreSQL tests as root need runuser (util-linux)")
            self.prefix = ["runuser", "-u", "postgres", "--"]
            os.chown(root, user.pw_uid, user.pw_gid)

    def _run(self, tool: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [*self.prefix, str(self.bindir / tool), *map(str, args)]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        # cwd: the cluster's own directory, which the postgres user can enter
        return subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True,
                              timeout=60, check=False)

    def start(self) -> str:
        """initdb, then pg_ctl start (which polls until the server accepts connections, up to
        START_TIMEOUT); the URL of the ``postgres`` database as the superuser."""
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.prefix:
            shutil.chown(pwfile, "postgres", "postgres")
        init = self._run("initdb", "-D", self.data, "-U", "postgres", f"--pwfile={pwfile}",
                         "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync")
        if init.returncode:
            raise RuntimeError(f"initdb failed:\n{init.stdout}{init.stderr}")
        pwfile.unlink()
        # Appending keeps the file's owner. Durability is worthless in a throwaway cluster.
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                       "shared_buffers = 32MB\n")
        # A port found free can be taken before the server binds it: try a few.
        for _ in range(3):
            self.port = _free_port()
            started = self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w",
                                "-t", str(START_TIMEOUT), "-o", f"-p {self.port}", "start")
            if started.returncode == 0:
                break
        else:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{started.stderr}\n{tail}")
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL URL whose role may create databases; skips when there is none."""
    try:
        import asyncpg  # noqa: F401
    except ImportError:
        pytest.skip('PostgreSQL tests need asyncpg: pip install "modelbot[postgres]"')
    url = os.environ.get(PG_URL_ENV, "").strip()
    if url:
        yield url
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(f"no PostgreSQL: set {PG_URL_ENV} or install Debian's postgresql package")
    root = Path(tempfile.mkdtemp(prefix="modelbot-pg-"))
    try:
        cluster = _Cluster(bindir, root)
        try:
            yield cluster.start()
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _with(url: str, *, database: str | None = None, **params: str) -> str:
    """``url`` naming another database and/or with more query parameters."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), *params.items()])
    path = "/" + database if database is not None else parts.path
    return urllib.parse.urlunsplit(parts._replace(path=path, query=query))


def _in_thread(work: Callable[[], Awaitable[None]]) -> None:
    """Run ``work`` on an event loop of its own (a session fixture may be set up while a
    test's loop is running)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work()).result()


@pytest.fixture(scope="session")
def postgres_database_url(postgres_admin_url: str) -> Iterator[str]:
    """A database of our own for the session (never one we did not create), dropped after."""
    import asyncpg

    name = f"modelbot_test_{secrets.token_hex(6)}"

    async def admin(statement: str) -> None:
        conn = await asyncpg.connect(postgres_admin_url)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    _in_thread(lambda: admin(f'CREATE DATABASE "{name}"'))
    try:
        yield _with(postgres_admin_url, database=name)
    finally:
        _in_thread(lambda: admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def postgres_url(postgres_database_url: str) -> AsyncIterator[str]:
    """A URL whose tables go in a new, empty schema, dropped after the test.

    A schema, not a database, per test: CREATE DATABASE forces a checkpoint and costs a few
    hundred milliseconds on a busy machine; a schema costs one. The store finds it through
    ``search_path``, which asyncpg takes from the URL (the same way a deployment can)."""
    import asyncpg

    schema = f"test_{secrets.token_hex(6)}"
    conn = await asyncpg.connect(postgres_database_url)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        yield _with(postgres_database_url, search_path=schema)
    finally:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await conn.close()

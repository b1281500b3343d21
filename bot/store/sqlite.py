"""The SQLite backend: the embedded default, one file created on first use (parent directories
too), standard library only.

One connection per store, used only by one dedicated worker thread: every call is queued to that
thread, so the event loop never waits on the disk and the connection needs no lock of its own
(calls run one at a time, in the order made). The database runs in WAL mode, so other
connections (another process on the same file) read while one writes. Migrations run in one
``BEGIN IMMEDIATE`` transaction: it takes the write lock before reading the schema version, so
two processes opening a new file at once serialise there and the second finds nothing to do.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from bot.store import (
    VIEW_STATE_DAYS,
    FetchState,
    GuildPrefs,
    PrefsChange,
    PublishedRelease,
    ReleaseFiles,
    StoreError,
    Watch,
    _rows,
    changed_prefs,
)
from bot.store.claims import SQLiteClaims
from bot.store.migrations import SQLITE_VERSION_TABLE, pending

T = TypeVar("T")

MEMORY = ":memory:"
_CHUNK = 500  # ids per IN (...) list, well below SQLite's limit on bound parameters


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SQLiteStore(SQLiteClaims):
    """A ``Store`` in one SQLite file (or in memory, gone when closed)."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0) -> None:
        """``path``: the database file (``~`` expanded, relative to the working directory of
        now) or ``:memory:``; ``busy_timeout``: seconds to wait for another writer."""
        self._path = MEMORY if str(path) == MEMORY else str(Path(path).expanduser().absolute())
        # Every command reads its server's preferences; a trip to the worker thread costs more
        # than the rest of the command. They are kept here while the files look unchanged.
        self._prefs: dict[int, GuildPrefs] = {}
        self._prefs_stamp: object = None
        self._busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._open_lock = asyncio.Lock()
        self._schema_version = 0
        self.applied_migrations: tuple[int, ...] = ()
        """The versions the last ``open`` applied; empty when the schema was already current."""

    def __repr__(self) -> str:
        return f"SQLiteStore({self._path!r})"

    @property
    def path(self) -> str:
        """The database file's absolute path, or ``:memory:``."""
        return self._path

    @property
    def schema_version(self) -> int:
        """The database's schema version after ``open`` (0 before)."""
        return self._schema_version

    async def open(self) -> None:
        """Create the file if needed, switch to WAL and apply pending migrations."""
        async with self._open_lock:
            if self._conn is not None:
                return
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="modelbot-store")
            loop = asyncio.get_running_loop()
            try:
                conn, version, applied = await loop.run_in_executor(executor, self._connect)
            except BaseException:
                executor.shutdown(wait=False)
                raise
            self._conn, self._executor = conn, executor
            self._schema_version, self.applied_migrations = version, tuple(applied)
            _rows.note_version(repr(self), version, applied)

    def _connect(self) -> tuple[sqlite3.Connection, int, list[int]]:
        """(In the worker thread.) A migrated connection, its schema version and what it applied."""
        try:
            if self._path != MEMORY:
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; the migration opens its own.
            conn = sqlite3.connect(self._path, timeout=self._busy_timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the SQLite store {self._path}: {exc}") from exc
        try:
            conn.row_factory = sqlite3.Row
            version, applied = _retry_when_busy(functools.partial(_prepare, conn, self._path),
                                                self._busy_timeout)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot prepare the SQLite store {self._path}: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return conn, version, applied

    async def close(self) -> None:
        """Finish queued calls, then close the connection and stop the worker thread."""
        async with self._open_lock:
            conn, executor = self._conn, self._executor
            if conn is None or executor is None:
                return
            self._conn = self._executor = None  # new calls fail from here on
            try:
                await asyncio.get_running_loop().run_in_executor(executor, conn.close)
            finally:
                executor.shutdown(wait=False)

    async def _call(self, fn: Callable[..., T], *args: object) -> T:
        """Run ``fn(connection, *args)`` in the worker thread."""
        conn, executor = self._conn, self._executor
        if conn is None or executor is None:
            raise StoreError("the store is not open: await store.open() first")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(executor, functools.partial(fn, conn, *args))
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite store {self._path}: {exc}") from exc

    def _stamp(self) -> object:
        """What changes whenever any connection, in any process, writes to the database: the
        size and time of the database file and of its write-ahead log (WAL mode appends every
        commit to the log). In memory only this store can write."""
        if self._path == MEMORY:
            return MEMORY
        stamp = []
        for name in (self._path, self._path + "-wal"):
            try:
                info = os.stat(name)
            except OSError:
                stamp.append(None)
            else:
                stamp.append((info.st_mtime_ns, info.st_size))
        return tuple(stamp)

    async def get_prefs(self, guild_id: int) -> GuildPrefs:
        """The server's preferences; all defaults when none are stored."""
        guild_id = _rows.snowflake(guild_id)
        stamp = self._stamp()
        if stamp != self._prefs_stamp:
            self._prefs.clear()
            self._prefs_stamp = stamp
        cached = self._prefs.get(guild_id)
        if cached is not None:
            return cached
        row = await self._call(
            _fetchone, "SELECT prefs FROM guild_prefs WHERE guild_id = ?", (guild_id,)
        )
        prefs = _rows.prefs_from_document(guild_id, None if row is None else row["prefs"])
        if self._stamp() == stamp:  # nobody wrote meanwhile: safe to keep
            self._prefs[guild_id] = prefs
        return prefs

    async def set_prefs(self, prefs: GuildPrefs) -> None:
        """Store (insert or replace) the server's preferences."""
        document = _rows.prefs_document(prefs)
        await self._call(
            _execute,
            "INSERT INTO guild_prefs (guild_id, prefs, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET prefs = excluded.prefs, "
            "updated_at = excluded.updated_at",
            (prefs.guild_id, document, _now()),
        )
        self._prefs.pop(prefs.guild_id, None)

    async def update_prefs(self, guild_id: int, change: PrefsChange) -> GuildPrefs:
        """Apply ``change`` to the stored preferences under the write lock (``BEGIN
        IMMEDIATE``: another process's writer waits, as this store's own calls queue)."""
        guild_id = _rows.snowflake(guild_id)
        try:
            prefs = await self._call(_update_prefs, guild_id, change, _now())
        finally:
            self._prefs.pop(guild_id, None)
        return prefs

    async def reset_prefs(self, guild_id: int) -> None:
        """Forget the server's preferences."""
        await self._call(
            _execute, "DELETE FROM guild_prefs WHERE guild_id = ?", (_rows.snowflake(guild_id),)
        )
        self._prefs.pop(guild_id, None)

    async def add_watch(self, guild_id: int, channel_id: int) -> bool:
        """Subscribe a channel; True if it was not subscribed already."""
        watch = _rows.watch(guild_id, channel_id)
        count = await self._call(
            _execute,
            "INSERT INTO watches (guild_id, channel_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (watch.guild_id, watch.channel_id, _now()),
        )
        return count == 1

    async def remove_watch(self, guild_id: int, channel_id: int) -> bool:
        """Unsubscribe a channel; True if it was subscribed."""
        watch = _rows.watch(guild_id, channel_id)
        count = await self._call(
            _execute,
            "DELETE FROM watches WHERE guild_id = ? AND channel_id = ?",
            (watch.guild_id, watch.channel_id),
        )
        return count == 1

    async def watches(self, guild_ids: Iterable[int] | None = None) -> list[Watch]:
        """Subscribed channels of these servers (None: of all), ordered by server and channel."""
        ids = None if guild_ids is None else _rows.guild_id_list(guild_ids)
        rows = await self._call(_select_watches, ids)
        return [Watch(guild_id=r["guild_id"], channel_id=r["channel_id"]) for r in rows]

    async def get_fetch_state(self, url: str) -> FetchState | None:
        """The caching state of ``url``; None if it was never fetched."""
        row = await self._call(
            _fetchone,
            "SELECT url, etag, last_modified, sha256 FROM fetch_state WHERE url = ?",
            (url,),
        )
        return None if row is None else _rows.fetch_state_from_row(row)

    async def set_fetch_state(self, state: FetchState) -> None:
        """Store (insert or replace) the caching state of ``state.url``."""
        state = FetchState.model_validate(state.model_dump())
        await self._call(
            _execute,
            "INSERT INTO fetch_state (url, etag, last_modified, sha256, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
            "updated_at = excluded.updated_at",
            (state.url, state.etag, state.last_modified, state.sha256, _now()),
        )


    async def acquire_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Take (or renew) the lease ``name`` for ``seconds``; False while another holder's
        lease has not expired."""
        name, holder, seconds = _rows.lease_args(name, holder, seconds)
        now = time.time()
        count = await self._call(
            _execute,
            "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires_at = excluded.expires_at "
            "WHERE leases.expires_at < ? OR leases.holder = excluded.holder",
            (name, holder, now + seconds, now),
        )
        return count == 1

    async def release_lease(self, name: str, holder: str) -> None:
        """Give the lease up, if ``holder`` has it."""
        await self._call(_execute, "DELETE FROM leases WHERE name = ? AND holder = ?",
                         (name, holder))

    async def publish_release(self, release: PublishedRelease, files: ReleaseFiles,
                              keep: int = 3) -> None:
        """Store a release and its files in one transaction, then keep the newest ``keep``."""
        release = PublishedRelease.model_validate(release.model_dump())
        await self._call(_publish, release, dict(files), _now())
        stale = (await self.published_releases())[max(1, keep):]
        if stale:
            await self._call(_forget, [r.version for r in stale])

    async def published_releases(self) -> list[PublishedRelease]:
        """Every published release, newest first (version number, then date)."""
        rows = await self._call(_fetchall, "SELECT version, released, digest FROM releases", ())
        return _rows.newest_first(_rows.published_from_row(r) for r in rows)

    async def release_files(self, version: str) -> dict[str, bytes]:
        """The files of a published release (empty when there is none)."""
        rows = await self._call(
            _fetchall, "SELECT path, body FROM release_files WHERE version = ?", (version,))
        return {r["path"]: bytes(r["body"]) for r in rows}

    async def claim_announcement(self, guild_id: int, channel_id: int, release: str) -> bool:
        """Mark ``release`` as announced in a watched channel; True for the call that changed
        the mark."""
        watch = _rows.watch(guild_id, channel_id)
        count = await self._call(
            _execute,
            "UPDATE watches SET announced = ? WHERE guild_id = ? AND channel_id = ? "
            "AND (announced IS NULL OR announced <> ?)",
            (release, watch.guild_id, watch.channel_id, release),
        )
        return count == 1

    view_state_days = VIEW_STATE_DAYS
    """How long a button's state is kept (a class attribute: a test may shorten it)."""

    async def save_view_state(self, key: str, state: str) -> None:
        """Keep ``state`` under ``key`` (see ``Store.save_view_state``)."""
        now = time.time()
        await self._call(
            _execute,
            "INSERT INTO view_states (key, state, saved_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at",
            (key, state, now),
        )
        await self._call(_execute, "DELETE FROM view_states WHERE saved_at < ?",
                         (now - self.view_state_days * 86400,))

    async def view_state(self, key: str) -> str | None:
        """The state kept under ``key``, if it has not expired."""
        row = await self._call(
            _fetchone, "SELECT state FROM view_states WHERE key = ? AND saved_at >= ?",
            (key, time.time() - self.view_state_days * 86400))
        return None if row is None else str(row[0])


# The functions below run in the worker thread, with the store's connection.


def _retry_when_busy(step: Callable[[], T], timeout: float) -> T:
    """``step()``, tried again while the file is busy, until ``timeout`` seconds have passed.

    Needed on top of the connection's busy timeout: SQLite answers "database is locked" at
    once, without waiting, when two connections race to switch a new file to WAL."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY)  # ours carries none
            busy = code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)  # a worker thread, never the event loop
        pause = min(pause * 2, 0.05)


def _prepare(conn: sqlite3.Connection, path: str) -> tuple[int, list[int]]:
    """WAL mode (files only), then the migrations; (version, versions applied)."""
    if path != MEMORY:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            # SQLite keeps the old mode, without an error, while another connection is
            # switching: report it as busy so the caller tries again.
            raise sqlite3.OperationalError(f"could not switch to WAL (still {mode})")
    conn.execute("PRAGMA synchronous=NORMAL")  # durable enough in WAL mode, and faster
    return _migrate(conn)


def _migrate(conn: sqlite3.Connection) -> tuple[int, list[int]]:
    """Apply pending migrations in one write-locked transaction; (version, versions applied)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(SQLITE_VERSION_TABLE)
        current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
        applied = []
        for migration in pending(current):
            for statement in migration.sqlite:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.description, _now()),
            )
            applied.append(migration.version)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return (applied[-1] if applied else current), applied


def _update_prefs(conn: sqlite3.Connection, guild_id: int, change: PrefsChange,
                  now: str) -> GuildPrefs:
    """Read, change and write one server's preferences in one write-locked transaction."""
    conn.execute("BEGIN IMMEDIATE")  # the write lock before the read: no one writes between
    try:
        row = conn.execute("SELECT prefs FROM guild_prefs WHERE guild_id = ?",
                           (guild_id,)).fetchone()
        prefs = changed_prefs(
            _rows.prefs_from_document(guild_id, None if row is None else row["prefs"]), change)
        conn.execute(
            "INSERT INTO guild_prefs (guild_id, prefs, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET prefs = excluded.prefs, "
            "updated_at = excluded.updated_at",
            (guild_id, _rows.prefs_document(prefs), now),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return prefs


def _fetchone(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(sql, params).fetchone()
    return row


def _execute(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> int:
    """Run one statement (its own transaction); the number of rows it changed."""
    return conn.execute(sql, params).rowcount


def _fetchall(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[sqlite3.Row]:
    return conn.execute(sql, params).fetchall()


def _publish(conn: sqlite3.Connection, release: PublishedRelease, files: dict[str, bytes],
             now: str) -> None:
    """The release row and its files, replacing any of the same version, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM release_files WHERE version = ?", (release.version,))
        conn.execute(
            "INSERT INTO releases (version, released, digest, published_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (version) DO UPDATE SET released = excluded.released, "
            "digest = excluded.digest, published_at = excluded.published_at",
            (release.version, release.date.isoformat() if release.date else None,
             release.digest, now),
        )
        conn.executemany(
            "INSERT INTO release_files (version, path, body) VALUES (?, ?, ?)",
            [(release.version, path, body) for path, body in files.items()],
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _forget(conn: sqlite3.Connection, versions: list[str]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in versions:
            conn.execute("DELETE FROM release_files WHERE version = ?", (version,))
            conn.execute("DELETE FROM releases WHERE version = ?", (version,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _select_watches(conn: sqlite3.Connection, ids: list[int] | None) -> list[sqlite3.Row]:
    order = " ORDER BY guild_id, channel_id"
    if ids is None:
        return conn.execute("SELECT guild_id, channel_id FROM watches" + order).fetchall()
    rows: list[sqlite3.Row] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows += conn.execute(
            f"SELECT guild_id, channel_id FROM watches WHERE guild_id IN ({marks})" + order, chunk
        ).fetchall()
    # chunks are each ordered; the whole list must be too
    rows.sort(key=lambda r: (r["guild_id"], r["channel_id"]))
    return rows

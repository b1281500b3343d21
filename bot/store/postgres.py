"""The PostgreSQL backend, for several shard processes (on several machines) sharing one store.

``asyncpg`` is imported when a store is built, not when this module is: a bot on SQLite runs
without it. Calls go through a small connection pool; each is one statement, so each is its own
transaction and every process sees another's write as soon as the call returns. Migrations run
in one transaction that first takes a transaction-scoped advisory lock: processes starting at
once queue on it, and each later one finds the schema current and applies nothing.

Tables go in the first schema of the connection's ``search_path``; to keep them apart from other
applications in a shared database, add ``?search_path=modelbot`` to the URL (asyncpg passes
unknown URL parameters on as server settings) after ``CREATE SCHEMA modelbot``.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

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
from bot.store.claims import PostgresClaims
from bot.store.migrations import POSTGRES_VERSION_TABLE, pending

if TYPE_CHECKING:
    import asyncpg

# The key of the migration lock: any fixed 64-bit number, the same in every process and
# release. This one is the bytes of "modelbot".
MIGRATION_LOCK_KEY = 0x6D6F64656C626F74


def _import_asyncpg() -> Any:
    try:
        import asyncpg
    except ImportError as exc:
        raise ImportError(
            "a postgresql:// database_url needs asyncpg: pip install \"modelbot[postgres]\""
        ) from exc
    return asyncpg


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***``, for logs and errors."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[2]}"))


class PostgresStore(PostgresClaims):
    """A ``Store`` in a PostgreSQL database, shared by every process that opens the same URL."""

    def __init__(
        self,
        url: str,
        *,
        min_connections: int = 1,
        max_connections: int = 5,
        command_timeout: float = 30.0,
    ) -> None:
        """``url``: ``postgresql://`` or ``postgres://``; the pool keeps ``min_connections`` to
        ``max_connections`` open; a statement slower than ``command_timeout`` seconds fails.

        Raises ``ImportError`` naming the extra to install when asyncpg is missing."""
        self._asyncpg = _import_asyncpg()
        self._url = url
        self._pool_size = (min_connections, max_connections)
        self._command_timeout = command_timeout
        self._pool: asyncpg.Pool | None = None
        self._open_lock = asyncio.Lock()
        self._schema_version = 0
        self.applied_migrations: tuple[int, ...] = ()
        """The versions the last ``open`` applied; empty when the schema was already current."""

    def __repr__(self) -> str:
        return f"PostgresStore({redact(self._url)!r})"

    @property
    def schema_version(self) -> int:
        """The database's schema version after ``open`` (0 before)."""
        return self._schema_version

    def _errors(self) -> tuple[type[BaseException], ...]:
        """What a failing database call raises: server errors, a lost connection, a timeout."""
        return (self._asyncpg.PostgresError, self._asyncpg.InterfaceError, OSError)

    async def open(self) -> None:
        """Create the pool and apply pending migrations under the advisory lock."""
        async with self._open_lock:
            if self._pool is not None:
                return
            low, high = self._pool_size
            try:
                pool = await self._asyncpg.create_pool(
                    self._url, min_size=low, max_size=high,
                    command_timeout=self._command_timeout,
                )
            except self._errors() as exc:
                raise StoreError(f"cannot connect to {redact(self._url)}: {exc}") from exc
            try:
                async with pool.acquire() as conn:
                    version, applied = await _migrate(conn)
            except BaseException as exc:
                pool.terminate()
                if isinstance(exc, self._errors()):
                    raise StoreError(f"cannot migrate {redact(self._url)}: {exc}") from exc
                raise
            self._pool = pool
            self._schema_version, self.applied_migrations = version, tuple(applied)
            _rows.note_version(repr(self), version, applied)

    async def close(self) -> None:
        """Wait for calls in progress, then close the pool's connections."""
        async with self._open_lock:
            pool, self._pool = self._pool, None
            if pool is None:
                return
            try:
                await asyncio.wait_for(pool.close(), timeout=self._command_timeout)
            except TimeoutError:
                pool.terminate()

    def _ready(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StoreError("the store is not open: await store.open() first")
        return self._pool

    async def _execute(self, sql: str, *args: object) -> None:
        try:
            await self._ready().execute(sql, *args)
        except self._errors() as exc:
            raise StoreError(f"{redact(self._url)}: {exc}") from exc

    async def _fetchrow(self, sql: str, *args: object) -> Any:
        try:
            return await self._ready().fetchrow(sql, *args)
        except self._errors() as exc:
            raise StoreError(f"{redact(self._url)}: {exc}") from exc

    async def _fetch(self, sql: str, *args: object) -> list[Any]:
        try:
            return await self._ready().fetch(sql, *args)
        except self._errors() as exc:
            raise StoreError(f"{redact(self._url)}: {exc}") from exc

    async def get_prefs(self, guild_id: int) -> GuildPrefs:
        """The server's preferences; all defaults when none are stored."""
        guild_id = _rows.snowflake(guild_id)
        row = await self._fetchrow(
            "SELECT prefs::text AS prefs FROM guild_prefs WHERE guild_id = $1", guild_id
        )
        return _rows.prefs_from_document(guild_id, None if row is None else row["prefs"])

    async def set_prefs(self, prefs: GuildPrefs) -> None:
        """Store (insert or replace) the server's preferences."""
        document = _rows.prefs_document(prefs)
        await self._execute(
            "INSERT INTO guild_prefs (guild_id, prefs) VALUES ($1, $2::jsonb) "
            "ON CONFLICT (guild_id) DO UPDATE SET prefs = excluded.prefs, updated_at = now()",
            prefs.guild_id, document,
        )

    async def update_prefs(self, guild_id: int, change: PrefsChange) -> GuildPrefs:
        """Apply ``change`` to the stored preferences in one transaction holding the server's
        row (``FOR UPDATE``; a row is inserted first when there is none, so that two first
        changes also queue on it)."""
        guild_id = _rows.snowflake(guild_id)
        try:
            async with self._ready().acquire() as conn, conn.transaction():
                await conn.execute(
                    "INSERT INTO guild_prefs (guild_id, prefs) VALUES ($1, '{}'::jsonb) "
                    "ON CONFLICT (guild_id) DO NOTHING", guild_id)
                row = await conn.fetchrow(
                    "SELECT prefs::text AS prefs FROM guild_prefs WHERE guild_id = $1 "
                    "FOR UPDATE", guild_id)
                prefs = changed_prefs(_rows.prefs_from_document(guild_id, row["prefs"]), change)
                await conn.execute(
                    "UPDATE guild_prefs SET prefs = $2::jsonb, updated_at = now() "
                    "WHERE guild_id = $1", guild_id, _rows.prefs_document(prefs))
        except self._errors() as exc:
            raise StoreError(f"{redact(self._url)}: {exc}") from exc
        return prefs

    async def reset_prefs(self, guild_id: int) -> None:
        """Forget the server's preferences."""
        await self._execute(
            "DELETE FROM guild_prefs WHERE guild_id = $1", _rows.snowflake(guild_id)
        )

    async def add_watch(self, guild_id: int, channel_id: int) -> bool:
        """Subscribe a channel; True if it was not subscribed already."""
        watch = _rows.watch(guild_id, channel_id)
        row = await self._fetchrow(
            "INSERT INTO watches (guild_id, channel_id) VALUES ($1, $2) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            watch.guild_id, watch.channel_id,
        )
        return row is not None

    async def remove_watch(self, guild_id: int, channel_id: int) -> bool:
        """Unsubscribe a channel; True if it was subscribed."""
        watch = _rows.watch(guild_id, channel_id)
        row = await self._fetchrow(
            "DELETE FROM watches WHERE guild_id = $1 AND channel_id = $2 RETURNING 1",
            watch.guild_id, watch.channel_id,
        )
        return row is not None

    async def watches(self, guild_ids: Iterable[int] | None = None) -> list[Watch]:
        """Subscribed channels of these servers (None: of all), ordered by server and channel."""
        if guild_ids is None:
            rows = await self._fetch(
                "SELECT guild_id, channel_id FROM watches ORDER BY guild_id, channel_id"
            )
        else:
            rows = await self._fetch(
                "SELECT guild_id, channel_id FROM watches WHERE guild_id = ANY($1::bigint[]) "
                "ORDER BY guild_id, channel_id",
                _rows.guild_id_list(guild_ids),
            )
        return [Watch(guild_id=r["guild_id"], channel_id=r["channel_id"]) for r in rows]

    async def get_fetch_state(self, url: str) -> FetchState | None:
        """The caching state of ``url``; None if it was never fetched."""
        row = await self._fetchrow(
            "SELECT url, etag, last_modified, sha256 FROM fetch_state WHERE url = $1", url
        )
        return None if row is None else _rows.fetch_state_from_row(row)

    async def set_fetch_state(self, state: FetchState) -> None:
        """Store (insert or replace) the caching state of ``state.url``."""
        state = FetchState.model_validate(state.model_dump())
        await self._execute(
            "INSERT INTO fetch_state (url, etag, last_modified, sha256) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
            "updated_at = now()",
            state.url, state.etag, state.last_modified, state.sha256,
        )


    async def acquire_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Take (or renew) the lease ``name`` for ``seconds`` of the server's clock (every
        machine sees the same expiry); False while another holder's lease has not expired."""
        name, holder, seconds = _rows.lease_args(name, holder, seconds)
        row = await self._fetchrow(
            "INSERT INTO leases (name, holder, expires_at) "
            "VALUES ($1, $2, now() + make_interval(secs => $3)) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires_at = excluded.expires_at "
            "WHERE leases.expires_at < now() OR leases.holder = excluded.holder RETURNING 1",
            name, holder, seconds,
        )
        return row is not None

    async def release_lease(self, name: str, holder: str) -> None:
        """Give the lease up, if ``holder`` has it."""
        await self._execute("DELETE FROM leases WHERE name = $1 AND holder = $2", name, holder)

    async def publish_release(self, release: PublishedRelease, files: ReleaseFiles,
                              keep: int = 3) -> None:
        """Store a release and its files in one transaction, then keep the newest ``keep``."""
        release = PublishedRelease.model_validate(release.model_dump())
        try:
            async with self._ready().acquire() as conn, conn.transaction():
                await conn.execute("DELETE FROM releases WHERE version = $1", release.version)
                await conn.execute(
                    "INSERT INTO releases (version, released, digest) VALUES ($1, $2, $3)",
                    release.version, release.date, release.digest)
                await conn.executemany(
                    "INSERT INTO release_files (version, path, body) VALUES ($1, $2, $3)",
                    [(release.version, path, bytes(body)) for path, body in files.items()])
        except self._errors() as exc:
            raise StoreError(f"{redact(self._url)}: {exc}") from exc
        stale = (await self.published_releases())[max(1, keep):]
        if stale:
            await self._execute("DELETE FROM releases WHERE version = ANY($1::text[])",
                                [r.version for r in stale])

    async def published_releases(self) -> list[PublishedRelease]:
        """Every published release, newest first (version number, then date)."""
        rows = await self._fetch("SELECT version, released, digest FROM releases")
        return _rows.newest_first(_rows.published_from_row(r) for r in rows)

    async def release_files(self, version: str) -> dict[str, bytes]:
        """The files of a published release (empty when there is none)."""
        rows = await self._fetch(
            "SELECT path, body FROM release_files WHERE version = $1", version)
        return {r["path"]: bytes(r["body"]) for r in rows}

    async def claim_announcement(self, guild_id: int, channel_id: int, release: str) -> bool:
        """Mark ``release`` as announced in a watched channel; True for the call that changed
        the mark."""
        watch = _rows.watch(guild_id, channel_id)
        row = await self._fetchrow(
            "UPDATE watches SET announced = $1 WHERE guild_id = $2 AND channel_id = $3 "
            "AND announced IS DISTINCT FROM $1 RETURNING 1",
            release, watch.guild_id, watch.channel_id,
        )
        return row is not None

    view_state_days = VIEW_STATE_DAYS
    """How long a button's state is kept (a class attribute: a test may shorten it)."""

    async def save_view_state(self, key: str, state: str) -> None:
        """Keep ``state`` under ``key`` (see ``Store.save_view_state``)."""
        await self._execute(
            "INSERT INTO view_states (key, state) VALUES ($1, $2) ON CONFLICT (key) "
            "DO UPDATE SET state = excluded.state, saved_at = now()", key, state)
        await self._execute(
            "DELETE FROM view_states WHERE saved_at < now() - make_interval(secs => $1)",
            self.view_state_days * 86400)

    async def view_state(self, key: str) -> str | None:
        """The state kept under ``key``, if it has not expired."""
        row = await self._fetchrow(
            "SELECT state FROM view_states WHERE key = $1 "
            "AND saved_at >= now() - make_interval(secs => $2)", key, self.view_state_days * 86400)
        return None if row is None else str(row["state"])


async def _migrate(conn: asyncpg.Connection) -> tuple[int, list[int]]:
    """Apply pending migrations in one transaction under the advisory lock; (version, applied).

    The lock is taken first and released by the commit, so a second process blocks until the
    first has committed, then (READ COMMITTED: a fresh snapshot per statement) sees its rows."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
        await conn.execute(POSTGRES_VERSION_TABLE)
        current = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        applied = []
        for migration in pending(current):
            for statement in migration.postgres:
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_version (version, description) VALUES ($1, $2)",
                migration.version, migration.description,
            )
            applied.append(migration.version)
    return (applied[-1] if applied else current), applied

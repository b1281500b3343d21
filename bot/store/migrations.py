"""The store's schema, as a versioned list of migrations applied in order on ``open``.

Each migration carries the same change in both dialects, so the backends cannot drift apart in
their version numbers. ``schema_version`` holds one row per applied migration; the highest
version is the database's schema version. To change the schema, append a ``Migration`` with the
next version (never edit one that has shipped: databases already past it would not see the
edit). Statements run one at a time inside the migration's transaction; SQLite's
``executescript`` would commit behind our back, so each string is exactly one statement.

Preferences are one JSON document per server (``guild_prefs.prefs``, TEXT in SQLite, JSONB in
PostgreSQL) rather than one column per field, because the document is always read and written
whole, ``GuildPrefs`` is its schema and validates it both ways, and a preference added later
needs no migration (an absent key reads as "not set"). Only fields that differ from the defaults
are stored, so the document says what the server chose and nothing else. Watches and fetch
states are plain columns: they are looked up by key.

Migration 2 serves the release sync of several shard processes (``bot.discord.syncing``): a
lease (one process syncs), the releases it published with their files (the others install
them from here, on any machine), and per watched channel the release last announced there (one
announcement per release, whichever process posts it).

Migration 3 keeps what a button or menu needs to act (the question a page turns, the choices a
menu offers) under a key its ``custom_id`` carries, so a press that reaches another process, or
this one after a restart, still works (``bot.discord.components``).

Migration 4 is the atomic settings change (another branch; a placeholder here). Migration 5
holds the claims on interaction ids (``bot.store.claims``): an interaction runs once, however
often it is delivered, and a deferred one whose replica died is finished by another.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One schema change, in each backend's dialect."""

    version: int
    description: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


# Created before anything else, in the same locked transaction as the migrations.
SQLITE_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

POSTGRES_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="guild preferences, watched channels, board fetch state",
        sqlite=(
            """CREATE TABLE guild_prefs (
                guild_id INTEGER PRIMARY KEY,
                prefs TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE watches (
                guild_id INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            )""",
            """CREATE TABLE fetch_state (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                sha256 TEXT,
                updated_at TEXT NOT NULL
            )""",
        ),
        postgres=(
            """CREATE TABLE guild_prefs (
                guild_id BIGINT PRIMARY KEY,
                prefs JSONB NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )""",
            """CREATE TABLE watches (
                guild_id BIGINT NOT NULL,
                channel_id BIGINT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (guild_id, channel_id)
            )""",
            """CREATE TABLE fetch_state (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                sha256 TEXT,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )""",
        ),
    ),
    Migration(
        version=2,
        description="release sync: leases, published releases, the release each watch heard",
        sqlite=(
            """CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at REAL NOT NULL
            )""",
            """CREATE TABLE releases (
                version TEXT PRIMARY KEY,
                released TEXT,
                digest TEXT NOT NULL,
                published_at TEXT NOT NULL
            )""",
            """CREATE TABLE release_files (
                version TEXT NOT NULL,
                path TEXT NOT NULL,
                body BLOB NOT NULL,
                PRIMARY KEY (version, path)
            )""",
            "ALTER TABLE watches ADD COLUMN announced TEXT",
        ),
        postgres=(
            """CREATE TABLE leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE releases (
                version TEXT PRIMARY KEY,
                released DATE,
                digest TEXT NOT NULL,
                published_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )""",
            """CREATE TABLE release_files (
                version TEXT NOT NULL REFERENCES releases (version) ON DELETE CASCADE,
                path TEXT NOT NULL,
                body BYTEA NOT NULL,
                PRIMARY KEY (version, path)
            )""",
            "ALTER TABLE watches ADD COLUMN announced TEXT",
        ),
    ),
    Migration(
        version=3,
        description="the state behind buttons and menus, for any replica to read",
        sqlite=(
            """CREATE TABLE view_states (
                key TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                saved_at REAL NOT NULL
            )""",
        ),
        postgres=(
            """CREATE TABLE view_states (
                key TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                saved_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )""",
        ),
    ),
    Migration(
        # Reserved for the atomic per-field settings change made on another branch: the merge
        # keeps that migration as 4 and drops this placeholder.
        version=4,
        description="reserved (atomic settings)",
        sqlite=("SELECT 1",),
        postgres=("SELECT 1",),
    ),
    Migration(
        version=5,
        description="claims on interaction ids: each interaction runs once",
        sqlite=(
            """CREATE TABLE interaction_claims (
                id INTEGER PRIMARY KEY,
                owner TEXT NOT NULL,
                state TEXT NOT NULL,
                claimed_at REAL NOT NULL,
                lease_until REAL NOT NULL,
                payload TEXT
            )""",
            "CREATE INDEX interaction_claims_claimed_at ON interaction_claims (claimed_at)",
            "CREATE INDEX interaction_claims_owner ON interaction_claims (owner, state)",
        ),
        postgres=(
            """CREATE TABLE interaction_claims (
                id BIGINT PRIMARY KEY,
                owner TEXT NOT NULL,
                state TEXT NOT NULL,
                claimed_at DOUBLE PRECISION NOT NULL,
                lease_until DOUBLE PRECISION NOT NULL,
                payload TEXT
            )""",
            "CREATE INDEX interaction_claims_claimed_at ON interaction_claims (claimed_at)",
            "CREATE INDEX interaction_claims_owner ON interaction_claims (owner, state)",
        ),
    ),
)


def latest_version() -> int:
    """The version the code expects; read at call time so tests can append a migration."""
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def pending(current: int) -> list[Migration]:
    """The migrations a database at version ``current`` still needs, in order."""
    check(MIGRATIONS)
    return [m for m in MIGRATIONS if m.version > current]


def check(migrations: tuple[Migration, ...]) -> None:
    """Refuse a list whose versions are not 1, 2, 3, ... (a typo would skip or repeat a step)."""
    for index, migration in enumerate(migrations, start=1):
        if migration.version != index:
            raise RuntimeError(
                f"migration #{index} has version {migration.version}; versions must be 1, 2, ..."
            )
        if not migration.sqlite or not migration.postgres:
            raise RuntimeError(f"migration {migration.version} lacks a dialect")

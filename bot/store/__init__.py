"""The per-server store: preferences set with ``/settings``, channels subscribed with ``/watch``,
the HTTP caching state of the board URLs fetched periodically, and what shard processes share
to sync CLiB's releases once (a lease, the releases published, the release each watched
channel heard of last).

This module holds the interface (the ``Store`` protocol), the models that cross it, and
``open_store(database_url)``, which picks a backend from the URL's scheme:

- ``sqlite:///path.db`` (relative to the working directory), ``sqlite:////abs/path.db``,
  ``sqlite:///:memory:``: ``bot.store.sqlite``, the embedded default (standard library only).
- ``postgresql://user:pass@host:port/db`` or ``postgres://...``: ``bot.store.postgres``, for
  several shard processes on several machines sharing one store (needs the ``postgres`` extra).

Every value is validated by the models on the way in (``set_*`` re-validates, so a model built
with ``model_copy(update=...)`` cannot smuggle in a bad value) and on the way out (a stored row
that no longer validates raises ``StoreError`` naming it). Models are frozen; the defaults of
``GuildPrefs`` mean "not set" (the bot's own settings apply). ``/settings`` changes preferences
with ``update_prefs``: the change is computed from the stored record inside the transaction that
writes it, so concurrent admins (on any number of processes) never overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bot.store.claims import ClaimState

__all__ = [
    "MAX_ITEMS",
    "FetchState",
    "GuildPrefs",
    "PrefsChange",
    "PublishedRelease",
    "Store",
    "StoreError",
    "Watch",
    "open_store",
]

MAX_ITEMS = 200
"""At most this many hidden organisations, hidden boards or weights per server."""

# Discord ids are snowflakes below 2**63; the bound keeps them inside SQLite's INTEGER and
# PostgreSQL's BIGINT.
Snowflake = Annotated[int, Field(ge=0, lt=2**63)]

# No control characters: PostgreSQL rejects NUL in text and JSON, and none belongs in a name.
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"

# A name as shown on the board (an organisation, a board title, a domain).
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=_PRINTABLE)
]
_HeaderText = Annotated[str, StringConstraints(max_length=1000, pattern=_PRINTABLE)]
_Sha256 = Annotated[str, StringConstraints(to_lower=True, pattern=r"^[0-9a-fA-F]{64}$")]


class StoreError(Exception):
    """The store cannot serve: not opened, unreachable, or it holds a value that no longer
    validates. Not a user mistake: the adapter logs it as a failure."""


def _dedupe(items: list[str]) -> list[str]:
    """First occurrence wins, compared case-insensitively (organisation names differ in case)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


class GuildPrefs(BaseModel):
    """One server's preferences; every default means "not set"."""

    # Unknown keys are ignored rather than refused: a newer bot sharing the database during a
    # rolling upgrade may have stored a field this version does not know yet.
    model_config = ConfigDict(frozen=True, extra="ignore")

    guild_id: Snowflake
    budget: float | None = Field(
        default=None, ge=0, allow_inf_nan=False, description="default budget in 元"
    )
    language: Literal["en", "zh"] | None = None
    currency: Literal["CNY", "USD"] = "CNY"
    hidden_orgs: list[Name] = Field(default=[], max_length=MAX_ITEMS)
    hidden_boards: list[Name] = Field(default=[], max_length=MAX_ITEMS)
    weights: dict[Name, float] = Field(default={}, max_length=MAX_ITEMS)

    @field_validator("hidden_orgs", "hidden_boards")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return _dedupe(value)

    @field_validator("weights")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        for domain, weight in value.items():
            if not (math.isfinite(weight) and weight > 0):
                raise ValueError(f"weight of {domain!r} must be a finite number above 0")
        return value


class Watch(BaseModel):
    """A channel subscribed to change announcements."""

    model_config = ConfigDict(frozen=True)

    guild_id: Snowflake
    channel_id: Snowflake


class FetchState(BaseModel):
    """The HTTP caching state of one board URL: validators for the next conditional request,
    and the hash of the last body that was applied (a 200 with the same body changes nothing)."""

    model_config = ConfigDict(frozen=True)

    url: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    etag: _HeaderText | None = None
    last_modified: _HeaderText | None = None
    sha256: _Sha256 | None = None


class PublishedRelease(BaseModel):
    """A release one process synced and published for the others: its version, date and the
    digest of its files (``bot.sync.install.release_digest``)."""

    model_config = ConfigDict(frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^v\d+(\.\d+)*$", max_length=40)]
    date: dt.date | None = None
    digest: _Sha256


PrefsChange = Callable[[GuildPrefs], Mapping[str, Any]]
"""What ``Store.update_prefs`` applies: the stored preferences -> the fields to set and their
new values (a hidden name added to the list as it is now, not as it was when the admin looked).
It may raise to change nothing (``InvalidOption``: the name to unhide is not hidden)."""


def changed_prefs(current: GuildPrefs, change: PrefsChange) -> GuildPrefs:
    """``current`` with the fields ``change`` returns set, validated (``ValidationError`` for a
    bad value; ``ValueError`` for a field ``GuildPrefs`` does not have)."""
    fields = dict(change(current))
    unknown = (fields.keys() - GuildPrefs.model_fields.keys()) | (fields.keys() & {"guild_id"})
    if unknown:
        raise ValueError(f"no preference named {', '.join(sorted(unknown))}")
    return GuildPrefs.model_validate({**current.model_dump(), **fields})


ReleaseFiles = Mapping[str, bytes]
"""A release's files by path (``README.md``, ``leaderboard/X.md``)."""


@runtime_checkable
class Store(Protocol):
    """What the bot needs from a store; ``bot.store.sqlite`` and ``bot.store.postgres`` are the
    backends. Every method but ``open`` raises ``StoreError`` before ``open`` or after ``close``."""

    @property
    def schema_version(self) -> int:
        """The database's schema version after ``open`` (0 before)."""
        ...

    async def open(self) -> None:
        """Connect and apply pending migrations; idempotent, and safe when several processes
        open the same database at once."""
        ...

    async def close(self) -> None:
        """Release the connections; closing twice is harmless."""
        ...

    async def get_prefs(self, guild_id: int) -> GuildPrefs:
        """The server's preferences; all defaults when none are stored."""
        ...

    async def set_prefs(self, prefs: GuildPrefs) -> None:
        """Store (insert or replace) the server's preferences."""
        ...

    async def update_prefs(self, guild_id: int, change: PrefsChange) -> GuildPrefs:
        """Apply ``change`` to the server's stored preferences in one transaction that holds
        the server's row from the read to the write, and return what was stored: admins
        changing settings at once each see the others' changes, and none is lost. Only the
        fields ``change`` returns are set (see ``changed_prefs``); when it raises, nothing is."""
        ...

    async def reset_prefs(self, guild_id: int) -> None:
        """Forget the server's preferences."""
        ...

    async def add_watch(self, guild_id: int, channel_id: int) -> bool:
        """Subscribe a channel; True if it was not subscribed already."""
        ...

    async def remove_watch(self, guild_id: int, channel_id: int) -> bool:
        """Unsubscribe a channel; True if it was subscribed."""
        ...

    async def watches(self, guild_ids: Iterable[int] | None = None) -> list[Watch]:
        """Subscribed channels of these servers (None: of all), ordered by server and channel."""
        ...

    async def get_fetch_state(self, url: str) -> FetchState | None:
        """The caching state of ``url``; None if it was never fetched."""
        ...

    async def set_fetch_state(self, state: FetchState) -> None:
        """Store (insert or replace) the caching state of ``state.url``."""
        ...

    async def acquire_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Take (or renew) the lease ``name`` for ``seconds``; False while another holder's
        lease has not expired."""
        ...

    async def release_lease(self, name: str, holder: str) -> None:
        """Give the lease up, if ``holder`` has it."""
        ...

    async def publish_release(self, release: PublishedRelease, files: ReleaseFiles,
                              keep: int = 3) -> None:
        """Store a release and its files in one transaction (replacing one of the same
        version), then forget all but the ``keep`` newest."""
        ...

    async def published_releases(self) -> list[PublishedRelease]:
        """Every published release, newest first (version number, then date)."""
        ...

    async def release_files(self, version: str) -> dict[str, bytes]:
        """The files of a published release (empty when there is none)."""
        ...

    async def claim_announcement(self, guild_id: int, channel_id: int, release: str) -> bool:
        """Mark ``release`` as announced in a watched channel; True only for the one call that
        changes the mark (the caller then posts), False when it was announced there already or
        the channel is not watched."""
        ...

    view_state_days: float
    """How long a saved view state is kept (``VIEW_STATE_DAYS`` unless the bot sets it)."""

    async def save_view_state(self, key: str, state: str) -> None:
        """Keep ``state`` (JSON) under ``key`` for ``VIEW_STATE_DAYS``; saving a key again
        keeps it longer. Older states are dropped on the way."""
        ...

    async def view_state(self, key: str) -> str | None:
        """The state kept under ``key``; None when there is none (never saved, or expired)."""
        ...

    # Claims on interaction ids (``bot.store.claims``): each interaction runs once.

    async def claim_interaction(self, interaction_id: int, owner: str, now: float,
                                lease: float, keep: float, payload: str | None = None) -> bool:
        """Claim the interaction for ``owner`` before it has any effect, keeping ``payload``
        for another replica to finish it; False when it was claimed before, by anyone (a
        duplicate delivery). Claims older than ``keep`` seconds are dropped on the way."""
        ...

    async def settle_interaction(self, interaction_id: int, owner: str, state: ClaimState,
                                 lease_until: float, payload: str | None = None) -> bool:
        """Record how far ``owner``'s interaction got (``payload``: kept while deferred);
        False when another replica has taken it over."""
        ...

    async def renew_claims(self, owner: str, lease_until: float) -> int:
        """Extend the lease of ``owner``'s unfinished claims; how many it holds."""
        ...

    async def take_over_claims(self, owner: str, now: float, lease: float,
                               since: float) -> list[tuple[int, str]]:
        """The unfinished claims made after ``since`` whose lease ran out (their replica died),
        now ``owner``'s, with their payloads; each is taken by one caller only."""
        ...


VIEW_STATE_DAYS = 14.0
"""How long a button or menu keeps working after its message was sent."""


def open_store(database_url: str) -> Store:
    """A store for ``database_url``, not yet opened (``await store.open()`` connects).

    Raises ``ValueError`` for a URL no backend takes, and ``ImportError`` for a PostgreSQL URL
    when ``asyncpg`` is not installed.
    """
    url = database_url.strip()
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if sep and scheme == "sqlite":
        from bot.store.sqlite import SQLiteStore

        return SQLiteStore(_sqlite_path(rest, url))
    if sep and scheme in ("postgresql", "postgres"):
        from bot.store.postgres import PostgresStore

        return PostgresStore(url)
    shown = f"{scheme}://" if sep else repr(url)
    raise ValueError(
        f"unsupported database_url {shown}: use sqlite:///path/to/modelbot.db, "
        "sqlite:///:memory: or postgresql://user:password@host:port/database"
    )


def _sqlite_path(rest: str, url: str) -> str:
    """The file named by what follows ``sqlite://``: ``/x.db`` is relative, ``//x.db`` absolute
    (SQLAlchemy's convention); empty or ``/:memory:`` is an in-memory database."""
    if rest in ("", "/", "/:memory:"):
        return ":memory:"
    if not rest.startswith("/"):
        # sqlite://host/path has no meaning for a local file; refuse rather than guess
        raise ValueError(f"database_url {url!r}: a SQLite URL starts with sqlite:/// (three /)")
    path = rest[1:]
    if "?" in path:
        raise ValueError(f"database_url {url!r}: SQLite URLs take no query parameters")
    return path

"""What shard processes share to sync releases (migration 2), on both backends: the lease,
published releases with their files, and the release each watched channel heard of last."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bot.store import PublishedRelease, StoreError, migrations
from bot.store.migrations import MIGRATIONS

DIGEST = "cd" * 32
FILES = {"README.md": "- [2026/9/8] v5.11.7版本\n".encode(), "leaderboard/总分.md": b"\x00|x|"}


def release(version: str, day: int = 8, digest: str = DIGEST) -> PublishedRelease:
    return PublishedRelease(version=version, date=dt.date(2026, 9, day), digest=digest)


async def expire(store_url: str, raw_sql) -> None:
    """Let every lease run out, behind the store's back (no waiting on the clock)."""
    if store_url.startswith("sqlite:"):
        await raw_sql("UPDATE leases SET expires_at = 0")
    else:
        await raw_sql("UPDATE leases SET expires_at = now() - interval '1 hour'")


async def test_one_holder_at_a_time(make_store, store_url, raw_sql):
    """The first process takes the lease; another is refused until it is given up or runs
    out; the holder renews its own."""
    one, two = await make_store(), await make_store()
    assert await one.acquire_lease("sync", "host-a:1", 600) is True
    assert await two.acquire_lease("sync", "host-b:2", 600) is False
    assert await one.acquire_lease("sync", "host-a:1", 600) is True  # renewed
    await two.release_lease("sync", "host-b:2")  # not its lease: nothing happens
    assert await two.acquire_lease("sync", "host-b:2", 600) is False
    await one.release_lease("sync", "host-a:1")
    assert await two.acquire_lease("sync", "host-b:2", 600) is True
    await expire(store_url, raw_sql)
    assert await one.acquire_lease("sync", "host-a:1", 600) is True  # the old one ran out
    assert await one.acquire_lease("other", "host-b:2", 600) is True  # leases are by name


async def test_lease_arguments_are_checked(store):
    """An empty holder or a lease of no time is refused before any query."""
    with pytest.raises(ValueError):
        await store.acquire_lease("sync", "", 10)
    with pytest.raises(ValueError):
        await store.acquire_lease("sync", "me", 0)


async def test_published_releases_round_trip(make_store):
    """A release published by one process is read by another, files byte for byte."""
    one, two = await make_store(), await make_store()
    assert await two.published_releases() == []
    assert await two.release_files("v5.11.7") == {}
    await one.publish_release(release("v5.11.7"), FILES)
    assert await two.published_releases() == [release("v5.11.7")]
    assert await two.release_files("v5.11.7") == FILES


async def test_publishing_a_version_again_replaces_it(store):
    """The same version published again (a corrected file) replaces row and files whole."""
    await store.publish_release(release("v5.11.7"), FILES)
    corrected = {"README.md": b"new"}
    await store.publish_release(release("v5.11.7", digest="ef" * 32), corrected)
    assert await store.published_releases() == [release("v5.11.7", digest="ef" * 32)]
    assert await store.release_files("v5.11.7") == corrected


async def test_only_the_newest_published_releases_are_kept(store):
    """Newest first by version number (v5.11.10 after v5.11.9); all but ``keep`` forgotten."""
    for version in ("v5.11.9", "v5.11.10", "v5.9", "v5.11.8"):
        await store.publish_release(release(version), FILES, keep=3)
    assert [r.version for r in await store.published_releases()] == \
        ["v5.11.10", "v5.11.9", "v5.11.8"]
    assert await store.release_files("v5.9") == {}


def test_a_published_release_is_validated():
    """A version that is no version, or a digest that is no SHA-256, is refused."""
    with pytest.raises(ValidationError):
        PublishedRelease(version="../etc", digest=DIGEST)
    with pytest.raises(ValidationError):
        PublishedRelease(version="v5.11.7", digest="xyz")


async def test_each_release_is_announced_once_per_channel(make_store):
    """Of two processes claiming one release for one channel, one wins; the next release is
    claimed again; an unwatched channel is never claimed."""
    one, two = await make_store(), await make_store()
    await one.add_watch(1, 10)
    assert await one.claim_announcement(1, 10, "v5.11.8") is True
    assert await two.claim_announcement(1, 10, "v5.11.8") is False
    assert await two.claim_announcement(1, 10, "v5.11.9") is True
    assert await one.claim_announcement(1, 11, "v5.11.9") is False
    await one.remove_watch(1, 10)
    await one.add_watch(1, 10)  # subscribed again: a new subscription
    assert await one.claim_announcement(1, 10, "v5.11.9") is True


async def test_a_store_of_schema_1_gains_the_sync_tables(make_store, monkeypatch):
    """A database made by the previous version keeps its watches through migration 2."""
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:1])
    old = await make_store()
    await old.add_watch(5, 50)
    await old.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    new = await make_store()
    assert new.applied_migrations == tuple(range(2, len(MIGRATIONS) + 1))
    assert [w.channel_id for w in await new.watches()] == [50]
    assert await new.claim_announcement(5, 50, "v5.11.8") is True


@pytest.mark.parametrize(("name", "holder", "seconds"), [
    ("n" * 100, "h" * 200, 10**7 - 1),
    ("sync", "me", 0.001),
], ids=["longest", "shortest"])
async def test_the_longest_lease_arguments_are_taken(store, name, holder, seconds):
    """A name of 100 characters, a holder of 200, a lease just under 10**7 seconds."""
    assert await store.acquire_lease(name, holder, seconds) is True


@pytest.mark.parametrize(("name", "holder", "seconds"), [
    ("n" * 101, "me", 10), ("sync", "h" * 201, 10), ("sync", "me", 10**7), ("", "me", 10),
    ("sync", "me", -1),
], ids=["name-too-long", "holder-too-long", "too-long", "no-name", "negative"])
async def test_lease_arguments_past_their_bounds_are_refused(store, name, holder, seconds):
    """One character or second past each bound is refused before any query."""
    with pytest.raises(ValueError):
        await store.acquire_lease(name, holder, seconds)


async def age_leases(store_url: str, raw_sql, seconds: int) -> None:
    """Move every lease's expiry ``seconds`` earlier, behind the store's back."""
    if store_url.startswith("sqlite:"):
        await raw_sql(f"UPDATE leases SET expires_at = expires_at - {seconds}")
    else:
        await raw_sql(f"UPDATE leases SET expires_at = expires_at - interval '{seconds} seconds'")


async def test_a_lease_lasts_the_seconds_asked(make_store, store_url, raw_sql):
    """A lease of an hour is still held 50 minutes on (another holder is refused) and free
    after 61 (another holder takes it)."""
    one, two = await make_store(), await make_store()
    assert await one.acquire_lease("sync", "host-a:1", 3600) is True
    await age_leases(store_url, raw_sql, 3000)
    assert await two.acquire_lease("sync", "host-b:2", 3600) is False
    await age_leases(store_url, raw_sql, 660)
    assert await two.acquire_lease("sync", "host-b:2", 3600) is True


async def test_a_failed_publish_keeps_the_release_that_was_there(store):
    """Publishing a version again with a file that cannot be stored (no body) fails whole:
    the release already published keeps its row and every file."""
    await store.publish_release(release("v5.11.7"), FILES)
    broken = {"README.md": b"new", "leaderboard/总分.md": None}
    with pytest.raises((StoreError, TypeError)):
        await store.publish_release(release("v5.11.7", digest="ef" * 32), broken)
    assert await store.published_releases() == [release("v5.11.7")]
    assert await store.release_files("v5.11.7") == FILES

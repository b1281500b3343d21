"""The store: models, ``open_store`` URLs, and every behaviour on both backends (``store_url``
is parametrized over SQLite and PostgreSQL in conftest)."""

from __future__ import annotations

import asyncio
import logging
import math
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.store import (
    MAX_ITEMS,
    VIEW_STATE_DAYS,
    FetchState,
    GuildPrefs,
    Store,
    StoreError,
    Watch,
    migrations,
    open_store,
)
from bot.store.migrations import MIGRATIONS, Migration, latest_version
from bot.store.sqlite import SQLiteStore
from tests.product import PYTHON

FULL = GuildPrefs(
    guild_id=2**63 - 1,
    budget=5.5,
    language="zh",
    currency="USD",
    hidden_orgs=["阿里巴巴", "OpenAI"],
    hidden_boards=["（3）20B以上开源大模型排行榜"],
    weights={"医疗": 2.0, "推理与数学计算": 0.5},
)
SHA = "ab" * 32


# --- models ------------------------------------------------------------------------------------


def test_prefs_defaults_mean_not_set():
    """A new GuildPrefs holds nothing but the guild id."""
    prefs = GuildPrefs(guild_id=1)
    assert (prefs.budget, prefs.language, prefs.currency) == (None, None, "CNY")
    assert (prefs.hidden_orgs, prefs.hidden_boards, prefs.weights) == ([], [], {})


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"budget": -1}, id="negative-budget"),
        pytest.param({"budget": math.inf}, id="infinite-budget"),
        pytest.param({"budget": math.nan}, id="nan-budget"),
        pytest.param({"language": "fr"}, id="language"),
        pytest.param({"currency": "EUR"}, id="currency"),
        pytest.param({"weights": {"医疗": 0}}, id="zero-weight"),
        pytest.param({"weights": {"医疗": -1.0}}, id="negative-weight"),
        pytest.param({"weights": {"医疗": math.inf}}, id="infinite-weight"),
        pytest.param({"weights": {" ": 1.0}}, id="blank-domain"),
        pytest.param({"hidden_orgs": [""]}, id="empty-org"),
        pytest.param({"hidden_orgs": ["a\x00b"]}, id="nul-in-org"),
        pytest.param({"hidden_boards": [f"b{i}" for i in range(201)]}, id="too-many-boards"),
        pytest.param({"guild_id": -1}, id="negative-id"),
        pytest.param({"guild_id": 2**63}, id="id-beyond-bigint"),
    ],
)
def test_prefs_refuse_bad_values(fields):
    """Out-of-range, unknown or unstorable values are refused."""
    with pytest.raises(ValidationError):
        GuildPrefs.model_validate({"guild_id": 1, **fields})


def test_prefs_names_are_trimmed_and_deduplicated():
    """Names lose surrounding spaces; a repeat (in any case) is dropped, the first kept."""
    prefs = GuildPrefs(guild_id=1, hidden_orgs=[" OpenAI ", "openai", "阿里巴巴"])
    assert prefs.hidden_orgs == ["OpenAI", "阿里巴巴"]


def test_models_are_frozen():
    """Assigning to a field raises."""
    with pytest.raises(ValidationError):
        GuildPrefs(guild_id=1).budget = 3  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Watch(guild_id=1, channel_id=2).channel_id = 3  # type: ignore[misc]


def test_fetch_state_sha256_is_normalised():
    """The body hash is 64 hex digits, kept in lower case."""
    assert FetchState(url="u", sha256="AB" * 32).sha256 == SHA
    with pytest.raises(ValidationError):
        FetchState(url="u", sha256="abc")
    with pytest.raises(ValidationError):
        FetchState(url="")


# --- open_store --------------------------------------------------------------------------------


def test_sqlite_urls(tmp_path, monkeypatch):
    """Three slashes: relative to the working directory; four: absolute; :memory: as is."""
    monkeypatch.chdir(tmp_path)
    relative = open_store("sqlite:///data/modelbot.db")
    assert isinstance(relative, SQLiteStore)
    assert relative.path == str(tmp_path / "data" / "modelbot.db")
    absolute = open_store(f"sqlite:///{tmp_path}/x.db")
    assert isinstance(absolute, SQLiteStore)
    assert absolute.path == str(tmp_path / "x.db")
    for url in ("sqlite:///:memory:", "sqlite://", "sqlite:///", " SQLite:///:memory: "):
        store = open_store(url)
        assert isinstance(store, SQLiteStore)
        assert store.path == ":memory:"


@pytest.mark.parametrize(
    "url", ["mysql://u:p@h/db", "modelbot.db", "", "sqlite://host/x.db", "sqlite:///x.db?mode=ro"]
)
def test_unsupported_urls_raise_value_error(url):
    """A URL no backend takes raises ValueError saying what is accepted."""
    with pytest.raises(ValueError, match="database_url"):
        open_store(url)


def test_unsupported_scheme_message_names_the_choices():
    """The message shows the scheme (never the password) and the accepted forms."""
    with pytest.raises(ValueError) as caught:
        open_store("mysql://user:secret@host/db")
    assert "mysql://" in str(caught.value)
    assert "secret" not in str(caught.value)
    assert "sqlite:///" in str(caught.value) and "postgresql://" in str(caught.value)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_postgres_urls(scheme):
    """Both spellings of the scheme build a PostgreSQL store; its repr hides the password."""
    pytest.importorskip("asyncpg")
    from bot.store.postgres import PostgresStore

    store = open_store(f"{scheme}://bot:secret@db.example:5432/modelbot")
    assert isinstance(store, PostgresStore)
    assert "secret" not in repr(store) and "bot:***@db.example:5432" in repr(store)


def test_postgres_without_asyncpg_names_the_extra(monkeypatch):
    """Without asyncpg, a PostgreSQL URL says which extra to install."""
    monkeypatch.delitem(sys.modules, "bot.store.postgres", raising=False)
    monkeypatch.setitem(sys.modules, "asyncpg", None)  # makes `import asyncpg` fail
    with pytest.raises(ImportError, match=r'pip install "modelbot\[postgres\]"'):
        open_store("postgresql://u:p@localhost/db")


def test_sqlite_store_does_not_import_asyncpg():
    """A bot on SQLite never imports asyncpg, so it runs without it."""
    code = (
        "import asyncio, sys\n"
        "from bot.store import open_store\n"
        "async def main():\n"
        "    store = open_store('sqlite:///:memory:')\n"
        "    await store.open()\n"
        "    await store.close()\n"
        "asyncio.run(main())\n"
        "assert 'asyncpg' not in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([*PYTHON, "-c", code], cwd=root, check=True, timeout=60)


async def test_memory_stores_are_separate():
    """Each :memory: store is its own database."""
    one, two = open_store("sqlite:///:memory:"), open_store("sqlite:///:memory:")
    await one.open()
    await two.open()
    try:
        await one.add_watch(1, 2)
        assert await two.watches() == []
        assert one.schema_version == latest_version()
    finally:
        await one.close()
        await two.close()


async def test_sqlite_file_that_cannot_be_created(tmp_path):
    """A path whose parent is a file fails to open with StoreError naming the path."""
    (tmp_path / "plain").write_text("not a directory")
    store = open_store(f"sqlite:///{tmp_path}/plain/modelbot.db")
    with pytest.raises(StoreError, match="plain"):
        await store.open()
    await store.close()


async def test_postgres_unreachable_hides_the_password():
    """A server that refuses the connection gives StoreError without the password."""
    pytest.importorskip("asyncpg")
    store = open_store("postgresql://bot:hunter2@127.0.0.1:1/modelbot")
    with pytest.raises(StoreError, match="cannot connect") as caught:
        await store.open()
    assert "hunter2" not in str(caught.value) and "bot:***@" in str(caught.value)
    await store.close()


# --- migrations (the list itself) --------------------------------------------------------------


def test_migration_versions_count_up_from_one():
    """The shipped list numbers its migrations 1, 2, 3, ... and has both dialects."""
    migrations.check(MIGRATIONS)
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_migration_list_with_a_gap_is_refused():
    """A skipped version number is caught before anything runs."""
    gap = (*MIGRATIONS, Migration(latest_version() + 2, "gap", ("SELECT 1",), ("SELECT 1",)))
    with pytest.raises(RuntimeError, match="versions must be"):
        migrations.check(gap)


# --- both backends: preferences ----------------------------------------------------------------


async def test_store_satisfies_the_protocol(store):
    """Both backends implement every method of Store with its parameters, their defaults and
    its kind (a coroutine or not): isinstance() on a Protocol only looks at the names."""
    import inspect

    members = [name for name in dir(Store) if not name.startswith("_")]
    assert members  # the protocol is not empty
    for name in members:
        declared = inspect.getattr_static(Store, name)
        actual = inspect.getattr_static(type(store), name)
        if isinstance(declared, property):
            assert isinstance(actual, property), name
            assert isinstance(getattr(store, name), int), name
            continue
        assert inspect.iscoroutinefunction(actual) == inspect.iscoroutinefunction(declared), name
        assert _parameters(actual) == _parameters(declared), name


def _parameters(function) -> list[tuple]:
    import inspect

    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


async def test_prefs_default_when_none_stored(store):
    """A server that never set anything gets the defaults."""
    assert await store.get_prefs(42) == GuildPrefs(guild_id=42)


async def test_prefs_round_trip_every_field(store):
    """Every field comes back as stored, the largest guild id included."""
    await store.set_prefs(FULL)
    assert await store.get_prefs(FULL.guild_id) == FULL


async def test_set_prefs_replaces(store):
    """A second set replaces the first whole: fields left at their defaults are cleared."""
    await store.set_prefs(FULL)
    smaller = GuildPrefs(guild_id=FULL.guild_id, budget=0.0)
    await store.set_prefs(smaller)
    assert await store.get_prefs(FULL.guild_id) == smaller


async def test_prefs_are_per_guild(store):
    """One server's preferences do not leak into another's."""
    await store.set_prefs(GuildPrefs(guild_id=1, language="en"))
    await store.set_prefs(GuildPrefs(guild_id=2, language="zh"))
    assert (await store.get_prefs(1)).language == "en"
    assert (await store.get_prefs(2)).language == "zh"


async def test_reset_prefs(store):
    """Reset brings back the defaults for that server only; resetting nothing is harmless."""
    await store.set_prefs(FULL)
    await store.set_prefs(GuildPrefs(guild_id=7, budget=1.0))
    await store.reset_prefs(FULL.guild_id)
    await store.reset_prefs(999)
    assert await store.get_prefs(FULL.guild_id) == GuildPrefs(guild_id=FULL.guild_id)
    assert (await store.get_prefs(7)).budget == 1.0


async def test_set_prefs_validates_again(store):
    """A model built without validation (model_copy) is refused and nothing is stored."""
    bad = GuildPrefs(guild_id=5).model_copy(update={"budget": -3.0})
    with pytest.raises(ValidationError):
        await store.set_prefs(bad)
    assert await store.get_prefs(5) == GuildPrefs(guild_id=5)


async def test_stored_prefs_are_validated_on_the_way_out(store, raw_sql):
    """An unknown key (a newer bot's field) is ignored; an invalid value raises StoreError."""
    await store.set_prefs(GuildPrefs(guild_id=1, budget=2.0))
    await store.set_prefs(GuildPrefs(guild_id=2, budget=2.0))
    await raw_sql(
        """UPDATE guild_prefs SET prefs = '{"budget": 3.0, "theme": "dark"}' WHERE guild_id = 1"""
    )
    await raw_sql("""UPDATE guild_prefs SET prefs = '{"budget": -3.0}' WHERE guild_id = 2""")
    assert (await store.get_prefs(1)).budget == 3.0
    with pytest.raises(StoreError, match="guild 2"):
        await store.get_prefs(2)


async def test_bad_ids_are_refused_before_any_query(store):
    """An id outside Discord's range raises ValidationError."""
    with pytest.raises(ValidationError):
        await store.get_prefs(-1)
    with pytest.raises(ValidationError):
        await store.add_watch(1, 2**63)
    with pytest.raises(ValidationError):
        await store.watches([2**64])


# --- both backends: watches --------------------------------------------------------------------


async def test_add_watch_twice(store):
    """The first add is new, the second is not, and the channel is listed once."""
    assert await store.add_watch(1, 10) is True
    assert await store.add_watch(1, 10) is False
    assert await store.watches() == [Watch(guild_id=1, channel_id=10)]


async def test_remove_watch(store):
    """Removing says whether the channel was watched."""
    await store.add_watch(1, 10)
    assert await store.remove_watch(1, 10) is True
    assert await store.remove_watch(1, 10) is False
    assert await store.remove_watch(2, 20) is False
    assert await store.watches() == []


async def test_watches_filter_by_guild(store):
    """None lists all, ordered by server then channel; ids filter; no ids, nothing."""
    for guild_id, channel_id in [(2, 21), (1, 11), (2, 20), (3, 30)]:
        await store.add_watch(guild_id, channel_id)
    everything = [Watch(guild_id=g, channel_id=c) for g, c in [(1, 11), (2, 20), (2, 21), (3, 30)]]
    assert await store.watches() == everything
    assert await store.watches(None) == everything
    assert await store.watches([3, 2, 2]) == everything[1:]
    assert await store.watches(g for g in (1, 99)) == everything[:1]
    assert await store.watches([]) == []


async def test_watches_filter_by_many_guilds(store):
    """A filter longer than one query's parameter list still finds every match, in order."""
    for guild_id in (5, 700, 1500):
        await store.add_watch(guild_id, guild_id + 1)
    found = await store.watches(range(1600, 0, -1))
    assert [w.guild_id for w in found] == [5, 700, 1500]


# --- both backends: fetch state ----------------------------------------------------------------


async def test_fetch_state_round_trip(store):
    """Unknown URL: None; stored state comes back; a new state replaces it whole."""
    url = "https://raw.githubusercontent.com/jeinlee1991/chinese-llm-benchmark/main/README.md"
    assert await store.get_fetch_state(url) is None
    first = FetchState(url=url, etag='W/"abc"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
                       sha256=SHA)
    await store.set_fetch_state(first)
    assert await store.get_fetch_state(url) == first
    second = FetchState(url=url, sha256="cd" * 32)
    await store.set_fetch_state(second)
    assert await store.get_fetch_state(url) == second
    assert await store.get_fetch_state(url + "?other") is None


# --- both backends: migrations, restarts, sharing ----------------------------------------------


async def test_migrations_are_idempotent(make_store):
    """The first open applies every migration; opening again (same store or a new one) applies
    nothing; both report the latest version."""
    first = await make_store()
    assert first.applied_migrations == tuple(m.version for m in MIGRATIONS)
    assert first.schema_version == latest_version()
    await first.open()  # already open: nothing happens
    second = await make_store()
    assert second.applied_migrations == ()
    assert second.schema_version == latest_version()


async def test_appended_migration_applies_alone(make_store, monkeypatch, caplog):
    """A migration appended later is applied by itself, on a database already at the previous
    version; an older bot then opening that database warns but works."""
    await (await make_store()).set_prefs(FULL)
    step = "CREATE TABLE extra_test (id INTEGER PRIMARY KEY)"
    extra = Migration(latest_version() + 1, "test step", (step,), (step,))
    shipped = MIGRATIONS
    monkeypatch.setattr(migrations, "MIGRATIONS", (*shipped, extra))
    newer = await make_store()
    assert newer.applied_migrations == (extra.version,)
    assert newer.schema_version == extra.version
    assert await newer.get_prefs(FULL.guild_id) == FULL

    monkeypatch.setattr(migrations, "MIGRATIONS", shipped)
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        older = await make_store()
    assert older.schema_version == extra.version
    assert "newer than this bot's" in caplog.text
    assert await older.get_prefs(FULL.guild_id) == FULL


async def test_survives_a_restart(make_store):
    """Close the store, open a new one on the same database: everything is still there."""
    store = await make_store()
    state = FetchState(url="https://example.org/board.md", etag='"v1"', sha256=SHA)
    await store.set_prefs(FULL)
    await store.add_watch(FULL.guild_id, 123)
    await store.set_fetch_state(state)
    await store.close()
    with pytest.raises(StoreError, match="not open"):
        await store.get_prefs(FULL.guild_id)

    restarted = await make_store()
    assert restarted.applied_migrations == ()
    assert await restarted.get_prefs(FULL.guild_id) == FULL
    assert await restarted.watches() == [Watch(guild_id=FULL.guild_id, channel_id=123)]
    assert await restarted.get_fetch_state(state.url) == state


async def test_two_stores_see_each_others_writes(make_store):
    """Two bots on one database: a write through either is read through the other at once."""
    one, two = await make_store(), await make_store()
    await one.set_prefs(FULL)
    assert await two.get_prefs(FULL.guild_id) == FULL
    await two.set_prefs(GuildPrefs(guild_id=FULL.guild_id, currency="USD"))
    assert (await one.get_prefs(FULL.guild_id)).budget is None
    assert await two.add_watch(1, 10) is True
    assert await one.add_watch(1, 10) is False
    assert await one.remove_watch(1, 10) is True
    assert await two.watches() == []
    await one.reset_prefs(FULL.guild_id)
    assert await two.get_prefs(FULL.guild_id) == GuildPrefs(guild_id=FULL.guild_id)


async def test_concurrent_opens_migrate_once(make_store):
    """Several stores opening a new database at once all succeed; each migration runs once."""
    stores = [await make_store(opened=False) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))
    applied = sorted(v for s in stores for v in s.applied_migrations)
    assert applied == [m.version for m in MIGRATIONS]
    assert {s.schema_version for s in stores} == {latest_version()}
    await stores[0].add_watch(1, 2)
    assert await stores[3].watches() == [Watch(guild_id=1, channel_id=2)]


async def test_unopened_and_closed_stores_refuse_calls(make_store):
    """Calls before open or after close raise StoreError; closing twice is harmless."""
    store = await make_store(opened=False)
    assert store.schema_version == 0
    with pytest.raises(StoreError, match="not open"):
        await store.watches()
    await store.open()
    await store.close()
    await store.close()
    with pytest.raises(StoreError, match="not open"):
        await store.set_fetch_state(FetchState(url="u"))


async def test_postgres_url_without_search_path(postgres_database_url):
    """A plain PostgreSQL URL (no search_path) keeps its tables in the default schema, and
    finds them again after a restart."""
    first = open_store(postgres_database_url)
    await first.open()
    try:
        assert first.applied_migrations == tuple(m.version for m in MIGRATIONS)
        await first.set_prefs(FULL)
    finally:
        await first.close()
    second = open_store(postgres_database_url)
    await second.open()
    try:
        assert second.applied_migrations == ()
        assert await second.get_prefs(FULL.guild_id) == FULL
    finally:
        await second.close()


async def test_a_cached_read_sees_another_connections_write(tmp_path):
    """Two SQLite stores on one file (two processes): a read after the other's write is fresh,
    even though the first store keeps what it read."""
    from bot.store import GuildPrefs, open_store

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    one, two = open_store(url), open_store(url)
    await one.open()
    await two.open()
    try:
        assert (await two.get_prefs(7)).budget is None  # now kept by `two`
        await one.set_prefs(GuildPrefs(guild_id=7, budget=3.0))
        assert (await two.get_prefs(7)).budget == 3.0
        await one.reset_prefs(7)
        assert (await two.get_prefs(7)).budget is None
        await two.set_prefs(GuildPrefs(guild_id=7, currency="USD"))
        assert (await two.get_prefs(7)).currency == "USD"  # its own write, too
    finally:
        await one.close()
        await two.close()


async def test_view_states_are_kept_for_any_process_to_read(make_store):
    """A button's state saved by one process is read by another on the same database; saving
    again replaces it; an unknown key is None."""
    first = await make_store()
    second = await make_store()
    await first.save_view_state("k1", '{"page": 1}')
    assert await second.view_state("k1") == '{"page": 1}'
    await second.save_view_state("k1", '{"page": 2}')
    assert await first.view_state("k1") == '{"page": 2}'
    assert await first.view_state("nope") is None


async def test_an_expired_view_state_is_gone(make_store, monkeypatch):
    """Past VIEW_STATE_DAYS a state reads as None (here: a limit a day in the past, so that
    the clocks of the test and the database need not be compared)."""
    store = await make_store()
    await store.save_view_state("old", "{}")
    monkeypatch.setattr(store, "view_state_days", -1.0)
    assert await store.view_state("old") is None


@pytest.mark.parametrize("field", ["hidden_orgs", "hidden_boards", "weights"])
def test_at_most_max_items_of_each_list(field):
    """A server may hide 200 organisations or boards and weigh 200 domains; 201 is refused."""
    def items(count: int) -> list[str] | dict[str, float]:
        names = [f"n{i}" for i in range(count)]
        return dict.fromkeys(names, 1.0) if field == "weights" else names

    assert MAX_ITEMS == 200
    assert len(getattr(GuildPrefs(guild_id=1, **{field: items(200)}), field)) == 200
    with pytest.raises(ValidationError):
        GuildPrefs(guild_id=1, **{field: items(201)})


async def test_a_memory_store_reads_its_own_writes():
    """sqlite:///:memory: (the terminal's store, and the tests') keeps what it reads, and a
    write or a reset through it is read back at once."""
    store = open_store("sqlite:///:memory:")
    await store.open()
    try:
        assert (await store.get_prefs(7)).budget is None
        await store.set_prefs(GuildPrefs(guild_id=7, budget=3.0))
        assert (await store.get_prefs(7)).budget == 3.0
        await store.set_prefs(GuildPrefs(guild_id=7, budget=4.0))
        assert (await store.get_prefs(7)).budget == 4.0
        await store.reset_prefs(7)
        assert await store.get_prefs(7) == GuildPrefs(guild_id=7)
    finally:
        await store.close()


async def test_remove_watch_removes_that_servers_channel_only(store):
    """The same channel id under another server stays watched."""
    await store.add_watch(1, 10)
    await store.add_watch(2, 10)
    assert await store.remove_watch(1, 10) is True
    assert await store.watches() == [Watch(guild_id=2, channel_id=10)]


async def age_view_state(store_url: str, raw_sql, key: str, hours: float) -> None:
    """Make the state under ``key`` ``hours`` older, behind the store's back (each backend
    compares with its own clock: SQLite's saved_at is time.time(), PostgreSQL's now())."""
    if store_url.startswith("sqlite:"):
        await raw_sql(f"UPDATE view_states SET saved_at = saved_at - {hours * 3600} "
                      f"WHERE key = '{key}'")
    else:
        await raw_sql(f"UPDATE view_states SET saved_at = saved_at - interval '{hours} hours' "
                      f"WHERE key = '{key}'")


async def test_a_view_state_lasts_view_state_days_in_days(make_store, store_url, raw_sql):
    """A button works for VIEW_STATE_DAYS (14) days: a state 13 days old is read, and survives
    another process saving (which drops expired states on the way); one 15 days old is gone."""
    store, other = await make_store(), await make_store()
    assert store.view_state_days == VIEW_STATE_DAYS == 14
    await store.save_view_state("young", '{"page": 2}')
    await store.save_view_state("old", '{"page": 3}')
    await age_view_state(store_url, raw_sql, "young", 13 * 24)
    await age_view_state(store_url, raw_sql, "old", 15 * 24)
    await other.save_view_state("new", "{}")
    assert await store.view_state("young") == '{"page": 2}'
    assert await other.view_state("young") == '{"page": 2}'
    assert await store.view_state("old") is None


async def test_saving_a_view_state_again_keeps_it_longer(make_store, store_url, raw_sql):
    """A page turned 13 days after the command keeps its buttons 14 days from that turn."""
    store = await make_store()
    await store.save_view_state("k", '{"page": 1}')
    await age_view_state(store_url, raw_sql, "k", 13 * 24)
    await store.save_view_state("k", '{"page": 2}')
    await age_view_state(store_url, raw_sql, "k", 2 * 24)
    assert await store.view_state("k") == '{"page": 2}'


async def test_fetch_state_keeps_long_urls_and_validators(store):
    """A URL of 2000 characters and validators of 1000 are stored and read back whole; one
    character more of either is refused before any query."""
    url = "https://example.org/" + "a" * 1980
    long = FetchState(url=url, etag="e" * 1000, last_modified="m" * 1000, sha256=SHA)
    await store.set_fetch_state(long)
    assert await store.get_fetch_state(url) == long
    with pytest.raises(ValidationError):
        FetchState(url=url + "a")
    with pytest.raises(ValidationError):
        FetchState(url=url, etag="e" * 1001)
    with pytest.raises(ValidationError):
        FetchState(url=url, last_modified="m" * 1001)

"""The bot's data: the catalog it serves and everything that keeps it current, apart from the
Discord client that answers with it.

``DataService`` loads and reloads the catalog (swapped atomically), runs the loops that change
it (the data-file watcher, the board fetcher, the release follower: ``bot.discord.syncing``),
announces what changed (through the client, which knows the channels) and draws charts in a
thread pool. The client (``bot.discord.app.ModelBot``) holds one and starts it in its
``setup_hook``; commands read ``bot.data.catalog`` once per command.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from bot.core.catalog import Catalog
from bot.core.collector import let_go
from bot.core.datafolder import DataPlaces, load_data
from bot.core.diff import CatalogDiff, diff_catalogs
from bot.core.errors import BoardError
from bot.core.results import Result
from bot.discord.announce import announce
from bot.discord.release_news import announce_release, is_newer_release
from bot.discord.syncing import ReleaseSync, start_release_sync
from bot.discord.watcher import start_watcher
from bot.settings import Settings
from bot.sources import FetchOutcome, fetch_all
from bot.store import GuildPrefs, Store, open_store
from bot.sync.download import open_session

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)


def load_and_compare(data: DataPlaces, old: Catalog) -> tuple[Catalog, CatalogDiff]:
    """(In a worker thread.) The catalog the data folder holds now, and what changed since
    ``old``: comparing two catalogs of 900 boards took 90–150 ms, on the event loop, before
    it moved here with the reading."""
    fresh = load_data(data)
    return fresh, diff_catalogs(old, fresh)


class DataService:
    """One catalog, kept current; ``client`` posts the announcements."""

    def __init__(self, settings: Settings, catalog: Catalog, client: ModelBot) -> None:
        self.settings = settings
        self.catalog = catalog
        self.client = client
        # opened by ``start``: building a bot touches no file and no network
        self.store: Store = open_store(settings.database_url)
        self.store.view_state_days = settings.discord.view_timeout / 86400
        self.serving = asyncio.Event()
        """Set once interactions arrive (the gateway's READY, or the endpoint listening):
        announcements need the guilds this process serves."""
        self.release_sync = ReleaseSync(self)  # type: ignore[arg-type]  # runs when data.sync_minutes is set
        self.watcher: asyncio.Task[None] | None = None
        self.fetcher: asyncio.Task[None] | None = None
        self.syncer: asyncio.Task[None] | None = None
        self._reload_lock = asyncio.Lock()
        self._announcements: set[asyncio.Task[int]] = set()
        self._chart_pool: ThreadPoolExecutor | None = None

    async def start(self) -> None:
        """Open the store and start the loops the settings ask for."""
        await self.store.open()
        data = self.settings.data
        if data.watch_seconds > 0 and self.watcher is None:
            self.watcher = start_watcher(self, data.watch_seconds)  # type: ignore[arg-type]
        if data.sources and data.fetch_minutes > 0 and self.fetcher is None:
            self.fetcher = asyncio.create_task(self._fetch_loop(data.fetch_minutes * 60),
                                               name="modelbot-board-fetcher")
        if data.sync_minutes > 0 and self.syncer is None:
            self.syncer = start_release_sync(self)  # type: ignore[arg-type]

    async def stop(self) -> None:
        """Stop the loops (before the client closes the session they post with)."""
        for task in (self.watcher, self.fetcher, self.syncer, *self._announcements):
            if task is not None:
                task.cancel()
        await self.release_sync.stop()

    async def close(self) -> None:
        """Close the store and stop the chart threads (after the client closed)."""
        await self.store.close()
        if self._chart_pool is not None:
            self._chart_pool.shutdown(wait=False, cancel_futures=True)

    async def guild_prefs(self, guild_id: int | None) -> GuildPrefs:
        """A server's preferences; the defaults in DMs or when the store fails (logged): a
        preference never stops a command."""
        if guild_id is None:
            return GuildPrefs(guild_id=0)
        try:
            return await self.store.get_prefs(guild_id)
        except Exception:
            log.exception("reading the preferences of guild %s failed; using defaults", guild_id)
            return GuildPrefs(guild_id=guild_id)

    async def reload(self) -> CatalogDiff:
        """Load the data directory again and swap the catalog in one step.

        Reading the files, building the catalog and comparing it with the one in service all
        run in a worker thread (``load_and_compare``): on the event loop only the swap. A
        malformed board raises ``BoardError`` and the old catalog stays in service. Commands
        already running keep the catalog they started with.
        """
        async with self._reload_lock:
            old = self.catalog
            fresh, diff = await asyncio.to_thread(load_and_compare, self.settings.data, old)
            self.catalog = fresh
            log.info("reloaded: %d models (+%d, -%d)", len(fresh.records), len(diff.added),
                     len(diff.removed))
        # announce in the background: the admin's /reload answer does not wait for the posts
        task = asyncio.create_task(self._announce(diff, [old], fresh), name="modelbot-announce")
        self._announcements.add(task)
        task.add_done_callback(self._announcements.discard)
        return diff

    async def _announce(self, diff: CatalogDiff, replaced: list[Catalog], new: Catalog) -> int:
        """Announce, then free the replaced catalog (``replaced``: its last reference here) in
        a worker thread, one container at a time: freed at once, on the loop, a catalog of
        900 boards held it 76 ms. A command still holding it frees it when it ends."""
        old = replaced[0]
        try:
            if is_newer_release(old, new):  # a new release: its own announcement, once
                return await announce_release(self.client, old, new)
            return await announce(self.client, diff)
        except Exception:
            log.exception("announcing a board change failed")
            return 0
        finally:
            del old
            await asyncio.to_thread(let_go, replaced)

    async def fetch_boards(self) -> list[FetchOutcome]:
        """Fetch the configured board URLs once; reload (and announce) when one changed."""
        data = self.settings.data
        assert data.dir is not None  # the settings refuse sources without a directory
        async with open_session() as session:
            outcomes = await fetch_all(session, data.sources, data.dir, self.store,
                                       data.fetch_timeout)
        if any(o.status == "updated" for o in outcomes):
            try:
                await self.reload()
            except BoardError as error:
                log.error("fetched boards did not load, keeping the old catalog: %s", error)
        return outcomes

    async def _fetch_loop(self, seconds: float) -> None:
        await self.serving.wait()
        while True:
            try:
                await self.fetch_boards()
            except Exception:  # the loop must outlive any one bad fetch
                log.exception("board fetch failed")
            await asyncio.sleep(seconds)

    async def draw_chart(self, result: Result, lang: str) -> bytes | None:
        """The result's chart as PNG, drawn in a worker thread (never on the event loop)."""
        from bot.render.charts import chart_for  # matplotlib loads on the first chart only

        if self._chart_pool is None:
            self._chart_pool = ThreadPoolExecutor(
                max_workers=self.settings.charts.workers, thread_name_prefix="modelbot-chart")
        font = str(self.settings.charts.font) if self.settings.charts.font else None
        call: Any = functools.partial(chart_for, result, lang, font)
        return await asyncio.get_running_loop().run_in_executor(self._chart_pool, call)

"""The bot: ``create_bot(settings)`` builds it with every command registered and the catalog
loaded, and touches no network until it is started."""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.catalog import Catalog, load_catalog
from bot.core.diff import CatalogDiff, diff_catalogs
from bot.core.results import Result
from bot.discord.commands import build_commands
from bot.discord.respond import NO_PINGS, report_error
from bot.discord.translator import Translator
from bot.settings import Settings

log = logging.getLogger(__name__)


class ModelTree(app_commands.CommandTree):
    """The command tree; every app-command error ends in ``report_error``."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """User mistakes get a short ephemeral answer; bugs are logged with an id."""
        await report_error(interaction, error)


class ModelBot(commands.Bot):
    """A bot that serves one catalog, swapped atomically by ``reload``."""

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        # The bot never joins voice: its optional voice libraries are not missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need no privileged intents
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=NO_PINGS,
            tree_cls=ModelTree,
            max_messages=None,
        )
        self.settings = settings
        self.catalog = catalog
        self._reload_lock = asyncio.Lock()
        self._chart_pool: ThreadPoolExecutor | None = None
        for command in build_commands(self):
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        """Install the translator and sync commands as the settings say."""
        await self.tree.set_translator(Translator())
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """``off``: nothing; ``global``: everywhere (Discord takes up to an hour to show it);
        guild ids: copied to those guilds, which see them at once (development)."""
        sync = self.settings.discord.sync
        if sync == "off":
            return
        if sync == "global":
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))
            return
        for guild_id in sync:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)

    async def reload(self) -> CatalogDiff:
        """Load the data directory again and swap the catalog in one step.

        Parsing runs in a worker thread; a malformed board raises ``BoardError`` and the old
        catalog stays in service. Commands already running keep the catalog they started with.
        """
        async with self._reload_lock:
            data = self.settings.data
            fresh = await asyncio.to_thread(load_catalog, data.dir, aliases_path=data.aliases)
            diff = diff_catalogs(self.catalog, fresh)
            self.catalog = fresh
            log.info("reloaded: %d models (+%d, -%d)", len(fresh.entries), len(diff.added),
                     len(diff.removed))
            return diff

    async def draw_chart(self, result: Result, lang: str) -> bytes | None:
        """The result's chart as PNG, drawn in a worker thread (never on the event loop)."""
        from bot.render.charts import chart_for  # matplotlib loads on the first chart only

        if self._chart_pool is None:
            self._chart_pool = ThreadPoolExecutor(
                max_workers=self.settings.charts.workers, thread_name_prefix="modelbot-chart"
            )
        font = str(self.settings.charts.font) if self.settings.charts.font else None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._chart_pool, functools.partial(chart_for, result, lang, font)
        )

    async def close(self) -> None:
        """Close the gateway and HTTP session, then stop the chart threads."""
        await super().close()
        if self._chart_pool is not None:
            self._chart_pool.shutdown(wait=False, cancel_futures=True)

    async def on_ready(self) -> None:
        """Log who we are and how much data is loaded."""
        log.info("ready as %s with %d models", self.user, len(self.catalog.entries))


def create_bot(settings: Settings | None = None, *, catalog: Catalog | None = None) -> ModelBot:
    """A bot with every command registered and the catalog loaded; no network until started.

    Raises ``BoardError`` when the data directory holds a malformed board.
    """
    settings = settings or Settings()
    if catalog is None:
        catalog = load_catalog(settings.data.dir, aliases_path=settings.data.aliases)
    return ModelBot(settings, catalog)

"""The bot: ``create_bot(settings)`` builds it with every command registered and the catalog
loaded, and touches no network until it is started.

Where Discord is (``discord.api_base``, ``discord.gateway_url``) and how the connection is split
into shards (``discord.shard_count``, ``discord.shard_ids``) come from the settings; unset, the
bot talks to discord.com over one connection.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import discord
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.core.catalog import Catalog
from bot.core.datafolder import load_data
from bot.core.diff import CatalogDiff, diff_catalogs
from bot.core.errors import BoardError, InvalidOption
from bot.core.memo import Memo
from bot.core.results import Result
from bot.discord.announce import announce
from bot.discord.cogs import make_cogs
from bot.discord.errors import report_error
from bot.discord.intake import Intake
from bot.discord.release_news import announce_release, is_newer_release
from bot.discord.sending import NO_PINGS
from bot.discord.syncing import ReleaseSync, start_release_sync
from bot.discord.translator import Translator
from bot.discord.views import PageButton, PickMenu
from bot.discord.watcher import start_watcher
from bot.settings import DiscordSettings, Settings
from bot.sources import FetchOutcome, fetch_all
from bot.store import GuildPrefs, Store, open_store
from bot.sync.download import open_session

log = logging.getLogger(__name__)


class ModelTree(app_commands.CommandTree):
    """The command tree; every app-command error ends in ``report_error``."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """User mistakes get a short ephemeral answer; bugs are logged with an id. An
        autocomplete can only be answered with choices (Discord refuses a message there)."""
        if interaction.type is discord.InteractionType.autocomplete:
            log.warning("autocomplete for interaction %s failed: %s", interaction.id, error)
            await _no_choices(interaction)
            return
        await report_error(interaction, error)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Refuse option values Discord itself never sends (text in a number option): discord.py
        would fail on them before any error handler could answer. An autocomplete for an option
        that has none (a stale command) gets no choices rather than no answer."""
        if interaction.type is discord.InteractionType.autocomplete and \
                not _completes(self, interaction):
            log.warning("autocomplete for an unknown command or option: interaction %s",
                        interaction.id)
            await _no_choices(interaction)
            return False
        bad = _malformed_option((interaction.data or {}).get("options") or [])
        if bad is None:
            return True
        log.warning("interaction %s carries a malformed option %r", interaction.id, bad[0])
        if interaction.type is discord.InteractionType.application_command:
            await report_error(interaction, InvalidOption(
                option=bad[0], value=str(bad[1])[:80], reason="invalid"))
        return False


async def _no_choices(interaction: discord.Interaction) -> None:
    if interaction.response.is_done():
        return
    try:
        await interaction.response.autocomplete([])
    except discord.HTTPException as error:  # expired already: nothing left to answer
        log.warning("could not answer autocomplete %s: %s", interaction.id, error)


def _completes(tree: app_commands.CommandTree, interaction: discord.Interaction) -> bool:
    """Whether the autocomplete names a command of ours and focuses an option of it that
    completes: discord.py raises on anything else, after which nothing answers Discord."""
    data: dict[str, Any] = cast("dict[str, Any]", interaction.data or {})
    guild = data.get("guild_id")
    command: Any = tree.get_command(str(data.get("name")),
                                    guild=discord.Object(int(guild)) if guild else None) \
        or tree.get_command(str(data.get("name")))
    options = data.get("options") or []
    while isinstance(command, app_commands.Group):
        sub = next((o for o in options if isinstance(o, dict) and o.get("type") in (1, 2)), None)
        if sub is None:
            return False
        command, options = command.get_command(str(sub.get("name"))), sub.get("options") or []
    if not isinstance(command, app_commands.Command):
        return False
    focused = [o for o in options if isinstance(o, dict) and o.get("focused")]
    if len(focused) != 1:
        return False
    params = {p.display_name: p for p in command.parameters}
    param = params.get(str(focused[0].get("name")))
    return param is not None and param.autocomplete


_SNOWFLAKE_TYPES = (6, 7, 8, 9, 11)  # user, channel, role, mentionable, attachment


def _malformed_option(options: list[Any]) -> tuple[str, Any] | None:
    """The first option (name, value) that discord.py's ``Namespace`` cannot convert."""
    for option in options:
        if not isinstance(option, dict):
            return ("?", option)
        kind, value = option.get("type"), option.get("value")
        if not isinstance(option.get("name"), str) or not isinstance(kind, int):
            return ("?", "")
        if kind in (1, 2):  # a subcommand (group) holds options of its own
            bad = _malformed_option(option.get("options") or [])
            if bad is not None:
                return bad
            continue
        if value is None and not option.get("focused"):  # discord.py would read null as NaN
            return (option["name"][:32], "null")
        try:
            if kind == 10 and value != "" and not option.get("focused"):
                float(value)
            elif kind in _SNOWFLAKE_TYPES:
                int(value)
        except (TypeError, ValueError, OverflowError):
            return (str(option.get("name", "?"))[:32], value)
    return None


def use_endpoints(settings: DiscordSettings) -> None:
    """Point discord.py at the configured Discord; settings left unset change nothing.

    discord.py keeps the REST base (``Route.BASE``) and the gateway it dials
    (``DiscordWebSocket.DEFAULT_GATEWAY``) as class attributes: they hold for the whole
    process, which talks to one Discord.
    """
    if settings.api_base:
        Route.BASE = settings.api_base
    if settings.gateway_url and settings.gateway_url != "auto":
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


_SERIALS = itertools.count(1)

class ModelBot(commands.Bot):
    """A bot that serves one catalog, swapped atomically by ``reload``."""

    def __init__(self, settings: Settings, catalog: Catalog, **options: Any) -> None:
        # The bot never joins voice: its optional voice libraries are not missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need no privileged intents
        # questions in chat (bot.discord.cogs.questions): mentions and DMs carry their content
        # without the privileged Message Content intent
        intents.guild_messages = intents.dm_messages = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=NO_PINGS,
            tree_cls=ModelTree,
            max_messages=None,
            heartbeat_timeout=settings.discord.heartbeat_timeout,
            **options,
        )
        self.settings = settings
        self.catalog = catalog
        self.serial = next(_SERIALS)
        """Tells this bot from every other of the process, unlike ``id()``, which a later
        bot may reuse (the cooldown buckets are kept per bot: ``bot.discord.checks``)."""
        self._reload_lock = asyncio.Lock()
        self._chart_pool: ThreadPoolExecutor | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._fetcher: asyncio.Task[None] | None = None
        self._syncer: asyncio.Task[None] | None = None
        self.release_sync = ReleaseSync(self)  # runs when data.sync_minutes is set
        self._announcements: set[asyncio.Task[int]] = set()
        self.embeds: Memo[tuple[Result, discord.Embed]] = Memo(512)
        """Embeds by (result, reader): see ``bot.discord.respond``."""
        self.over_http = False
        """Whether interactions come over HTTP (``modelbot serve``) rather than the gateway:
        no guild is cached then, and every replica serves every server."""
        self.serving = asyncio.Event()
        """Set once interactions arrive: the gateway's READY, or the endpoint listening."""
        self._posted: dict[int, asyncio.Future[discord.Interaction]] = {}
        # opened in setup_hook: create_bot touches no file and no network
        self.store: Store = open_store(settings.database_url)
        self.store.view_state_days = settings.discord.view_timeout / 86400
        # The commands are registered now, without an event loop, so that a new bot can be
        # inspected and synced before it logs in; setup_hook adds the same cogs (add_cog
        # needs a loop) for their listeners and lifecycle, replacing the same commands.
        self._cogs = make_cogs(self)
        for cog in self._cogs:
            for command in cog.get_app_commands():
                self.tree.add_command(command)
        # in front of discord.py's parser: a malformed interaction must not end the gateway loop
        self.intake = Intake(self)

    async def setup_hook(self) -> None:
        """Install the translator, sync commands as the settings say, watch the data files."""
        await self.tree.set_translator(Translator())
        self.add_dynamic_items(PageButton, PickMenu)
        for cog in self._cogs:
            await self.add_cog(cog, override=True)
        await self.store.open()
        await self.sync_commands()
        interval = self.settings.data.watch_seconds
        if interval > 0 and self._watcher is None:
            self._watcher = start_watcher(self, interval)
        fetch = self.settings.data
        if fetch.sources and fetch.fetch_minutes > 0 and self._fetcher is None:
            self._fetcher = asyncio.create_task(self._fetch_loop(fetch.fetch_minutes * 60),
                                                name="modelbot-board-fetcher")
        if fetch.sync_minutes > 0 and self._syncer is None:
            self._syncer = start_release_sync(self)

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
        await self.serving.wait()  # announcements need the guilds this process serves
        while True:
            try:
                await self.fetch_boards()
            except Exception:  # the loop must outlive any one bad fetch
                log.exception("board fetch failed")
            await asyncio.sleep(seconds)

    async def login(self, token: str) -> None:
        """Log in at the configured Discord (``discord.api_base``, ``discord.gateway_url``)."""
        use_endpoints(self.settings.discord)
        await super().login(token)

    async def connect(self, *, reconnect: bool = True) -> None:
        """Connect to the gateway; ``gateway_url = "auto"`` asks ``GET /gateway/bot`` for it."""
        if self.settings.discord.gateway_url == "auto":
            _shards, url, _limits = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
            log.info("gateway from /gateway/bot: %s", url)
        await super().connect(reconnect=reconnect)

    async def sync_commands(self) -> None:
        """``off``: nothing; ``global``: everywhere (Discord takes up to an hour to show it);
        guild ids: copied to those guilds, which see them at once (development)."""
        sync = self.settings.discord.sync
        if sync == "off":
            return
        if sync == "global":
            try:
                synced = await self.tree.sync()
            except discord.HTTPException as error:
                # the commands Discord already has keep working: serve, and say what failed
                log.error("cannot sync the global commands (discord.sync): %s", error)
                return
            log.info("synced %d global commands", len(synced))
            return
        for guild_id in sync:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.HTTPException as error:
                # not in that guild (403 Missing Access) or a mistyped id: the bot still serves
                # every other guild, so say which setting is wrong instead of stopping
                log.error("cannot sync commands to guild %s (discord.sync): %s", guild_id, error)
                continue
            log.info("synced %d commands to guild %s", len(synced), guild_id)

    async def reload(self) -> CatalogDiff:
        """Load the data directory again and swap the catalog in one step.

        Parsing runs in a worker thread; a malformed board raises ``BoardError`` and the old
        catalog stays in service. Commands already running keep the catalog they started with.
        """
        async with self._reload_lock:
            data = self.settings.data
            fresh = await asyncio.to_thread(load_data, data)
            old, diff = self.catalog, diff_catalogs(self.catalog, fresh)
            self.catalog = fresh
            log.info("reloaded: %d models (+%d, -%d)", len(fresh.records), len(diff.added),
                     len(diff.removed))
        # announce in the background: the admin's /reload answer does not wait for the posts
        task = asyncio.create_task(self._announce(diff, old, fresh), name="modelbot-announce")
        self._announcements.add(task)
        task.add_done_callback(self._announcements.discard)
        return diff

    async def _announce(self, diff: CatalogDiff, old: Catalog, new: Catalog) -> int:
        try:
            if is_newer_release(old, new):  # a new release: its own announcement, once
                return await announce_release(self, old, new)
            return await announce(self, diff)
        except Exception:
            log.exception("announcing a board change failed")
            return 0

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
        for task in (self._watcher, self._fetcher, self._syncer, *self._announcements):
            if task is not None:
                task.cancel()
        await self.release_sync.stop()
        await super().close()
        await self.store.close()
        if self._chart_pool is not None:
            self._chart_pool.shutdown(wait=False, cancel_futures=True)

    async def on_ready(self) -> None:
        """Log who we are and how much data is loaded."""
        shards = f" (shards {self.shard_ids} of {self.shard_count})" if self.shard_count else ""
        log.info("ready as %s with %d models%s", self.user, len(self.catalog.records), shards)
        self.serving.set()

    def serve_over_http(self) -> None:
        """Interactions will come over HTTP (``bot.discord.endpoint``): no gateway is needed,
        the REST login is enough."""
        self.over_http = True
        self.serving.set()

    async def answer_posted(self, data: dict[str, Any], wait: float) -> bool:
        """Feed an interaction POSTed to the endpoint into the same path the gateway feeds,
        and wait (at most ``wait`` seconds) until its first response has gone to Discord;
        False when it has not by then."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        key = int(data["id"])
        waiter = self._posted[key] = loop.create_future()
        try:
            self.intake.receive(data)
            interaction = await asyncio.wait_for(waiter, timeout=wait)
        except TimeoutError:
            return False
        finally:
            self._posted.pop(key, None)
        pause = 0.0005
        while not interaction.response.is_done():  # discord.py tells no one: look, often
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            await asyncio.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.008)
        return True

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Hand a POSTed interaction to the request waiting for it (``answer_posted``)."""
        waiter = self._posted.get(interaction.id)
        if waiter is not None and not waiter.done():
            waiter.set_result(interaction)

    async def on_resumed(self) -> None:
        """A reconnect that kept the session (no event lost): worth a line at INFO, where
        discord.py's own gateway messages are quiet."""
        log.info("gateway session resumed")


class ShardedModelBot(ModelBot, commands.AutoShardedBot):
    """The same bot over several gateway connections: ``discord.shard_count`` in total, of which
    this process runs ``discord.shard_ids`` (all when unset)."""


def create_bot(settings: Settings | None = None, *, catalog: Catalog | None = None) -> ModelBot:
    """A bot with every command registered and the catalog loaded; no network until started.

    Raises ``BoardError`` when the data directory holds a malformed board.
    """
    settings = settings or Settings()
    if catalog is None:
        catalog = load_data(settings.data)
    shards = settings.discord
    if shards.shard_count is not None:
        return ShardedModelBot(settings, catalog, shard_count=shards.shard_count,
                               shard_ids=shards.shard_ids)
    return ModelBot(settings, catalog)

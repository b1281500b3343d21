"""The bot: ``create_bot(settings)`` builds it with every command registered and the catalog
loaded, and touches no network until it is started.

``ModelBot`` holds what is Discord's (the command tree, the cogs, the views, the error handler,
the intake of interactions); its data (the catalog, its reloads, the loops that keep it current,
the store, the chart threads) is a ``DataService`` (``bot.discord.data_service``) at ``bot.data``.

Where Discord is (``discord.api_base``, ``discord.gateway_url``) and how the connection is split
into shards (``discord.shard_count``, ``discord.shard_ids``) come from the settings; unset, the
bot talks to discord.com over one connection.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route
from discord.state import ConnectionState

from bot.core.catalog import Catalog
from bot.core.datafolder import load_data
from bot.core.memo import Memo
from bot.core.results import Result
from bot.discord.cogs import make_cogs
from bot.discord.data_service import DataService
from bot.discord.intake import Intake, RoutedState, routed_state
from bot.discord.sending import NO_PINGS
from bot.discord.translator import Translator
from bot.discord.tree import ModelTree, publish_commands
from bot.discord.views import PageButton, PickMenu
from bot.settings import DiscordSettings, Settings
from bot.store import GuildPrefs, Store

log = logging.getLogger(__name__)


def use_discord_address(settings: DiscordSettings) -> None:
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
    """The Discord client: the tree, the cogs, the views, the intake; ``data`` serves it."""

    connection: RoutedState

    def __init__(self, settings: Settings, catalog: Catalog, **options: Any) -> None:
        # The bot never joins voice: its optional voice libraries are not missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # slash commands need no privileged intents
        # questions in chat (bot.discord.cogs.questions): mentions and DMs carry their content
        # without the privileged Message Content intent
        intents.guild_messages = intents.dm_messages = True
        super().__init__(command_prefix=commands.when_mentioned, intents=intents,
                         help_command=None, allowed_mentions=NO_PINGS, tree_cls=ModelTree,
                         max_messages=None, heartbeat_timeout=settings.discord.heartbeat_timeout,
                         **options)
        self.settings = settings
        self.serial = next(_SERIALS)
        """Tells this bot from every other of the process, unlike ``id()``, which a later
        bot may reuse (the cooldown buckets are kept per bot: ``bot.discord.checks``)."""
        self.data = DataService(settings, catalog, self)
        self.embeds: Memo[tuple[Result, discord.Embed]] = Memo(512)
        """Embeds by (result, reader): see ``bot.discord.respond``."""
        self.over_http = False
        """Whether interactions come over HTTP (``modelbot serve``) rather than the gateway:
        no guild is cached then, and every replica serves every server."""
        self.intake = Intake(self.connection)
        # registered once, now, without an event loop (add_cog is a coroutine): a new bot can
        # be inspected and synced before it logs in; listeners (questions in chat) likewise
        for cog in make_cogs(self):
            for command in cog.get_app_commands():
                self.tree.add_command(command)
            for event, listener in cog.get_listeners():
                self.add_listener(listener, event)

    def _get_state(self, **options: Any) -> ConnectionState:
        """discord.py's factory of its connection state (``AutoShardedClient`` overrides it
        too): the state made routes gateway interactions through ``self.intake``."""
        self.connection = routed_state(super()._get_state(**options), options)
        return self.connection

    @property
    def catalog(self) -> Catalog:
        """The catalog of the moment (``data.catalog``): read it once per command."""
        return self.data.catalog

    @property
    def store(self) -> Store:
        """The shared store of preferences, watches and view states (``data.store``)."""
        return self.data.store

    async def guild_prefs(self, guild_id: int | None) -> GuildPrefs:
        """A server's preferences (``data.guild_prefs``)."""
        return await self.data.guild_prefs(guild_id)

    async def setup_hook(self) -> None:
        """Install the translator and the views, start the data, publish the commands."""
        await self.tree.set_translator(Translator())
        self.add_dynamic_items(PageButton, PickMenu)
        await self.data.start()
        await publish_commands(self.tree, self.settings.discord.sync)

    async def login(self, token: str) -> None:
        """Log in at the configured Discord (``discord.api_base``, ``discord.gateway_url``)."""
        use_discord_address(self.settings.discord)
        await super().login(token)

    async def connect(self, *, reconnect: bool = True) -> None:
        """Connect to the gateway; ``gateway_url = "auto"`` asks ``GET /gateway/bot`` for it."""
        if self.settings.discord.gateway_url == "auto":
            _shards, url, _limits = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
            log.info("gateway from /gateway/bot: %s", url)
        await super().connect(reconnect=reconnect)

    def serve_over_http(self) -> None:
        """Interactions will come over HTTP (``bot.discord.endpoint``): no gateway is needed,
        the REST login is enough."""
        self.over_http = True
        self.data.serving.set()

    async def close(self) -> None:
        """Stop the data's loops, close the gateway and HTTP session, then the store."""
        await self.data.stop()
        await super().close()
        await self.data.close()

    async def on_ready(self) -> None:
        """Log who we are and how much data is loaded."""
        shards = f" (shards {self.shard_ids} of {self.shard_count})" if self.shard_count else ""
        log.info("ready as %s with %d models%s", self.user, len(self.catalog.records), shards)
        self.data.serving.set()

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

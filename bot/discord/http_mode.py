"""``modelbot serve``: the bot as a stateless web service on Discord's HTTP interactions
endpoint. No gateway: the token is used for REST only (who we are, command sync, follow-ups,
announcements); any number of identical replicas can run behind a load balancer.

SIGTERM (or SIGINT) drains: ``/healthz`` turns 503 and the listening socket closes (the load
balancer sends new interactions elsewhere), the interactions already received are answered
and their follow-ups sent (at most ``discord.drain_seconds``), then the process exits 0.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.discord.app import create_bot
from bot.discord.endpoint import Endpoint
from bot.discord.signals import on_signals
from bot.settings import Settings

log = logging.getLogger(__name__)


async def serve_http(settings: Settings) -> int:
    """Log in over REST, listen on ``http.host``:``http.port``, serve until a signal."""
    assert settings.token is not None and settings.discord.public_key is not None
    bot = create_bot(settings)
    endpoint = Endpoint(bot, settings.discord.public_key)
    stop, hurry = on_signals()
    async with bot:
        await bot.login(settings.token.get_secret_value())  # runs setup_hook: commands, store
        bot.serve_over_http()
        runner = endpoint.runner(access_log=None,
                                 shutdown_timeout=settings.discord.drain_seconds)
        await runner.setup()
        site = web.TCPSite(runner, settings.http.host, settings.http.port)
        await site.start()
        endpoint.state = "ready"
        log.info("serving interactions at http://%s:%d%s as %s with %d models",
                 settings.http.host, _port(runner, settings.http.port), settings.http.path,
                 bot.user, len(bot.catalog.records))
        await stop.wait()
        endpoint.state = "draining"
        log.info("signal received: refusing new connections, finishing the interactions "
                 "in flight")
        await site.stop()
        await bot.intake.drain(settings.discord.drain_seconds, hurry, refuse=False)
        await runner.cleanup()
        await bot.close()
        log.info("stopped: %d interactions answered, %d refused for their signature",
                 endpoint.answered, endpoint.refused)
    return 0


def _port(runner: web.AppRunner, configured: int) -> int:
    """The port actually listened on (``http.port = 0`` takes any free one)."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured

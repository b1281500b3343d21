"""``modelbot run``: the bot on a gateway connection until a signal drains it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bot.discord.app import create_bot
from bot.discord.signals import on_signals
from bot.settings import Settings

log = logging.getLogger(__name__)


async def serve_gateway(settings: Settings) -> int:
    """Connect, answer until a signal, drain, close; returns the exit status."""
    assert settings.token is not None
    bot = create_bot(settings)
    stop, hurry = on_signals()
    async with bot:
        metrics = await _gateway_metrics(bot, settings)
        bot_task = asyncio.create_task(bot.start(settings.token.get_secret_value()))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({bot_task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("signal received: finishing the interactions in flight, then closing the "
                     "gateway connection")
            # the gateway stays open meanwhile: newcomers are told the bot restarts
            await bot.intake.drain(settings.discord.drain_seconds, hurry)
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await bot_task
            if metrics is not None:
                await metrics.cleanup()
            return 0
        stopper.cancel()
        bot_task.result()  # raises what ended the bot
    return 0


async def _gateway_metrics(bot: Any, settings: Settings) -> Any:
    """GET /metrics on ``http.metrics_port`` (when set), on ``http.host``."""
    port = settings.http.metrics_port
    if port is None:
        return None
    from bot.metrics import Metrics, serve_metrics, watch_gateway

    metrics = Metrics(bot)
    watch_gateway(bot, metrics)
    return await serve_metrics(metrics, settings.http.host, port)

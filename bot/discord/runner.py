"""Running the bot as a process: signals end it cleanly, start-up failures end it clearly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from typing import Any

import aiohttp
import discord

from bot import i18n
from bot.discord.app import create_bot
from bot.settings import Settings
from bot.store import StoreError

log = logging.getLogger(__name__)

# Gateway close codes that no reconnect cures and the configuration causes: 4010 an invalid
# shard, 4011 sharding required, 4013 invalid intents. (4004, a token Discord no longer takes,
# say reset in the Developer Portal while the bot runs, gets the bad-token message.)
_CONFIG_CLOSE_CODES = {4010, 4011, 4013}


def on_signals() -> tuple[asyncio.Event, asyncio.Event]:
    """(stop, hurry): SIGTERM or SIGINT sets ``stop`` (drain, then close); a second signal,
    an impatient operator, sets ``hurry`` (close at once)."""
    stop, hurry = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        (hurry if stop.is_set() else stop).set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on every platform
            loop.add_signal_handler(sig, on_signal)
    return stop, hurry


async def _serve(settings: Settings) -> int:
    assert settings.token is not None
    bot = create_bot(settings)
    stop, hurry = on_signals()
    async with bot:
        metrics = await _gateway_metrics(bot, settings)
        runner = asyncio.create_task(bot.start(settings.token.get_secret_value()))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("signal received: finishing the interactions in flight, then closing the "
                     "gateway connection")
            # the gateway stays open meanwhile: newcomers are told the bot restarts
            await bot.intake.drain(settings.discord.drain_seconds, hurry)
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
            if metrics is not None:
                await metrics.cleanup()
            return 0
        stopper.cancel()
        runner.result()  # raises what ended the bot
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


def run_bot(settings: Settings) -> int:
    """Run over the gateway until a signal or a fatal error; returns the exit status."""
    return _run(settings, _serve(settings))


def serve_http(settings: Settings) -> int:
    """Serve Discord's HTTP interactions endpoint until a signal or a fatal error; returns the
    exit status."""
    from bot.discord.serving import serve  # aiohttp's server only when serving

    return _run(settings, serve(settings))


def _run(settings: Settings, main: Coroutine[Any, Any, int]) -> int:
    """Run ``main``; a start-up failure is a message and an exit status, never a traceback."""
    lang = settings.language
    try:
        return asyncio.run(main)
    except discord.LoginFailure:
        sys.stderr.write(i18n.t(lang, "run.bad_token") + "\n")
        return 2
    except discord.PrivilegedIntentsRequired:
        sys.stderr.write(i18n.t(lang, "run.intents") + "\n")
        return 2
    except discord.ConnectionClosed as error:  # a close code discord.py does not reconnect on
        if error.code == 4004:
            sys.stderr.write(i18n.t(lang, "run.bad_token") + "\n")
            return 2
        sys.stderr.write(i18n.t(lang, "run.closed", code=error.code, reason=error.reason or "-")
                         + "\n")
        return 2 if error.code in _CONFIG_CLOSE_CODES else 1
    except StoreError as error:  # the preference database cannot be opened
        sys.stderr.write(i18n.t(lang, "run.store", reason=str(error)) + "\n")
        return 2
    except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as error:
        sys.stderr.write(i18n.t(lang, "run.unreachable", reason=str(error)) + "\n")
        return 1

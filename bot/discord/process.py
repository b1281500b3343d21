"""The bot as a process, in either mode (gateway or HTTP): start-up failures end it with a
message and an exit status, never a traceback."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

import aiohttp
import discord

from bot import i18n
from bot.settings import Settings
from bot.store import StoreError

# Gateway close codes that no reconnect cures and the configuration causes: 4010 an invalid
# shard, 4011 sharding required, 4013 invalid intents. (4004, a token Discord no longer takes,
# say reset in the Developer Portal while the bot runs, gets the bad-token message.)
_CONFIG_CLOSE_CODES = {4010, 4011, 4013}


def run_gateway(settings: Settings) -> int:
    """``modelbot run``: over the gateway until a signal or a fatal error; the exit status."""
    from bot.discord.gateway_mode import serve_gateway

    return run_process(settings, serve_gateway(settings))


def run_http(settings: Settings) -> int:
    """``modelbot serve``: Discord's HTTP interactions endpoint until a signal or a fatal
    error; the exit status."""
    from bot.discord.http_mode import serve_http  # aiohttp's server only when serving

    return run_process(settings, serve_http(settings))


def run_process(settings: Settings, main: Coroutine[Any, Any, int]) -> int:
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

"""How an operator ends a process: the first SIGTERM or SIGINT drains, a second one hurries."""

from __future__ import annotations

import asyncio
import contextlib
import signal


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

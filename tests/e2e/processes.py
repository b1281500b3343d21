"""Ending the processes an end-to-end test started (a bot, HAProxy) when the test is done."""

from __future__ import annotations

import asyncio
import contextlib
import signal


async def terminate(proc: asyncio.subprocess.Process, grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL if ``proc`` is still running after ``grace`` seconds; returns
    once it has ended (at once if it already had)."""
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(proc.wait(), grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()

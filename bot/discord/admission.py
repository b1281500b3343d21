"""How many interactions a replica works on at once, and how long a newcomer may wait for room.

``Admission`` hands out ``limit`` slots. A newcomer takes a free one, or waits in line (first
come, first served) at most ``budget`` seconds for one to be handed over; past that it is
refused, early enough to be told so within Discord's 3 s. A slot that frees goes straight to
the first in line, so an arrival never overtakes those waiting.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable


class Admission:
    """``limit`` slots and a line to wait for one; ``on_change(n)`` hears the slots taken."""

    def __init__(self, limit: Callable[[], int],
                 on_change: Callable[[int], None] = lambda taken: None) -> None:
        self._limit = limit
        self._on_change = on_change
        self.taken = 0
        self._line: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return sum(1 for future in self._line if not future.done())

    def _take(self) -> None:
        self.taken += 1
        self._on_change(self.taken)

    async def enter(self, budget: float) -> bool:
        """A slot (True), at once or within ``budget`` seconds; False when none came."""
        if self.taken < self._limit():
            self._take()
            return True
        if budget <= 0:
            return False
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._line.append(turn)
        try:
            async with asyncio.timeout(budget):
                await asyncio.shield(turn)  # a cancelled request leaves ``turn`` to us
        except TimeoutError:
            if turn.done():  # handed over just as the time ran out: it is ours
                return True
            turn.cancel()
            return False
        except BaseException:  # the request went away while it waited
            if turn.done() and not turn.cancelled():
                self.leave()  # a slot handed over to nobody: pass it on
            turn.cancel()
            raise
        return True

    def leave(self) -> None:
        """Give the slot back: to the first in line, or free."""
        while self._line:
            turn = self._line.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes on: ``taken`` stays the same
                return
        self.taken -= 1
        self._on_change(self.taken)

"""The line for room to work: slots handed out up to the limit, then first come, first served,
each newcomer waiting at most its budget; a slot freed goes to the first in line, never to a
later arrival; a waiter that gives up or goes away takes no slot with it."""

from __future__ import annotations

import asyncio

import pytest

from bot.discord.admission import Admission


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_slots_up_to_the_limit_then_first_come_first_served():
    seen: list[int] = []
    room = Admission(lambda: 2, seen.append)
    assert await room.enter(0) and await room.enter(0)
    assert await room.enter(0) is False  # full, and no time to wait
    order: list[str] = []

    async def wait(name: str) -> None:
        assert await room.enter(60)
        order.append(name)

    first, second = asyncio.create_task(wait("a")), asyncio.create_task(wait("b"))
    await settle()
    assert room.waiting == 2 and room.taken == 2
    assert await room.enter(60 * 0) is False  # an arrival does not overtake the line
    room.leave()
    await settle()
    assert order == ["a"] and room.taken == 2 and room.waiting == 1
    room.leave()
    await first
    await second
    assert order == ["a", "b"]
    for _ in range(2):
        room.leave()
    assert room.taken == 0 and seen[-1] == 0 and max(seen) == 2


async def test_a_waiter_past_its_budget_is_refused_and_takes_no_slot():
    room = Admission(lambda: 1)
    assert await room.enter(0)
    assert await room.enter(0.01) is False
    assert room.waiting == 0
    room.leave()
    assert room.taken == 0
    assert await room.enter(0)


@pytest.mark.parametrize("handed_over", [False, True])
async def test_a_waiter_that_goes_away_passes_a_slot_on(handed_over):
    """The first in line goes away (its request was cancelled) before or just after the slot
    was handed to it: the next in line gets the slot, and no slot is lost."""
    room = Admission(lambda: 1)
    assert await room.enter(0)
    gone = asyncio.create_task(room.enter(60))
    stays = asyncio.create_task(room.enter(60))
    await settle()
    if handed_over:
        room.leave()  # to ``gone``, which is cancelled before it could take it
    gone.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gone
    if not handed_over:
        room.leave()
    assert await stays is True
    assert room.taken == 1 and room.waiting == 0
    room.leave()
    assert room.taken == 0


async def test_a_slot_handed_over_as_the_budget_runs_out_is_kept(monkeypatch):
    """The slot arrives in the same instant the wait times out: the waiter has it (True);
    refusing there would lose the slot for good."""
    import bot.discord.admission as admission

    room = Admission(lambda: 1)
    assert await room.enter(0)
    real = asyncio.shield

    async def late(awaitable):
        room.leave()  # handed over ...
        raise TimeoutError  # ... as the time runs out

    monkeypatch.setattr(admission.asyncio, "shield", late)
    assert await room.enter(1) is True
    monkeypatch.setattr(admission.asyncio, "shield", real)
    assert room.taken == 1
    room.leave()
    assert room.taken == 0

"""Claims on interaction ids, on SQLite and PostgreSQL: one claim per id however many try at
once, a duplicate refused for as long as claims are kept, a deferred claim taken over once its
owner's lease ran out, by one replica only."""

from __future__ import annotations

import asyncio

import pytest

NOW = 1_800_000_000.0  # the caller's clock: the tests never read the wall clock


async def test_one_claim_per_id_however_many_try_at_once(make_store):
    """Ten replicas (stores on one database) claim the same id at the same moment: one wins."""
    stores = [await make_store() for _ in range(4)]
    results = await asyncio.gather(*(
        stores[i % 4].claim_interaction(42, f"r{i}", NOW, 10, 900) for i in range(10)))
    assert sorted(results) == [False] * 9 + [True]
    assert await stores[0].claim_interaction(43, "r1", NOW, 10, 900) is True


@pytest.mark.parametrize("later, again", [(899.999, False), (900.001, True)])
async def test_a_claim_is_kept_for_keep_seconds(store, later, again):
    """A replay within ``keep`` is a duplicate; after it the old claim is gone."""
    assert await store.claim_interaction(7, "r1", NOW, 10, 900) is True
    assert await store.claim_interaction(7, "r2", NOW + later, 10, 900) is again


async def test_a_deferred_claim_is_taken_over_once_its_lease_runs_out(make_store):
    """r1 defers one, leaves one merely claimed, and stops renewing (it died): before the lease
    ends nobody takes them; after, exactly one of two replicas does, with their payloads; a
    claim answered, done, without payload or made before ``since`` is never taken; the new
    owner settles it, the old one no longer can."""
    one, two, three = await make_store(), await make_store(), await make_store()
    for interaction in (1, 2, 3):
        assert await one.claim_interaction(interaction, "r1", NOW, 10, 900, '{"id": "0"}')
    assert await one.claim_interaction(4, "r1", NOW, 10, 900)  # no payload: nothing to finish
    assert await one.claim_interaction(5, "r1", NOW, 10, 900, '{"id": "5"}')
    assert await one.settle_interaction(1, "r1", "deferred", NOW + 10, '{"id": "1"}')
    assert await one.settle_interaction(2, "r1", "answered", NOW + 10)
    assert await one.settle_interaction(3, "r1", "deferred", NOW + 10, '{"id": "3"}')
    assert await one.settle_interaction(3, "r1", "done", NOW + 10)
    assert await two.take_over_claims("r2", NOW + 9.999, 10, NOW - 900) == []
    assert await one.renew_claims("r1", NOW + 20) == 3  # 1, 4 and 5: claimed or deferred
    assert await two.take_over_claims("r2", NOW + 19.999, 10, NOW - 900) == []
    assert await two.take_over_claims("r2", NOW + 25, 10, NOW + 0.001) == []  # too old
    taken = await asyncio.gather(two.take_over_claims("r2", NOW + 25, 10, NOW - 900),
                                 three.take_over_claims("r3", NOW + 25, 10, NOW - 900))
    assert sorted(map(sorted, taken), key=len) == [[], [(1, '{"id": "1"}'), (5, '{"id": "5"}')]]
    winner, loser = ("r2", "r3") if taken[0] else ("r3", "r2")
    assert await one.settle_interaction(1, "r1", "done", NOW + 30) is False
    assert await one.settle_interaction(1, loser, "done", NOW + 30) is False
    assert await one.settle_interaction(1, winner, "done", NOW + 30) is True
    assert await one.settle_interaction(5, winner, "answered", NOW + 30) is True
    assert await two.take_over_claims("r2", NOW + 100, 10, NOW - 900) == []


async def test_claim_arguments_are_checked(store):
    for bad in (-1, 2**63, "7"):
        with pytest.raises(ValueError):
            await store.claim_interaction(bad, "r1", NOW, 10, 900)
    with pytest.raises(ValueError):
        await store.claim_interaction(7, "", NOW, 10, 900)
    with pytest.raises(ValueError):
        await store.settle_interaction(7, "r1", "finished", NOW)

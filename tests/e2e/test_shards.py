"""Scaling out: processes with disjoint ``shard_ids`` each identify with their own shard."""

from __future__ import annotations

from tests.e2e.conftest import TOKEN


async def test_two_processes_with_disjoint_shard_ids_identify_each_with_its_own_shard(
        fake, launch):
    """shard_count = 2 with shard_ids [0] and [1]: one IDENTIFY with shard [0, 2] and one with
    [1, 2], each from its own process; the gateway URL comes from GET /gateway/bot
    (gateway_url = "auto"); each shard answers commands."""
    env = {"MODELBOT_DISCORD__SHARD_COUNT": "2", "MODELBOT_DISCORD__GATEWAY_URL": "auto"}
    first = await launch(env | {"MODELBOT_DISCORD__SHARD_IDS": "0"})
    second = await launch(env | {"MODELBOT_DISCORD__SHARD_IDS": "[1]"})

    def identified() -> list | None:
        shards = [c for c in fake.connections if c.identify is not None and c.session]
        return shards if len(shards) == 2 else None

    connections = await fake.pulse.until(identified, 10, "both shards to identify")
    assert sorted(c.identify["shard"] for c in connections) == [[0, 2], [1, 2]]
    assert all(c.identify["token"] == TOKEN for c in connections)
    assert fake.gateway_bot_requests >= 2  # each process asked for the gateway URL
    peers = {c.request.transport.get_extra_info("peername")[1] for c in connections}
    assert len(peers) == 2  # two connections ...
    for process in (first, second):  # ... from two processes, each logging its own shard
        await process.wait_log("ready as modelbot")
    assert "shards [0] of 2" in first.log and "shards [1] of 2" in second.log

    for conn in connections:
        interaction = fake.interaction("best", {"domain": "医疗", "budget": 5})
        await fake.dispatch(conn.session, "INTERACTION_CREATE", interaction)
        reply = await fake.answer(interaction)
        assert reply.embed["title"] == "Best for Medical within 5元"

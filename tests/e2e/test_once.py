"""Exactly once, on the real cluster: ``modelbot serve`` replicas sharing one PostgreSQL store
(a throwaway cluster on loopback), each interaction claimed in the store before it runs.

- the same signed interaction delivered to two replicas at once (a load balancer's retry,
  a replay) runs once: one callback, one follow-up;
- a signed ``/settings budget 5`` replayed within its 5 minutes, after an admin set 10, is
  not run again: the budget stays 10;
- a replica killed -9 after deferring a chart (Discord shows "thinking…"): another replica
  takes its claim over once the lease runs out and sends the follow-up.
"""

from __future__ import annotations

import asyncio
import json

from tests.discord.harness import ADMIN_PERMS
from tests.e2e.conftest import direct

COMPARE = ("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
BEST = ("best", {"domain": "医疗", "budget": 5})


def _clean(*processes) -> None:
    for process in processes:
        for text in ("Traceback", "bug ", "ERROR"):
            assert text not in process.log, (text, process.log[-3000:])


async def test_a_duplicate_delivered_to_two_replicas_runs_once(fake, replicas, signer,
                                                              session):
    """Each interaction POSTed to r1, r2 and r1 again, at once: one answered in its response,
    the other two acknowledged (202) without running; one answer (a /compare chart: one
    deferral, one follow-up), the other two logged as delivered again; no 'already
    acknowledged', no bug."""
    first, second = await replicas(2)
    for ask in (BEST, COMPARE, ("leaderboard", {})):
        interaction = fake.interaction(*ask)
        posts = [direct(replica, signer, session, fake).post(interaction)
                 for replica in (first, second, first)]
        # one answered in its response, the other two acknowledged without running
        statuses = sorted(answer.status for answer in await asyncio.gather(*posts))
        assert statuses == [200, 202, 202], ask
        reply = await fake.answer(interaction, timeout=30)
        assert len(reply.callbacks) == 1, ask
        assert len(reply.followups) == (1 if ask is COMPARE else 0), ask
    again = sum(p.process.log.count("was delivered again: not run twice")
                for p in (first, second))
    assert again == 6
    _clean(first.process, second.process)


async def test_a_replayed_settings_change_does_not_undo_a_later_one(fake, replicas, signer,
                                                                    session):
    """An admin sets the budget to 5 through r1, then to 10 through r2; the first request,
    byte for byte with its signature, is sent again to r2 within its 5 minutes: it is a
    duplicate, and the budget stays 10."""
    first, second = await replicas(2)

    def budget(value):
        interaction = fake.interaction("settings", permissions=ADMIN_PERMS)
        interaction["data"]["options"] = [{"name": "budget", "type": 1, "options": [
            {"name": "budget", "type": 10, "value": value}]}]
        return interaction

    five, ten = budget(5), budget(10)
    body = json.dumps(five).encode()
    headers = signer.headers(body)
    to_first = direct(first, signer, session, fake)
    to_second = direct(second, signer, session, fake)
    first_answer = await to_first.post(body, headers=headers)
    assert first_answer.status == 200 and first_answer.json["type"] == 4
    assert (await to_second.post(ten)).status == 200
    await fake.answer(ten)
    assert (await to_second.post(body, headers=headers)).status == 202  # a duplicate
    assert [r for r in fake.reply(five).requests if not r.inline] == []  # never run again
    show = fake.interaction("settings", permissions=ADMIN_PERMS)
    show["data"]["options"] = [{"name": "show", "type": 1, "options": []}]
    assert (await to_first.post(show)).status == 200
    fields = {f["name"]: f["value"] for f in (await fake.answer(show)).embed["fields"]}
    assert fields["budget"] == "10元", fields
    _clean(first.process, second.process)


async def test_a_deferred_answer_is_finished_by_another_replica_when_the_first_dies(
        fake, replicas, signer, session):
    """r1 defers a /compare (Discord shows "thinking…") and is killed -9 while its follow-up
    waits on Discord; with claims lasting 2 s, r2 takes the claim over, asks Discord for the
    original message, sees it still loading, and sends the chart as the follow-up: one
    deferral, one follow-up, from r2."""
    first, second = await replicas(2, {"MODELBOT_HTTP__CLAIM_LEASE": "2"})
    interaction = fake.interaction(*COMPARE)
    token = interaction["token"]
    fake.hold(lambda path: path.startswith("/webhooks/") and f"/{token}" in path
              and "@original" not in path)
    answer = await direct(first, signer, session, fake).post(interaction)
    assert (answer.status, answer.json) == (200, {"type": 5})  # deferred in the response
    await fake.pulse.until(lambda: any(token in p for p in fake.held), 30,
                           "r1's follow-up, held")
    first.process.expect_exit = True
    first.process.proc.kill()
    await first.process.proc.wait()
    fake._holds.clear()  # r2's follow-up goes through; r1's stays stuck with the dead process
    line = await second.process.wait_log("deferred by a replica that stopped", timeout=60)
    assert f"id={interaction['id']}" in line
    reply = await fake.pulse.until(
        lambda: fake.reply(interaction) if fake.reply(interaction).followups else None, 60,
        "the follow-up from r2")
    assert len(reply.callbacks) == 1 and len(reply.followups) == 1
    assert reply.followups[0]["embeds"][0]["title"].startswith("qwq-32b vs gemma-3-27b-it")
    _clean(second.process)


async def test_haproxy_retrying_a_dead_replicas_request_does_not_run_it_twice(
        fake, replicas, balancer, signer, session):
    """Through HAProxy (``retry-on empty-response``): the replica that took /best has claimed
    it and is killed -9 before it could reply to HAProxy (its command waits on the store, whose
    preferences table the test holds locked), which retries the request on the other replica.
    The other finds the claim and does not run it again (202): no second run, nothing sent to
    Discord twice, no 'already acknowledged' and no bug anywhere."""
    import asyncpg

    from tests.e2e.conftest import replica_database

    cluster = await replicas(2)
    proxy = await balancer(cluster, session)
    interaction = fake.interaction(*BEST)
    client = direct(cluster[0], signer, session, fake)
    client.url = f"{proxy.url}/interactions"
    lock = await asyncpg.connect(replica_database(cluster[0]))
    held = lock.transaction()
    await held.start()
    await lock.execute("LOCK TABLE guild_prefs IN ACCESS EXCLUSIVE MODE")
    try:
        post = asyncio.create_task(client.post(interaction))
        taker = await _wait_for_claim(cluster, interaction)
        other = next(r for r in cluster if r is not taker)
        taker.process.expect_exit = True
        taker.process.proc.kill()
        await taker.process.proc.wait()
        answer = await post
        assert answer.status == 202
        await other.process.wait_log("was delivered again: not run twice", timeout=30)
    finally:
        await held.rollback()
        await lock.close()
    # the dead replica's answer never left it, and the other replica sent nothing
    assert fake.reply(interaction).requests == []
    _clean(other.process)


async def _wait_for_claim(cluster, interaction):
    """The replica that claimed the interaction, once its claim is in the store (a deadline
    for a hang, not a speed)."""
    for _ in range(600):
        try:
            return await _taker(cluster, interaction)
        except (AttributeError, StopIteration):  # no claim yet
            await asyncio.sleep(0.05)
    raise AssertionError("the interaction was never claimed")


async def _taker(cluster, interaction):
    """The replica whose claim the interaction is under (read from the shared store)."""
    import asyncpg

    from tests.e2e.conftest import replica_database

    conn = await asyncpg.connect(replica_database(cluster[0]))
    try:
        owner = await conn.fetchval("SELECT owner FROM interaction_claims WHERE id = $1",
                                    int(interaction["id"]))
    finally:
        await conn.close()
    pid = int(owner.split(":")[1])
    return next(r for r in cluster if r.process.proc.pid == pid)

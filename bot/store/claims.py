"""Claims on interaction ids: each interaction runs once, across replicas and restarts.

A replica claims an interaction's id in the shared store before the interaction has any
effect; a second delivery of the same id (a load balancer's retry, a replayed request) finds
the claim and does not run again. The claim then records how far the interaction got:

- ``claimed``: taken, no response recorded yet; the claim holds the payload (with its
  15-minute token) and a lease that its owner renews while it works on it;
- ``answered``: its first response was a message (or choices, a modal): nothing is left that
  another replica could finish without answering twice; the payload is dropped;
- ``deferred``: Discord shows "thinking…" and the answer comes as a follow-up; payload and
  lease are kept;
- ``done``: finished; the payload is dropped.

A claimed or deferred claim whose lease ran out belongs to a replica that died: another takes
it over, asks Discord what became of the interaction, and sends the follow-up a deferral
still waits for (``bot.discord.recovery``).

Claims are kept ``keep`` seconds (longer than a signed request stays fresh, so a replay
within its window is still a duplicate), then deleted. Times are seconds since the epoch from
the caller's clock. The two mixins hold the same statements in each dialect; the stores
inherit them (``SQLiteStore``, ``PostgresStore``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

ClaimState = Literal["claimed", "answered", "deferred", "done"]
STATES: tuple[ClaimState, ...] = ("claimed", "answered", "deferred", "done")


def _checked(interaction_id: int, owner: str) -> tuple[int, str]:
    if not isinstance(interaction_id, int) or not 0 <= interaction_id < 2**63:
        raise ValueError(f"not an interaction id: {interaction_id!r}")
    if not owner or len(owner) > 200:
        raise ValueError("a claim's owner is a name of 1 to 200 characters")
    return interaction_id, owner


class SQLiteClaims:
    """The claims of ``SQLiteStore`` (its ``_call`` runs a function in the store's thread)."""

    _call: Callable[..., Any]

    async def claim_interaction(self, interaction_id: int, owner: str, now: float,
                                lease: float, keep: float, payload: str | None = None) -> bool:
        """Claim the id for ``owner``; False when it was claimed before (by anyone)."""
        interaction_id, owner = _checked(interaction_id, owner)
        return bool(await self._call(_sqlite_claim, interaction_id, owner, now, lease, keep,
                                     payload))

    async def settle_interaction(self, interaction_id: int, owner: str, state: ClaimState,
                                 lease_until: float, payload: str | None = None) -> bool:
        """Record how far ``owner``'s interaction got; False when it is no longer its own."""
        interaction_id, owner = _checked(interaction_id, owner)
        if state not in STATES:
            raise ValueError(f"not a claim state: {state!r}")
        from bot.store.sqlite import _execute

        count = await self._call(
            _execute, "UPDATE interaction_claims SET state = ?, lease_until = ?, payload = ? "
            "WHERE id = ? AND owner = ?", (state, lease_until, payload, interaction_id, owner))
        return bool(count)

    async def renew_claims(self, owner: str, lease_until: float) -> int:
        """Extend the lease of ``owner``'s unfinished claims: it is alive, working on them."""
        from bot.store.sqlite import _execute

        return int(await self._call(
            _execute, "UPDATE interaction_claims SET lease_until = ? "
            "WHERE owner = ? AND state IN ('claimed', 'deferred')", (lease_until, owner)))

    async def take_over_claims(self, owner: str, now: float, lease: float,
                               since: float) -> list[tuple[int, str]]:
        """Unfinished claims made after ``since`` whose owner's lease ran out, now ``owner``'s:
        (id, payload) for each. Another replica taking the same claim at once gets none."""
        from bot.store.sqlite import _fetchall

        rows = await self._call(
            _fetchall, "UPDATE interaction_claims SET owner = ?, lease_until = ? "
            "WHERE state IN ('claimed', 'deferred') AND lease_until < ? AND claimed_at >= ? "
            "AND payload IS NOT NULL RETURNING id, payload", (owner, now + lease, now, since))
        return [(int(r[0]), str(r[1])) for r in rows]


def _sqlite_claim(conn: Any, interaction_id: int, owner: str, now: float, lease: float,
                  keep: float, payload: str | None) -> int:
    conn.execute("DELETE FROM interaction_claims WHERE claimed_at < ?", (now - keep,))
    return int(conn.execute(
        "INSERT INTO interaction_claims (id, owner, state, claimed_at, lease_until, payload) "
        "VALUES (?, ?, 'claimed', ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (interaction_id, owner, now, now + lease, payload)).rowcount)


class PostgresClaims:
    """The claims of ``PostgresStore`` (its ``_fetch`` and ``_fetchrow`` run a statement)."""

    _fetch: Callable[..., Any]
    _fetchrow: Callable[..., Any]

    async def claim_interaction(self, interaction_id: int, owner: str, now: float,
                                lease: float, keep: float, payload: str | None = None) -> bool:
        """Claim the id for ``owner``; False when it was claimed before (by anyone)."""
        interaction_id, owner = _checked(interaction_id, owner)
        # one statement sees one snapshot: the expired claim of this very id, which the DELETE
        # removes too, is still there for the INSERT, and is replaced by it
        row = await self._fetchrow(
            "WITH gone AS (DELETE FROM interaction_claims WHERE claimed_at < $5) "
            "INSERT INTO interaction_claims (id, owner, state, claimed_at, lease_until, payload) "
            "VALUES ($1, $2, 'claimed', $3, $4, $6) ON CONFLICT (id) DO UPDATE SET "
            "owner = excluded.owner, state = 'claimed', claimed_at = excluded.claimed_at, "
            "lease_until = excluded.lease_until, payload = excluded.payload "
            "WHERE interaction_claims.claimed_at < $5 RETURNING id",
            interaction_id, owner, now, now + lease, now - keep, payload)
        return row is not None

    async def settle_interaction(self, interaction_id: int, owner: str, state: ClaimState,
                                 lease_until: float, payload: str | None = None) -> bool:
        """Record how far ``owner``'s interaction got; False when it is no longer its own."""
        interaction_id, owner = _checked(interaction_id, owner)
        if state not in STATES:
            raise ValueError(f"not a claim state: {state!r}")
        row = await self._fetchrow(
            "UPDATE interaction_claims SET state = $1, lease_until = $2, payload = $3 "
            "WHERE id = $4 AND owner = $5 RETURNING id",
            state, lease_until, payload, interaction_id, owner)
        return row is not None

    async def renew_claims(self, owner: str, lease_until: float) -> int:
        """Extend the lease of ``owner``'s unfinished claims: it is alive, working on them."""
        rows = await self._fetch(
            "UPDATE interaction_claims SET lease_until = $1 "
            "WHERE owner = $2 AND state IN ('claimed', 'deferred') RETURNING id",
            lease_until, owner)
        return len(rows)

    async def take_over_claims(self, owner: str, now: float, lease: float,
                               since: float) -> list[tuple[int, str]]:
        """Unfinished claims made after ``since`` whose owner's lease ran out, now ``owner``'s:
        (id, payload) for each. Another replica taking the same claim at once gets none (the
        row is re-checked once the first update commits)."""
        rows = await self._fetch(
            "UPDATE interaction_claims SET owner = $1, lease_until = $2 "
            "WHERE state IN ('claimed', 'deferred') AND lease_until < $3 AND claimed_at >= $4 "
            "AND payload IS NOT NULL RETURNING id, payload", owner, now + lease, now, since)
        return [(int(r["id"]), str(r["payload"])) for r in rows]

"""Discord's signature on every interaction it POSTs: Ed25519 over the timestamp and the body,
checked with the application's public key (``cryptography``; no hand-written crypto)."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MAX_SKEW = 300.0
"""How far (seconds) a request's timestamp may be from our clock: a replayed request, or one
held back, is refused."""


class Verifier:
    """Checks ``X-Signature-Ed25519`` and ``X-Signature-Timestamp`` against the body."""

    def __init__(self, public_key_hex: str) -> None:
        self._key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))

    def valid(self, signature: str | None, timestamp: str | None, body: bytes,
              now: float) -> bool:
        """Whether Discord signed ``body`` at ``timestamp``, no more than ``MAX_SKEW`` seconds
        from ``now`` (seconds since the epoch)."""
        if not signature or not timestamp:
            return False
        try:
            raw = bytes.fromhex(signature)
            sent = float(timestamp)
        except ValueError:
            return False
        if len(raw) != 64 or abs(now - sent) > MAX_SKEW:
            return False
        try:
            self._key.verify(raw, timestamp.encode() + body)
        except InvalidSignature:
            return False
        return True

"""Discord's signature on every interaction it POSTs: Ed25519 over the timestamp and the body,
checked with the application's public key (``cryptography``; no hand-written crypto).

The check is split so the endpoint can refuse cheaply before reading a body: ``fresh`` needs
only the headers; ``valid`` needs the whole body and does both."""

from __future__ import annotations

import math
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MAX_SKEW = 300.0
"""How far (seconds) a request's timestamp may be from our clock: a replayed request, or one
held back, is refused."""

_SIGNATURE = re.compile(r"[0-9a-fA-F]{128}")
# Discord sends whole seconds; a fraction is tolerated, words ("nan", "inf") and exponents not.
_TIMESTAMP = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,9})?")


def fresh(signature: str | None, timestamp: str | None, now: float) -> bool:
    """Whether the headers could be Discord's: a 64-byte hex signature and a finite timestamp
    no more than ``MAX_SKEW`` seconds from ``now``. Needs no body."""
    if not signature or not timestamp:
        return False
    if not _SIGNATURE.fullmatch(signature) or not _TIMESTAMP.fullmatch(timestamp):
        return False
    sent = float(timestamp)
    return math.isfinite(sent) and abs(now - sent) <= MAX_SKEW


class Verifier:
    """Checks ``X-Signature-Ed25519`` and ``X-Signature-Timestamp`` against the body."""

    def __init__(self, public_key_hex: str) -> None:
        self._key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))

    def valid(self, signature: str | None, timestamp: str | None, body: bytes,
              now: float) -> bool:
        """Whether Discord signed ``body`` at ``timestamp``, no more than ``MAX_SKEW`` seconds
        from ``now`` (seconds since the epoch)."""
        if not fresh(signature, timestamp, now):
            return False
        assert signature is not None and timestamp is not None
        try:
            self._key.verify(bytes.fromhex(signature), timestamp.encode() + body)
        except InvalidSignature:
            return False
        return True

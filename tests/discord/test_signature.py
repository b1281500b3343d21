"""Discord's Ed25519 signature on a POSTed interaction: valid only for the body and timestamp
signed, within MAX_SKEW seconds of our clock either way."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bot.discord.signature import MAX_SKEW, Verifier

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
BODY = b'{"type": 1}'
SENT = 1_800_000_000.0  # a fixed clock: the tests never read the wall clock


def sign(timestamp: str, body: bytes = BODY) -> str:
    return KEY.sign(timestamp.encode() + body).hex()


@pytest.mark.parametrize("now, valid", [
    (SENT, True), (SENT + MAX_SKEW, True), (SENT - MAX_SKEW, True),
    (SENT + MAX_SKEW + 0.001, False), (SENT - MAX_SKEW - 0.001, False),
])
def test_a_signature_holds_within_max_skew_of_our_clock(now, valid):
    assert MAX_SKEW == 300
    timestamp = f"{SENT:.0f}"
    assert Verifier(PUBLIC).valid(sign(timestamp), timestamp, BODY, now) is valid


@pytest.mark.parametrize("signature, timestamp, body", [
    (sign("1800000000"), "1800000000", b'{"type": 2}'),   # another body
    (sign("1800000001"), "1800000000", BODY),             # another timestamp signed
    (sign("1800000000")[:-2], "1800000000", BODY),        # 63 bytes
    (sign("1800000000") + "00", "1800000000", BODY),      # 65 bytes
    ("zz" * 64, "1800000000", BODY),                      # not hex
    (sign("1800000000"), "soon", BODY),                   # not a time
    (None, "1800000000", BODY), (sign("1800000000"), None, BODY), ("", "", BODY),
])
def test_anything_but_discords_signature_of_this_body_is_refused(signature, timestamp, body):
    assert Verifier(PUBLIC).valid(signature, timestamp, body, SENT) is False


def test_another_keys_signature_is_refused():
    other = Ed25519PrivateKey.generate().sign(b"1800000000" + BODY).hex()
    assert Verifier(PUBLIC).valid(other, "1800000000", BODY, SENT) is False
    assert Verifier(PUBLIC).valid(sign("1800000000"), "1800000000", BODY, SENT) is True


@pytest.mark.parametrize("timestamp", ["nan", "NaN", "inf", "-inf", "1.8e9", " 1800000000",
                                       "1800000000\n", "+1800000000", "0x6b49d200"])
def test_a_timestamp_that_is_not_a_plain_number_is_refused_even_when_signed(timestamp):
    """``float("nan")`` compares false with everything: a freshness test written as
    ``abs(now - sent) > MAX_SKEW`` lets it through, and the signed request never expires."""
    assert Verifier(PUBLIC).valid(sign(timestamp), timestamp, BODY, SENT) is False

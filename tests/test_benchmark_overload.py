"""How ``benchmarks.overload`` reads what the endpoint told Discord: an answer in the response
body is an answer (not a deferral), the stand-in deferral and "busy" are told apart."""

from __future__ import annotations

import json

import pytest

from benchmarks.overload import classify
from bot import i18n


def _body(kind: int, content: str | None = None) -> bytes:
    data = {} if content is None else {"content": content, "flags": 64}
    return json.dumps({"type": kind, "data": data}).encode()


@pytest.mark.parametrize(("status", "body", "kind"), [
    (200, _body(4, "**医疗** best under 5 元"), "answered"),
    (200, _body(5), "deferred"),
    (200, _body(4, i18n.t("en", "discord.busy")), "busy"),
    (200, _body(4, i18n.t("zh", "discord.busy")), "busy"),
    (202, b"", "answered"),
    (503, b"busy: try again", "refused_503"),
    (200, b"not json", "other"),
    (500, b"", "other"),
])
def test_each_response_is_counted_as_what_discord_sees(status, body, kind):
    assert classify(status, body) == kind

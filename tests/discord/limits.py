"""Discord's documented embed limits, checked on the JSON the bot actually sent."""

from __future__ import annotations


def assert_embed_within_limits(embed: dict) -> None:
    """Fail when any part of a sent embed is over one of Discord's limits."""
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    fields = embed.get("fields") or []
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    assert len(title) <= 256, len(title)
    assert len(description) <= 4096, len(description)
    assert len(fields) <= 25, len(fields)
    for f in fields:
        assert 0 < len(f["name"]) <= 256, f["name"]
        assert 0 < len(f["value"]) <= 1024, len(f["value"])
    assert len(footer) <= 2048
    assert len(author) <= 256
    total = len(title) + len(description) + len(footer) + len(author) + sum(
        len(f["name"]) + len(f["value"]) for f in fields)
    assert total <= 6000, total

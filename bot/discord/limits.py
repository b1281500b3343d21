"""Discord's embed limits, enforced before sending: Discord answers 400 to anything larger,
and discord.py does not check. Text is cut with a marker, never rejected."""

from __future__ import annotations

from functools import lru_cache

import discord

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
CHOICES = 25
CHOICE_NAME = 100
SELECT_OPTIONS = 25
SELECT_LABEL = 100
MARK = "…"


def cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, ending with ``…`` when it was cut."""
    return text if len(text) <= limit else text[: limit - len(MARK)] + MARK


def cut_middle(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, its middle replaced by ``…``: long model
    names differ at their ends (``-alpha``, ``-fp8``), so a label keeps both."""
    if len(text) <= limit:
        return text
    head = (limit - len(MARK)) * 2 // 3
    tail = limit - len(MARK) - head
    return text[:head] + MARK + text[-tail:]


@lru_cache(maxsize=8192)  # embeds repeat the same lines; the regex is the cost
def _inert(text: str) -> str:
    return discord.utils.escape_mentions(text)


def _size(embed: discord.Embed) -> int:
    return len(embed)


def fit(embed: discord.Embed) -> discord.Embed:
    """Cut every part of ``embed`` to its limit, then drop trailing fields and shorten the
    description until the whole embed fits in 6,000 characters.

    Mentions in the description and the field values, the parts where Discord draws them, are
    made inert first: a board's domain or title such as ``@here`` shows as text, not as a chip
    (the message is sent with no allowed mentions as well, so nothing pings either way).
    """
    if embed.title:
        embed.title = cut(embed.title, TITLE)
    if embed.description:
        embed.description = cut(_inert(embed.description), DESCRIPTION)
    if embed.author and embed.author.name:
        embed.set_author(name=cut(embed.author.name, AUTHOR), url=embed.author.url,
                         icon_url=embed.author.icon_url)
    if embed.footer and embed.footer.text:
        embed.set_footer(text=cut(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    while len(embed.fields) > FIELDS:
        embed.remove_field(FIELDS)
    for index, field in enumerate(embed.fields):
        name = cut(field.name or "\u200b", FIELD_NAME) or "\u200b"
        value = cut(_inert(field.value or "\u200b"), FIELD_VALUE) or "\u200b"
        if name != field.name or value != field.value:  # most fields fit as they are
            embed.set_field_at(index, name=name, value=value, inline=bool(field.inline))
    dropped = False
    while _size(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
        dropped = True
    if _size(embed) > EMBED_TOTAL and embed.description:
        room = len(embed.description) - (_size(embed) - EMBED_TOTAL)
        embed.description = cut(embed.description, max(len(MARK), room))
    if dropped and _size(embed) + 2 <= EMBED_TOTAL:
        embed.add_field(name=MARK, value=MARK, inline=False)
    return embed

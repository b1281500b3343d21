"""What every renderer is told besides the result: the reader's language and currency."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import CNY, Lang, Money


@dataclass(frozen=True)
class RenderContext:
    """The language a reply is written in and the currency its prices are shown in."""

    lang: Lang = "en"
    money: Money = CNY

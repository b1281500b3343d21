"""zh-CN / zh-TW names and descriptions for every slash command and option.

discord.py asks the ``Translator`` for each ``locale_str`` when it builds the sync payload; the
English text is the key and the fallback. The Chinese text is in ``bot.i18n.slash_zh``.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.i18n.slash_zh import SLASH_ZH as ZH

_CHINESE = {discord.Locale.chinese, discord.Locale.taiwan_chinese}


class Translator(app_commands.Translator):
    """Chinese for zh-CN and zh-TW clients; English (the key) for every other locale."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The Chinese text for ``string`` when ``locale`` is Chinese, else None (English)."""
        if locale not in _CHINESE:
            return None
        return ZH.get(string.message)

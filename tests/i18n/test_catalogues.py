"""The message catalogues: the same keys in both languages, every key the code uses exists,
and every placeholder a Chinese message uses is one the English message has."""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.i18n import en, zh

BOT = Path(__file__).resolve().parents[2] / "bot"
# t(lang, "key" ...), i18n.t(..., "key"), and f"prefix.{...}" keys built from a known prefix
LITERAL = re.compile(r"""\bt\(\s*[\w.]+,\s*["']([a-z_]+\.[a-z_0-9]+)["']""")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys():
    """A key missing in Chinese would silently fall back to English."""
    assert set(en.MESSAGES) == set(zh.MESSAGES)


def test_every_key_the_code_names_exists():
    """A misspelt key would show its raw name to the user."""
    used = {key for path in BOT.rglob("*.py") for key in LITERAL.findall(path.read_text())}
    assert used, "the pattern found no keys: it is out of date"
    assert sorted(used - set(en.MESSAGES)) == []


def test_translations_use_the_same_placeholders():
    """A Chinese message may not ask for a value the English call does not pass."""
    for key, text in zh.MESSAGES.items():
        assert _placeholders(text) <= _placeholders(en.MESSAGES[key]) | {"command"}, key


def test_chinese_messages_are_chinese():
    """Every Chinese message that is more than a value or a name holds Chinese characters."""
    skip = {"price.value", "settings.lang_en", "settings.lang_zh", "compare.title",
            "model.title", "label.tie", "source.release", "source.release_nodate",
            "source.releases",
            "filter.list", "filter.any", "filter.separator"}  # punctuation around values
    for key, text in zh.MESSAGES.items():
        if key in skip or not re.search(r"[A-Za-z]{4,}", text.replace("token", "")):
            continue
        assert re.search(r"[\u4e00-\u9fff]", text), key

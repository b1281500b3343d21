"""The Chinese names and descriptions Discord shows zh-CN and zh-TW clients, as registered:
every name valid for Discord and unique among its siblings (Discord refuses the whole sync
otherwise), the same for both Chinese locales, none for other locales."""

from __future__ import annotations

import re

import pytest

NAME = re.compile(r"^[-_\w]{1,32}$")  # Discord's rule for command and option names
CHINESE = ("zh-CN", "zh-TW")


def registered(fake) -> list[dict]:
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    return puts[-1].json


def walk(items: list[dict], path: str = "") -> list[tuple[str, list[dict]]]:
    """Every list of siblings: the commands, each command's options, each subcommand's."""
    out = [(path or "/", items)]
    for item in items:
        if item.get("options") and item.get("type", 1) in (1, 2):
            out += walk(item["options"], f"{path}/{item['name']}")
    return out


@pytest.mark.parametrize("locale", CHINESE)
async def test_every_chinese_name_is_valid_and_unique_among_its_siblings(harness, fake, locale):
    for path, siblings in walk(registered(fake)):
        names = [s["name_localizations"][locale] for s in siblings]
        assert len(set(names)) == len(names), (path, names)
        for name in names:
            assert NAME.match(name) and name == name.lower(), (path, name)
        for sibling in siblings:
            description = (sibling.get("description_localizations") or {}).get(locale)
            assert description and len(description) <= 100, (path, sibling["name"])


async def test_both_chinese_locales_read_the_same_and_no_other_locale_is_sent(harness, fake):
    for _path, siblings in walk(registered(fake)):
        for sibling in siblings:
            names = sibling["name_localizations"]
            assert set(names) == set(CHINESE), names
            assert names["zh-CN"] == names["zh-TW"]


@pytest.mark.parametrize("command, subcommand, zh", [
    ("settings", "hide", "隐藏"), ("settings", "unhide", "取消隐藏"), ("settings", "show", "查看"),
    ("watch", None, "订阅变动"), ("reload", None, "重新加载"),
])
async def test_the_admin_commands_chinese_names(harness, fake, command, subcommand, zh):
    item = next(c for c in registered(fake) if c["name"] == command)
    if subcommand is not None:
        item = next(o for o in item["options"] if o["name"] == subcommand)
    assert item["name_localizations"]["zh-TW"] == zh

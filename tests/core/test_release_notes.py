"""The release notes are stored with the release (its README) and shown, short, in /about:
the first three sub-bullets of the release's own note, each cut at 160 characters."""

from __future__ import annotations

import datetime as dt

from bot.core.catalog import load_catalog
from bot.core.info import about
from bot.core.release import read_release_notes
from bot.core.requests import AboutRequest
from bot.discord.embeds import render_about
from bot.render.context import RenderContext
from bot.render.text import format_about
from tests.paths import CURRENT_DIR

TODAY = dt.date(2026, 12, 6)


def test_the_newest_note_gives_its_own_sub_bullets_only():
    text = ("- [2026/9/8] v5.11.7版本\n  - 新增大模型：gpt-6-astra\n  - 修改权重\n"
            "- [2026/9/4] v5.11.6版本\n  - 新增大模型：gemini-3.8-flash\n")
    info = read_release_notes(text, today=TODAY)
    assert info is not None and info.notes == ("新增大模型：gpt-6-astra", "修改权重")


def test_three_notes_at_most_each_cut_at_160_characters():
    long = "长" * 161
    text = ("- [2026/9/8] v5.11.7版本\n  - " + "x" * 160 + f"\n  - {long}\n  - c\n  - d\n")
    info = read_release_notes(text, today=TODAY)
    assert info is not None
    assert info.notes == ("x" * 160, "长" * 159 + "…", "c")


def test_the_one_line_notes_of_old_releases_have_none():
    info = read_release_notes("- [2025/3/17]v3.6版本，[2025/3/15]v3.5版本\n", today=TODAY)
    assert info is not None and info.version == "v3.6" and info.notes == ()


def test_about_shows_the_current_releases_notes_everywhere():
    catalog = load_catalog(CURRENT_DIR)
    result = about(catalog, AboutRequest())
    assert result.releases[0].notes == ["新增大模型：gpt-6-astra"]
    text = format_about(result, RenderContext(lang="en"))
    assert "Release notes of v5.11.7:\n  - 新增大模型：gpt-6-astra\n" in text
    assert "v5.11.7 版本说明：" in format_about(result, RenderContext(lang="zh"))
    embed = render_about(result, RenderContext(lang="en"))
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Release notes of v5.11.7:"] == "- 新增大模型：gpt-6-astra"

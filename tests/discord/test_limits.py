"""Discord's limits, pinned at their boundaries with Discord's own numbers (never the constants
of ``bot.discord.limits``, which these tests check): a field value of 1,024 characters, a
description of 4,096, a title of 256, a footer of 2,048, an author of 256, 25 fields, 6,000 in
all; 25 autocomplete choices and select options of at most 100 characters.

Then the largest embeds the bot can make: every command over boards of extreme names, which
fill the limits exactly and never pass them."""

from __future__ import annotations

import discord
import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.commands import build_request
from bot.core.diff import diff_catalogs
from bot.core.errors import UserError
from bot.core.queries import execute
from bot.discord.embeds import render_error, render_reload, render_result
from bot.discord.limits import cut, cut_middle, fit
from bot.render.context import RenderContext
from tests.discord.limits import assert_embed_within_limits

# Discord's numbers (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE = 256, 4096, 25, 256, 1024
FOOTER, AUTHOR, TOTAL, CHOICES, CHOICE_NAME = 2048, 256, 6000, 25, 100


# -- cutting text -----------------------------------------------------------------------------


def test_text_at_the_limit_is_kept_and_one_more_character_is_cut():
    """1,024 characters stay as they are; 1,025 become 1,023 and an ellipsis."""
    exact = "x" * 1024
    assert cut(exact, 1024) == exact
    longer = "y" * 1023 + "z" * 2
    assert cut(longer, 1024) == "y" * 1023 + "…"
    assert len(cut("w" * 5000, 1024)) == 1024


def test_cutting_the_middle_keeps_both_ends():
    """Long names differ at their ends (-fp8, -alpha): a label keeps two thirds of the head and
    the rest of the tail, 100 characters in all."""
    name = "a" * 80 + "-middle-" + "b" * 60 + "-fp8"
    label = cut_middle(name, 100)
    assert len(label) == 100
    assert label.startswith("a" * 66 + "…")
    assert label.endswith("b" * 29 + "-fp8")
    assert cut_middle("short", 100) == "short"
    assert cut_middle("c" * 100, 100) == "c" * 100
    assert cut_middle("c" * 101, 100) == "c" * 66 + "…" + "c" * 33


# -- fit --------------------------------------------------------------------------------------


def _sizes(embed: discord.Embed) -> dict[str, int]:
    data = embed.to_dict()
    return {
        "title": len(data.get("title", "")),
        "description": len(data.get("description", "")),
        "footer": len(data.get("footer", {}).get("text", "")),
        "author": len(data.get("author", {}).get("name", "")),
        "fields": len(data.get("fields", [])),
        "total": len(embed),
    }


def test_each_part_is_cut_to_exactly_its_limit():
    """A title, description, author and footer far too long: each is cut to Discord's number
    (the total is then over 6,000, so the description gives way down to exactly 6,000)."""
    embed = discord.Embed(title="t" * 999, description="d" * 9999)
    embed.set_author(name="a" * 999)
    embed.set_footer(text="f" * 9999)
    sizes = _sizes(fit(embed))
    assert (sizes["title"], sizes["author"], sizes["footer"]) == (TITLE, AUTHOR, FOOTER)
    assert sizes["description"] == TOTAL - TITLE - AUTHOR - FOOTER
    assert sizes["total"] == TOTAL
    assert embed.description.endswith("…")


def test_a_description_alone_is_cut_to_4096():
    embed = fit(discord.Embed(description="d" * 5000))
    assert len(embed.description) == DESCRIPTION
    assert fit(discord.Embed(description="e" * 4096)).description == "e" * 4096


def test_a_field_is_cut_to_1024_and_its_name_to_256():
    embed = fit(discord.Embed().add_field(name="n" * 300, value="v" * 2000))
    (field,) = embed.fields
    assert (len(field.name), len(field.value)) == (FIELD_NAME, FIELD_VALUE)
    kept = fit(discord.Embed().add_field(name="n" * 256, value="v" * 1024)).fields[0]
    assert (kept.name, kept.value) == ("n" * 256, "v" * 1024)


def test_at_most_25_fields_the_first_ones():
    """30 small fields: the first 25 are kept, in order."""
    embed = discord.Embed()
    for i in range(30):
        embed.add_field(name=f"f{i}", value=str(i))
    kept = fit(embed).fields
    assert [f.name for f in kept] == [f"f{i}" for i in range(FIELDS)]


def _six_thousand() -> discord.Embed:
    """An embed of exactly 6,000 characters, every part within its own limit."""
    embed = discord.Embed(description="d" * 4000, title="t" * 200)
    embed.add_field(name="n" * 256, value="v" * 1024)
    embed.set_footer(text="f" * 520)
    assert len(embed) == TOTAL
    return embed


def test_exactly_6000_characters_are_kept_whole():
    """An embed of exactly 6,000 characters loses nothing."""
    sizes = _sizes(fit(_six_thousand()))
    assert (sizes["total"], sizes["fields"], sizes["description"]) == (TOTAL, 1, 4000)


def test_over_6000_trailing_fields_go_and_an_ellipsis_field_says_so():
    """Ten fields of 999 characters and a 1,000-character description: trailing fields are
    dropped until it fits (five, 5,995 characters), and a last "…" field says some were left
    out; had it no room (5,999 characters and more), none is added."""
    embed = discord.Embed(description="d" * 1000)
    for i in range(10):
        embed.add_field(name=f"f{i}", value="v" * 997)
    kept = fit(embed)
    assert len(kept) == 5995 + 2
    assert [f.name for f in kept.fields] == ["f0", "f1", "f2", "f3", "f4", "…"]
    assert kept.fields[-1].value == "…"
    assert len(kept.description) == 1000
    full = discord.Embed(description="d" * 1000)
    for i in range(10):
        full.add_field(name=f"f{i}", value="v" * 998)
    assert [f.name for f in fit(full).fields] == ["f0", "f1", "f2", "f3", "f4"]
    assert len(full) == TOTAL


@pytest.mark.parametrize(("description", "marked"), [(1003, True), (1004, False)])
def test_the_ellipsis_field_is_added_only_when_it_fits(description, marked):
    """Five fields kept of 999 characters: with a 1,003-character description the "…" field
    (two characters) ends at exactly 6,000; with 1,004 it would pass it, so it is left out."""
    embed = discord.Embed(description="d" * description)
    for i in range(10):
        embed.add_field(name=f"f{i}", value="v" * 997)
    kept = fit(embed)
    assert len(kept) <= TOTAL
    assert (kept.fields[-1].name == "…") is marked
    assert len(kept) == (TOTAL if marked else description + 5 * 999)


def test_over_6000_with_one_character_too_many():
    """6,001 characters: the one trailing field goes (its place taken by "…")."""
    embed = _six_thousand()
    embed.title += "t"
    assert len(embed) == TOTAL + 1
    kept = fit(embed)
    assert len(kept) == TOTAL + 1 - (256 + 1024) + 2
    assert [f.name for f in kept.fields] == ["…"]


def test_empty_field_names_and_values_become_invisible_text():
    """Discord refuses an empty field name or value: a zero-width space stands in."""
    (field,) = fit(discord.Embed().add_field(name="", value="")).fields
    assert (field.name, field.value) == ("\u200b", "\u200b")


def test_mentions_are_made_inert_where_discord_draws_them():
    """@everyone and a role mention in a description or field value show as text."""
    embed = discord.Embed(description="hi @everyone <@&123456789012345678>")
    embed.add_field(name="x", value="@here")
    fit(embed)
    assert "@everyone" not in embed.description
    assert "<@&123456789012345678>" not in embed.description
    assert embed.fields[0].value != "@here"


# -- autocomplete and select menus ------------------------------------------------------------


async def test_a_select_of_candidates_holds_25_options_of_at_most_100_characters():
    """An ambiguous name with 40 long candidates: 25 options, each label exactly 100 characters
    (both ends of the name kept), values short positions."""
    from bot.discord.views import which_model

    candidates = [f"model-{i:02d}-" + "x" * 200 + f"-end{i:02d}" for i in range(40)]
    view = which_model(1, "0" * 16, candidates, "en")
    (menu,) = view.children
    options = menu.item.options
    assert len(options) == CHOICES
    assert all(len(o.label) == CHOICE_NAME for o in options)
    assert options[0].label.startswith("model-00-") and options[0].label.endswith("-end00")
    assert [o.value for o in options] == [str(i) for i in range(25)]
    view.stop()


# -- the largest embeds the bot makes ---------------------------------------------------------

LONG_NAME = 190
LONG_DOMAINS = [f"领域{i:02d}" + "长" * 120 for i in range(40)]
SHORT_DOMAINS = [f"d{i:02d}" for i in range(30)]


def _extreme(shift: int = 0) -> Catalog:
    """Boards at the extremes of what a board may hold: 60 models of 197-character names (a
    command takes names of up to 200), 600-character organisations, 40 domains of
    125-character names, 900-character headings."""
    header = "|排名|大模型|机构|输出价格|总分|类别|短|" + "|".join(LONG_DOMAINS) + "|"
    separator = "|" + "|".join("-" for _ in range(7 + len(LONG_DOMAINS))) + "|"
    rows = []
    for i in range(1, 61):
        scores = "|".join(f"{(i * 7 + j) % 100}" for j in range(len(LONG_DOMAINS)))
        rank = (i + shift - 1) % 60 + 1
        rows.append(f"|{rank}|m{i:02d}-{'n' * LONG_NAME}-{i:02d}(new)|{'机构' * 300}{i % 5}|"
                    f"{(i + shift) % 13}.5元|{90 - i / 10:.1f}|{'开源' if i % 2 else '商用'}|"
                    f"{50 + i % 30}|{scores}|")
    broad = f"### {'榜' * 900}\n" + "\n".join([header, separator, *rows]) + "\n"
    other = f"### {'另' * 900}\n|排名|大模型|短|\n|-|-|-|\n" + "".join(
        f"|{i}|m{i:02d}-{'n' * LONG_NAME}-{i:02d}|{40 + i % 50}|\n" for i in range(1, 61))
    return Catalog([*parse_boards(broad, "x.md"), *parse_boards(other, "y.md")])


def _many_domains() -> Catalog:
    """30 short domains: a model card and /domains with a field each, more than 25."""
    header = "|排名|大模型|机构|输出价格|总分|" + "|".join(SHORT_DOMAINS) + "|"
    separator = "|" + "|".join("-" for _ in range(5 + len(SHORT_DOMAINS))) + "|"
    rows = [f"|{i}|m{i}|o{i}|{i}元|{90 - i}|" + "|".join(str(40 + (i * j) % 60)
                                                        for j in range(30)) + "|"
            for i in range(1, 31)]
    return Catalog(parse_boards("### many\n" + "\n".join([header, separator, *rows]) + "\n",
                                "m.md"))


def _asked(catalog: Catalog) -> list[tuple[str, dict]]:
    names = [r.name for r in catalog.records]
    asked: list[tuple[str, dict]] = []
    for domain in ("短", LONG_DOMAINS[0], "总分", SHORT_DOMAINS[0]):
        asked += [("best", {"domain": domain, "top": 25}),
                  ("best", {"domain": domain, "top": 25, "budget": 5}),
                  ("leaderboard", {"domain": domain, "per_page": 25}),
                  ("value", {"domain": domain})]
    asked += [("compare", dict(zip(["model_a", "model_b", "model_c", "model_d"], names[:4],
                                   strict=False))),
              ("model", {"name": names[0]}), ("model", {"name": "m0"}),
              ("model", {"name": "n" * 150}),  # ambiguous: ten long candidates suggested
              ("recommend", {"weights": "短=2 总分=1", "top": 25}),
              ("recommend", {"weights": " ".join(SHORT_DOMAINS[:8]), "top": 25}),
              ("cost", {"model": names[0], "tokens": "1M"}),
              ("domains", {}), ("about", {})]
    return asked


def _every_embed() -> list[tuple[str, discord.Embed]]:
    made = []
    for catalog in (_extreme(), _many_domains()):
        for lang in ("en", "zh"):
            for command, options in _asked(catalog):
                try:
                    request = build_request(command, options)
                    embed = render_result(execute(catalog, request), RenderContext(lang))
                except UserError as error:  # long names: too long to ask for, or ambiguous
                    embed = render_error(error, lang)
                made.append((f"{command} {lang}", embed))
    for lang in ("en", "zh"):
        made.append((f"reload {lang}", render_reload(diff_catalogs(_extreme(), _extreme(7)),
                                                     lang)))
    return made


@pytest.fixture(scope="module")
def every_embed() -> list[tuple[str, discord.Embed]]:
    return _every_embed()


def test_every_embed_is_within_every_limit(every_embed):
    """Every command's answer (or error) over the extreme boards, in both languages."""
    for what, embed in every_embed:
        data = embed.to_dict()
        assert_embed_within_limits(data)
        assert len(embed) <= TOTAL, what


def test_the_longest_field_the_bot_makes_is_exactly_1024(every_embed):
    """Long names fill a field to Discord's limit, and not one character past it."""
    longest = max(len(f.value or "") for _, e in every_embed for f in e.fields)
    assert longest == FIELD_VALUE


def test_the_embed_with_the_most_fields_has_exactly_25(every_embed):
    """A card or domain list of 30 domains stops at Discord's 25 fields."""
    assert max(len(e.fields) for _, e in every_embed) == FIELDS


def test_the_largest_embed_the_bot_makes_comes_close_to_6000_without_passing_it(every_embed):
    """The extreme boards make embeds that the 6,000 limit trims: the largest ends within a
    field's length of it, never over."""
    largest = max(len(e) for _, e in every_embed)
    assert TOTAL - 200 <= largest <= TOTAL


def test_the_longest_title_the_bot_makes_is_exactly_256(every_embed):
    """A /compare of four 197-character names makes a title cut to Discord's 256."""
    assert max(len(e.title or "") for _, e in every_embed) == TITLE


def test_fitting_keeps_links_icons_and_layout():
    """Cutting text never drops an author's link or icon, a footer's icon, or whether a field
    is inline; the ellipsis field is a full-width one."""
    embed = discord.Embed(description="d" * 1000)
    embed.set_author(name="a" * 300, url="https://example.invalid/a",
                     icon_url="https://example.invalid/a.png")
    embed.set_footer(text="f" * 3000, icon_url="https://example.invalid/f.png")
    embed.add_field(name="inline", value="x", inline=True)
    embed.add_field(name="block", value="y", inline=False)
    for i in range(8):
        embed.add_field(name=f"big{i}", value="v" * 1000, inline=True)
    data = fit(embed).to_dict()
    assert data["author"] == {"name": "a" * 255 + "…", "url": "https://example.invalid/a",
                              "icon_url": "https://example.invalid/a.png"}
    assert data["footer"]["icon_url"] == "https://example.invalid/f.png"
    assert [(f["name"], f["inline"]) for f in data["fields"][:2]] == [
        ("inline", True), ("block", False)]
    assert data["fields"][-1] == {"name": "…", "value": "…", "inline": False}
    icon_only = discord.Embed(description="x").set_footer(icon_url="https://example.invalid/i")
    assert fit(icon_only).to_dict()["footer"] == {"icon_url": "https://example.invalid/i"}


def test_a_field_whose_name_alone_is_too_long_is_cut_and_keeps_its_layout():
    """Only the name is over 256: it is cut all the same; a cut field keeps its layout (inline
    or full width), the value untouched."""
    embed = discord.Embed()
    embed.add_field(name="n" * 300, value="short", inline=False)
    embed.add_field(name="m" * 300, value="v" * 2000, inline=True)
    fields = fit(embed).to_dict()["fields"]
    assert [(len(f["name"]), f["inline"]) for f in fields] == [(FIELD_NAME, False),
                                                               (FIELD_NAME, True)]
    assert fields[0]["value"] == "short"
    assert len(fields[1]["value"]) == FIELD_VALUE

"""Property (hypothesis): whatever the catalog, every embed the bot builds is within every one of
Discord's limits: long names, many domains, many models, markdown and mentions in the data."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.catalog import Catalog
from bot.core.commands import build_request
from bot.core.diff import diff_catalogs
from bot.core.errors import UserError
from bot.core.models import TOTAL, Board, Entry
from bot.core.queries import execute
from bot.core.requests import MAX_TEXT, clean_text
from bot.discord.embeds import render_error, render_reload, render_result
from bot.render.context import RenderContext
from tests.discord.limits import assert_embed_within_limits

EMBEDS = settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What board text may hold: Latin, digits, CJK, emoji, and markdown and mention characters.
alphabet = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="|"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from(["🆕", "🤖", "元", "·", "*", "_", "`", "~", "@", "<", ">", "&", "#"]),
)
text = st.text(alphabet, min_size=1, max_size=300).map(clean_text).filter(bool)
KNOWN = ["医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从", "金融"]
domain_names = st.one_of(st.sampled_from(KNOWN), text).filter(lambda d: d != TOTAL)
scores = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))
prices = st.one_of(st.none(), st.just(0.0),
                   st.floats(min_value=0, max_value=1_000_000, allow_nan=False))


@st.composite
def boards(draw: st.DrawFn, index: int) -> Board:
    title = draw(text)
    heads = draw(st.lists(domain_names, min_size=1, max_size=30, unique=True))
    names = draw(st.lists(text, min_size=1, max_size=45, unique_by=str.casefold))
    models = [
        Entry(rank=rank, name=name, org=draw(st.one_of(st.none(), text)), price=draw(prices),
              total=draw(scores), scores={h: draw(scores) for h in heads},
              is_new=draw(st.booleans()), line=rank + 3)
        for rank, name in enumerate(names, 1)
    ]
    return Board(title=title, source=f"gen-{index}.md", line=2, domains=heads, models=models)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    count = draw(st.integers(min_value=1, max_value=3))
    found = [draw(boards(i)) for i in range(count)]
    titles = {b.title for b in found}
    if len(titles) != len(found):  # one title per board, as the parser makes them
        found = [b.model_copy(update={
            "title": f"{b.title} ({i})",
            "models": [m.model_copy(update={"board": f"{b.title} ({i})"}) for m in b.models]})
            for i, b in enumerate(found)]
    return Catalog(found)


def _queryable(name: str) -> bool:
    return len(name) <= MAX_TEXT


def _requests(catalog: Catalog, draw: st.DrawFn) -> list[tuple[str, dict]]:
    domains = [*[d for b in catalog.boards for d in b.domains if _queryable(d)][:3], TOTAL]
    names = [e.name for e in catalog.records if _queryable(e.name)]
    asked: list[tuple[str, dict]] = []
    for domain in domains:
        budget = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1_000_000)))
        asked += [("best", {"domain": domain, "top": 25, "budget": budget}),
                  ("leaderboard", {"domain": domain, "per_page": 25}),
                  ("leaderboard", {"domain": domain, "page": 2, "per_page": 25}),
                  ("value", {"domain": domain})]
    if len(names) >= 2:
        picked = draw(st.lists(st.sampled_from(names), min_size=2, max_size=4, unique=True))
        asked.append(("compare", dict(zip(["model_a", "model_b", "model_c", "model_d"], picked,
                                          strict=False))))
    for name in names[:3]:
        asked.append(("model", {"name": name}))
    asked += [("domains", {}), ("about", {})]
    return asked


@EMBEDS
@given(catalogs(), st.sampled_from(["en", "zh"]), st.data())
def test_every_embed_of_any_catalog_is_within_discord_limits(catalog, lang, data):
    """Each command's embed (or its error embed) fits: title, description, fields, footer,
    author and the 6,000 total."""
    for command, options in _requests(catalog, data.draw):
        try:
            result = execute(catalog, build_request(command, options))
        except UserError as error:
            embed = render_error(error, lang)
        else:
            embed = render_result(result, RenderContext(lang))
        assert_embed_within_limits(embed.to_dict())


@EMBEDS
@given(catalogs(), catalogs(), st.sampled_from(["en", "zh"]))
def test_the_reload_report_of_any_two_catalogs_is_within_limits(before, after, lang):
    """What changed between any two catalogs (everything renamed, repriced, moved) fits."""
    assert_embed_within_limits(render_reload(diff_catalogs(before, after), lang).to_dict())

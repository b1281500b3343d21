"""One release per comparison, free is a price, and ranks that do not depend on which files are
present: the cases of the issue, on the real files of CLiB v5.11.7 (bundled), v5.8 (rebuilt
from the repository's history) and v3.6 (the seed), rendered as users see them (terminal text
and the real discord.py embeds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import i18n
from bot.core.catalog import Catalog, load_catalog
from bot.core.errors import AmbiguousModel, UserError
from bot.core.queries import execute
from bot.core.requests import (
    BestRequest,
    CompareRequest,
    CostRequest,
    ModelRequest,
    ValueRequest,
)
from bot.discord.embeds import render_result
from bot.render.context import RenderContext
from bot.render.text import format_result
from tests.paths import CURRENT_DIR, DATA, SEED_DIR

V58_DIR = Path(__file__).parent / "fixtures" / "releases" / "v5.8"
EN = RenderContext(lang="en")
ZH = RenderContext(lang="zh")


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Catalog:
    """v5.11.7, v5.8 and v3.6 in one data folder, as a user who keeps history has them."""
    folder = tmp_path_factory.mktemp("three")
    for source in (CURRENT_DIR, V58_DIR, SEED_DIR):
        shutil.copytree(source, folder / source.name)
    return load_catalog(folder)


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog(DATA)


def text(catalog: Catalog, request, ctx: RenderContext = EN) -> str:
    return format_result(execute(catalog, request), ctx)


def embed_text(catalog: Catalog, request, ctx: RenderContext = EN) -> str:
    """Everything a reader sees in the embed: title, description, fields, footer."""
    embed = render_result(execute(catalog, request), ctx).to_dict()
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join([*parts, embed.get("footer", {}).get("text", "")])


# -- ranks that do not depend on the files present ---------------------------------------------


def test_the_headline_rank_does_not_depend_on_alldata(tmp_path):
    """Without alldata.md the broadest boards tie (总分.md, the per-domain boards: 97 models
    each): the headline is still the rank by total, kimi-k3 #4 and qwen3.7-max #1 of 97."""
    copy = tmp_path / "v5.11.7"
    shutil.copytree(CURRENT_DIR, copy)
    (copy / "leaderboard" / "alldata.md").unlink()
    for catalog in (load_catalog(CURRENT_DIR), load_catalog(copy)):
        for name, rank in (("kimi-k3", 4), ("qwen3.7-max", 1)):
            card = execute(catalog, ModelRequest(name=name)).model
            assert (card.rank, card.rank_size) == (rank, 97)
        assert "\n#4 of 97 by total in CLiB v5.11.7\n" in text(catalog, ModelRequest(
            name="kimi-k3"))
        assert "v5.11.7 总分第 4 名（共 97 个）" in embed_text(
            catalog, ModelRequest(name="kimi-k3"), ZH)


def test_a_model_measured_nowhere_has_no_rank_and_keeps_what_was_measured(tmp_path):
    """A row whose score is "/%" (not measured) on a per-benchmark board: a model that stands
    only there gets no rank (never "#98 of 98"); a model also scored elsewhere keeps the
    latency, tokens and cost the board gives beside its "/%"."""
    copy = tmp_path / "v5.11.7"
    shutil.copytree(CURRENT_DIR, copy)
    board = copy / "leaderboard" / "BFCL-V3.md"
    lines = board.read_text(encoding="utf-8").splitlines()
    end = max(i for i, line in enumerate(lines) if line.startswith("|")) + 1
    lines[end:end] = ["|商用|测试|only-here|/%|21s|3557|182.7|11|",
                      "|开源|月之暗面|kimi-k3(new)|/%|30s|900|20.0|12|"]
    board.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalog = load_catalog(copy)
    alone = execute(catalog, ModelRequest(name="only-here")).model
    assert (alone.rank, alone.total, alone.domain_ranks) == (None, None, {})
    assert alone.scores == {"BFCL-V3": None}
    shown = text(catalog, ModelRequest(name="only-here"))
    assert "\nNo score on any board: not ranked in CLiB v5.11.7\n" in shown
    assert "#11" not in shown and "21 s" in shown and "3,557" in shown and "182.7元" in shown
    kimi = execute(catalog, ModelRequest(name="kimi-k3")).model
    assert kimi.scores["BFCL-V3"] is None and "BFCL-V3" not in kimi.domain_ranks
    assert kimi.measures["BFCL-V3"].model_dump() == {"latency": 30.0, "tokens": 900.0,
                                                     "cost_per_1000": 20.0}
    assert kimi.rank == 4  # a board that measured nothing adds no rank and takes none away


# -- one release per comparison ----------------------------------------------------------------


def test_compare_moves_to_the_newest_release_that_lists_every_model(three):
    """gpt-oss-120b is in v5.11.7 and v5.8, DeepSeek-V3.1 in v5.8 only: the comparison is made
    in v5.8 (gpt-oss-120b's v5.8 figures: 59.1 at 3.26元), winners named, and says so."""
    result = execute(three, CompareRequest(model_a="gpt-oss-120b", model_b="DeepSeek-V3.1"))
    assert (result.common_release, result.same_release) == ("v5.8", True)
    assert [(m.release, m.total, m.price) for m in result.models] == [
        ("v5.8", 59.1, 3.26), ("v5.8", 64.2, 12.0)]
    assert result.total_winner == "DeepSeek-V3.1"
    assert result.source.releases == ["v5.8"]
    assert "Compared in v5.8, the newest release that lists every one" in text(
        three, CompareRequest(model_a="gpt-oss-120b", model_b="DeepSeek-V3.1"))
    assert "Compared in v5.8" in embed_text(
        three, CompareRequest(model_a="gpt-oss-120b", model_b="DeepSeek-V3.1"))
    # both in the current release: nothing moves
    same = execute(three, CompareRequest(model_a="gpt-oss-120b", model_b="kimi-k3"))
    assert (same.common_release, [m.release for m in same.models]) == (
        None, ["v5.11.7", "v5.11.7"])


def test_compare_across_releases_sets_no_figure_against_another(bundled):
    """kimi-k3 (v5.11.7) and qwq-32b (v3.6) share no release: each model's figures under its
    release, no winner, no cheapest, no price ratio, no best value."""
    request = CompareRequest(model_a="kimi-k3", model_b="qwq-32b")
    result = execute(bundled, request)
    assert (result.same_release, result.common_release) == (False, None)
    assert (result.total_winner, result.cheapest, result.price_ratio, result.best_value) == (
        None, None, None, None)
    assert [m.release for m in result.models] == ["v5.11.7", "v3.6"]
    shown, embed = text(bundled, request), embed_text(bundled, request)
    assert "Price ratio" not in shown and "Most score per 元" not in shown
    assert "Price ratio" not in embed and "🏆" not in embed
    assert "#4 · v5.11.7" in shown and "#2 · v3.6" in shown


def test_cost_names_the_release_of_an_older_price(bundled):
    """qwq-32b's 6元 is v3.6's price (2025): said, beside alternatives of v5.11.7; a current
    model's bill says nothing of the kind."""
    older = execute(bundled, CostRequest(model="qwq-32b", tokens="50M"))
    assert (older.model.release, older.current_release) == ("v3.6", "v5.11.7")
    assert "qwq-32b’s price is from v3.6; the alternatives are from v5.11.7." in text(
        bundled, CostRequest(model="qwq-32b", tokens="50M"))
    assert "qwq-32b 的价格来自 v3.6" in embed_text(
        bundled, CostRequest(model="qwq-32b", tokens="50M"), ZH)
    assert "price is from" not in text(bundled, CostRequest(model="kimi-k3", tokens="50M"))


def test_an_older_release_card_is_new_in_its_own_release(bundled):
    """qwq-32b is marked (new) on the v3.6 board: new in v3.6, not "in this release"."""
    assert text(bundled, ModelRequest(name="qwq-32b")).startswith("qwq-32b  (new in v3.6)\n")
    assert embed_text(bundled, ModelRequest(name="qwq-32b")).startswith("qwq-32b · new in v3.6")
    assert text(bundled, ModelRequest(name="kimi-k3")).startswith(
        "kimi-k3  (new in this release)\n")


def test_two_modes_of_one_model_are_asked(three):
    """qwen3 235b: the Instruct and the Thinking model of v5.8 fit equally; named, each is
    found."""
    with pytest.raises(AmbiguousModel) as asked:
        three.resolve_model("qwen3 235b")
    assert asked.value.suggestions == ["qwen3-235b-a22b-instruct-2507",
                                       "qwen3-235b-a22b-thinking-2507"]
    assert three.resolve_model("qwen3 235b thinking").name == "qwen3-235b-a22b-thinking-2507"
    assert three.resolve_model("qwen3 235b instruct").name == "qwen3-235b-a22b-instruct-2507"


def test_a_name_prefers_the_newest_release(tmp_path):
    """An older release's mistral-large (as 2025's releases list it; the row is made up here)
    beside v5.11.7's mistral-large-2512: "mistral large" is the newer model; the older one's
    exact name still finds it."""
    folder = tmp_path / "data"
    shutil.copytree(CURRENT_DIR, folder / "v5.11.7")
    (folder / "v4.2").mkdir()
    (folder / "v4.2" / "commerce1.md").write_text(
        "##### （1）输出价格30元及以上商用大模型排行榜\n"
        "|排名|大模型|机构|输出价格|总分| |教育|\n|---|---|---|---|---|-|---|\n"
        "|1|mistral-large|Mistral|12.0元|70.0%| |60.0%|\n", encoding="utf-8")
    catalog = load_catalog(folder)
    assert catalog.resolve_model("mistral large").name == "mistral-large-2512"
    assert catalog.resolve_model("mistral-large").release == "v4.2"


def test_every_error_names_the_release(bundled):
    """A domain of no loaded release, a model of none: the message says which releases."""
    for request, words in ((BestRequest(domain="2025高考物理"), "[CLiB v5.11.7]"),
                           (ModelRequest(name="zzqq"), "[CLiB v5.11.7, v3.6]"),
                           (BestRequest(domain="医疗", budget=0.001, org="anthropic"),
                            "[CLiB v5.11.7]")):
        with pytest.raises(UserError) as refused:
            execute(bundled, request)
        assert i18n.error_message(refused.value, "en").endswith(words)
        assert "CLiB v5.11.7" in i18n.error_message(refused.value, "zh")


# -- free is a price, not a win ----------------------------------------------------------------


def test_value_lists_free_models_apart_and_names_a_paid_best_value(bundled):
    """v5.11.7 has three free models (LongCat-Flash-Thinking-2601 at 62.7 the best of them):
    listed apart, never the best value; the best value is the paid model with the most score
    per 元 (gpt-oss-20b, 49.7 at 0.994元: 50 a 元); a 0.712元 model stays on the frontier."""
    result = execute(bundled, ValueRequest())
    assert [i.name for i in result.free] == [
        "LongCat-Flash-Thinking-2601", "LongCat-Flash-Lite", "GLM-4.7-Flash"]
    assert all(i.price == 0 for i in result.free)
    assert all(i.price > 0 for i in [*result.frontier, *result.others])
    assert result.frontier[0].price == 0.712
    assert (result.best_value.name, round(result.best_value.score_per_yuan, 1)) == (
        "gpt-oss-20b", 50.0)
    shown = text(bundled, ValueRequest())
    assert "Best value: gpt-oss-20b scores 49.7 at 0.994元 (50.0 points per 元)." in shown
    assert "Free (0元): no score per 元, listed apart" in shown
    assert "Free (0元)" in embed_text(bundled, ValueRequest())


def test_cost_of_a_free_model_says_free(bundled):
    request = CostRequest(model="LongCat-Flash-Thinking-2601", tokens="50M")
    assert "Free: 0元 a month for 50M output tokens." in text(bundled, request)
    assert "at free per million" not in text(bundled, request)
    assert "免费：每月 5000万 输出 token 花费 0元。" in embed_text(bundled, request, ZH)

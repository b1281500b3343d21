"""Queries: best, compare, model card, leaderboard and domains, on the seed board and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.board import parse_file
from bot.core.catalog import Catalog, load_catalog
from bot.core.errors import (
    AmbiguousModel,
    InvalidOption,
    NoMatch,
    SameModel,
    UnknownDomain,
    UnknownModel,
)
from bot.core.queries import best, compare, domains, execute, leaderboard, model
from bot.core.requests import (
    BestRequest,
    CompareRequest,
    DomainsRequest,
    LeaderboardRequest,
    ModelRequest,
)
from tests.paths import SEED_DIR

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def seed():
    return load_catalog(SEED_DIR)


@pytest.fixture(scope="module")
def ranking():
    """Six models built to show the ordering rules: ties, an unknown price, a free model."""
    return Catalog(parse_file(FIXTURES / "ranking.md"))


def names(items) -> list[str]:
    """The names of ranked items or compared models, in order."""
    return [item.name for item in items]


# -- best -------------------------------------------------------------------------------------


def test_best_medical_budget_5(seed):
    """/best 医疗 budget:5 -> DeepSeek-R1-Distill-Qwen-32B (70.4 at 1.26元), then runners-up."""
    result = best(seed, BestRequest(domain="医疗", budget=5))
    winner = result.results[0]
    # its rank by 医疗 among the release's 16 models (8th: seven score more), not its rank
    # on the board, which ranks by total (4th)
    assert (winner.name, winner.score, winner.price, winner.rank, winner.org) == (
        "DeepSeek-R1-Distill-Qwen-32B", 70.4, 1.26, 8, "深度求索")
    assert winner.rank_of == "release"
    assert names(result.results) == [
        "DeepSeek-R1-Distill-Qwen-32B", "Llama-3.1-Nemotron-70B-Instruct-fp8",
        "Llama-3.3-70B-Instruct"]
    assert [item.score for item in result.results] == [70.4, 64.0, 63.3]
    assert result.domain == "医疗"
    assert result.budget == 5.0
    assert result.considered == 8


def test_best_accepts_english_domain(seed):
    """`medical` is the same query as 医疗: the result names the board's header."""
    chinese = best(seed, BestRequest(domain="医疗", budget=5))
    english = best(seed, BestRequest(domain="medical", budget=5))
    assert english.domain == "医疗"
    assert english.results == chinese.results


def test_best_without_budget_is_the_top_of_the_domain(seed):
    """Without a budget every model competes: DeepSeek-R1 leads 医疗 at 82.8."""
    result = best(seed, BestRequest(domain="医疗"))
    assert names(result.results) == ["DeepSeek-R1", "qwq-32b", "qwen2.5-72b-instruct"]
    assert result.budget is None
    assert result.considered == 16


def test_best_total_by_default(seed):
    """/best with no domain ranks by 总分."""
    result = best(seed, BestRequest())
    assert result.domain == "总分"
    assert result.results[0].name == "DeepSeek-R1"
    assert result.results[0].score == 86.9


def test_best_top_option(seed):
    """top:N returns N models, best first, scores never increasing."""
    result = best(seed, BestRequest(domain="法律", top=10))
    assert len(result.results) == 10
    scores = [item.score for item in result.results]
    assert scores == sorted(scores, reverse=True)


def test_best_ordering_score_then_price_then_rank(ranking):
    """Score descending; a tie goes to the cheaper model, then to the better board rank."""
    result = best(ranking, BestRequest(domain="医疗", top=6))
    assert names(result.results) == [
        "no-price", "cheap-twin", "top-model", "early-rank", "late-rank", "free-model"]


def test_best_tie_on_score_and_price_uses_board_rank_not_row_order(ranking):
    """early-rank (排名 4) beats late-rank (排名 5) although its row comes later in the file."""
    rows = [entry.name for entry in parse_file(FIXTURES / "ranking.md")[0].models]
    assert rows.index("late-rank") < rows.index("early-rank")
    result = best(ranking, BestRequest(domain="医疗", budget=3, top=5))
    assert names(result.results) == ["cheap-twin", "early-rank", "late-rank", "free-model"]


def test_best_budget_is_inclusive(ranking):
    """budget:2 keeps a 2元 model (price <= budget); 1.99 drops it."""
    assert names(best(ranking, BestRequest(domain="医疗", budget=2)).results) == [
        "cheap-twin", "free-model"]
    assert names(best(ranking, BestRequest(domain="医疗", budget=1.99)).results) == [
        "free-model"]


def test_best_budget_zero_keeps_free_models(ranking):
    """budget:0 is a real budget: free (0元) models pass, unknown prices do not."""
    result = best(ranking, BestRequest(domain="总分", budget=0))
    assert names(result.results) == ["free-model"]
    assert result.results[0].price == 0.0


def test_unknown_price_excluded_with_budget_included_without(ranking):
    """A model with an unknown price wins without a budget but is left out under any budget."""
    assert best(ranking, BestRequest(domain="医疗")).results[0].name == "no-price"
    assert best(ranking, BestRequest(domain="医疗")).results[0].price is None
    with_budget = best(ranking, BestRequest(domain="医疗", budget=1000, top=10))
    assert "no-price" not in names(with_budget.results)
    assert with_budget.considered == 5


def test_best_org_filter_is_case_insensitive(seed):
    """org:Meta and org:meta both find the Meta and the meta rows of the board."""
    upper = best(seed, BestRequest(domain="医疗", org="Meta", top=10))
    lower = best(seed, BestRequest(domain="医疗", org="meta", top=10))
    expected = ["Meta-Llama-3.1-405B-Instruct", "Llama-3.3-70B-Instruct",
                "Llama-3.3-70B-Instruct-fp8"]
    assert names(upper.results) == expected
    assert names(lower.results) == expected
    assert {item.org.casefold() for item in upper.results} == {"meta"}


def test_best_org_alias(seed):
    """org:alibaba (an alias from aliases.toml) filters to 阿里巴巴's models."""
    result = best(seed, BestRequest(domain="总分", org="alibaba", top=10))
    assert names(result.results) == [
        "qwq-32b", "qwq-32b-preview", "qwen2.5-72b-instruct", "qwen2.5-32b-instruct"]
    assert result.org == "阿里巴巴"
    assert best(seed, BestRequest(domain="总分", org="阿里")).results[0].name == "qwq-32b"


def test_best_org_and_budget_together(seed):
    """Filters combine: Alibaba's models within 6元 for 推理与数学计算."""
    result = best(seed, BestRequest(domain="math", org="阿里巴巴", budget=6, top=5))
    assert names(result.results) == ["qwq-32b"]


def test_best_unknown_org(seed):
    """An organisation that is not on the board is an invalid option, with suggestions."""
    with pytest.raises(InvalidOption) as caught:
        best(seed, BestRequest(domain="医疗", org="metta"))
    assert caught.value.params["option"] == "org"
    assert caught.value.params["reason"] == "unknown_org"
    assert "Meta" in caught.value.suggestions


def test_best_education_budget_1_names_the_cheapest(seed):
    """/best 教育 budget:1 has no answer and says the cheapest is Mistral-Small at 1.02元."""
    with pytest.raises(NoMatch) as caught:
        best(seed, BestRequest(domain="教育", budget=1))
    error = caught.value
    assert error.kind == "no_match"
    assert error.params["reason"] == "budget"
    assert error.params["cheapest"] == "Mistral-Small-24B-Instruct-2501"
    assert error.params["cheapest_price"] == 1.02
    assert error.suggestions == ["Mistral-Small-24B-Instruct-2501"]


def test_best_unknown_domain(seed):
    """An unknown domain raises UnknownDomain naming the query."""
    with pytest.raises(UnknownDomain) as caught:
        best(seed, BestRequest(domain="cooking"))
    assert caught.value.params["query"] == "cooking"


def test_cheaper_alternative_within_3_points(seed):
    """语言与指令遵从: DeepSeek-R1 wins at 16元; qwq-32b is 0.3 points behind at 6元."""
    result = best(seed, BestRequest(domain="语言与指令遵从"))
    assert result.results[0].name == "DeepSeek-R1"
    assert result.cheaper is not None
    assert (result.cheaper.name, result.cheaper.score, result.cheaper.price) == (
        "qwq-32b", 90.9, 6.0)


def test_cheaper_alternative_exactly_3_points_behind(ranking):
    """A cheaper model exactly 3 points behind is still offered."""
    result = best(ranking, BestRequest(domain="教育"))
    assert result.results[0].name == "top-model"
    assert result.cheaper is not None
    assert result.cheaper.name == "cheap-twin"
    assert result.cheaper.score == 82.0


def test_no_cheaper_alternative_beyond_3_points_or_unpriced(ranking):
    """3.1 points behind is too far, and a model of unknown price is never 'cheaper'."""
    result = best(ranking, BestRequest(domain="法律"))
    assert names(result.results)[:2] == ["top-model", "no-price"]
    assert result.cheaper is None


def test_no_cheaper_alternative_when_none_is_close(seed):
    """医疗: nothing cheaper comes within 3 points of DeepSeek-R1's 82.8."""
    assert best(seed, BestRequest(domain="医疗")).cheaper is None


# -- compare -----------------------------------------------------------------------------------


def test_compare_two_models(seed):
    """qwq-32b vs gemma-3-27b-it: qwq wins every domain; gemma is cheaper and better value."""
    result = compare(seed, CompareRequest(model_a="qwq-32b", model_b="gemma-3-27b-it"))
    assert names(result.models) == ["qwq-32b", "gemma-3-27b-it"]
    assert [row.domain for row in result.domains] == [
        "医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从"]
    assert all(row.winner == "qwq-32b" for row in result.domains)
    assert result.domains[0].scores == [77.2, 49.9]
    assert result.total_winner == "qwq-32b"
    assert result.cheapest == "gemma-3-27b-it"
    assert result.price_ratio == pytest.approx(6 / 1.45)
    assert result.models[0].score_per_yuan == pytest.approx(83.9 / 6)
    assert result.models[1].score_per_yuan == pytest.approx(64.7 / 1.45)
    assert result.best_value == "gemma-3-27b-it"


def test_compare_resolves_loose_names(seed):
    """Models may be named as people type them; results use the board's spelling."""
    result = compare(seed, CompareRequest(model_a="deepseek r1", model_b="qwq 32b preview"))
    assert names(result.models) == ["DeepSeek-R1", "qwq-32b-preview"]


def test_compare_winner_per_domain_differs(seed):
    """DeepSeek-R1 vs qwq-32b: qwq wins 推理与数学计算, R1 the rest."""
    result = compare(seed, CompareRequest(model_a="DeepSeek-R1", model_b="qwq-32b"))
    winners = {row.domain: row.winner for row in result.domains}
    assert winners["推理与数学计算"] == "qwq-32b"
    assert winners["医疗"] == "DeepSeek-R1"
    assert winners["语言与指令遵从"] == "DeepSeek-R1"


def test_compare_tie_has_no_winner(ranking):
    """Equal scores in a domain give no winner; prices equal give ratio 1 and no cheapest."""
    result = compare(ranking, CompareRequest(model_a="early-rank", model_b="late-rank"))
    winners = {row.domain: row.winner for row in result.domains}
    assert winners["医疗"] is None
    assert winners["教育"] == "early-rank"
    assert result.total_winner == "early-rank"
    assert result.price_ratio == 1.0
    assert result.cheapest is None


def test_compare_unknown_and_free_prices(ranking):
    """Unknown and 0元 prices give no ratio and no score per 元; the free model is cheapest
    and, as in /value, never the best value (score per 元 compares paid models)."""
    result = compare(ranking, CompareRequest(model_a="no-price", model_b="free-model"))
    assert result.price_ratio is None
    assert [m.score_per_yuan for m in result.models] == [None, None]
    assert result.best_value is None
    assert result.cheapest == "free-model"
    assert [m.price for m in result.models] == [None, 0.0]


def test_compare_same_model_twice(seed):
    """Two names for one model (r1 and DeepSeek-R1) raise SameModel naming it."""
    with pytest.raises(SameModel) as caught:
        compare(seed, CompareRequest(model_a="r1", model_b="DeepSeek-R1"))
    assert caught.value.kind == "same_model"
    assert caught.value.params["name"] == "DeepSeek-R1"


def test_compare_three_models(seed):
    """Three models keep the order asked, with three scores per domain."""
    result = compare(seed, CompareRequest(model_a="gemma-3-27b-it", model_b="r1",
                                          model_c="qwq"))
    assert names(result.models) == ["gemma-3-27b-it", "DeepSeek-R1", "qwq-32b"]
    assert all(len(row.scores) == 3 for row in result.domains)
    assert result.domains[0].scores == [49.9, 82.8, 77.2]
    assert result.price_ratio == pytest.approx(16 / 1.45)


def test_compare_four_models(seed):
    """Four models: winners, cheapest and total winner across all four."""
    result = compare(seed, CompareRequest(
        model_a="DeepSeek-R1", model_b="qwq-32b", model_c="gemma-3-27b-it",
        model_d="Mistral-Small-24B-Instruct-2501"))
    assert len(result.models) == 4
    assert result.total_winner == "DeepSeek-R1"
    assert result.cheapest == "Mistral-Small-24B-Instruct-2501"
    assert result.price_ratio == pytest.approx(16 / 1.02)
    assert {row.domain: row.winner for row in result.domains}["推理与数学计算"] == "qwq-32b"


def test_compare_unknown_or_ambiguous_model(seed):
    """A name that resolves to nothing, or to several, stops the comparison."""
    with pytest.raises(UnknownModel):
        compare(seed, CompareRequest(model_a="gpt-4o", model_b="qwq-32b"))
    with pytest.raises(AmbiguousModel):
        compare(seed, CompareRequest(model_a="gemma", model_b="qwq-32b"))


# -- model card --------------------------------------------------------------------------------


def test_model_card_deepseek_r1(seed):
    """DeepSeek-R1: #1 of 16, first in every domain but 推理与数学计算 (2nd)."""
    card = model(seed, ModelRequest(name="deepseek r1")).model
    assert (card.name, card.org, card.price, card.total, card.rank, card.board_size) == (
        "DeepSeek-R1", "深度求索", 16.0, 86.9, 1, 16)
    assert card.board == "（3）20B以上开源大模型排行榜"
    assert card.domain_ranks == {"医疗": 1, "教育": 1, "法律": 1, "行政公务": 1,
                                 "推理与数学计算": 2, "语言与指令遵从": 1}
    assert card.strongest == ["教育"]
    assert card.weakest == ["法律"]
    assert card.is_new is False


def test_model_card_new_model(seed):
    """gemma-3-27b-it is new, #14; strongest in 推理与数学计算, last of all in 法律."""
    card = model(seed, ModelRequest(name="gemma-3-27b-it")).model
    assert card.is_new is True
    assert card.rank == 14
    assert card.domain_ranks["法律"] == 16
    assert card.domain_ranks["医疗"] == 14
    assert card.strongest == ["推理与数学计算"]
    assert card.weakest == ["法律"]


def test_model_card_tied_scores_share_a_rank(ranking):
    """Two models with the same 医疗 score share its domain rank."""
    early = model(ranking, ModelRequest(name="early-rank")).model
    late = model(ranking, ModelRequest(name="late-rank")).model
    assert early.domain_ranks["医疗"] == late.domain_ranks["医疗"] == 4


def test_model_card_with_missing_score():
    """A domain without a score is left off the card: no rank, neither strongest nor weakest."""
    catalog = Catalog(parse_file(FIXTURES / "prices.md"))
    card = model(catalog, ModelRequest(name="eta-z")).model
    assert card.scores == {"金融": 58.8}
    assert card.domain_ranks == {"金融": 7}
    assert card.strongest == ["金融"]
    assert card.weakest == []
    assert card.price is None


def test_model_card_unknown(seed):
    """An unknown model raises UnknownModel with suggestions."""
    with pytest.raises(UnknownModel) as caught:
        model(seed, ModelRequest(name="qwen2.5-7b-instruct"))
    assert "qwen2.5-72b-instruct" in caught.value.suggestions


# -- leaderboard --------------------------------------------------------------------------------


def test_leaderboard_first_page(seed):
    """Page 1 of the total: ten models from DeepSeek-R1 down, two pages in all."""
    result = leaderboard(seed, LeaderboardRequest())
    assert result.domain == "总分"
    assert (result.page, result.pages, result.per_page, result.count) == (1, 2, 10, 16)
    assert len(result.results) == 10
    assert result.results[0].name == "DeepSeek-R1"
    assert result.results[-1].name == "Llama-3.3-70B-Instruct"


def test_leaderboard_page_2(seed):
    """Page 2 holds the last six, starting at the board's #11."""
    result = leaderboard(seed, LeaderboardRequest(page=2))
    assert result.page == 2
    assert len(result.results) == 6
    assert result.results[0].name == "Llama-3.3-70B-Instruct-fp8"
    assert result.results[0].rank == 11
    assert result.results[-1].name == "gemma-2-27b-it"


def test_leaderboard_page_out_of_range(seed):
    """Page 3 of a two-page ranking is a NoMatch that says how many pages there are."""
    with pytest.raises(NoMatch) as caught:
        leaderboard(seed, LeaderboardRequest(page=3))
    assert caught.value.params["reason"] == "page"
    assert caught.value.params["pages"] == 2


def test_leaderboard_domain_and_budget(seed):
    """A domain leaderboard under a budget ranks only affordable models by that domain."""
    result = leaderboard(seed, LeaderboardRequest(domain="medical", budget=5, per_page=25))
    assert result.count == 8
    assert result.pages == 1
    assert result.results[0].name == "DeepSeek-R1-Distill-Qwen-32B"
    assert all(item.price is not None and item.price <= 5 for item in result.results)


def test_leaderboard_per_page_and_turn_to(ranking):
    """per_page splits the ranking; turning pages reuses it and clamps at the ends."""
    result = leaderboard(ranking, LeaderboardRequest(per_page=4))
    assert result.pages == 2
    assert names(result.results) == ["top-model", "cheap-twin", "no-price", "early-rank"]
    second = result.turn_to(2)
    assert names(second.results) == ["late-rank", "free-model"]
    assert result.turn_to(99).page == 2
    assert result.turn_to(0).page == 1


# -- domains -----------------------------------------------------------------------------------


def test_domains_of_seed(seed):
    """The seed catalog offers 总分 and its six domains, each scoring all 16 models."""
    result = domains(seed, DomainsRequest())
    assert [d.domain for d in result.domains] == [
        "总分", "医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从"]
    assert all(d.models == 16 for d in result.domains)
    medical = result.domains[1]
    assert medical.english == "Medical"
    assert "medical" in medical.aliases


def test_domains_count_missing_scores():
    """A domain counts only the models that have a score in it."""
    catalog = Catalog(parse_file(FIXTURES / "prices.md"))
    counts = {d.domain: d.models for d in domains(catalog, DomainsRequest()).domains}
    assert counts == {"总分": 7, "心理健康": 6, "金融": 7}


def test_execute_dispatches_every_request(seed):
    """execute() runs each request type and returns a result of the same command."""
    for request in (BestRequest(domain="医疗"), CompareRequest(model_a="r1", model_b="qwq"),
                    ModelRequest(name="r1"), LeaderboardRequest(), DomainsRequest()):
        assert execute(seed, request).command == request.command


def test_compare_never_counts_a_free_model_as_the_best_value():
    """Score per 元 is undefined at 0元: the paid model is the best value, as in /value."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest

    board = ("### t\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"
             "|1|paid|x|2元|90| |90|\n|2|free|y|0元|50| |50|\n")
    result = compare(Catalog(parse_boards(board, "t.md")),
                     CompareRequest(model_a="paid", model_b="free"))
    assert result.best_value == "paid"
    assert result.cheapest == "free"
    assert [m.score_per_yuan for m in result.models] == [45.0, None]

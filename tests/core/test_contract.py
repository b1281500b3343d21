"""Every field of every ranking result, on one small release: the JSON form of a result is the
command-line contract (README, JSON), so each field is pinned, not only the names in order.

TINY: alpha (OrgA, 10元, commercial), beta (orgb, 4元, open, new) and gamma (OrgC, price
unknown, open); 医疗 comes from 医疗榜, where gamma ranks first; gamma has no 法律 score.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.errors import InvalidOption, NoMatch
from bot.core.queries import best, cost, leaderboard, recommend, value
from bot.core.release import ReleaseInfo
from bot.core.requests import (
    BestRequest,
    CostRequest,
    LeaderboardRequest,
    RecommendRequest,
    ValueRequest,
)
from tests.core.boards import catalog

TINY = catalog(
    """
    |1|alpha|OrgA|10元|90|商用|88|80|
    |2|beta(new)|orgb|4元|86|开源|86|85|
    |3|gamma|OrgC|/|80|开源|90||
    """,
    extra=("### 医疗榜\n|排名|大模型|医疗|\n|-|-|-|\n|1|gamma|90|\n|2|alpha|88|\n|3|beta|86|\n",),
    release=ReleaseInfo(version="v9.1", date=dt.date(2026, 1, 2)),
)
SOURCE = {"release": "v9.1", "date": "2026-01-02", "releases": ["v9.1"]}
BOTH = {**SOURCE, "boards": ["规则测试榜", "医疗榜"]}
MAIN = {**SOURCE, "boards": ["规则测试榜"]}


def item(name: str, domain: str, **extra) -> dict:
    """A ranked item as the JSON gives it, ranked by ``domain``: its rank on 医疗榜 (the
    domain's own board) for 医疗, else by that score among the release's models (规则测试榜
    ranks by total: its rank is never shown as a 法律 rank)."""
    figures = {
        "alpha": {"org": "OrgA", "price": 10.0, "total": 90.0, "is_new": False,
                  "category": "commercial", "医疗": (88.0, 2), "法律": (80.0, 2),
                  "总分": (90.0, 1)},
        "beta": {"org": "orgb", "price": 4.0, "total": 86.0, "is_new": True,
                 "category": "open", "医疗": (86.0, 3), "法律": (85.0, 1), "总分": (86.0, 2)},
        "gamma": {"org": "OrgC", "price": None, "total": 80.0, "is_new": False,
                  "category": "open", "医疗": (90.0, 1), "总分": (80.0, 3)},
    }[name]
    score, rank = figures[domain]
    return {"name": name, "org": figures["org"], "price": figures["price"], "score": score,
            "rank": rank, "rank_of": "医疗榜" if domain == "医疗" else "release",
            "total": figures["total"],
            "board": "医疗榜" if domain == "医疗" else "规则测试榜",
            "is_new": figures["is_new"], "category": figures["category"], **extra}


def dump(result) -> dict:
    return result.model_dump(mode="json")


def test_best_with_every_filter():
    """The result says what was asked (the organisation in its board spelling) and gives each
    model's figures, its 医疗 score and rank from 医疗榜."""
    result = best(TINY, BestRequest(domain="medical", budget=10, org="OrgB", type="open"))
    assert dump(result) == {
        "source": BOTH, "domain": "医疗", "budget": 10.0, "org": "orgb", "type": "open",
        "results": [item("beta", "医疗")], "cheaper": None, "considered": 1,
    }


def test_best_without_filters_and_with_a_cheaper_alternative():
    """alpha wins 法律 at 10元; beta is 5 points behind (no alternative); on 医疗 gamma wins at
    an unknown price (no alternative either); on the total alpha wins and beta, 4 points
    behind, is too far."""
    assert dump(best(TINY, BestRequest(domain="医疗"))) == {
        "source": BOTH, "domain": "医疗", "budget": None, "org": None, "type": None,
        "results": [item("gamma", "医疗"), item("alpha", "医疗"), item("beta", "医疗")],
        "cheaper": None, "considered": 3,
    }
    close = catalog("|1|alpha|OrgA|10元|90|商用|88|80|\n|2|beta|orgb|4元|87.5|开源|86|85|")
    result = dump(best(close, BestRequest(top=1)))
    assert [r["name"] for r in result["results"]] == ["alpha"]
    assert result["cheaper"]["name"] == "beta"
    assert result["source"]["boards"] == ["规则测试榜"]


def test_leaderboard_page_two():
    """Page 2 of 2, one a page, 法律 within 10元 (gamma has no 法律 score)."""
    result = leaderboard(TINY, LeaderboardRequest(domain="法律", budget=10, per_page=1, page=2))
    assert dump(result) == {
        "source": MAIN, "domain": "法律", "budget": 10.0, "org": None, "type": None,
        "page": 2, "pages": 2, "per_page": 1, "count": 2, "results": [item("alpha", "法律")],
    }
    first = result.turn_to(1)
    assert dump(first)["results"] == [item("beta", "法律")]
    assert [i.name for i in result.ranking] == ["beta", "alpha"]


def test_leaderboard_with_org_and_type():
    result = leaderboard(TINY, LeaderboardRequest(org="orgc", type="open"))
    assert dump(result) == {
        "source": MAIN, "domain": "总分", "budget": None, "org": "OrgC", "type": "open",
        "page": 1, "pages": 1, "per_page": 10, "count": 1, "results": [item("gamma", "总分")],
    }


def test_value_frontier_others_unpriced_and_best_value():
    """医疗: beta (86 at 4元, 21.5 a 元) and alpha (88 at 10元, 8.8 a 元) on the frontier,
    gamma of unknown price apart; beta the best value."""
    result = value(TINY, ValueRequest(domain="医疗"))
    beta = item("beta", "医疗", score_per_yuan=21.5)
    assert dump(result) == {
        "source": BOTH, "domain": "医疗", "budget": None, "org": None, "type": None,
        "frontier": [beta, item("alpha", "医疗", score_per_yuan=8.8)], "others": [],
        "free": [], "unpriced": [item("gamma", "医疗", score_per_yuan=None)],
        "best_value": beta,
    }


def test_value_with_filters_and_a_dominated_model():
    cat = catalog("|1|a|X|2元|90|开源|90|80|\n|2|b|X|3元|85|开源|85|80|\n|3|c|Y|1元|95|商用|95|80|",
                  release=ReleaseInfo(version="v9.1", date=dt.date(2026, 1, 2)))
    result = dump(value(cat, ValueRequest(budget=3, org="x", type="open")))
    assert (result["budget"], result["org"], result["type"]) == (3.0, "X", "open")
    assert [i["name"] for i in result["frontier"]] == ["a"]
    assert [i["name"] for i in result["others"]] == ["b"]
    assert result["others"][0]["score_per_yuan"] == pytest.approx(85 / 3)
    assert result["unpriced"] == []


def test_recommend_with_every_field():
    """医疗=3 法律=1 within 10元, commercial only: alpha, (88x3 + 80)/4 = 86, its contributions
    66 and 20; gamma lacks 法律 and is skipped (it is open anyway, so not counted)."""
    result = recommend(TINY, RecommendRequest(weights="医疗=3 法律=1", budget=10,
                                              type="commercial", org="orga"))
    alpha = {**item("alpha", "总分"), "score": 86.0, "board": "规则测试榜",
             "scores": {"医疗": 88.0, "法律": 80.0}, "contributions": {"医疗": 66.0, "法律": 20.0}}
    assert dump(result) == {
        "source": BOTH, "weights": {"医疗": 3.0, "法律": 1.0}, "budget": 10.0, "org": "OrgA",
        "type": "commercial", "results": [alpha], "considered": 1, "skipped": 0,
    }


def test_recommend_counts_the_models_it_skips():
    """Without filters gamma (no 法律 score) is skipped and counted; the others ranked."""
    result = recommend(TINY, RecommendRequest(weights="医疗=3 法律=1"))
    assert [i.name for i in result.results] == ["alpha", "beta"]
    assert (result.considered, result.skipped) == (2, 1)
    assert result.results[1].score == pytest.approx((86 * 3 + 85) / 4)
    assert result.results[0].rank == 1 and result.results[1].rank == 2


def test_recommend_rounds_the_weighted_score_to_four_places():
    """(88 + 80 + 80) / 3 = 82.666...: 82.6667."""
    result = recommend(TINY, RecommendRequest(weights="医疗=1 法律=2", org="OrgA"))
    assert result.results[0].score == 82.6667
    assert result.results[0].contributions["法律"] == pytest.approx(80 * 2 / 3)


def test_cost_with_every_field():
    """alpha, 2M tokens a week: 2M x 365/12/7 a month = 8.69M tokens, 86.90元; beta, on the
    total's frontier and cheaper, saves 52.14元; gamma's price is unknown."""
    result = dump(cost(TINY, CostRequest(model="alpha", tokens="2M", period="week")))
    monthly = 2e6 * 365 / 12 / 7
    assert result == {
        "source": MAIN,
        "model": {"name": "alpha", "org": "OrgA", "price": 10.0, "total": 90.0, "rank": 1,
                  "rank_of": "release", "board": "规则测试榜", "release": "v9.1",
                  "category": "commercial",
                  "monthly_cost": pytest.approx(10 * monthly / 1e6), "saving": None},
        "tokens": 2e6, "period": "week", "monthly_tokens": pytest.approx(monthly),
        "alternatives": [
            {"name": "beta", "org": "orgb", "price": 4.0, "total": 86.0, "rank": 2,
             "rank_of": "release", "board": "规则测试榜", "release": "v9.1", "category": "open",
             "monthly_cost": pytest.approx(4 * monthly / 1e6),
             "saving": pytest.approx(6 * monthly / 1e6)}],
        "output_only": True, "type": None, "current_release": "v9.1",
    }


def test_cost_of_a_model_of_unknown_price():
    """gamma: no monthly cost; its line names its home board (it has no price board)."""
    result = dump(cost(TINY, CostRequest(model="gamma", tokens="1M")))
    assert result["model"]["monthly_cost"] is None
    assert result["model"]["board"] == "规则测试榜"
    assert [a["name"] for a in result["alternatives"]] == ["alpha", "beta"]


def test_cost_names_the_board_the_price_comes_from():
    """A price from a price-tier board: the cost line names that board, so does the source."""
    tier = "### 输出价格5元以下榜\n|排名|大模型|输出价格|总分|\n|-|-|-|-|\n|1|beta|3元|70|\n"
    cat = catalog("|1|alpha|OrgA|10元|90|商用|88|80|\n|2|beta|orgb|4元|86|开源|86|85|",
                  extra=(tier,))
    result = cost(cat, CostRequest(model="alpha", tokens="1M"))
    assert [(a.name, a.price, a.board) for a in result.alternatives] == [
        ("beta", 3.0, "输出价格5元以下榜")]
    assert result.model.board == "规则测试榜"
    assert result.source.boards == ["规则测试榜", "输出价格5元以下榜"]


# -- errors: what they say --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["best", "leaderboard", "value"])
def test_a_domain_nobody_is_scored_in(command):
    """A column with no scores yet: "unscored", naming the domain."""
    cat = catalog("|1|a|A|1元|90|商用|80||\n|2|b|B|2元|80|商用|70||")
    request = {"best": BestRequest, "leaderboard": LeaderboardRequest,
               "value": ValueRequest}[command](domain="法律")
    run = {"best": best, "leaderboard": leaderboard, "value": value}[command]
    with pytest.raises(NoMatch) as caught:
        run(cat, request)
    assert caught.value.params == {"reason": "unscored", "domain": "法律"}


def test_best_with_filters_that_leave_nothing_within_the_budget():
    """org:B budget:1: B's only model costs 2元: the budget error names it."""
    cat = catalog("|1|a|A|1元|90|商用|80|70|\n|2|b|B|2元|80|商用|70|60|")
    with pytest.raises(NoMatch) as caught:
        best(cat, BestRequest(org="B", budget=1))
    assert caught.value.params == {"reason": "budget", "budget": 1.0, "domain": "总分",
                                   "cheapest": "b", "cheapest_price": 2.0,
                                   "filters": {"org": "B"}}


@pytest.mark.parametrize("command", ["best", "leaderboard", "value"])
def test_the_filter_errors_name_their_filter(command):
    """An organisation with no model scored in the domain, a type nobody has, everything
    hidden: each says so with what it needs."""
    from bot.core.scope import Scope

    cat = catalog("|1|a|A|1元|90|商用|80|70|\n|2|b|B|2元|80|商用||60|")
    cls = {"best": BestRequest, "leaderboard": LeaderboardRequest, "value": ValueRequest}[command]
    run = {"best": best, "leaderboard": leaderboard, "value": value}[command]
    with pytest.raises(NoMatch) as caught:
        run(cat, cls(domain="医疗", org="b"))
    assert caught.value.params == {"reason": "org", "org": "B", "domain": "医疗",
                                   "filters": {}}
    with pytest.raises(NoMatch) as caught:
        run(cat, cls(domain="医疗", type="open", org="a"))
    assert caught.value.params == {"reason": "kind", "kind": "open", "domain": "医疗",
                                   "filters": {"org": "A"}}
    with pytest.raises(NoMatch) as caught:
        run(cat, cls(domain="医疗", type="open"))
    assert caught.value.params == {"reason": "kind", "kind": "open", "domain": "医疗",
                                   "filters": {}}
    with pytest.raises(NoMatch) as caught:
        run(cat, cls(domain="医疗"), Scope.of(orgs=["a"]))
    assert caught.value.params == {"reason": "hidden", "domain": "医疗", "filters": {}}


def test_a_page_past_the_last():
    with pytest.raises(NoMatch) as caught:
        leaderboard(TINY, LeaderboardRequest(page=2))
    assert caught.value.params == {"reason": "page", "page": 2, "pages": 1}
    assert leaderboard(TINY, LeaderboardRequest(page=1, per_page=3)).pages == 1
    assert leaderboard(TINY, LeaderboardRequest(page=1, per_page=2)).pages == 2


def test_recommend_without_weights_or_with_nobody_scored_in_them():
    with pytest.raises(InvalidOption) as caught:
        recommend(TINY, RecommendRequest())
    assert caught.value.params == {"option": "weights", "value": "", "reason": "weights"}
    cat = catalog("|1|a|A|1元|90|商用|80||\n|2|b|B|2元|80|商用|||")
    with pytest.raises(NoMatch) as caught:
        recommend(cat, RecommendRequest(weights="法律=2 医疗=1"))
    assert caught.value.params == {"reason": "weights", "domain": "法律", "filters": {}}


# -- /compare and /model ----------------------------------------------------------------------


def test_compare_with_every_field():
    """医疗: gamma wins (90); 法律: no winner (gamma has no score there); total: alpha; beta
    is the cheapest, 2.5x cheaper than alpha, and the best value (21.5 points a 元)."""
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest

    result = compare(TINY, CompareRequest(model_a="alpha", model_b="beta", model_c="gamma"))

    def model(name, org, price, total, scores, rank, per_yuan, category):
        return {"name": name, "org": org, "price": price, "total": total, "scores": scores,
                "rank": rank, "rank_of": "release", "board": "规则测试榜",
                "score_per_yuan": per_yuan,
                "release": "v9.1", "category": category, "measures": {}}

    assert dump(result) == {
        "source": BOTH,
        "models": [
            model("alpha", "OrgA", 10.0, 90.0, {"医疗": 88.0, "法律": 80.0}, 1, 9.0,
                  "commercial"),
            model("beta", "orgb", 4.0, 86.0, {"医疗": 86.0, "法律": 85.0}, 2, 21.5, "open"),
            model("gamma", "OrgC", None, 80.0, {"医疗": 90.0}, 3, None, "open"),
        ],
        "domains": [{"domain": "医疗", "scores": [88.0, 86.0, 90.0], "winner": "gamma"},
                    {"domain": "法律", "scores": [80.0, 85.0, None], "winner": None}],
        "total_winner": "alpha", "same_release": True, "common_release": None,
        "cheapest": "beta", "price_ratio": 2.5,
        "best_value": "beta",
    }


def test_compare_of_a_model_named_twice():
    from bot.core.errors import SameModel
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest

    with pytest.raises(SameModel) as caught:
        compare(TINY, CompareRequest(model_a="alpha", model_b="beta", model_c="ALPHA"))
    assert caught.value.params == {"name": "alpha", "query": "ALPHA"}


def test_compare_price_ratio_and_cheapest_leave_out_free_and_unknown_prices():
    """A free model is the cheapest but has no place in a ratio (it would be infinite); a
    ratio needs two positive prices; two at the same lowest price: no single cheapest."""
    from bot.core.queries import compare
    from bot.core.requests import CompareRequest

    cat = catalog("""
        |1|a|A|8元|90|商用|90|80|
        |2|b|B|0.5元|80|商用|80|80|
        |3|free|C|0元|70|商用|70|80|
        |4|free2|D|0元|75|商用|75|80|
        |5|twin|E|0.5元|60|商用|60|80|
    """)
    result = compare(cat, CompareRequest(model_a="a", model_b="b", model_c="free"))
    assert (result.cheapest, result.price_ratio, result.best_value) == ("free", 16.0, "b")
    assert [m.score_per_yuan for m in result.models] == [90 / 8, 160.0, None]
    two_free = compare(cat, CompareRequest(model_a="free", model_b="free2", model_c="a"))
    assert (two_free.cheapest, two_free.price_ratio, two_free.best_value) == (
        None, None, "a")
    twins = compare(cat, CompareRequest(model_a="b", model_b="twin"))
    assert (twins.cheapest, twins.price_ratio, twins.best_value) == (None, 1.0, "b")


def test_model_card_with_every_field():
    """alpha: 2nd of 3 in 医疗 (gamma has 90) and 2nd of 2 in 法律 (beta has 85); the medians
    of the release (88; 82.5); strongest 医疗, weakest 法律; also on 医疗榜."""
    from bot.core.queries import model
    from bot.core.requests import ModelRequest

    assert dump(model(TINY, ModelRequest(name="alpha"))) == {
        "source": BOTH,
        "model": {
            "name": "alpha", "org": "OrgA", "price": 10.0, "total": 90.0,
            "scores": {"医疗": 88.0, "法律": 80.0}, "rank": 1, "rank_of": "release",
            "rank_size": 3, "board": "规则测试榜",
            "is_new": False, "release": "v9.1", "release_date": "2026-01-02",
            "category": "commercial", "board_size": 3, "domain_ranks": {"医疗": 2, "法律": 2},
            "release_size": {"医疗": 3, "法律": 2}, "medians": {"医疗": 88.0, "法律": 82.5},
            "strongest": ["医疗"], "weakest": ["法律"], "also_on": ["医疗榜"], "measures": {},
            "sources": {"总分": "规则测试榜", "医疗": "医疗榜", "法律": "规则测试榜",
                        "price": "规则测试榜", "org": "规则测试榜", "category": "规则测试榜"},
            "current": True, "current_release": "v9.1",
        },
    }


def test_a_card_whose_scores_are_all_equal_has_no_weakest():
    """Strongest and weakest are the highest and lowest scores; when all are equal, every
    domain is strongest and none is weakest; ties are all named."""
    from bot.core.queries import model
    from bot.core.requests import ModelRequest

    cat = catalog("|1|flat|A|1元|80|商用|70|70|\n|2|ties|B|1元|80|商用|60|90|")
    flat = model(cat, ModelRequest(name="flat")).model
    assert (flat.strongest, flat.weakest) == (["医疗", "法律"], [])
    header = "|排名|大模型|总分|a|b|c|"
    three = catalog("|1|m|50|50|40|50|", header=header)
    card = model(three, ModelRequest(name="m")).model
    assert (card.strongest, card.weakest) == (["a", "c"], ["b"])
    empty = catalog("|1|m|A|50|", header="|排名|大模型|机构|总分|")
    bare = model(empty, ModelRequest(name="m")).model
    assert (bare.scores, bare.strongest, bare.weakest, bare.domain_ranks) == ({}, [], [], {})


def test_measures_reach_compare_and_the_card():
    """What a domain's own board measured shows on the card and in /compare."""
    from bot.core.queries import compare, model
    from bot.core.requests import CompareRequest, ModelRequest

    rele = ("|类别|机构|大模型|【医疗】准确率|平均耗时|平均消耗token|花费/千次（元）"
            "|排名（准确率）|\n|---|---|---|---|---|---|---|---|\n"
            "|商用|A|alpha|88%|12s|900|3.5|1|\n")
    cat = catalog("|1|alpha|OrgA|10元|90|商用|88|80|\n|2|beta|orgb|4元|86|开源|86|85|",
                  extra=(rele,))
    measured = {"医疗": {"latency": 12.0, "tokens": 900.0, "cost_per_1000": 3.5}}
    assert dump(model(cat, ModelRequest(name="alpha")))["model"]["measures"] == measured
    models = dump(compare(cat, CompareRequest(model_a="alpha", model_b="beta")))["models"]
    assert [m["measures"] for m in models] == [measured, {}]

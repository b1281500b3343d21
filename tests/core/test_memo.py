"""Answers kept per catalog: the same question of the same catalog is worked out once; a new
catalog (a reload) answers afresh; questions that cannot be kept are still answered."""

from __future__ import annotations

import pytest

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.errors import NoMatch
from bot.core.memo import Memo
from bot.core.queries import execute
from bot.core.requests import BestRequest, RecommendRequest
from bot.core.scope import Scope

BOARD = "|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-|-|-|\n|1|a|x|{price}元|80| |80|\n"


def test_the_least_recently_used_value_goes_first():
    memo: Memo[int] = Memo(2)
    made = []

    def make(value: int):
        return lambda: made.append(value) or value

    assert memo.get("a", make(1)) == 1
    assert memo.get("b", make(2)) == 2
    assert memo.get("a", make(9)) == 1  # kept, and now the most recently used
    assert memo.get("c", make(3)) == 3  # "b" goes
    assert memo.get("b", make(4)) == 4
    assert memo.get("a", make(5)) == 5  # "a" went when "b" came back
    assert made == [1, 2, 3, 4, 5]


def test_an_unhashable_key_is_made_every_time():
    memo: Memo[int] = Memo(4)
    calls = []
    for _ in range(2):
        memo.get({"weights": 1}, lambda: calls.append(1) or 1)  # type: ignore[arg-type]
    assert len(calls) == 2


def test_the_same_question_gets_the_same_answer_of_each_catalog():
    """One catalog answers a repeated question from what it kept; a new catalog (a reload)
    answers from its own boards, and another server's hiding is another question."""
    old = Catalog(parse_boards(BOARD.format(price=5), "t.md"))
    new = Catalog(parse_boards(BOARD.format(price=2), "t.md"))
    request = BestRequest(domain="医疗")
    first = execute(old, request)
    assert execute(old, request) is first
    assert execute(new, request).results[0].price == 2.0
    hidden = Scope.of(["x"])
    assert execute(old, BestRequest(domain="医疗", org="x")) is not first
    assert execute(old, RecommendRequest(weights={"医疗": 1.0})).results[0].name == "a"
    with pytest.raises(NoMatch):  # every model is hidden: never the answer kept for everyone
        execute(old, request, hidden)

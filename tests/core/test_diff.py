"""What a reload reports and what announcements post: models added and removed, rank moves of
at least ``min_move`` places (drops as well as rises), price changes (to and from unknown) and
new leaders, each enough on its own to make a diff worth announcing."""

from __future__ import annotations

import pytest

from bot.core.diff import CatalogDiff, LeaderChange, Move, PriceChange, diff_catalogs
from tests.core.boards import catalog

BEFORE = """
    |1|a|A|10元|90|商用|90|80|
    |2|b|B|8元|85|商用|85|80|
    |3|c|C|6元|80|商用|80|80|
    |4|d|D|4元|75|商用|75|80|
    |5|e|E|2元|70|商用|70|80|
    |6|f|F|1元|65|商用|65|80|
"""


def diff(before: str, after: str, **options) -> CatalogDiff:
    return diff_catalogs(catalog(before), catalog(after), **options)


def test_the_same_boards_make_an_empty_diff():
    """Nothing changed: no model, move, price or leader; empty, so nothing is announced."""
    same = diff(BEFORE, BEFORE)
    assert same.empty
    assert (same.added, same.removed, same.moved, same.prices, same.leaders) == ([], [], [], [], [])
    assert (same.boards_after, same.models_before, same.models_after) == (1, 6, 6)


def test_ranks_that_rise_and_drop_are_both_moves():
    """d rises from 4th to 1st (3 places), a drops from 1st to 4th: both reported."""
    after = """
        |4|a|A|10元|90|商用|90|80|
        |2|b|B|8元|85|商用|85|80|
        |3|c|C|6元|80|商用|80|80|
        |1|d|D|4元|75|商用|75|80|
        |5|e|E|2元|70|商用|70|80|
        |6|f|F|1元|65|商用|65|80|
    """
    result = diff(BEFORE, after)
    assert result.moved == [
        Move(name="a", board="规则测试榜", old_rank=1, new_rank=4),
        Move(name="d", board="规则测试榜", old_rank=4, new_rank=1),
    ]
    assert not result.empty


MOVES = """
    |4|a|A|10元|90|商用|90|80|
    |1|b|B|8元|85|商用|85|80|
    |2|c|C|6元|80|商用|80|80|
    |3|d|D|4元|75|商用|75|80|
    |6|e|E|2元|70|商用|70|80|
    |5|f|F|1元|65|商用|65|80|
"""
# a drops 3 places; b and c rise 1; d rises 1; e drops 1, f rises 1


@pytest.mark.parametrize(("min_move", "moved"), [
    (1, ["a", "b", "c", "d", "e", "f"]), (2, ["a"]), (3, ["a"]), (4, []),
])
def test_a_move_of_exactly_min_move_places_counts(min_move, moved):
    """min_move:3 keeps a's 3-place drop; min_move:4 does not; min_move:1 keeps every move."""
    assert [m.name for m in diff(BEFORE, MOVES, min_move=min_move).moved] == moved
    full = diff(BEFORE, MOVES)
    assert [m.name for m in full.significant(min_move).moved] == moved


def test_significant_keeps_everything_but_small_moves():
    """significant() drops the small moves only: prices, leaders, models stay."""
    after = MOVES.replace("|1元|", "|/|").replace("|5|f|", "|5|f2|")
    full = diff(BEFORE, after)
    quiet = full.significant(10)
    assert quiet.moved == []
    assert quiet.added == ["f2"] and quiet.removed == ["f"]
    assert quiet.prices == full.prices
    assert quiet.leaders == full.leaders
    assert not quiet.empty


def test_small_moves_alone_are_not_worth_announcing():
    """Only 1-place moves, min_move 3: the significant diff is empty."""
    after = BEFORE.replace("|5|e|", "|6|e|").replace("|6|f|", "|5|f|")
    result = diff(BEFORE, after)
    assert [m.name for m in result.moved] == ["e", "f"]
    assert not result.empty
    assert result.significant(3).empty


def test_a_change_of_leader_alone_is_worth_announcing():
    """Same models, ranks and prices; only a's 法律 score changed, so 法律 has a new leader
    (before, every model scored 80 there and the cheapest, f, led)."""
    after = BEFORE.replace("|1|a|A|10元|90|商用|90|80|", "|1|a|A|10元|90|商用|90|99|")
    result = diff(BEFORE, after)
    assert result.leaders == [LeaderChange(domain="法律", old="f", new="a")]
    assert (result.added, result.removed, result.moved, result.prices) == ([], [], [], [])
    assert not result.empty
    assert not result.significant(100).empty


def test_a_leader_change_is_found_in_every_domain_and_the_total():
    """总分 and 医疗 change leader together; 法律 does not."""
    after = BEFORE.replace("|2|b|B|8元|85|商用|85|80|", "|2|b|B|8元|95|商用|95|80|")
    result = diff(BEFORE, after)
    assert result.leaders == [LeaderChange(domain="总分", old="a", new="b"),
                              LeaderChange(domain="医疗", old="a", new="b")]


def test_a_domain_that_appears_or_goes_has_a_leader_from_or_to_none():
    """A domain only the new boards score: its leader goes from None to the new one."""
    after = catalog(BEFORE, extra=("### 金融榜\n|排名|大模型|金融|\n|-|-|-|\n|1|c|70|\n",))
    result = diff_catalogs(catalog(BEFORE), after)
    assert LeaderChange(domain="金融", old=None, new="c") in result.leaders
    back = diff_catalogs(after, catalog(BEFORE))
    assert LeaderChange(domain="金融", old="c", new=None) in back.leaders
    assert result.boards_after == 2


@pytest.mark.parametrize(("old", "new"), [("10元", "/"), ("/", "10元"), ("10元", "9.99元"),
                                          ("10元", "0元"), ("0元", "/")])
def test_a_price_change_is_reported_to_and_from_unknown(old, new):
    """A price that changes, becomes unknown or becomes known is a price change, worth
    announcing on its own."""
    before = BEFORE.replace("|1|a|A|10元|", f"|1|a|A|{old}|")
    after = BEFORE.replace("|1|a|A|10元|", f"|1|a|A|{new}|")
    result = diff(before, after)
    parse = {"10元": 10.0, "9.99元": 9.99, "0元": 0.0, "/": None}
    assert result.prices == [PriceChange(name="a", old_price=parse[old], new_price=parse[new])]
    assert not result.significant(100).empty


def test_models_added_and_removed_ignore_the_case_of_their_names():
    """g is new and f is gone; A spelled a is the same model."""
    after = BEFORE.replace("|6|f|F|1元|65|商用|65|80|", "|6|g|F|1元|65|商用|65|80|").replace(
        "|1|a|", "|1|A|")
    result = diff(BEFORE, after)
    assert (result.added, result.removed) == (["g"], ["f"])
    assert result.moved == [] and result.prices == []
    assert (result.models_before, result.models_after) == (6, 6)
    assert not result.empty


def test_a_model_whose_home_board_changed_has_no_rank_move():
    """Ranks on two different boards are not comparable: no move is reported."""
    broader = ("### 更大的榜\n|排名|大模型|总分|\n|-|-|-|\n"
               + "".join(f"|{i}|x{i}|50|\n" for i in range(1, 8)) + "|9|c|50|\n")
    result = diff_catalogs(catalog(BEFORE), catalog(BEFORE, extra=(broader,)))
    assert "c" not in [m.name for m in result.moved]

"""What a server hides: organisations and boards, in any case."""

from __future__ import annotations

from bot.core.scope import Scope
from tests.core.boards import catalog


def test_a_scope_hides_by_organisation_and_by_board_in_any_case():
    cat = catalog("|1|a|OrgA|1元|90|商用|1|1|\n|2|b|OrgB|1元|80|商用|1|1|\n|3|c||1元|70|商用|1|1|",
                  extra=("### Side Board\n|排名|大模型|总分|\n|-|-|-|\n|1|b|80|\n",))
    records = {r.name: r for r in cat.records}
    by_org = Scope.of(orgs=["orga"])
    assert [n for n, r in records.items() if by_org.shows(r)] == ["b", "c"]
    by_board = Scope.of(boards=["side board"])
    assert [n for n, r in records.items() if by_board.shows(r)] == ["a", "c"]
    assert Scope.of(orgs=["x"], boards=["y"]) == Scope(hidden_orgs=frozenset({"x"}),
                                                        hidden_boards=frozenset({"y"}))

"""The catalog over several boards: titles told apart, a model's board found by its title."""

from __future__ import annotations

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.core.queries import model
from bot.core.requests import ModelRequest

HEAD = "### 同名榜单\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"


def test_two_files_with_one_heading_stay_two_boards():
    """The second board with a repeated title is named after its file; ranks stay its own."""
    first = parse_boards(HEAD + "|1|a|x|1元|90| |90|\n|2|b|x|1元|80| |80|\n|3|c|x|1元|70| |70|\n",
                         "one.md")
    second = parse_boards(HEAD + "|1|z|y|1元|60| |60|\n", "two.md")
    catalog = Catalog([*first, *second])
    assert [b.title for b in catalog.boards] == ["同名榜单", "同名榜单 (two)"]
    card = model(catalog, ModelRequest(name="z")).model
    assert card.board == "同名榜单 (two)"
    assert card.board_size == 1 and card.domain_ranks == {"医疗": 1}

"""Terminal text for boards that lack something: no prices, no domain columns."""

from __future__ import annotations

import subprocess
import sys

from bot.cli import main

BOARD = """### 只有总分的榜单
|排名|大模型|机构|总分|
|---|---|---|---|
|1|alpha-7b|甲|80|
|2|beta-13b|乙|70|
"""


def _data(tmp_path, monkeypatch):
    (tmp_path / "b.md").write_text(BOARD, encoding="utf-8")
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(tmp_path))


def test_value_without_any_price_says_so(tmp_path, monkeypatch, capsys):
    """No empty frontier table: a sentence, then the models listed as price unknown."""
    _data(tmp_path, monkeypatch)
    assert main(["ask", "/value"]) == 0
    out = capsys.readouterr().out
    assert "No model here has a known price" in out
    assert "Frontier" not in out
    assert "Price unknown" in out and "alpha-7b" in out


def test_model_card_without_domains_has_no_empty_table(tmp_path, monkeypatch, capsys):
    """A total-only board gives a card with its total and no Domain/Score header."""
    _data(tmp_path, monkeypatch)
    assert main(["ask", "/model alpha"]) == 0
    out = capsys.readouterr().out
    assert "Total: 80.0" in out
    assert "Domain" not in out


def test_a_closed_pipe_is_not_a_bug():
    """`modelbot ask - | head -1` on more output than a pipe holds: exit 0, no traceback."""
    commands = "/leaderboard per_page:25\n" * 300  # ~600 kB of answers, far past a pipe's 64 kB
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{sys.executable} -m bot ask - | head -c 10"],
        input=commands, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "bug" not in done.stderr


def test_cost_says_it_counts_output_tokens_only():
    """The board lists output prices only: /cost says so in either language."""
    from bot.core.catalog import load_catalog
    from bot.core.queries import cost
    from bot.core.requests import CostRequest
    from bot.render.context import RenderContext
    from bot.render.text import format_cost
    from tests.paths import SEED_DIR

    result = cost(load_catalog(SEED_DIR), CostRequest(model="qwq-32b", tokens="50M"))
    english = format_cost(result, RenderContext("en"))
    assert "output prices only: input tokens are not counted" in english
    assert "未计入输入 token" in format_cost(result, RenderContext("zh"))

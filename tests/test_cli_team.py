"""/recommend and /cost in the terminal, with JSON, and their bad input."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.paths import SEED_DIR


@pytest.fixture(autouse=True)
def seed_data(monkeypatch):
    """The seed board alone: its figures are what these tests check."""
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(SEED_DIR))


def ask_json(capsys, command):
    status = main(["ask", "--json", command])
    return status, json.loads(capsys.readouterr().out)


def test_recommend_json(capsys):
    """Rankings come as results with the contract's item fields plus the contributions."""
    status, data = ask_json(capsys, '/recommend "医疗=2 法律=1" budget:10')
    assert status == 0 and data["ok"] and data["command"] == "recommend"
    assert data["weights"] == {"医疗": 2.0, "法律": 1.0}
    top = data["results"][0]
    assert {"name", "org", "price", "score", "rank"} <= set(top)
    assert top["name"] == "qwq-32b" and top["rank"] == 2
    assert top["contributions"]["法律"] == pytest.approx(62.8 / 3)


def test_cost_json(capsys):
    """The monthly cost, the alternatives with their savings, the output-only flag."""
    status, data = ask_json(capsys, "/cost qwq-32b 50M")
    assert status == 0 and data["command"] == "cost"
    assert data["model"]["monthly_cost"] == pytest.approx(300)
    assert data["output_only"] is True
    assert data["alternatives"][0]["saving"] == pytest.approx(237)


def test_cost_text_in_chinese(capsys):
    """--lang zh spells the volume the Chinese way and says output prices only."""
    assert main(["ask", "--lang", "zh", "/cost deepseek-r1 2.5亿 day"]) == 0
    out = capsys.readouterr().out
    assert "每天 2.5亿 输出 token" in out and "只列出输出价格" in out


@pytest.mark.parametrize("command,kind", [
    ('/recommend "医疗=x"', "invalid_option"),
    ('/recommend "cooking=2"', "unknown_domain"),
    ("/recommend", "invalid_option"),
    ("/cost qwq-32b lots", "invalid_option"),
    ("/cost qwq-32b 1M fortnight", "invalid_option"),
    ("/cost gpt-4o 1M", "unknown_model"),
])
def test_bad_input_exits_2_with_a_clear_error(capsys, command, kind):
    """Each mistake is a user error with a message, never a traceback."""
    status, data = ask_json(capsys, command)
    assert status == 2
    assert data["ok"] is False and data["error"]["kind"] == kind
    assert data["error"]["message"] and "Traceback" not in data["error"]["message"]

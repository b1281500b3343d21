"""`modelbot ask` with a plain question: the same answer as the command it was read as, plus
what it was read as; a question it cannot read exits 2 with suggestions."""

from __future__ import annotations

import io
import json
import sys

import pytest

from bot.cli import main
from tests.paths import DATA
from tests.terminal import ask_json, new_user


@pytest.fixture(autouse=True)
def clean_environment(tmp_path, monkeypatch):
    """No token, no MODELBOT_ settings; the bundled data (v5.11.7 current) as the data."""
    with new_user(tmp_path, monkeypatch, config=DATA):
        yield


def test_a_question_answers_as_its_command_plus_what_it_was_read_as(capsys):
    status, question = ask_json(capsys, "医疗 5元以内最好的是哪个")
    assert status == 0
    assert question["understood"] == "/best 医疗 budget:5"
    _, command = ask_json(capsys, "/best 医疗 budget:5")
    assert "understood" not in command  # a typed command's answer is as it always was
    assert list(question) == ["ok", "command", "understood", *list(command)[2:]]
    assert {k: v for k, v in question.items() if k != "understood"} == command


def test_a_question_not_understood_exits_2_with_suggestions(capsys):
    status, payload = ask_json(capsys, "哪个模型写诗最好")
    assert status == 2
    assert payload["ok"] is False and payload["command"] is None
    assert payload["understood"] is None
    error = payload["error"]
    assert error["kind"] == "not_understood"
    assert "写诗" in error["message"]
    assert error["suggestions"] and all(s.startswith("/") for s in error["suggestions"])


def test_an_understood_question_that_fails_says_what_it_was_read_as(capsys):
    """Read as /best 医疗 budget:0 type:commercial; no commercial model is free: the
    command's own no_match."""
    status, payload = ask_json(capsys, "医疗 0元以内最好的商用模型")
    assert status == 2
    assert payload["understood"] == "/best 医疗 budget:0 type:commercial"
    assert payload["command"] == "best" and payload["error"]["kind"] == "no_match"


def test_the_text_answer_is_headed_by_the_reading(capsys):
    assert main(["ask", "kimi-k3 和 glm-5.3 哪个强"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Read as: /compare kimi-k3 glm-5.3\n")
    assert main(["ask", "--lang", "zh", "qwen3.7-max 一个月5000万token大概多少钱"]) == 0
    assert capsys.readouterr().out.startswith(
        "理解为：/cost qwen3.7-max tokens:50M period:month\n")


def test_a_question_not_understood_prints_why_and_what_to_try(capsys):
    assert main(["ask", "best model under $5"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("“$5”: the boards give prices in 元")
    assert "\nTry: /best" in captured.err


def test_words_the_shell_split_are_one_question(capsys):
    status, payload = ask_json(capsys, "医疗", "5元以内最好的是哪个")
    assert status == 0 and payload["understood"] == "/best 医疗 budget:5"


def test_a_batch_mixes_commands_and_questions(capsys, monkeypatch):
    lines = ["/best 医疗 budget:5", "医疗5块以内最好的", "hello", "best 医疗 budget:abc"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--json", "-"]) == 2
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a.get("understood", "-") for a in answers] == \
        ["-", "/best 医疗 budget:5", None, "-"]
    assert answers[3]["error"]["kind"] == "invalid_option"  # a command's own error
    assert answers[2]["error"]["kind"] == "not_understood"

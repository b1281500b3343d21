"""Bad input through the terminal (``bot.cli.main``): a table of hostile, broken and odd
commands. Each gets exit status 0 or 2 with a clear message, never a traceback or status 1,
and nothing typed comes back with its control characters (no terminal escape injection)."""

from __future__ import annotations

import io
import json
import re

import pytest

from bot.cli import main
from tests.paths import SEED_DIR

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# (id, command line, exit status, text the answer must contain)
CASES = [
    ("empty", "", 2, "empty"),
    ("blank", " \t ", 2, "empty"),
    ("only-a-slash", "/", 2, "Unknown command"),
    ("huge", "/best " + "医" * 6000, 2, "too long"),
    ("huge-option", "/model " + "q" * 1900, 2, "too long"),
    ("escape-sequence", "/best \x1b[2J\x1b]0;pwned\x07", 2, "not “]0;pwned”"),
    ("nul-and-bell", "/model \x00\x07qwq-32b", 0, "qwq-32b"),
    ("bidi-override", "/model \u202edeepseek-r1\u202c", 0, "DeepSeek-R1"),
    ("emoji-model", "/model 🤖🔥", 2, "No model on the loaded boards matches"),
    ("emoji-domain", "/best 🏥", 2, "is not a domain"),
    ("full-width", "/model ｑｗｑ－３２ｂ", 0, "qwq-32b"),
    ("full-width-budget", "/best ｍｅｄｉｃａｌ budget：５", 0, "within 5元"),
    ("mixed-scripts", "/model 深度求索 R1", 0, "DeepSeek-R1"),
    ("everyone", "/model @everyone", 2, "No model"),
    ("role-mention", "/model <@&123456789012345678>", 2, "No model"),
    ("backticks", "/model ```py import os```", 2, "No model"),
    ("markdown", "/model **x** ||y||", 2, "No model"),
    ("nan-budget", "/best 医疗 budget:nan", 2, "budget must be a number"),
    ("inf-budget", "/best 医疗 budget:inf", 2, "budget must be a number"),
    ("minus-inf-budget", "/best 医疗 budget:-inf", 2, "budget must be a number"),
    ("negative-budget", "/best 医疗 budget:-1", 2, "budget must be a number"),
    ("overflow-budget", "/best 医疗 budget:1e999", 2, "budget must be a number"),
    ("huge-budget", "/best 医疗 budget:1e308", 2, "budget must be between 0 and 1000000"),
    ("text-budget", "/best 医疗 budget:abc", 2, "budget must be a number"),
    ("hex-budget", "/best 医疗 budget:0x10", 2, "budget must be a number"),
    ("zero-top", "/best 医疗 top:0", 2, "top must be between 1 and 25"),
    ("negative-top", "/best 医疗 top:-1", 2, "top must be between 1 and 25"),
    ("big-top", "/best 医疗 top:26", 2, "top must be between 1 and 25"),
    ("huge-top", "/best 医疗 top:99999999999999999999999", 2, "top must be between 1 and 25"),
    ("fractional-top", "/best 医疗 top:2.5", 2, "top must be a whole number"),
    ("exponent-top", "/best 医疗 top:1e3", 2, "top must be a whole number"),
    ("zero-page", "/leaderboard page:0", 2, "page must be between 1 and 10000"),
    ("unknown-command", "/hack the planet", 2, "Unknown command"),
    ("unknown-option", "/best 医疗 color:red", 2, "has no option color"),
    ("duplicate-option", "/best 医疗 budget:5 budget:6", 2, "budget is given twice"),
    ("too-many-values", "/best 医疗 5 extra", 2, "Too many values"),
    ("unclosed-quote", '/model "deepseek r1', 2, "unclosed quote"),
    ("same-model", "/compare qwq-32b QWQ-32B", 2, "named twice"),
    ("forged-org", "/best 医疗 org:nobody-inc", 2, "No organisation"),
]


def _run(capsys, argv: list[str], stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch, tmp_path):
    for key in ("DISCORD_TOKEN", "MODELBOT_TOKEN", "MODELBOT_TOKEN_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no config.toml
    monkeypatch.setenv("MODELBOT_DATA__DIR", str(SEED_DIR))  # the seed board's figures


@pytest.mark.parametrize("line, status, says", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_in_the_terminal(capsys, line, status, says):
    """Text: the expected status and message, nothing else on the wrong stream."""
    assert len(CASES) >= 30
    code, out, err = _run(capsys, ["ask", line])
    assert code == status, (out, err)
    answer = out if status == 0 else err
    assert says in answer, (out, err)
    for text in (out, err):
        assert "Traceback" not in text and "error id" not in text
        assert not CONTROL.search(text.replace("\n", "")), repr(text)


@pytest.mark.parametrize("line, status, says", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_in_json(capsys, line, status, says):
    """--json: one object on stdout with ok and, on error, a kind from the contract."""
    code, out, err = _run(capsys, ["ask", "--json", line])
    assert code == status
    payload = json.loads(out)
    assert payload["ok"] is (status == 0)
    if status:
        assert payload["error"]["kind"] in {"unknown_model", "ambiguous_model", "unknown_domain",
                                            "invalid_option", "no_match", "same_model"}
        assert says in payload["error"]["message"], payload
    assert "Traceback" not in err


def test_a_batch_of_bad_lines_answers_each_in_order(capsys, monkeypatch):
    """ask --json - : every line, however broken, gets its own object, in order; exit 2.
    (Blank lines are no commands: they are skipped, see the next test.)"""
    lines = [c[1] for c in CASES if "\n" not in c[1] and "\r" not in c[1] and c[1].strip()]
    code, out, err = _run(capsys, ["ask", "--json", "-"], "\n".join(lines) + "\n", monkeypatch)
    assert code == 2
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == len(lines)
    expected = {c[1]: c[2] for c in CASES}
    for line, answer in zip(lines, answers, strict=True):
        assert answer["ok"] is (expected[line] == 0), (line, answer)
    assert "Traceback" not in err


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_a_batch_skips_blank_lines(capsys, monkeypatch, as_json):
    """Blank and whitespace-only lines (a trailing newline, a spacer) are skipped: they fail
    nothing and get no answer, so one answer per command, exit 0."""
    batch = "\n/best 医疗 budget:5\n\n   \t\n/about\n\n"
    code, out, err = _run(capsys, ["ask", *(["--json"] if as_json else []), "-"], batch,
                          monkeypatch)
    assert code == 0, err
    if as_json:
        assert [json.loads(line)["command"] for line in out.splitlines()] == ["best", "about"]
    else:
        assert out.startswith("Best for Medical within 5元\n")
        assert out.count("\n\n") >= 1 and "About modelbot" in out
        assert not out.startswith("\n")
    assert err == ""

"""What the terminal says, word for word where a newcomer tripped: budgets of 0, a space after
a colon, --chart on a command without a chart, plurals, Discord-only commands, the console's
language switch, and the Chinese list of commands."""

from __future__ import annotations

import io

import pytest

from bot.cli import main
from tests.paths import SEED_DIR, SEED_FILE
from tests.terminal import ask, new_user


@pytest.fixture(autouse=True)
def plain(tmp_path, monkeypatch):
    """No config.toml, no token, no MODELBOT_ settings but the data: the seed board alone,
    whose figures these tests quote; logging restored afterwards."""
    with new_user(tmp_path, monkeypatch, data=SEED_DIR):
        yield


@pytest.mark.parametrize("lang, says", [
    ("en", "No model scored in Medical costs 0元 or less."),
    ("zh", "医疗领域没有价格不超过 0元 的模型。"),
])
def test_a_budget_of_zero_reads_as_zero(capsys, lang, says):
    """budget:0 means free models only: "costs 0元 or less", never "costs free or less"."""
    status, _, err = ask(capsys, "--lang", lang, "/best 医疗 budget:0")
    assert status == 2
    assert err.startswith(says), err
    assert "free or less" not in err and "不超过 免费" not in err


def test_a_space_after_the_colon_still_names_the_option(capsys):
    """/best 医疗 budget: 5 is budget:5, not a domain called "医疗 5"."""
    status, out, err = ask(capsys, "/best 医疗 budget: 5")
    assert status == 0, err
    assert out.startswith("Best for Medical within 5元\n")


def test_chart_on_a_command_without_one_is_refused_before_answering(capsys, tmp_path):
    """ask /best 医疗 --chart best.png: exit 2 with the reason and no answer printed (it once
    printed the answer, then failed), and no file written."""
    target = tmp_path / "best.png"
    status, out, err = ask(capsys, "/best", "医疗", "--chart", str(target))
    assert status == 2
    assert out == ""
    assert err == "/best has no chart; charts come with /compare, /value, /model, /history.\n"
    assert not target.exists()


@pytest.mark.parametrize("command, says", [
    ("/about", "16 models on 1 board ·"),
    ("/leaderboard org:nvidia", "Page 1/1 · 1 model\n"),
    ("/best 医疗 org:nvidia", "1 model passed the filters."),
])
def test_counts_of_one_are_singular(capsys, command, says):
    """"1 board", "1 model": never "1 boards" or "1 models"."""
    status, out, _ = ask(capsys, command)
    assert status == 0
    assert says in out, out
    assert "1 boards" not in out and " 1 models" not in out


def test_about_and_parse_head_a_list_of_domains_as_domains(capsys):
    """The count of domains per board and parse's list of them say "Domains"."""
    _, out, _ = ask(capsys, "/about")
    header = next(line for line in out.splitlines() if line.startswith("Board"))
    assert header.split()[-1] == "Domains" and "File" in header

    assert main(["parse", str(SEED_FILE)]) == 0
    assert "16 models; Domains: 医疗, 教育" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["/reload", "/settings show", "/watch", "/重新加载"])
def test_discord_only_commands_say_so(capsys, command):
    """An admin command of the Discord bot typed in the terminal: "works in Discord only",
    not "Unknown command"."""
    status, _, err = ask(capsys, command)
    assert status == 2
    assert "works in Discord only" in err and "Unknown command" not in err


def test_compare_with_five_models_says_at_most_four(capsys):
    status, _, err = ask(capsys, "/compare qwq-32b gemma-3-27b-it deepseek-r1 glm-4 extra")
    assert status == 2
    assert err.startswith("/compare compares at most 4 models, and “extra” would be one more.")


@pytest.mark.parametrize("command", ["/recommend", '/recommend ""'])
def test_recommend_without_weights_says_what_to_give(capsys, command):
    status, _, err = ask(capsys, command)
    assert status == 2
    assert err.startswith("/recommend needs weights, like 医疗=2 法律=1")
    assert "“”" not in err


def test_an_invalid_period_lists_the_valid_ones(capsys):
    status, _, err = ask(capsys, "/cost qwq-32b 50M fortnight")
    assert status == 2
    assert err == "period is day, week, month or year, not “fortnight”.\n"


def test_the_chinese_unknown_command_error_lists_the_chinese_names(capsys):
    status, _, err = ask(capsys, "--lang", "zh", "/hello")
    assert status == 2
    assert "/最佳 (/best)" in err and "/成本 (/cost)" in err


def test_log_level_after_the_subcommand(capsys):
    """--log-level works before or after ask (it was refused after)."""
    assert main(["ask", "--log-level", "INFO", "/about"]) == 0
    assert "bot.core.catalog: loaded 1 releases" in capsys.readouterr().err  # INFO shown
    assert main(["--log-level", "WARNING", "ask", "/about"]) == 0
    assert capsys.readouterr().err == ""


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal (the console's interactive mode)."""

    def isatty(self) -> bool:
        return True


def test_the_console_refuses_unknown_languages_and_ends_on_a_new_line(capsys, monkeypatch):
    """:lang fr is refused aloud (it was ignored silently), :lang alone names the language,
    and Ctrl-D leaves the prompt on a line of its own."""
    monkeypatch.setattr("sys.stdin", _Terminal(":lang fr\n:lang\n:lang zh\n:lang\n"))
    assert main(["console"]) == 0
    out = capsys.readouterr().out
    assert "Unknown language “fr”: type :lang zh or :lang en." in out
    assert "Language: en" in out and "语言：zh" in out
    assert out.endswith("modelbot> \n")

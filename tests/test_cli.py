"""The terminal: `modelbot ask` (text, JSON, batch), `modelbot parse`, and the JSON contract."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.paths import SEED_DIR
from tests.product import PYTHON, product_env
from tests.terminal import ask_json, new_user

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "core" / "fixtures"
RANKED_ITEM = {"name", "org", "price", "score", "rank"}


@pytest.fixture(autouse=True)
def clean_environment(tmp_path, monkeypatch):
    """No token, no MODELBOT_ settings, a config.toml that names the seed board alone as the
    data (its small figures are what these tests check; a test may write its own config.toml);
    logging restored afterwards."""
    with new_user(tmp_path, monkeypatch, config=SEED_DIR):
        yield


# -- ask, text ----------------------------------------------------------------------------------


def test_ask_best_text(capsys):
    """`ask "/best 医疗 budget:5"` prints DeepSeek-R1-Distill-Qwen-32B first, then runners-up."""
    status = main(["ask", "/best 医疗 budget:5"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    out = captured.out
    first = out.index("DeepSeek-R1-Distill-Qwen-32B")
    assert first < out.index("Llama-3.1-Nemotron-70B-Instruct-fp8") < out.index(
        "Llama-3.3-70B-Instruct ")
    assert "70.4" in out
    assert "1.26元" in out
    assert "DeepSeek-R1 " not in out  # 16元: over budget


def test_ask_words_split_by_the_shell(capsys):
    """`ask /best 医疗 budget:5` (unquoted) answers the same as the quoted command."""
    assert main(["ask", "/best 医疗 budget:5"]) == 0
    quoted = capsys.readouterr().out
    assert main(["ask", "/best", "医疗", "budget:5"]) == 0
    assert capsys.readouterr().out == quoted


def test_ask_model_with_spaces_unquoted(capsys):
    """`ask /model deepseek r1` finds DeepSeek-R1 (words of one name are joined)."""
    status, payload = ask_json(capsys, "/model", "deepseek", "r1")
    assert status == 0
    assert payload["model"]["name"] == "DeepSeek-R1"


def test_ask_chinese_text(capsys):
    """--lang zh answers in Chinese."""
    status = main(["ask", "--lang", "zh", "/best 医疗 budget:5"])
    out = capsys.readouterr().out
    assert status == 0
    assert "预算" in out
    assert "榜单" in out
    assert "Best for" not in out
    assert out.index("DeepSeek-R1-Distill-Qwen-32B") < out.index("Llama-3.3-70B-Instruct ")


def test_ask_error_text_goes_to_stderr(capsys):
    """A user error in text mode exits 2 with its message on stderr and no traceback."""
    status = main(["ask", "/model qwen2.5-7b-instruct"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert "qwen2.5-7b-instruct" in captured.err
    assert "qwen2.5-72b-instruct" in captured.err  # the suggestion
    assert "Traceback" not in captured.err


# -- ask --json: the contract ---------------------------------------------------------------------


def test_json_best(capsys):
    """best: ok, command, domain (canonical), budget (float), results best first."""
    status, payload = ask_json(capsys, "/best medical budget:5")
    assert status == 0
    assert payload["ok"] is True
    assert payload["command"] == "best"
    assert payload["domain"] == "医疗"
    assert payload["budget"] == 5.0
    # the seed folder is named v3.6 and has no README: the folder names the release
    assert payload["source"] == {"release": "v3.6", "date": None,
                                 "boards": ["（3）20B以上开源大模型排行榜"], "releases": ["v3.6"]}
    results = payload["results"]
    assert [item["name"] for item in results] == [
        "DeepSeek-R1-Distill-Qwen-32B", "Llama-3.1-Nemotron-70B-Instruct-fp8",
        "Llama-3.3-70B-Instruct"]
    for item in results:
        assert set(item) >= RANKED_ITEM
    assert {key: results[0][key] for key in RANKED_ITEM} == {
        "name": "DeepSeek-R1-Distill-Qwen-32B", "org": "深度求索", "price": 1.26, "score": 70.4,
        "rank": 8}  # by 医疗 among the release's 16 models (the board ranks by total)


def test_json_best_without_budget_is_null(capsys):
    """best without a budget reports budget null; unknown prices would be null too."""
    status, payload = ask_json(capsys, "/best")
    assert status == 0
    assert payload["budget"] is None
    assert payload["domain"] == "总分"
    assert payload["results"][0]["name"] == "DeepSeek-R1"


def test_json_compare(capsys):
    """compare: models in the order asked with total and scores; domains with a winner each."""
    status, payload = ask_json(capsys, "/compare qwq-32b gemma-3-27b-it")
    assert status == 0
    assert (payload["ok"], payload["command"]) == (True, "compare")
    models = payload["models"]
    assert [m["name"] for m in models] == ["qwq-32b", "gemma-3-27b-it"]
    for entry in models:
        assert {"name", "org", "price", "total", "scores"} <= set(entry)
    assert models[0]["total"] == 83.9
    assert models[1]["price"] == 1.45
    assert models[0]["scores"]["医疗"] == 77.2
    rows = payload["domains"]
    for row in rows:
        assert {"domain", "scores", "winner"} <= set(row)
    assert rows[0] == {"domain": "医疗", "scores": [77.2, 49.9], "winner": "qwq-32b"}


def test_json_compare_tie_winner_is_null(capsys, tmp_path):
    """A tied domain has "winner": null in the JSON."""
    data = tmp_path / "boards"
    data.mkdir()
    (data / "ranking.md").write_text((FIXTURES / "ranking.md").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "config.toml").write_text(f'[data]\ndir = "{data.as_posix()}"\n',
                                          encoding="utf-8")
    status, payload = ask_json(capsys, "/compare early-rank late-rank")
    assert status == 0
    winners = {row["domain"]: row["winner"] for row in payload["domains"]}
    assert winners["医疗"] is None
    assert winners["教育"] == "early-rank"


def test_json_model(capsys):
    """model: name, org, price, total, scores, rank, board, is_new."""
    status, payload = ask_json(capsys, '/model "gemma 3"')
    assert status == 0
    assert (payload["ok"], payload["command"]) == (True, "model")
    card = payload["model"]
    assert {"name", "org", "price", "total", "scores", "rank", "board", "is_new"} <= set(card)
    assert card["name"] == "gemma-3-27b-it"
    assert card["org"] == "google"
    assert card["price"] == 1.45
    assert card["total"] == 64.7
    assert card["rank"] == 14
    assert card["board"] == "（3）20B以上开源大模型排行榜"
    assert card["is_new"] is True
    assert card["scores"]["法律"] == 19.5


def test_json_leaderboard(capsys):
    """leaderboard: results best first in the ranked-item shape; page 2 starts at #11."""
    status, payload = ask_json(capsys, "/leaderboard page:2")
    assert status == 0
    assert (payload["ok"], payload["command"]) == (True, "leaderboard")
    results = payload["results"]
    assert len(results) == 6
    for item in results:
        assert set(item) >= RANKED_ITEM
    assert results[0]["name"] == "Llama-3.3-70B-Instruct-fp8"
    assert results[0]["rank"] == 11
    assert results[0]["score"] == 66.1


def test_json_domains(capsys):
    """domains: every canonical domain, 总分 first."""
    status, payload = ask_json(capsys, "/domains")
    assert status == 0
    assert (payload["ok"], payload["command"]) == (True, "domains")
    assert [d["domain"] for d in payload["domains"]] == [
        "总分", "医疗", "教育", "法律", "行政公务", "推理与数学计算", "语言与指令遵从"]


# -- ask --json: errors -------------------------------------------------------------------------


def assert_error(payload: dict, command: str | None, kind: str) -> dict:
    """The error object of a failed command, checked for the contract's fields."""
    assert payload["ok"] is False
    assert payload["command"] == command
    error = payload["error"]
    assert {"kind", "message", "suggestions"} <= set(error)
    assert error["kind"] == kind
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["suggestions"], list)
    return error


def test_json_no_match_names_the_cheapest(capsys):
    """/best 教育 budget:1 exits 2 with no_match naming Mistral-Small at 1.02元."""
    status, payload = ask_json(capsys, "/best 教育 budget:1")
    assert status == 2
    error = assert_error(payload, "best", "no_match")
    assert "Mistral-Small-24B-Instruct-2501" in error["message"]
    assert "1.02" in error["message"]
    assert error["suggestions"] == ["Mistral-Small-24B-Instruct-2501"]


def test_json_unknown_model(capsys):
    """An unknown model exits 2 with unknown_model and near names as suggestions."""
    status, payload = ask_json(capsys, "/model qwen2.5-7b-instruct")
    assert status == 2
    error = assert_error(payload, "model", "unknown_model")
    assert "qwen2.5-72b-instruct" in error["suggestions"]
    assert "qwen2.5-7b-instruct" in error["message"]


def test_json_ambiguous_model(capsys):
    """An ambiguous name exits 2 with ambiguous_model and the candidates."""
    status, payload = ask_json(capsys, "/model gemma")
    assert status == 2
    error = assert_error(payload, "model", "ambiguous_model")
    assert set(error["suggestions"]) == {"gemma-2-27b-it", "gemma-3-27b-it"}


def test_json_unknown_domain(capsys):
    """An unknown domain exits 2 with unknown_domain and near domains."""
    status, payload = ask_json(capsys, "/best medcal")
    assert status == 2
    error = assert_error(payload, "best", "unknown_domain")
    assert "医疗" in error["suggestions"]
    assert "medcal" in error["message"]


def test_json_same_model(capsys):
    """Comparing a model with itself exits 2 with same_model."""
    status, payload = ask_json(capsys, "/compare r1 DeepSeek-R1")
    assert status == 2
    error = assert_error(payload, "compare", "same_model")
    assert "DeepSeek-R1" in error["message"]


def test_json_invalid_option(capsys):
    """A negative budget exits 2 with invalid_option."""
    status, payload = ask_json(capsys, "/best 医疗 budget:-1")
    assert status == 2
    error = assert_error(payload, "best", "invalid_option")
    assert "-1" in error["message"]


def test_json_unknown_command(capsys):
    """An unknown command exits 2 with invalid_option and command null."""
    status, payload = ask_json(capsys, "/bset 医疗")
    assert status == 2
    error = assert_error(payload, None, "invalid_option")
    assert "/best" in error["suggestions"]


# -- ask --json -: one command per line -----------------------------------------------------------


def test_batch_prints_one_json_line_per_command_in_order(capsys, monkeypatch):
    """`ask --json -` answers every stdin line in order, a bad line included, and exits 2."""
    commands = [
        "/best 医疗 budget:5",
        "/model gpt-4o",
        "/compare qwq-32b gemma-3-27b-it",
        "/best 医疗 budget:abc",
        "/domains",
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(commands) + "\n"))
    status = main(["ask", "--json", "-"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 2
    assert len(lines) == len(commands)
    payloads = [json.loads(line) for line in lines]
    assert [p["command"] for p in payloads] == ["best", "model", "compare", "best", "domains"]
    assert [p["ok"] for p in payloads] == [True, False, True, False, True]
    assert payloads[0]["results"][0]["name"] == "DeepSeek-R1-Distill-Qwen-32B"
    assert payloads[1]["error"]["kind"] == "unknown_model"
    assert payloads[3]["error"]["kind"] == "invalid_option"


def test_batch_all_good_exits_0(capsys, monkeypatch):
    """A batch without errors exits 0; a last line without newline is still answered."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("/model r1\r\n/model qwq"))
    status = main(["ask", "--json", "-"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert [json.loads(line)["model"]["name"] for line in lines] == ["DeepSeek-R1", "qwq-32b"]


@pytest.mark.parametrize("order", [("/best nosuchdomain", "/about"),
                                   ("/about", "/best nosuchdomain")], ids=["bug-last", "bug-first"])
def test_a_batch_with_a_bug_exits_1_whatever_else_went_wrong(capsys, monkeypatch, order):
    """A bug outranks a user's mistake: a batch with both exits 1 (ours), never 2 (theirs),
    in either order; every line is still answered, the bug as "internal" without a traceback."""
    import bot.cli

    real = bot.cli.answer

    def about_breaks(asked, catalog):  # the request read from the line
        if asked.command == "about":
            raise RuntimeError("simulated bug")
        return real(asked, catalog)

    monkeypatch.setattr(bot.cli, "answer", about_breaks)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(order) + "\n"))
    status = main(["ask", "--json", "-"])
    payloads = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    kinds = {p["command"]: p["error"]["kind"] for p in payloads}
    assert kinds == {"best": "unknown_domain", "about": "internal"}
    assert "Traceback" not in json.dumps(payloads)


# -- parse ----------------------------------------------------------------------------------------


def test_parse_json_shape(capsys):
    """`parse --json` prints {"boards": [{"title", "domains", "models": [...]}]}."""
    status = main(["parse", "--json", str(FIXTURES / "old_format.md"),
                   str(FIXTURES / "prices.md")])
    assert status == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"boards", "skipped", "disagreements"}
    assert payload["skipped"] == payload["disagreements"] == []
    old, prices = payload["boards"]
    assert set(old) == {"title", "domains", "models"}
    assert old["title"] == "（2）开源大模型排行榜"
    assert old["domains"] == ["医疗", "教育", "法律", "行政公务"]
    for board in payload["boards"]:
        for entry in board["models"]:
            # the contract's fields, and the 类别 cell (none on these boards)
            assert set(entry) == {"rank", "name", "org", "price", "total", "scores", "is_new",
                                  "category"}
    assert old["models"][1] == {
        "rank": 2, "name": "chatglm3-6b", "org": None, "price": 0.5, "total": 61.3,
        "scores": {"医疗": 63.0, "教育": 64.1, "法律": 55.5, "行政公务": 62.6}, "is_new": True,
        "category": None}
    assert [m["price"] for m in prices["models"]] == [16.0, 16.0, 2.175, 0.0, None, None, None]
    assert prices["models"][6]["scores"] == {"心理健康": None, "金融": 58.8}


def test_parse_json_two_tables(capsys):
    """A file with two tables gives two boards."""
    assert main(["parse", "--json", str(FIXTURES / "two_tables.md")]) == 0
    boards = json.loads(capsys.readouterr().out)["boards"]
    assert [b["title"] for b in boards] == ["（1）通用大模型排行榜", "（2）开源大模型排行榜"]


def test_parse_text_summary(capsys):
    """`parse` without --json summarises each board: title, file:line, models, domains."""
    path = FIXTURES / "merged.md"
    assert main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "（3）20B以上开源大模型排行榜" in out
    assert f"{path}:2" in out
    assert "4 models" in out
    assert "agent与工具调用" in out


@pytest.mark.parametrize(("fixture", "line"),
                         [("bad_score_text.md", 5), ("bad_duplicate.md", 7),
                          ("bad_no_separator.md", 4)])
def test_parse_malformed_exits_2_naming_file_and_line(capsys, fixture, line):
    """A malformed board exits 2 with `file:line` on stderr, nothing on stdout, no traceback."""
    path = FIXTURES / fixture
    status = main(["parse", "--json", str(path)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert f"{path}:{line}:" in captured.err
    assert "Traceback" not in captured.err


def test_parse_missing_file(capsys, tmp_path):
    """A missing file exits 2 naming it, without a traceback."""
    path = tmp_path / "missing.md"
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "Traceback" not in err


def test_malformed_data_directory_exits_2(capsys, tmp_path):
    """`ask` over a data directory holding a malformed board exits 2 naming file and line."""
    data = tmp_path / "boards"
    data.mkdir()
    bad = data / "bad.md"
    bad.write_text((FIXTURES / "bad_score_range.md").read_text(encoding="utf-8"),
                   encoding="utf-8")
    (tmp_path / "config.toml").write_text(f'[data]\ndir = "{data.as_posix()}"\n',
                                          encoding="utf-8")
    assert main(["ask", "/domains"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:6:" in err
    assert "Traceback" not in err


# -- the real entry point -------------------------------------------------------------------------


def test_python_dash_m_bot_ask_json(tmp_path):
    """`python -m bot ask --json "/best 医疗 budget:5"` in a fresh process prints the JSON."""
    env = product_env()
    fresh = tmp_path / "fresh"  # no config.toml: the bundled data
    fresh.mkdir()
    done = subprocess.run(
        [*PYTHON, "-m", "bot", "ask", "--json", "/best 医疗 budget:5"],
        capture_output=True, text=True, encoding="utf-8", cwd=fresh, env=env, timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["ok"] is True
    assert payload["command"] == "best"
    # the bundled data: the current release answers, its merged domain for 医疗
    assert payload["domain"] == "医疗与心理健康"
    assert payload["budget"] == 5.0
    assert payload["source"]["release"] == "v5.11.7"
    first = payload["results"][0]
    assert (first["name"], first["score"], first["price"]) == ("Doubao-Seed-2.0-lite", 89.4, 3.6)


# -- ask: words, languages, batches of text, charts ---------------------------------------------


def test_a_shell_quoted_name_with_a_space_stays_one_name(capsys):
    """`ask /compare "deepseek r1" qwq-32b`: the shell hands over "deepseek r1" as one word; it
    is quoted back, so two models are compared (split again, "deepseek" alone is ambiguous)."""
    assert main(["ask", "/compare", "deepseek r1", "qwq-32b"]) == 0
    split = capsys.readouterr().out
    assert main(["ask", '/compare "deepseek r1" qwq-32b']) == 0
    assert split == capsys.readouterr().out
    assert "DeepSeek-R1" in split and "qwq-32b" in split


def _with_language(tmp_path, language: str) -> None:
    (tmp_path / "config.toml").write_text(
        f'language = "{language}"\n[data]\ndir = "{SEED_DIR.as_posix()}"\n', encoding="utf-8")


@pytest.mark.parametrize(("language", "argv", "title"), [
    ("en", [], "Best for Medical"),
    ("zh", [], "医疗领域最佳模型"),
    ("zh", ["--lang", "en"], "Best for Medical"),
    ("en", ["--lang", "zh"], "医疗领域最佳模型"),
])
def test_ask_answers_in_the_settings_language_unless_lang_says_otherwise(
        capsys, tmp_path, language, argv, title):
    """`language` in the settings is the default; --lang wins over it."""
    _with_language(tmp_path, language)
    assert main(["ask", *argv, "/best 医疗"]) == 0
    assert capsys.readouterr().out.startswith(title + "\n")


@pytest.mark.parametrize(("language", "argv", "says"), [
    ("zh", [], "16 个模型"), ("en", ["--lang", "zh"], "16 个模型"),
    ("zh", ["--lang", "en"], "16 models"),
])
def test_parse_speaks_the_settings_language_unless_lang_says_otherwise(
        capsys, tmp_path, language, argv, says):
    _with_language(tmp_path, language)
    assert main(["parse", *argv, str(SEED_DIR)]) == 0
    assert says in capsys.readouterr().out


def test_a_batch_in_text_separates_answers_by_one_blank_line(capsys, monkeypatch):
    """`ask -` without --json prints each answer as `ask` alone would, a blank line between
    two answers and none before the first or after the last."""
    lines = ["/best 医疗 budget:5", "/model qwq-32b"]
    alone = []
    for line in lines:
        assert main(["ask", line]) == 0
        alone.append(capsys.readouterr().out)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "-"]) == 0
    assert capsys.readouterr().out == alone[0] + "\n" + alone[1]


@pytest.mark.parametrize("order", [("/best nosuchdomain", "/about"),
                                   ("/about", "/best nosuchdomain")])
def test_a_batch_with_a_user_error_exits_2_wherever_it_is(capsys, monkeypatch, order):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(order) + "\n"))
    assert main(["ask", "--json", "-"]) == 2


def test_a_chart_of_a_batch_is_refused_as_a_user_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "stdin", io.StringIO("/model qwq-32b\n"))
    assert main(["ask", "--chart", str(tmp_path / "c.png"), "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--chart takes one command" in captured.err
    assert not (tmp_path / "c.png").exists()


def test_a_chart_written_says_so_on_stderr_and_keeps_stdout_to_the_answer(capsys, tmp_path):
    """With --json, stdout holds the one JSON object; the note that the chart was written goes
    to stderr, in the reply language."""
    chart = tmp_path / "model.png"
    assert main(["ask", "--json", "--lang", "zh", "--chart", str(chart), "/model qwq-32b"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["model"]["name"] == "qwq-32b"
    assert captured.err == f"图表已写入 {chart}\n"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_into_a_folder_that_does_not_exist_is_a_user_error(capsys, tmp_path):
    """The answer is printed; the chart cannot be written: exit 2 (the user's path), not 1
    (a bug), with the path named and no traceback."""
    chart = tmp_path / "missing" / "model.png"
    assert main(["ask", "--chart", str(chart), "/model qwq-32b"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("qwq-32b")
    assert captured.err.startswith(f"error: {chart}: ")
    assert "Traceback" not in captured.err
    assert not chart.exists()


def test_no_chart_is_drawn_for_a_question_that_failed(capsys, tmp_path):
    """/model of an unknown name with --chart: the error, exit 2, no file."""
    chart = tmp_path / "model.png"
    assert main(["ask", "--chart", str(chart), "/model nosuchmodelatall"]) == 2
    captured = capsys.readouterr()
    assert "nosuchmodelatall" in captured.err
    assert "Traceback" not in captured.err and "went wrong" not in captured.err
    assert not chart.exists()


def test_the_chart_uses_the_font_the_settings_name(capsys, tmp_path):
    """charts.font reaches the chart: a file that is no font is named in a warning (the chart
    is still drawn, in a font that works)."""
    not_a_font = tmp_path / "not-a-font.ttf"
    not_a_font.write_bytes(b"nothing like a font")
    (tmp_path / "config.toml").write_text(
        f'[data]\ndir = "{SEED_DIR.as_posix()}"\n[charts]\nfont = "{not_a_font.as_posix()}"\n',
        encoding="utf-8")
    chart = tmp_path / "model.png"
    assert main(["ask", "--chart", str(chart), "/model qwq-32b"]) == 0
    err = capsys.readouterr().err
    assert f"charts.font {not_a_font} cannot draw Chinese (not a font matplotlib can read)" in err
    assert chart.exists()


# -- the console ----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal (the console's interactive mode)."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("word", ["quit", "QUIT", "Exit", ":q", "/quit", "/EXIT"])
def test_the_console_ends_on_any_quit_word_in_any_case(capsys, monkeypatch, word):
    """What follows a quit word is never answered."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{word}\n/about\n"))
    assert main(["console"]) == 0
    assert "About modelbot" not in capsys.readouterr().out


def test_the_console_greets_a_terminal_only(capsys, monkeypatch):
    """At a terminal: a welcome, in the language asked for, then the prompt; piped input gets
    answers alone."""
    monkeypatch.setattr(sys, "stdin", _Terminal("quit\n"))
    assert main(["console"]) == 0
    assert capsys.readouterr().out.startswith(
        "modelbot console: type a command such as /best 医疗 budget:5")
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert main(["console"]) == 0
    assert capsys.readouterr().out == ""


def test_the_console_passes_over_blank_lines(capsys, monkeypatch):
    """An empty or blank line is no command: nothing is said about it."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n   \n/about\n"))
    assert main(["console"]) == 0
    assert capsys.readouterr().out.startswith("About modelbot\n")


def test_the_console_answers_a_mistake_where_it_answers_the_rest(capsys, monkeypatch):
    """In the console a user error is an answer like any other: on stdout, after the prompt,
    not on stderr (the console goes on; its exit status stays 0)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("/model nosuchmodel-xyz\n/about\n"))
    assert main(["console"]) == 0
    captured = capsys.readouterr()
    assert "nosuchmodel-xyz" in captured.out
    assert captured.out.index("nosuchmodel-xyz") < captured.out.index("About modelbot")
    assert captured.err == ""


@pytest.mark.parametrize("word", ["help", "HELP", "/help", "?"])
def test_the_console_shows_its_help(capsys, monkeypatch, word):
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{word}\n"))
    assert main(["console"]) == 0
    assert capsys.readouterr().out.startswith("Commands: /best DOMAIN")


def test_the_console_switches_language_whatever_the_case(capsys, monkeypatch):
    """`:lang ZH` is Chinese (as `:lang zh`), and later answers are in it; --lang starts it."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(":lang ZH\n/best 医疗\n"))
    assert main(["console"]) == 0
    out = capsys.readouterr().out
    assert "Unknown language" not in out
    assert "医疗领域最佳模型" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("/best 医疗\n"))
    assert main(["console", "--lang", "zh"]) == 0
    assert capsys.readouterr().out.startswith("医疗领域最佳模型\n")


# -- the configuration, refused -------------------------------------------------------------------


def test_an_unknown_setting_is_named_and_exits_2(capsys, tmp_path):
    (tmp_path / "config.toml").write_text("colour = 1\n", encoding="utf-8")
    assert main(["ask", "/about"]) == 2
    assert capsys.readouterr().err == (
        "error: invalid configuration: colour is not a setting "
        "(config.example.toml lists every one)\n")


@pytest.mark.parametrize(("env", "in_file", "says"), [
    (None, None, "error: invalid configuration: colour is not a setting"),
    ("zh", None, "错误：配置无效：colour 不是一个设置项"),
    (None, "zh", "错误：配置无效：colour 不是一个设置项"),
    ("en", "zh", "error: invalid configuration: colour is not a setting"),
])
def test_a_refused_configuration_speaks_the_environments_language(
        capsys, tmp_path, monkeypatch, env, in_file, says):
    """The settings failed, so MODELBOT_LANGUAGE, else the file's own `language`, picks the
    language of the refusal."""
    language = f'language = "{in_file}"\n' if in_file else ""
    (tmp_path / "config.toml").write_text(language + "colour = 1\n", encoding="utf-8")
    if env:
        monkeypatch.setenv("MODELBOT_LANGUAGE", env)
    assert main(["ask", "/about"]) == 2
    assert capsys.readouterr().err.startswith(says)


# -- exit status of what is neither an answer nor a user's question ------------------------------


def test_run_without_a_token_is_a_user_error(capsys):
    """No DISCORD_TOKEN: exit 2 with what to set, not a bug."""
    assert main(["run"]) == 2
    assert capsys.readouterr().err.startswith("No Discord token is configured.")


def test_a_bug_outside_any_answer_exits_1_with_an_id(capsys, monkeypatch):
    """The data cannot even be loaded for a reason nobody planned: exit 1, and the last line
    the apology with the id the log's "bug <id>" line carries."""
    import bot.cli

    def broken(settings):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(bot.cli, "_catalog", broken)
    assert main(["ask", "/about"]) == 1
    *_, last = capsys.readouterr().err.splitlines()
    assert last.startswith("Something went wrong on our side (error id ")


@pytest.mark.parametrize(("extra", "traceback"), [([], False), (["--log-level", "DEBUG"], True)],
                         ids=["default", "debug"])
def test_a_bug_in_the_terminal_shows_its_id_and_a_traceback_only_at_debug(
        capsys, monkeypatch, extra, traceback):
    """The terminal shares stderr with the user: a bug is one log line with its id and the
    apology, never a traceback, unless --log-level DEBUG asks for it."""
    import bot.cli

    def broken(asked, catalog):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(bot.cli, "answer", broken)
    assert main([*extra, "ask", "/about"]) == 1
    err = capsys.readouterr().err
    error_id = err.rsplit("error id ", 1)[1][:8]
    assert f"bug {error_id} answering '/about'" in err
    assert ("Traceback (most recent call last)" in err) is traceback
    assert ("RuntimeError: simulated bug" in err) is traceback


def test_parse_json_gives_the_measured_figures(capsys):
    """A board with measured latency, tokens and cost per 1,000 calls (总分.md) keeps them in
    parse --json; a board without (alldata.md) has no such key."""
    from tests.paths import CURRENT_DIR

    boards = CURRENT_DIR / "leaderboard"
    assert main(["parse", "--json", str(boards / "总分.md"), str(boards / "alldata.md")]) == 0
    measured, plain = json.loads(capsys.readouterr().out)["boards"]
    kimi = next(m for m in measured["models"] if m["name"] == "kimi-k3")
    assert kimi["measures"] == {"latency": 80.0, "tokens": 1962.0, "cost_per_1000": 172.4}
    assert not any("measures" in m for m in plain["models"])


def test_serve_without_the_public_key_is_a_user_error(capsys, monkeypatch):
    """A token but no discord.public_key: exit 2 saying which setting to give."""
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err.startswith(
        "modelbot serve needs the application's public key")


def test_a_bad_value_is_named_with_its_reason_in_words(capsys, tmp_path):
    """The setting and why, without pydantic's "Value error, " in front."""
    (tmp_path / "config.toml").write_text('[discord]\npublic_key = "zz"\n', encoding="utf-8")
    assert main(["ask", "/about"]) == 2
    assert capsys.readouterr().err == (
        "error: invalid configuration: discord.public_key: must be hexadecimal "
        "(the Developer Portal's Public Key)\n")


def test_modelbot_alone_without_a_token_opens_the_console_saying_why_on_stderr(
        capsys, monkeypatch):
    """No token: the console, on the bundled data; the note about the token goes to stderr,
    so stdout holds only what the console answers."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("/about\n"))
    assert main([]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("No Discord token configured")
    assert captured.out.startswith("About modelbot\n")

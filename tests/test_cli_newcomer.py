"""What a newcomer meets on the bundled data (issue 19), word for word where it matters: the
messages of mistyped commands point at what is wrong, names the bot prints resolve back,
suggestions are few and right, numbers say what they are."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from tests.paths import DATA
from tests.terminal import ask, new_user

README = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(
    encoding="utf-8").split())


@pytest.fixture(autouse=True)
def plain(tmp_path, monkeypatch):
    """No config.toml, no token, no MODELBOT_ settings but the bundled data (both releases)."""
    with new_user(tmp_path, monkeypatch, data=DATA):
        yield


def ask_json(capsys, line: str, *argv: str) -> dict:
    status = main(["ask", "--json", *argv, line])
    payload = json.loads(capsys.readouterr().out)
    assert (status == 0) is payload["ok"]
    return payload


# --- error messages that point at what is wrong --------------------------------------------

@pytest.mark.parametrize("line", [
    "/best 医疗 budget:5 元", "/best 医疗 budget:5 rmb", "/best 医疗 5 元",
    "/best 医疗 budget 5 元",
    "/value 医疗 budget:5 元", "/leaderboard 医疗 budget:5 元", "/recommend 医疗=1 budget:5 元",
])
def test_a_currency_written_apart_belongs_to_the_budget(capsys, line):
    """``budget:5 元`` is a budget of 5元, not a domain called "医疗 元"."""
    payload = ask_json(capsys, line)
    assert payload["ok"], payload
    assert payload["budget"] == 5.0


def test_a_currency_with_no_amount_before_it_is_no_budget(capsys):
    """A lone 元 after the domain is not glued to anything: the domain is then wrong."""
    payload = ask_json(capsys, "/best 医疗 元 budget:5")
    assert payload["error"]["kind"] == "unknown_domain"


@pytest.mark.parametrize("lang, says", [
    ("en", "Medical & mental health is weighted twice (“医疗=2” and “医疗=1”): give each "
           "domain one weight.\n"),
    ("zh", "医疗与心理健康的权重给了两次（“医疗=2”和“医疗=1”）：每个领域只给一个权重。\n"),
])
def test_a_domain_weighted_twice_is_named(capsys, lang, says):
    """/recommend "医疗=2 医疗=1" names the domain and both weights, not "weights is given
    twice" (weights was given once)."""
    status, _, err = ask(capsys, "--lang", lang, '/recommend "医疗=2 医疗=1"')
    assert status == 2
    assert err == says


@pytest.mark.parametrize("line, option", [
    ("/cost kimi-k3 50M budget:5", "budget"), ("/cost kimi-k3 50M org:豆包", "org"),
    ("/recommend 医疗=1 period:month", "period"), ("/compare kimi-k3 qwq-32b budget:5", "budget"),
    ("/model kimi-k3 top:3", "top"),
])
def test_an_option_of_another_command_is_refused_by_name(capsys, line, option):
    """An option that some command has, given to one that has not, is refused as the option
    it is, also where values may hold a colon (/cost's model, /compare's names)."""
    status, _, err = ask(capsys, line)
    assert status == 2
    assert err.startswith(f"/{line.split()[0][1:]} has no option {option}. Its options: "), err


def test_a_colon_in_a_model_name_is_still_a_name(capsys):
    """The rule above spares a word that is no option of any command (qwen2.5:72b)."""
    payload = ask_json(capsys, "/cost qwen2.5:72b 50M")
    assert payload["ok"] and payload["model"]["name"] == "qwen2.5-72b-instruct", payload


@pytest.mark.parametrize("lang, says", [
    ("en", "/cost needs model before “50M”: /cost MODEL TOKENS [PERIOD]\n"),
    ("zh", "/cost 在“50M”之前还需要模型：/cost MODEL TOKENS [PERIOD]\n"),
])
def test_cost_with_tokens_only_says_the_model_is_missing(capsys, lang, says):
    """/cost 50M lacks the model, not the tokens."""
    status, _, err = ask(capsys, "--lang", lang, "/cost 50M")
    assert status == 2
    assert err == says


def test_cost_with_a_model_only_still_asks_for_tokens(capsys):
    """A value that is no volume of tokens is the model: then the tokens are missing."""
    status, _, err = ask(capsys, "/cost kimi-k3")
    assert status == 2
    assert err == "/cost needs tokens.\n"


@pytest.mark.parametrize("line, option", [
    ("/best 医疗 budget:", "budget"), ("/best 医疗 org:", "org"), ("/best 医疗 type:", "type"),
    ("/leaderboard budget:", "budget"), ("/value org:", "org"), ("/recommend 医疗=1 type:", "type"),
    ("/cost kimi-k3 50M type:", "type"), ("/best 医疗 预算:", "budget"),
    ("/best 医疗 budget: org:豆包", "budget"),
])
def test_an_option_with_no_value_is_refused(capsys, line, option):
    """``budget:`` with nothing after it was silently no budget at all. (A space after the
    colon still takes the next word, unless that word is another option.)"""
    status, _, err = ask(capsys, line)
    assert status == 2
    assert err == f"{option}: has no value: write one after the colon, or leave the option out.\n"


def test_a_space_after_the_colon_still_takes_the_value(capsys):
    payload = ask_json(capsys, "/best 医疗 org: 豆包")
    assert payload["ok"] and {r["org"] for r in payload["results"]} == {"豆包"}


# --- names the bot prints resolve back ------------------------------------------------------

def _batch(capsys, monkeypatch, lines: list[str], *argv: str) -> list[dict]:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    main(["ask", "--json", *argv, "-"])
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _printed_names(text: str) -> list[str]:
    """The Model column of a ranking table as printed (``kimi-k3 (new)``)."""
    rows = [line.strip() for line in text.splitlines()
            if line.strip()[:1].isdigit() and "  " in line]
    return [re.split(r"\s{2,}", row)[1] for row in rows]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_name_a_ranking_prints_resolves_to_that_model(capsys, monkeypatch, lang):
    """Each Model cell of the whole leaderboard, marks and all (``kimi-k3 (new)``, ``(新)``),
    typed back to /model names the model of that row."""
    printed: list[str] = []
    for page in range(1, 5):
        status, out, _ = ask(capsys, "--lang", lang, f"/leaderboard per_page:25 page:{page}")
        assert status == 0
        printed += _printed_names(out)
    rows = [r for page in range(1, 5) for r in ask_json(
        capsys, f"/leaderboard per_page:25 page:{page}")["results"]]
    assert len(printed) == len(rows) == 97
    mark = {"en": " (new)", "zh": " (新)"}[lang]
    assert sum(p.endswith(mark) for p in printed) >= 10
    answers = _batch(capsys, monkeypatch, [f'/model "{name}"' for name in printed])
    assert [a.get("model", {}).get("name") for a in answers] == [r["name"] for r in rows]


@pytest.mark.parametrize("typed, name", [
    ("kimi-k3 (new)", "kimi-k3"), ("kimi-k3 (新)", "kimi-k3"), ("kimi-k3（新）", "kimi-k3"),
    ("kimi-k3 🆕", "kimi-k3"), ("KIMI-K3 (NEW)", "kimi-k3"),
    ("qwen2.5-72b-instruct (v3.6)", "qwen2.5-72b-instruct"),
    ("DeepSeek-R1 (v3.6)", "DeepSeek-R1"), ("DeepSeek-R1 (CLiB v3.6)", "DeepSeek-R1"),
])
def test_a_name_with_the_mark_the_bot_prints_is_that_model(capsys, typed, name):
    payload = ask_json(capsys, f'/model "{typed}"')
    assert payload["ok"] and payload["model"]["name"] == name, payload


def test_a_mark_alone_is_no_model(capsys):
    """Only a mark after a name is dropped: "(new)" by itself names nothing."""
    payload = ask_json(capsys, '/model "(new)"')
    assert payload["error"]["kind"] == "unknown_model"


# --- suggestions ----------------------------------------------------------------------------

def test_an_organisations_models_start_with_the_current_leader_and_count_the_rest(capsys):
    """/model 千问: qwen3.7-max (#1 of the current release) first, ten listed "and 12 more"."""
    payload = ask_json(capsys, "/model 千问")
    error = payload["error"]
    assert error["kind"] == "ambiguous_model"
    assert error["suggestions"][0] == "qwen3.7-max"
    assert len(error["suggestions"]) == 10
    assert error["details"] == {"more": 12}
    _, _, err = ask(capsys, "/model 千问")
    assert err.splitlines()[1] == "Candidates: " + ", ".join(error["suggestions"]) + \
        " and 12 more"
    _status, _, err = ask(capsys, "--lang", "zh", "/model 千问")
    assert err.splitlines()[1].endswith("，另有 12 个")


def test_a_candidate_of_an_older_release_is_marked_and_the_mark_resolves(capsys):
    """/model mistral lists Mistral-Small-24B-Instruct-2501 (v3.6), which typed back (mark
    and all) is that model; a list of every current model carries no mark."""
    status, _, err = ask(capsys, "/model mistral")
    assert status == 2
    assert err.splitlines()[1] == \
        "Candidates: mistral-large-2512, Mistral-Small-24B-Instruct-2501 (v3.6)"
    payload = ask_json(capsys, "/model mistral")
    assert payload["error"]["details"] == {"releases": {"Mistral-Small-24B-Instruct-2501": "v3.6"}}
    assert payload["error"]["suggestions"] == ["mistral-large-2512",
                                               "Mistral-Small-24B-Instruct-2501"]
    payload = ask_json(capsys, '/model "Mistral-Small-24B-Instruct-2501 (v3.6)"')
    assert payload["model"]["release"] == "v3.6"


def test_one_close_model_is_unknown_with_a_suggestion_not_ambiguous(capsys):
    """A single suggestion is ``unknown_model`` in JSON (the contract: unknown, with suggestions;
    ambiguous means several candidates), asked about by name, mark included."""
    payload = ask_json(capsys, '/model "deepseek 满血"')
    assert payload["error"]["kind"] == "unknown_model"
    assert payload["error"]["suggestions"] == ["DeepSeek-R1"]
    assert payload["error"]["message"] == \
        "“deepseek 满血” is not on the loaded boards as such. Did you mean DeepSeek-R1 (v3.6)?" \
        " [CLiB v5.11.7, v3.6]"


@pytest.mark.parametrize("line, says", [
    ("/best 医疗 org:qwen", "Did you mean: 阿里巴巴?"),
    ("/leaderboard org:gemini", "Did you mean: google?"),
    ("/value org:kimi", "Did you mean: 月之暗面?"),
    ("/recommend 医疗=1 org:deepseek-v4", "Did you mean: 深度求索?"),
])
def test_a_model_family_given_as_org_suggests_its_maker(capsys, line, says):
    """org:qwen: qwen names Alibaba's models, so 阿里巴巴 is the suggestion (it was nvidia,
    through the two letters "nv")."""
    status, _, err = ask(capsys, line)
    assert status == 2
    value = line.split("org:")[1]
    assert err == f"“{value}” names models, not an organisation: org: takes the organisation " \
                  f"that makes them.\n{says}\n"


def test_a_short_alias_is_no_suggestion_for_an_unrelated_word(capsys):
    _, _, err = ask(capsys, "/best 医疗 org:kwen")
    assert err == "No organisation on the loaded boards is called “kwen”.\n"  # not nvidia


# --- numbers and words ----------------------------------------------------------------------

def _table(text: str, title: str) -> list[list[str]]:
    """The rows of the table under ``title``, cells split on runs of spaces."""
    lines = text.splitlines()
    at = lines.index(title)
    start = next(i for i in range(at, len(lines)) if lines[i].lstrip().startswith("─")) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return [re.split(r"\s{2,}", line.strip()) for line in lines[start:end]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_per_yuan_always_has_one_decimal(capsys, lang):
    """14.0 beside 44.6, never 14 (and 1.0, not "1 points per 元")."""
    status, out, _ = ask(capsys, "--lang", lang, "/value")
    assert status == 0
    title = {"en": "Beaten on both score and price", "zh": "得分和价格都不占优"}
    cells = [row[4] for row in _table(out, title[lang]) if len(row) == 6]
    assert len(cells) > 80 and all(re.fullmatch(r"\d+\.\d|—", c) for c in cells), cells
    assert "3.0" in cells and "16.0" in cells
    _, out, _ = ask(capsys, "/value org:anthropic")
    assert "Best value: claude-sonnet-5-thinking scores 70.8 at 70元 (1.0 points per 元)." in out
    _, out, _ = ask(capsys, "/compare kimi-k3 hy3")
    assert re.search(r"^Score per 元 +0\.8 +16\.0 *$", out, re.MULTILINE), out


@pytest.mark.parametrize("lang, best, free", [
    ("en", "Best value: gpt-oss-20b scores 49.7 at 0.994元 (50.0 points per 元).",
     "Free (0元): no score per 元, listed apart, best score first"),
    ("zh", "性价比最高：gpt-oss-20b，得分 49.7，价格 0.994元（每元 50.0 分）。", None),
])
def test_a_free_model_is_listed_apart_never_best_value_at_free(capsys, lang, best, free):
    """Not "at free (— points per 元)": the best value is the paid model with the most points
    per 元, and the free ones (LongCat-Flash-Thinking-2601 scores 62.7 at 0元) stand apart."""
    _, out, _ = ask(capsys, "--lang", lang, "/value")
    lines = out.splitlines()
    assert lines[1] == best
    if free:
        assert free in lines
    heading = next(i for i, line in enumerate(lines) if line.startswith(("Free (", "免费")))
    assert lines[heading + 3].startswith("LongCat-Flash-Thinking-2601 ")


def test_a_saving_keeps_its_half_yuan(capsys):
    """/cost kimi-k3 3000万: gemini-3.7-flash at 26.25元 saves 2,212.5元 (not 2,212元)."""
    _, out, _ = ask(capsys, "/cost kimi-k3 3000万")
    rows = _table(out, "Best-value alternatives (cheaper, on the value frontier)")
    assert rows[2] == ["gemini-3.7-flash", "75.4", "26.25元", "787.5元", "2,212.5元"]


@pytest.mark.parametrize("lang, says", [
    ("en", "Filters: type = open-source"), ("zh", "筛选：类别 = 开源")])
def test_cost_names_its_type_filter(capsys, lang, says):
    """/cost … type:open lists open models only, and says so like every filtered answer."""
    _, out, _ = ask(capsys, "--lang", lang, "/cost kimi-k3 50M type:open")
    assert out.splitlines()[2] == says
    _, out, _ = ask(capsys, "--lang", lang, "/cost kimi-k3 50M")
    assert says.split(" ")[0].split("：")[0] not in out
    assert ask_json(capsys, "/cost kimi-k3 50M type:open")["type"] == "open"


def test_scores_that_would_print_alike_show_the_decimal_that_orders_them(capsys):
    """/recommend 医疗=2 法律=1: qwen3.7-plus (8元, 88.2) above Doubao-Seed-2.0-lite (3.6元,
    88.1667) reads 88.20 over 88.17, and a note says the decimals decide."""
    _, out, _ = ask(capsys, '/recommend "医疗=2 法律=1" top:10')
    rows = {row[1]: row[3] for row in _table(out, out.splitlines()[0]) if len(row) > 3}
    assert rows["qwen3.7-plus"] == "88.20" and rows["Doubao-Seed-2.0-lite"] == "88.17"
    assert rows["gpt-5.5"] == "88.33" and rows["kimi-k2.7-code"] == "88.30"
    assert rows["kimi-k3"] == "88.0"  # its neighbours differ at one decimal: one decimal
    assert "More decimals where one would show a tie: they decide the order." in out
    _, out, _ = ask(capsys, "--lang", "zh", '/recommend "医疗=2 法律=1" top:10')
    assert "一位小数看似并列时多显示几位：排序由它们决定。" in out


def test_equal_scores_say_that_price_orders_them(capsys):
    """kimi-k2.6 (27元) and kimi-k3 (100元) both score 89.3 in 医疗: the cheaper first, and
    the ranking says so; a ranking without equal neighbours says nothing of ties."""
    _, out, _ = ask(capsys, "/leaderboard 医疗 per_page:10")
    assert "Equal scores: the cheaper model first, then the better board rank." in out
    names = [row[1] for row in _table(out, "Leaderboard: Medical & mental health")[:10]]
    assert names.index("kimi-k2.6") == names.index("kimi-k3 (new)") - 1
    _, out, _ = ask(capsys, "/best 医疗 budget:5")
    assert "Equal scores" not in out and "More decimals" not in out


# --- tables -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, headline, overall", [
    ("en", "#4 of 97 by total in CLiB v5.11.7", "#4 of 97"),
    ("zh", "CLiB v5.11.7 总分第 4 名（共 97 个）", "第 4 名（共 97 个）"),
])
def test_the_overall_row_of_a_card_shows_the_headline_rank(capsys, lang, headline, overall):
    """/model kimi-k3: the Overall row's rank is the "#4 of 97" just above, not a dash."""
    _, out, _ = ask(capsys, "--lang", lang, "/model kimi-k3")
    lines = out.splitlines()
    assert lines[2] == headline
    row = next(line for line in lines if line.startswith(("Overall ", "总分 ")))
    assert re.split(r"\s{2,}", row)[2] == overall


def test_parse_says_a_board_of_totals_has_no_domains(capsys):
    """modelbot parse 总分.md: "a total only", not an empty "Domains:"."""
    path = DATA / "v5.11.7" / "leaderboard" / "总分.md"
    assert main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == "  97 models; a total only, no domain scores"
    assert "Domains:" not in out
    assert main(["parse", "--lang", "zh", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  97 个模型；只有总分，没有领域得分"
    assert main(["parse", str(DATA / "v5.11.7" / "leaderboard" / "coding.md")]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  97 models; Domains: coding"


@pytest.mark.parametrize("line, command", [
    ("/reload", "reload"), ("/重新加载", "reload"), ("/settings", "settings"),
    ("/best 医疗 color:red", "best"), ("/最佳 医疗 budget:", "best"), ("/cost 50M", "cost"),
    ("/hack", None),
])
def test_json_names_the_command_even_when_its_options_are_wrong(capsys, line, command):
    """/reload in JSON said "command": null; a command the bot has is always named."""
    payload = ask_json(capsys, line)
    assert payload["ok"] is False and payload["command"] == command


# --- the terminal's streams and settings ------------------------------------------------------

@pytest.mark.parametrize("content", [None, ""], ids=["missing", "empty"])
def test_a_broken_token_file_does_not_stop_what_needs_no_token(capsys, tmp_path, monkeypatch,
                                                               content):
    """ask, parse and console never log in: a missing or empty MODELBOT_TOKEN_FILE (or
    token_file in config.toml) is no reason to refuse them. run still refuses, naming it."""
    path = tmp_path / "discord_token"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("MODELBOT_TOKEN_FILE", str(path))
    status, out, err = ask(capsys, "/best 医疗 budget:5")
    assert status == 0 and out.startswith("Best for Medical & mental health within 5元\n"), err
    assert err == ""
    assert main(["parse", str(DATA / "v3.6")]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("/about\nquit\n"))
    assert main(["console"]) == 0
    capsys.readouterr()
    assert main(["run"]) == 2
    assert "token_file" in capsys.readouterr().err
    monkeypatch.delenv("MODELBOT_TOKEN_FILE")
    (tmp_path / "config.toml").write_text(f'token_file = "{path}"\n', encoding="utf-8")
    status, out, err = ask(capsys, "/about")
    assert status == 0 and out.startswith("About modelbot\n"), err


def test_a_batch_in_text_keeps_each_answer_and_its_blank_line_on_one_stream(capsys,
                                                                           monkeypatch):
    """Answers on stdout, errors on stderr, each stream's answers one blank line apart, none
    leading: an error's separator no longer lands on stdout."""
    batch = "/model zzzz\n/best 医疗 budget:5\n/model yyyy\n/about\n/model xxxx\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(batch))
    assert main(["ask", "-"]) == 2
    out, err = capsys.readouterr()
    answers = out.split("\n\n")
    assert not out.startswith("\n") and not out.endswith("\n\n")
    assert "About modelbot" in out and out.count("\n\nAbout modelbot\n") == 1
    assert answers[0].startswith("Best for Medical & mental health within 5元\n")
    blocks = err.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        f"No model on the loaded boards matches “{q}”. [CLiB v5.11.7, v3.6]"
        for q in ("zzzz", "yyyy", "xxxx")]
    assert not err.startswith("\n") and err.endswith("\n") and not err.endswith("\n\n")


# --- what the README and aliases.toml promise -------------------------------------------------

@pytest.mark.parametrize("typed, name", [("astra", "gpt-6-astra"),
                                         ("evolving", "doubao-seed-evolving")])
def test_a_word_one_model_alone_has_names_it_as_the_readme_says(capsys, typed, name):
    payload = ask_json(capsys, f"/model {typed}")
    assert payload["ok"] and payload["model"]["name"] == name
    assert f"(`{typed}`" in README or f"`{typed}`" in README


def test_mistral_asks_which_of_two_as_the_readme_says(capsys):
    """The README said `mistral` resolves to its one model; it asks which of two."""
    payload = ask_json(capsys, "/model mistral")
    assert payload["error"]["kind"] == "ambiguous_model"
    assert payload["error"]["suggestions"] == ["mistral-large-2512",
                                               "Mistral-Small-24B-Instruct-2501"]
    assert "`mistral` asks which of its two" in README
    assert "(`mistral`) is that model" not in README


def test_the_aliases_file_example_of_an_organisation_word_holds(capsys):
    """aliases.toml says "混元" lists the hunyuan models and "混元 thinking" finds
    hunyuan-2.0-thinking-20251109 (it said "混元 t1" finds hunyuan-t1, which is on no board)."""
    comment = (DATA / "aliases.toml").read_text(encoding="utf-8")
    assert '"混元 thinking" finds hunyuan-2.0-thinking-20251109' in comment.replace("\n# ", " ")
    assert ask_json(capsys, '/model "混元 thinking"')["model"]["name"] == \
        "hunyuan-2.0-thinking-20251109"
    error = ask_json(capsys, "/model 混元")["error"]
    assert error["kind"] == "ambiguous_model"
    assert {"hunyuan-2.0-thinking-20251109", "hunyuan-2.0-instruct-20251111"} <= \
        set(error["suggestions"])

"""Terminal text: boards that lack something (no prices, no domain columns), and every
command's answer word for word (tests/render/answers/) on boards small enough to check by
hand, in both languages."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.catalog import Catalog, load_catalog
from bot.core.commands import build_request, parse_command_line
from bot.core.queries import execute
from bot.render.context import RenderContext
from bot.render.text import format_result
from tests.core.boards import board, catalog
from tests.paths import DATA, SEED_DIR
from tests.product import MODELBOT

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
        ["bash", "-o", "pipefail", "-c", f"{MODELBOT} ask - | head -c 10"],
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



# -- every command's text, word for word -------------------------------------------------------
# tests/render/answers/ID.txt holds what the terminal prints for each case, checked by hand once.

ANSWERS = Path(__file__).parent / "answers"


def expected(request: pytest.FixtureRequest) -> str:
    """The text checked by hand for the running case (its id names the file)."""
    name = request.node.callspec.id
    return (ANSWERS / f"{name}.txt").read_text(encoding="utf-8").removesuffix("\n")


ROWS = """
|1|a|甲|10元|80|开源|80|70|
|2|b|乙|2元|78|商用|78.5|60|
|3|c|丙||70|商用|70|65|
|4|e|戊|3元|60|商用|60||
"""
"""a: the winner at 10元; b: 1.5 points less at 2元 (5× cheaper); c: price unknown; e: no
law score (left out of a /recommend that weighs law)."""
CATALOGS = {"one": catalog(ROWS), "two": catalog(ROWS, extra=(board(
    "|1|d|丁|1元|75|开源|75|50|", title="另一榜"),)), "seed": load_catalog(SEED_DIR),
    "measured": catalog("|开源|X|x|80|41|707|59.2|1|\n|商用|Y|y|70|20|300|10|2|", title="医疗",
                        header="|类别|机构|大模型|【医疗】准确率|平均耗时|平均消耗token|花费/千次（元）|排名（准确率）|"),
    "even": catalog("|1|x|X|1元|80|商用|70|70|"),
    "free": catalog("|1|f|F|0元|60|开源|60|50|\n|2|p|P|3元|80|商用|80|50|")}
"""One board, the same with a second board of the same release (ranks then name their board
on every row), the seed board (CLiB v3.6), a board of one domain with measured figures (and
none for the total), a model scoring the same in every domain (strongest in all, weakest in
none), and a free model beside a paid one."""


def answer(source: Catalog, lang: str, line: str) -> str:
    """The terminal text of ``line`` in ``lang``."""
    command, options = parse_command_line(line)
    return format_result(execute(source, build_request(command, options)), RenderContext(lang))


@pytest.mark.parametrize(("catalog_name", "lang", "line"), [
    pytest.param("one", "en", "/best 医疗", id="best_one_board"),
    pytest.param("two", "en", "/best 医疗", id="best_two_boards"),
    pytest.param("one", "zh", "/best 医疗 type:commercial", id="best_type_zh"),
    pytest.param("one", "en", "/leaderboard 医疗 budget:5 per_page:1 page:2",
                 id="leaderboard_page_2"),
    pytest.param("one", "zh", "/leaderboard 医疗 budget:5 per_page:1 page:2",
                 id="leaderboard_page_2_zh"),
    pytest.param("two", "en", "/value 医疗", id="value"),
    pytest.param("one", "en", "/value 医疗 org:乙 budget:5", id="value_filtered"),
    pytest.param("one", "en", "/model b", id="model"),
    pytest.param("one", "zh", "/model b", id="model_zh"),
    pytest.param("one", "en", "/compare a b", id="compare"),
    pytest.param("one", "en", "/recommend 医疗=2 法律=1", id="recommend"),
    pytest.param("two", "en", "/cost a 1亿 day", id="cost"),
    pytest.param("one", "zh", "/cost b 5000万 week", id="cost_zh"),
    pytest.param("one", "en", "/leaderboard 医疗 per_page:1 page:2", id="leaderboard_page_2_of_4"),
    pytest.param("seed", "en", "/best 医疗", id="best_seed"),
    pytest.param("free", "en", "/best 医疗 budget:0", id="best_free_only"),
    pytest.param("one", "zh", "/best 医疗", id="best_one_board_zh"),
    pytest.param("two", "zh", "/best 医疗", id="best_two_boards_zh"),
    pytest.param("two", "zh", "/value 医疗", id="value_zh"),
    pytest.param("one", "zh", "/compare a b", id="compare_zh"),
    pytest.param("one", "zh", "/recommend 医疗=2 法律=1", id="recommend_zh"),
    pytest.param("two", "zh", "/cost a 1亿 day", id="cost_alternatives_zh"),
    pytest.param("seed", "en", "/domains", id="domains"),
    pytest.param("seed", "zh", "/domains", id="domains_zh"),
    pytest.param("measured", "en", "/model x", id="model_measured_in_a_domain"),
    pytest.param("even", "en", "/model x", id="model_even"),
])
def test_each_answer_reads_exactly(request, catalog_name, lang, line):
    """Titles and filter lines (budget ≤, type by name), figures with their units (元, n/a,
    未知), the board rank alone when every row shares one board and with the board's name when
    they do not, numbering that continues on page 2, the cheaper line (5.0× cheaper, 1.5 points
    less), "(new)" after a model new in its release, a budget of 0 named in the title, stars
    on each row's winner, a domain's rank out of the models ranked in it, the
    monthly volume of a bill (a day's 100M is 3.04B a month), the savings, the model left out
    of /recommend, up to eight aliases of a domain, tables aligned though Chinese takes two
    columns."""
    assert answer(CATALOGS[catalog_name], lang, line) == expected(request)


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    """The bundled data: CLiB v5.11.7 (with measured latency, tokens and cost) and the v3.6
    seed board, an older release."""
    return load_catalog(DATA)


@pytest.mark.parametrize(("lang", "line"), [
    pytest.param("en", "/model kimi-k3", id="model_with_measures"),
    pytest.param("en", "/model qwq-32b", id="model_of_an_older_release"),
    pytest.param("en", "/compare qwq-32b deepseek-r1 kimi-k3", id="compare_across_releases"),
    pytest.param("zh", "/model kimi-k3", id="model_with_measures_zh"),
])
def test_answers_on_the_bundled_releases_read_exactly(request, bundled, lang, line):
    """Measured figures and the Overall row they bring, a domain's rank out of the models the
    release scores in it (#11 of 11, not of the board's 97), strongest and weakest, eight boards
    named before "+N more", the release a card is from when it is not the current one, and a
    comparison across releases: no winner starred, the note saying why, the score per 元 to
    one decimal, the measures of the model that has them."""
    assert answer(bundled, lang, line) == expected(request)


def test_about_lists_every_release_and_counts_the_current_ones_boards(bundled):
    """Two releases: a table of both, the current one marked; the loaded line names the
    current release (the newest, listed first) and counts its models and boards (13 boards,
    not 2 releases). Every column has its header, the count of boards says "Boards"."""
    text = answer(bundled, "en", "/about")
    assert " UTC · CLiB v5.11.7 (2026-09-08): 97 models on 13 boards · modelbot " in text
    assert ("\nReleases                   Boards  Models  Status"
            "\n─────────────────────────  ──────  ──────  ───────"
            "\nCLiB v5.11.7 (2026-09-08)      13      97  current"
            "\nCLiB v3.6                       1      16\n") in text
    assert "\n版本                        榜单数  模型数  状态\n" in answer(bundled, "zh", "/about")


@pytest.mark.parametrize(("figure", "chosen", "other", "en", "zh"), [
    ("price", 36.0, 40.0, "m · Price: 36元 (b1) over 40元 (b2)", "价格"),
    ("category", "open", "commercial", "m · Type: open (b1) over commercial (b2)", "类别"),
    ("org", "甲", "乙", "m · Org: 甲 (b1) over 乙 (b2)", "机构"),
    ("医疗", 80.5, 79.0, "m · Medical: 80.5 (b1) over 79.0 (b2)", "医疗"),
])
def test_a_disagreement_names_its_figure_in_the_readers_words(figure, chosen, other, en, zh):
    """Price, type and org by their labels, a domain by its name; prices with 元, scores with
    one decimal."""
    from bot.core.merge import Claim, Disagreement
    from bot.render.text import disagreement_text

    item = Disagreement(model="m", figure=figure, chosen=Claim(value=chosen, board="b1"),
                        others=[Claim(value=other, board="b2")])
    assert disagreement_text(item, "en") == en
    assert disagreement_text(item, "zh").startswith(f"m · {zh}")

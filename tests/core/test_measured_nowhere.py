"""A model no board scores (every score "/%" or empty) gets no rank and no board is named for
it: not as its home board, not under "Also on", not in any footer. Pinned at the boundary on
the real files of v4.2 and v5.6 (tests/core/fixtures/releases): a model with exactly one real
score against one with none, and a model measured only on boards without a total, on /model,
/compare, /cost, /history and /leaderboard, in the terminal, the embed and the JSON."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.catalog import Catalog, load_catalog
from bot.core.queries import execute
from bot.core.requests import (
    CompareRequest,
    CostRequest,
    HistoryRequest,
    LeaderboardRequest,
    ModelRequest,
    RecommendRequest,
)
from bot.discord.embeds import render_result
from bot.render.context import RenderContext
from bot.render.text import format_result
from tests.release_parts import PARTIAL, V42, V56, v42_part
from tests.terminal import new_user

EN = RenderContext(lang="en")
NOWHERE = "gemini-2.5-pro"  # "/%" on 总分, 2025高考数学 and every per-domain board of v4.2
ONE = "SenseChat-Turbo-1202"  # "/%" on 总分 and 2025高考数学, 60.2 on 医疗与心理健康
GAOKAO, TOTAL_BOARD, MEDICAL = "2025高考数学", "总分", "医疗与心理健康"



@pytest.fixture(scope="module")
def none(tmp_path_factory) -> Path:
    """v4.2's 总分, 2025高考数学 and two price boards: both models are "/%" on all of them."""
    return v42_part(tmp_path_factory.mktemp("none"), PARTIAL)


@pytest.fixture(scope="module")
def one_score(tmp_path_factory) -> Path:
    """The same and 医疗与心理健康.md: SenseChat-Turbo-1202 has exactly one real score (60.2),
    gemini-2.5-pro still none ("/%" there too)."""
    return v42_part(tmp_path_factory.mktemp("one"), (*PARTIAL, f"{MEDICAL}.md"))


@pytest.fixture(scope="module")
def no_total(tmp_path_factory) -> Path:
    """v5.6's two boards without a total (BFCL-V3, agent与工具调用) and its 1元以下 board."""
    folder = tmp_path_factory.mktemp("no_total") / "v5.6"
    (folder / "leaderboard").mkdir(parents=True)
    shutil.copy(V56 / "README.md", folder)
    for name in ("BFCL-V3.md", "agent与工具调用.md", "commerce4.md"):
        shutil.copy(V56 / "leaderboard" / name, folder / "leaderboard")
    return folder


def titles(catalog: Catalog) -> list[str]:
    return [b.title for b in catalog.current.boards]


def embed_text(result) -> str:
    """Everything a reader sees in the embed: title, description, fields, footer."""
    embed = render_result(result, EN).to_dict()
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join([*parts, embed.get("footer", {}).get("text", "")])


def footer_boards(text: str) -> str:
    """The boards the footer (the last line: "Data: release · boards [· note]") names."""
    return text.splitlines()[-1].split(" · ")[1]


def shown(catalog: Catalog, request) -> tuple[str, str]:
    result = execute(catalog, request)
    return format_result(result, EN), embed_text(result)


# -- /model ------------------------------------------------------------------------------------


def test_a_model_scored_nowhere_has_no_rank_and_names_no_board(none):
    catalog = load_catalog(none)
    for name in (NOWHERE, ONE):
        result = execute(catalog, ModelRequest(name=name))
        card = result.model
        assert (card.rank, card.board, card.board_size, card.also_on, card.sources) == (
            None, None, None, [], {})
        assert result.source.boards == []
        for text in shown(catalog, ModelRequest(name=name)):
            assert "No score on any board: not ranked in CLiB v4.2" in text
            assert "#111" not in text and "#112" not in text
            for title in titles(catalog):
                assert title not in text, title


def test_one_real_score_makes_that_board_its_home_and_the_only_one_named(one_score):
    """One real score (60.2 on 医疗与心理健康): ranked nowhere by total, but that board is
    named (its home, the footer); 总分 and 2025高考数学, the broader boards where it is "/%",
    are not (neither as home nor "Also on")."""
    catalog = load_catalog(one_score)
    assert catalog.record(ONE).board != MEDICAL  # the broadest board lists it at "/%"
    result = execute(catalog, ModelRequest(name=ONE))
    card = result.model
    assert (card.rank, card.board, card.board_size, card.also_on) == (None, MEDICAL, 112, [])
    assert (card.scores, result.source.boards) == ({MEDICAL: 60.2}, [MEDICAL])
    assert set(card.sources.values()) == {MEDICAL}
    for answer in shown(catalog, ModelRequest(name=ONE)):
        assert "No total score: not ranked in CLiB v4.2" in answer
        assert GAOKAO not in answer and TOTAL_BOARD not in answer and "Also on" not in answer
        assert footer_boards(answer) == MEDICAL
    # and the model beside it, "/%" on that board too, still names none
    assert execute(catalog, ModelRequest(name=NOWHERE)).model.board is None


def test_models_measured_only_on_boards_without_a_total():
    """The whole v4.2: gemini-2.5-pro is scored on eight 2025高考 subject boards only,
    SenseChat-Turbo-1202 on five per-domain boards only; neither has a total, and neither
    names 总分 or a board where it is "/%"."""
    catalog = load_catalog(V42)
    gemini = execute(catalog, ModelRequest(name=NOWHERE))
    assert (gemini.model.rank, gemini.model.board) == (None, "2025高考化学")
    assert GAOKAO not in gemini.source.boards and TOTAL_BOARD not in gemini.source.boards
    assert len(gemini.source.boards) == 8 and "2025高考英语" in gemini.model.also_on
    sense = execute(catalog, ModelRequest(name=ONE))
    assert catalog.record(ONE).board == "2025高考化学"  # where it is listed at "/%"
    assert (sense.model.rank, sense.model.board) == (None, MEDICAL)
    assert set(sense.source.boards) == {MEDICAL, "推理与数学计算", "法律与行政公务",
                                        "语言与指令遵从", "金融"}
    for name in (NOWHERE, ONE):
        for text in shown(catalog, ModelRequest(name=name)):
            assert "No total score: not ranked in CLiB v4.2" in text
            assert TOTAL_BOARD not in footer_boards(text)
    for text in shown(catalog, ModelRequest(name=ONE)):
        assert "2025高考" not in text and "教育" not in footer_boards(text)


def test_a_model_measured_only_on_v5_6_boards_without_a_total(no_total):
    """GLM-4.5 is scored on BFCL-V3 and agent与工具调用 alone: no headline rank, both boards
    named; ERNIE-Lite-8K is "/%" on BFCL-V3, the broadest board that lists it: that board is
    never named for it, its home is the broadest that scores it."""
    catalog = load_catalog(no_total)
    glm = execute(catalog, ModelRequest(name="GLM-4.5"))
    assert (glm.model.rank, glm.model.board, glm.model.also_on) == (
        None, "BFCL-V3", ["agent与工具调用"])
    assert glm.source.boards == ["BFCL-V3", "agent与工具调用"]
    for text in shown(catalog, ModelRequest(name="GLM-4.5")):
        assert "No total score: not ranked in CLiB v5.6" in text
        assert footer_boards(text) == "BFCL-V3, agent与工具调用"
    ernie = execute(catalog, ModelRequest(name="ERNIE-Lite-8K"))
    assert catalog.record("ERNIE-Lite-8K").board == "BFCL-V3"  # where it is listed at "/%"
    assert ernie.model.board == "agent与工具调用"
    assert ernie.model.also_on == ["（4）输出价格1元以下商用大模型排行榜"]
    assert "BFCL-V3" not in ernie.source.boards
    assert "BFCL-V3" not in set(ernie.model.sources.values())
    for text in shown(catalog, ModelRequest(name="ERNIE-Lite-8K")):
        assert "BFCL-V3" not in text


def test_recommend_names_the_board_that_scores_the_model(no_total):
    """/recommend by agent与工具调用 alone, free models: ERNIE-Lite-8K names agent与工具调用, the
    board that scores it, not BFCL-V3 where it is "/%"."""
    catalog = load_catalog(no_total)
    request = RecommendRequest(weights="agent与工具调用=1", top=25, budget=0)
    result = execute(catalog, request)
    (ernie,) = [i for i in result.results if i.name == "ERNIE-Lite-8K"]
    assert ernie.board == "agent与工具调用"
    assert "BFCL-V3" not in result.source.boards
    assert "BFCL-V3" not in json.dumps(ernie.model_dump(mode="json"), ensure_ascii=False)


def test_a_price_on_a_board_that_scores_nothing_names_no_board(tmp_path):
    """A row with a price and "/%" scores (gemini-2.5-pro added so to v4.2's commerce1.md):
    the price is shown, but the board is not named, on the card, its footer or /cost."""
    folder = v42_part(tmp_path, PARTIAL)
    board = folder / "leaderboard" / "commerce1.md"
    lines = board.read_text(encoding="utf-8").splitlines()
    end = max(i for i, line in enumerate(lines) if line.startswith("|")) + 1
    lines.insert(end, f"|12|{NOWHERE}|google|72.5元|/%| |/%|/%|/%|/%|/%|/%|")
    board.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalog = load_catalog(folder)
    result = execute(catalog, ModelRequest(name=NOWHERE))
    assert (result.model.price, result.model.board, result.model.rank) == (72.5, None, None)
    assert (result.source.boards, result.model.sources) == ([], {})
    bill = execute(catalog, CostRequest(model=NOWHERE, tokens="1M"))
    assert (bill.model.price, bill.model.board) == (72.5, None)
    for text in shown(catalog, ModelRequest(name=NOWHERE)):
        assert "30元及以上" not in text and footer_boards(text) == "—"


# -- /compare, /cost, /history, /leaderboard ----------------------------------------------------


def test_compare_names_only_the_boards_that_score_the_models(none, one_score):
    catalog = load_catalog(none)
    both = execute(catalog, CompareRequest(model_a=NOWHERE, model_b=ONE))
    assert [(m.rank, m.board) for m in both.models] == [(None, None), (None, None)]
    assert both.source.boards == []
    for text in shown(catalog, CompareRequest(model_a=NOWHERE, model_b=ONE)):
        assert footer_boards(text) == "—"
    edited = load_catalog(one_score)
    result = execute(edited, CompareRequest(model_a=NOWHERE, model_b=ONE))
    assert [m.board for m in result.models] == [None, MEDICAL]
    assert result.source.boards == [MEDICAL]
    for text in shown(edited, CompareRequest(model_a=NOWHERE, model_b=ONE)):
        assert footer_boards(text) == MEDICAL


def test_cost_names_no_board_for_a_model_scored_nowhere(none, one_score):
    catalog = load_catalog(none)
    bill = execute(catalog, CostRequest(model=NOWHERE, tokens="1M"))
    assert (bill.model.rank, bill.model.board) == (None, None)
    # the footer names the alternatives' price boards only
    assert set(bill.source.boards) == {a.board for a in bill.alternatives}
    for text in shown(catalog, CostRequest(model=NOWHERE, tokens="1M")):
        assert GAOKAO not in text and TOTAL_BOARD not in text
    # one real score and no price: its home board stands for it
    assert execute(load_catalog(one_score), CostRequest(model=ONE, tokens="1M")
                   ).model.board == MEDICAL


def test_history_names_no_board_for_a_model_scored_nowhere(none, one_score):
    catalog = load_catalog(none)
    told = execute(catalog, HistoryRequest(model=NOWHERE))
    assert (told.points[0].boards, told.points[0].rank, told.source.boards) == ([], None, [])
    for text in shown(catalog, HistoryRequest(model=NOWHERE)):
        assert "Boards in v4.2" not in text
        assert GAOKAO not in text and TOTAL_BOARD not in text
    # one real score, not a total: listed on the board that scores it; no total to source
    edited = execute(load_catalog(one_score), HistoryRequest(model=ONE))
    assert (edited.points[0].boards, edited.source.boards) == ([MEDICAL], [])
    assert f"Boards in v4.2: {MEDICAL}" in format_result(edited, EN)


@pytest.mark.parametrize("domain", [TOTAL_BOARD, GAOKAO])
def test_the_leaderboard_leaves_out_a_model_scored_nowhere(none, domain):
    """110 of the 112 rows of 总分 and 2025高考数学 are ranked: never "#112 of 112"."""
    catalog = load_catalog(none)
    result = execute(catalog, LeaderboardRequest(domain=domain, per_page=25, page=5))
    assert result.count == 110
    names = {item.name for item in result.ranking}
    assert not names & {NOWHERE, ONE}
    assert max(item.rank for item in result.ranking) <= 110
    for text in shown(catalog, LeaderboardRequest(domain=domain, per_page=25, page=5)):
        assert NOWHERE + " " not in text and ONE not in text


# -- JSON through the terminal adapter ---------------------------------------------------------


def test_the_json_of_every_command_names_no_board_for_it(none, tmp_path, monkeypatch, capsys):
    with new_user(tmp_path, monkeypatch):
        config = tmp_path / "v42.toml"
        config.write_text(f'[data]\ndir = "{none.as_posix()}"\n', encoding="utf-8")
        lines = [f"/model {NOWHERE}", f"/compare {NOWHERE} {ONE}", f"/cost {NOWHERE} 1M",
                 f"/history {NOWHERE}", "/leaderboard per_page:25 page:5"]
        monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
        main(["--config", str(config), "ask", "--json", "-"])
        card, pair, bill, told, ranking = [
            json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(answer["ok"] for answer in (card, pair, bill, told, ranking))
    model = card["model"]
    assert (model["rank"], model["board"], model["board_size"], model["also_on"],
            model["sources"], card["source"]["boards"]) == (None, None, None, [], {}, [])
    assert [(m["rank"], m["board"]) for m in pair["models"]] == [(None, None), (None, None)]
    assert pair["source"]["boards"] == []
    assert (bill["model"]["rank"], bill["model"]["board"]) == (None, None)
    assert GAOKAO not in json.dumps(bill, ensure_ascii=False)
    assert told["source"]["boards"] == [] and told["points"][0]["boards"] == []
    assert ranking["count"] == 110
    assert NOWHERE not in {item["name"] for item in ranking["results"]}

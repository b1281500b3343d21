"""The current CLiB release through the terminal: every model's figures from the board the
precedence rule names, the same answers from renamed and shuffled files, the README's examples,
the release named on every answer, and `type:` on every ranking command."""

from __future__ import annotations

import io
import json
import random
import shutil

import pytest

from bot.cli import main
from bot.core.board import parse_file
from bot.core.models import TOTAL
from tests.paths import CURRENT_DIR, SEED_DIR
from tests.terminal import new_user

BOARD_FILES = sorted((CURRENT_DIR / "leaderboard").glob("*.md"))


@pytest.fixture(autouse=True)
def bundled_data(tmp_path, monkeypatch):
    """No config.toml, no MODELBOT_ settings: the bundled data, as a new user has it."""
    with new_user(tmp_path, monkeypatch):
        yield


def batch(capsys, monkeypatch, lines: list[str], *options: str) -> list[dict]:
    """`modelbot ask --json -` over ``lines``: one JSON object per line, in order."""
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    main([*options, "ask", "--json", "-"])
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def ask(capsys, *command: str, config=None) -> tuple[int, str]:
    status = main([*(["--config", str(config)] if config else []), "ask", *command])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


# -- what the precedence rule names, worked out here from the files alone ---------------------


def _expected() -> dict[str, dict]:
    """For every model: each figure from the board the documented rule names."""
    boards = [b for path in BOARD_FILES for b in parse_file(path)]

    def broadest(candidates):
        return max(candidates, key=lambda pair: (
            len(pair[0].models), len(pair[0].domains) + pair[0].has_total + pair[0].has_price))

    rows: dict[str, list] = {}
    for board in boards:
        for entry in board.models:
            rows.setdefault(entry.name, []).append((board, entry))
    expected = {}
    for name, found in rows.items():
        priced = [(b, e) for b, e in found if e.price is not None]
        tiers = [(b, e) for b, e in priced if "价格" in b.title]
        figures = {
            "price": (tiers or priced)[0][1].price if priced else None,
            "category": next((e.category for _, e in found if e.category), None),
            "scores": {}, "measures": {},
        }
        domains = {d for b, _ in found for d in b.domains} | {TOTAL}
        for domain in domains:
            scored = [(b, e) for b, e in found if e.score(domain) is not None]
            if not scored:
                continue
            own = [(b, e) for b, e in scored
                   if (b.domains == [domain] and not b.has_total)
                   or (domain == TOTAL and not b.domains and b.has_total)]
            board, entry = own[0] if own else broadest(scored)
            figures["scores"][domain] = entry.score(domain)
            if own and entry.measures is not None:
                figures["measures"][domain] = entry.measures.model_dump()
        figures["total"] = figures["scores"].pop(TOTAL, None)
        expected[name] = figures
    # the headline rank: by total among the release's models (ties share a rank)
    totals = [f["total"] for f in expected.values() if f["total"] is not None]
    for figures in expected.values():
        figures["rank"] = (1 + sum(1 for t in totals if t > figures["total"])
                           if figures["total"] is not None else None)
    return expected


def test_every_model_of_the_release_shows_the_figures_the_rule_names(capsys, monkeypatch):
    """/model for each of the release's models: price, total, every domain score, category,
    rank and measured figures equal the board the precedence rule names."""
    expected = _expected()
    assert len(expected) >= 90
    answers = batch(capsys, monkeypatch, [f'/model "{name}"' for name in expected])
    for name, answer in zip(expected, answers, strict=True):
        assert answer["ok"], (name, answer)
        card, want = answer["model"], expected[name]
        assert card["name"] == name
        assert card["release"] == "v5.11.7"
        assert answer["source"]["release"] == "v5.11.7"
        assert answer["source"]["date"] == "2026-09-08"
        assert card["price"] == want["price"], name
        assert card["total"] == want["total"], name
        assert card["scores"] == want["scores"], name
        assert card["category"] == want["category"], name
        assert card["rank"] == want["rank"], name
        assert card["measures"] == want["measures"], name
        assert card["board"] in answer["source"]["boards"]


def test_renamed_and_shuffled_files_give_the_same_answers(tmp_path, capsys, monkeypatch):
    """The release's boards, flattened into one folder under random names: every /model and
    /best answer is the same (boards named by their headings or by what they score)."""
    copy = tmp_path / "v5.11.7"
    copy.mkdir()
    shutil.copy(CURRENT_DIR / "README.md", copy / "README.md")
    names = [f"{i:03d}.md" for i in range(len(BOARD_FILES))]
    random.Random(7).shuffle(names)
    for path, name in zip(BOARD_FILES, names, strict=True):
        shutil.copy(path, copy / name)
    lines = [f'/model "{name}"' for name in _expected()] + [
        "/best overall budget:40 top:5", "/best 医疗 budget:5", "/value coding",
        "/leaderboard 金融 per_page:25"]

    def answers(*options: str) -> list[str]:
        # alldata.md has no heading and scores several domains: only its file names it
        broad = {'"alldata"', *(f'"{name.removesuffix(".md")}"' for name in names)}
        out = []
        for answer in batch(capsys, monkeypatch, lines, *options):
            text = json.dumps(answer, ensure_ascii=False)
            for title in broad:
                text = text.replace(title, '"the broad board"')
            out.append(text)
        return out

    original = answers()
    config = tmp_path / "shuffled.toml"
    config.write_text(f'[data]\ndir = "{copy.as_posix()}"\n', encoding="utf-8")
    assert answers("--config", str(config)) == original


# -- the README's examples and the figures the issue names ------------------------------------


def test_best_medical_within_5_answers_from_the_current_release(capsys):
    """`/best 医疗 budget:5`: 医疗 is 医疗与心理健康 in v5.11.7, within 5元, release named."""
    status, out = ask(capsys, "/best 医疗 budget:5")
    assert status == 0
    assert "Doubao-Seed-2.0-lite" in out and "89.4" in out and "3.6元" in out
    assert "CLiB v5.11.7 (2026-09-08)" in out
    assert "#7 on 医疗与心理健康" in out


def test_compare_of_the_seed_models_answers_from_v3_6_and_says_so(capsys):
    """`/compare qwq-32b gemma-3-27b-it`: both from the older release, named as such."""
    status, out = ask(capsys, "/compare qwq-32b gemma-3-27b-it")
    assert status == 0
    assert "Data: CLiB v3.6" in out
    status, out = ask(capsys, "--json", "/compare qwq-32b gemma-3-27b-it")
    payload = json.loads(out)
    assert [m["release"] for m in payload["models"]] == ["v3.6", "v3.6"]
    assert payload["source"]["release"] == "v3.6"


def test_best_overall_within_40_is_qwen37_max(capsys):
    """qwen3.7-max, 76.9 at 36元, above doubao-seed-evolving (75.5 at 30元)."""
    status, out = ask(capsys, "--json", "/best overall budget:40")
    payload = json.loads(out)
    assert status == 0
    assert [(i["name"], i["score"], i["price"]) for i in payload["results"][:2]] == [
        ("qwen3.7-max", 76.9, 36.0), ("doubao-seed-evolving", 75.5, 30.0)]
    assert payload["results"][0]["board"] == "总分"


def test_cost_of_qwen37_max_is_1800_a_month(capsys):
    """50M output tokens at 36元 per million: 1,800元 a month."""
    status, out = ask(capsys, "--json", "/cost qwen3.7-max 50M")
    assert status == 0
    assert json.loads(out)["model"]["monthly_cost"] == pytest.approx(1800.0)
    status, out = ask(capsys, "/cost qwen3.7-max 50M")
    assert "1,800元" in out


def test_model_card_of_kimi_k3(capsys):
    """kimi-k3: 100元, 75.6, open-source, 8 domains plus the benchmark board it is on, and
    what the release measured (总分: 80 s, 1,962 tokens, 172.4元 per 1,000 calls)."""
    status, out = ask(capsys, "--json", "/model kimi-k3")
    assert status == 0
    card = json.loads(out)["model"]
    assert (card["price"], card["total"], card["category"]) == (100.0, 75.6, "open")
    assert len(card["scores"]) == 9  # 8 domains + 2025高考数学
    assert card["measures"]["总分"] == {"latency": 80.0, "tokens": 1962.0,
                                       "cost_per_1000": 172.4}
    _, text = ask(capsys, "/model kimi-k3")
    assert "80 s" in text and "1,962" in text and "172.4元" in text
    assert "#4 of 97 by total in CLiB v5.11.7" in text


def test_every_answer_names_its_release_and_boards(capsys, monkeypatch):
    """Each successful JSON answer carries source: release, date, boards (all non-empty)."""
    lines = ["/best coding", "/compare kimi-k3 glm-5.3", "/model glm-5.3", "/leaderboard",
             "/value 金融", '/recommend "医疗=2 法律=1"', "/cost glm-5.3 1亿", "/domains", "/about"]
    for answer in batch(capsys, monkeypatch, lines):
        assert answer["ok"], answer
        assert answer["source"]["release"] == "v5.11.7", answer["command"]
        assert answer["source"]["date"] == "2026-09-08"
        assert answer["source"]["boards"], answer["command"]


def test_the_seed_alone_is_release_v3_6(capsys, tmp_path):
    """A data folder named v3.6 without README: release v3.6, date unknown."""
    config = tmp_path / "seed.toml"
    config.write_text(f'[data]\ndir = "{SEED_DIR.as_posix()}"\n', encoding="utf-8")
    _, out = ask(capsys, "--json", "/model qwq-32b", config=config)
    assert json.loads(out)["source"] == {"release": "v3.6", "date": None, "releases": ["v3.6"],
                                         "boards": ["（3）20B以上开源大模型排行榜"]}


# -- type: open | commercial, on every ranking command ----------------------------------------


RANKINGS = ["/best coding top:25", "/leaderboard coding per_page:25", "/value coding",
            '/recommend "coding=1 金融=1" top:25', "/cost glm-5.3 1亿"]


def _names(answer: dict) -> list[str]:
    if answer["command"] == "value":
        return [i["name"] for i in answer["frontier"] + answer["others"] + answer["unpriced"]]
    if answer["command"] == "cost":
        return [i["name"] for i in answer["alternatives"]]
    return [i["name"] for i in answer["results"]]


@pytest.mark.parametrize("kind, other", [("open", "commercial"), ("commercial", "open"),
                                          ("开源", "commercial"), ("商用", "open")])
def test_type_keeps_one_category_on_every_ranking_command(capsys, monkeypatch, kind, other):
    """Every model a ranking command offers under type: is of that category; the same command
    without it offers some of the other category."""
    plain = batch(capsys, monkeypatch, RANKINGS)
    typed = batch(capsys, monkeypatch, [f"{line} type:{kind}" for line in RANKINGS])
    categories = _categories(capsys, monkeypatch)
    for before, after in zip(plain, typed, strict=True):
        assert after["ok"], after
        assert _names(after), after["command"]
        assert all(categories[n] != other for n in _names(after)), after["command"]
        assert any(categories[n] == other for n in _names(before)), before["command"]


def _categories(capsys, monkeypatch) -> dict[str, str | None]:
    names = list(_expected())
    cards = batch(capsys, monkeypatch, [f'/model "{n}"' for n in names])
    return {c["model"]["name"]: c["model"]["category"] for c in cards}


def test_a_model_of_unknown_category_is_left_out_by_type(tmp_path, capsys):
    """A board with no 类别 column and a heading that names no category: type:open keeps none
    of its models and says so, naming the filter; without type: they rank."""
    (tmp_path / "b.md").write_text("|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
                                   "|1|a|x|1元|50|\n|2|b|x|1元|40|\n", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'[data]\ndir = "{tmp_path.as_posix()}"\n', encoding="utf-8")
    status, out = ask(capsys, "--json", "/best type:open", config=config)
    payload = json.loads(out)
    assert status == 2 and payload["error"]["kind"] == "no_match"
    assert "open-source" in payload["error"]["message"]
    assert ask(capsys, "/best", config=config)[0] == 0


def test_a_bad_type_is_a_clear_error(capsys):
    """type:free → exit 2 with the accepted values, in both languages."""
    status, out = ask(capsys, "/best type:free")
    assert status == 2 and "open (开源) or commercial (商用)" in out
    status, out = ask(capsys, "--lang", "zh", "/best type:free")
    assert status == 2 and "开源" in out and "Traceback" not in out


# -- skipped files and disagreements, listed by /about and parse ------------------------------


def _folder_with_a_notes_file_and_a_disagreement(root):
    folder = root / "v9.1"
    (folder / "leaderboard").mkdir(parents=True)
    (folder / "CHANGELOG.md").write_text("# 更新\n- 新增模型\n", encoding="utf-8")
    (folder / "leaderboard" / "all.md").write_text(
        "|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n|1|a|x|10元|80|\n|2|b|y|4元|70|\n",
        encoding="utf-8")
    (folder / "leaderboard" / "tier.md").write_text(
        "##### 输出价格5元及以上商用大模型\n|排名|大模型|机构|输出价格|总分|\n|-|-|-|-|-|\n"
        "|1|a|x|12元|80|\n", encoding="utf-8")
    return folder


def test_about_lists_skipped_files_and_disagreements(tmp_path, capsys):
    """The notes file is named as skipped; the price the boards disagree on is listed with
    the value chosen (the tier board's 12元) and the other (10元)."""
    folder = _folder_with_a_notes_file_and_a_disagreement(tmp_path)
    config = tmp_path / "c.toml"
    config.write_text(f'[data]\ndir = "{folder.as_posix()}"\n', encoding="utf-8")
    assert main(["--config", str(config), "ask", "--json", "/about"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["skipped"] == [{"file": "CHANGELOG.md", "reason": "no leaderboard table"}]
    (problem,) = payload["disagreements"]
    assert (problem["model"], problem["figure"], problem["chosen"]["value"]) == ("a", "price", 12)
    assert [c["value"] for c in problem["others"]] == [10]
    _, text = ask(capsys, "/about", config=config)
    assert "Skipped (no leaderboard table): CHANGELOG.md" in text
    assert "a · Price: 12元 (输出价格5元及以上商用大模型) over 10元 (all)" in text
    assert ask(capsys, "/model a", config=config)[1].count("12元") >= 1


def test_parse_lists_skipped_files_and_disagreements(tmp_path, capsys):
    """`parse FOLDER` reads it as the bot does and lists what it left out and what differs;
    a file without a table among FILES is skipped, not an error."""
    folder = _folder_with_a_notes_file_and_a_disagreement(tmp_path)
    assert main(["parse", "--json", str(folder)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [b["title"] for b in payload["boards"]] == ["all", "输出价格5元及以上商用大模型"]
    assert [s["path"] for s in payload["skipped"]] == [str(folder / "CHANGELOG.md")]
    assert payload["disagreements"][0]["figure"] == "price"
    files = [str(folder / "CHANGELOG.md"), *(str(p) for p in (folder / "leaderboard").glob("*"))]
    assert main(["parse", *files]) == 0
    out = capsys.readouterr().out
    assert "Skipped (no leaderboard table)" in out and "over 10元 (all)" in out


def test_parse_of_nothing_but_notes_exits_2(tmp_path, capsys):
    """No file holds a leaderboard table: exit 2 with a message, no traceback."""
    notes = tmp_path / "notes.md"
    notes.write_text("# nothing\n", encoding="utf-8")
    assert main(["parse", str(notes)]) == 2
    err = capsys.readouterr().err
    assert "no leaderboard table" in err and "Traceback" not in err

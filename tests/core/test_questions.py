"""The question reader measured on a table of questions (tests/core/questions.tsv) against the
bundled release: how many are read as expected, and that none is read with a model, domain or
budget the sentence did not give."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.core.catalog import Catalog, load_catalog
from bot.core.commands import build_request, parse_command_line
from bot.core.questions import NotUnderstood, understand
from bot.core.requests import Request
from tests.paths import DATA

TABLE = Path(__file__).with_name("questions.tsv")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _rows() -> list[tuple[str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, expected = line.split("\t")
            rows.append((question, expected))
    return rows


ROWS = _rows()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(DATA)  # data/: v5.11.7 current, v3.6 history


def _read(catalog: Catalog, question: str) -> str:
    try:
        return understand(catalog, question).reading.text
    except NotUnderstood as error:
        return "!" + error.params["reason"]


def _request(text: str) -> Request:
    command, options = parse_command_line(text)
    return build_request(command, options)


def _said(request: Request) -> tuple[set[str], set[str], set[float]]:
    """The models, domains and budgets a request names (defaults left out)."""
    given = request.model_dump(exclude_unset=True)
    models = {v for k, v in given.items() if k in ("name", "model") or k.startswith("model_")}
    domains = {given["domain"]} if "domain" in given else set()
    if "weights" in given:
        domains |= set(str(given["weights"]).split())
    budgets = {given["budget"]} if given.get("budget") is not None else set()
    return models, domains, budgets


def test_the_table_is_large_and_varied():
    """At least 150 questions, in both languages, with full-width forms, emoji and refusals."""
    questions = [q for q, _ in ROWS]
    assert len(ROWS) >= 150
    assert sum(bool(HAN.search(q)) for q in questions) >= 60
    assert sum(not HAN.search(q) for q in questions) >= 50
    assert any("\uff41" <= c <= "\uff5a" or c in "０１２３４５" for q in questions for c in q)
    assert any(ord(c) >= 0x1F300 for q in questions for c in q)  # emoji
    commands = Counter(e.split()[0] for _, e in ROWS)
    for command in ("/best", "/value", "/leaderboard", "/compare", "/model", "/cost",
                    "/recommend", "/domains"):
        assert commands[command] >= 1, command
    assert sum(e.startswith("!") for _, e in ROWS) >= 15


def test_at_least_95_percent_are_read_as_expected(catalog):
    misread = [(q, e, got) for q, e in ROWS if (got := _read(catalog, q)) != e]
    assert len(misread) <= 0.05 * len(ROWS), misread


def test_no_question_is_read_with_a_model_domain_or_budget_it_did_not_say(catalog):
    """A misreading may miss something (or refuse); it may never add a name or a figure."""
    wrong = []
    for question, expected in ROWS:
        got = _read(catalog, question)
        if got == expected or got.startswith("!"):
            continue
        if expected.startswith("!"):
            wrong.append((question, got))
            continue
        said = _said(_request(expected))
        read = _said(_request(got))
        if any(not r <= s for r, s in zip(read, said, strict=True)):
            wrong.append((question, got))
    assert wrong == []


@pytest.mark.parametrize("question, expected", [r for r in ROWS if r[1].startswith("!")])
def test_what_a_user_would_not_expect_read_is_refused_with_suggestions(catalog, question,
                                                                       expected):
    with pytest.raises(NotUnderstood) as caught:
        understand(catalog, question)
    assert "!" + caught.value.params["reason"] == expected
    assert caught.value.suggestions
    for suggestion in caught.value.suggestions:  # each one a command that runs as typed
        _request(suggestion)


@pytest.mark.parametrize("question", [q for q, e in ROWS if not e.startswith("!")])
def test_every_reading_is_a_command_that_types_back_into_itself(catalog, question):
    """The text shown ("Read as: …") is the command: typed, it is the same request."""
    understanding = understand(catalog, question)
    assert understanding.readings
    texts = [r.text for r in understanding.readings]
    assert len(set(texts)) == len(texts)
    for reading in understanding.readings:
        assert _request(reading.text) == reading.request

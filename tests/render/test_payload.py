"""The JSON objects of the command-line contract: an answer opens with ok and command and
closes with where its figures come from; an error carries its kind, its message in the reply
language, its suggestions and its details; a bug an id and nothing more."""

from __future__ import annotations

from bot.core.errors import NoMatch, UnknownModel
from bot.core.queries import best
from bot.core.requests import BestRequest
from bot.render.payload import bug_payload, error_payload, result_payload
from tests.core.boards import catalog

ROWS = "|1|a|甲|10元|80|开源|80|70|\n|2|b|乙|2元|78|商用|78.5|60|"


def test_an_answer_opens_with_ok_and_command_and_closes_with_its_source():
    payload = result_payload(best(catalog(ROWS), BestRequest(domain="医疗")))
    keys = list(payload)
    assert keys[:2] == ["ok", "command"] and keys[-1] == "source"
    assert payload["ok"] is True and payload["command"] == "best"
    assert payload["source"] == {"release": None, "date": None, "boards": ["规则测试榜"],
                                 "releases": [None]}
    assert [item["name"] for item in payload["results"]] == ["a", "b"]


def test_an_error_carries_its_kind_message_suggestions_and_details():
    """The message in the language asked for; details only when the error has some."""
    error = NoMatch(reason="budget", domain="医疗", budget=1, cheapest="b", cheapest_price=2.0,
                    filters={}, suggestions=["b"],
                    details={"cheapest": {"name": "b", "price": 2.0}})
    assert error_payload("best", error, "zh") == {"ok": False, "command": "best", "error": {
        "kind": "no_match",
        "message": "医疗领域没有价格不超过 1元 的模型。最便宜的是 b，价格 2元。",
        "suggestions": ["b"], "details": {"cheapest": {"name": "b", "price": 2.0}}}}
    plain = error_payload("model", UnknownModel(query="zz", suggestions=["a"]), "en")
    assert plain["error"] == {"kind": "unknown_model", "suggestions": ["a"],
                              "message": "No model on the loaded boards matches “zz”."}


def test_a_bug_is_internal_with_an_id_and_no_suggestions():
    assert bug_payload("about", "abc123", "en") == {"ok": False, "command": "about", "error": {
        "kind": "internal", "suggestions": [],
        "message": "Something went wrong on our side (error id abc123). It has been logged."}}

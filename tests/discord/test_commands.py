"""Each slash command end to end through the real discord.py: frame in, callback JSON out."""

from __future__ import annotations

from tests.discord.harness import OTHER_USER_ID
from tests.discord.limits import assert_embed_within_limits

EPHEMERAL = 64


async def test_best_answers_publicly_with_the_winner_and_runners_up(harness):
    """/best 医疗 budget:5 -> a public embed naming the cheapest strong model first."""
    reply = await harness.slash("best", {"domain": "医疗", "budget": 5.0})
    assert reply.callback["type"] == 4
    assert not reply.ephemeral
    embed = reply.embed
    assert embed["title"] == "Best for Medical within 5元"
    assert "DeepSeek-R1-Distill-Qwen-32B" in embed["description"]
    runners = next(f for f in embed["fields"] if f["name"] == "Runners-up")["value"]
    assert runners.index("Llama-3.1-Nemotron-70B-Instruct-fp8") < runners.index(
        "Llama-3.3-70B-Instruct")
    assert reply.message["allowed_mentions"] == {"parse": []}
    assert_embed_within_limits(embed)


async def test_best_offers_a_cheaper_model_within_a_few_points(harness):
    """Without a budget the winner of 教育 is DeepSeek-R1; qwq-32b is close and cheaper."""
    reply = await harness.slash("best", {"domain": "教育"})
    assert "DeepSeek-R1" in reply.embed["description"]
    tip = next(f for f in reply.embed["fields"] if f["name"] == "💡")["value"]
    assert "qwq-32b" in tip and "6元" in tip


async def test_compare_marks_the_winner_of_each_domain(harness):
    """/compare qwq-32b gemma-3-27b-it -> one field per domain with the winner marked."""
    reply = await harness.slash("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
    embed = reply.embed
    assert embed["title"] == "qwq-32b vs gemma-3-27b-it"
    medical = next(f for f in embed["fields"] if f["name"] == "Medical")["value"]
    assert medical.splitlines()[0].startswith("🏆 77.2")
    price = next(f for f in embed["fields"] if f["name"] == "Price")["value"]
    assert "🏆 1.45元 · gemma-3-27b-it" in price
    assert "4.1×" in embed["description"]


async def test_compare_takes_all_four_models(harness):
    """model_a to model_d each reach the comparison, in the order given."""
    names = ["qwq-32b", "gemma-3-27b-it", "gemma-2-27b-it", "DeepSeek-R1-Distill-Qwen-32B"]
    reply = await harness.slash("compare", dict(zip(
        ["model_a", "model_b", "model_c", "model_d"], names, strict=True)))
    assert reply.embed["title"] == " vs ".join(names)


async def test_model_card_lists_every_domain_with_its_rank(harness):
    """/model "deepseek r1" resolves the name and shows scores with ranks."""
    reply = await harness.slash("model", {"name": "deepseek r1"})
    embed = reply.embed
    assert embed["title"] == "DeepSeek-R1"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Medical"] == "**82.8** · #1/16"
    assert fields["Price"] == "16元"


async def test_domains_and_about(harness):
    """/domains lists domains with aliases; /about names the source and the board."""
    domains = await harness.slash("domains")
    assert any(f["name"].startswith("医疗 · Medical") for f in domains.embed["fields"])
    about = await harness.slash("about")
    assert "chinese-llm-benchmark" in about.embed["description"]
    assert "（3）20B以上开源大模型排行榜" in about.text


async def test_leaderboard_pages_with_buttons_only_for_the_invoker(harness):
    """Next turns the page (type 7); another user's press is refused ephemerally."""
    reply = await harness.slash("leaderboard")
    assert "Page 1/2" in reply.embed["footer"]["text"]
    buttons = reply.message["components"][0]["components"]
    assert [b["disabled"] for b in buttons] == [True, False]
    _previous, following = reply.custom_ids()

    refused = await harness.component(reply, following, user_id=OTHER_USER_ID)
    assert refused.callback["type"] == 4 and refused.ephemeral
    assert "Only the person who ran the command" in refused.text

    turned = await harness.component(reply, following)
    assert turned.callback["type"] == 7
    data = turned.callback["data"]
    assert "Page 2/2" in data["embeds"][0]["footer"]["text"]
    assert "`11.`" in data["embeds"][0]["description"]
    assert [b["disabled"] for b in data["components"][0]["components"]] == [False, True]


async def test_ambiguous_name_offers_a_select_that_finishes_the_command(harness):
    """/model gemma -> ephemeral select of the gemma models; picking one sends the card."""
    reply = await harness.slash("model", {"name": "gemma"})
    assert reply.ephemeral
    select = reply.message["components"][0]["components"][0]
    assert select["type"] == 3
    labels = {o["label"] for o in select["options"]}
    assert labels == {"gemma-2-27b-it", "gemma-3-27b-it"}

    picked = await harness.component(reply, select["custom_id"],
                                     values=[value_of(select, "gemma-3-27b-it")])
    # the menu says what was picked and goes; the card follows, publicly
    assert picked.callback["type"] == 7
    assert picked.callback["data"]["content"] == "Picked gemma-3-27b-it."
    assert picked.callback["data"]["components"] == []
    assert not picked.ephemeral
    assert picked.embed["title"].startswith("gemma-3-27b-it")


def value_of(select: dict, label: str) -> str:
    """The value of the select option showing ``label``."""
    return next(o["value"] for o in select["options"] if o["label"] == label)


async def test_a_pick_works_for_text_typed_full_width(harness):
    """ＧＥＭＭＡ from a Chinese input method: the pick replaces it and the card comes back."""
    reply = await harness.slash("model", {"name": "ＧＥＭＭＡ"})
    select = reply.message["components"][0]["components"][0]
    picked = await harness.component(reply, select["custom_id"],
                                     values=[value_of(select, "gemma-2-27b-it")])
    assert picked.embed["title"].startswith("gemma-2-27b-it")


async def test_names_longer_than_a_select_value_can_be_picked(make_harness):
    """Two 150-character names sharing their first 100 characters are told apart."""
    from bot.core.board import parse_boards
    from bot.core.catalog import Catalog

    stem = "x" * 120
    board = ("### t\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n"
             f"|1|{stem}-alpha|o|1元|90| |80|\n|2|{stem}-beta|o|1元|80| |70|\n")
    h = await make_harness(catalog=Catalog(parse_boards(board, "t.md")))
    reply = await h.slash("model", {"name": stem})
    select = reply.message["components"][0]["components"][0]
    assert len({o["value"] for o in select["options"]}) == 2
    beta = next(o["value"] for o in select["options"] if o["label"].endswith("-beta"))
    picked = await h.component(reply, select["custom_id"], values=[beta])
    assert not picked.ephemeral
    assert picked.embed["title"].endswith("-beta")


async def test_ambiguous_name_inside_compare_keeps_the_other_model(harness):
    """Picking a candidate for model_b keeps model_a as typed."""
    reply = await harness.slash("compare", {"model_a": "qwq-32b", "model_b": "gemma"})
    select = reply.message["components"][0]["components"][0]
    picked = await harness.component(reply, select["custom_id"],
                                     values=[value_of(select, "gemma-2-27b-it")])
    assert picked.embed["title"] == "qwq-32b vs gemma-2-27b-it"


async def test_user_errors_are_ephemeral_and_clear(harness):
    """Unknown model, unknown domain, negative budget and the same model twice."""
    cases = [
        ("model", {"name": "gpt-4o"}, "No model on the loaded boards matches “gpt-4o”"),
        ("best", {"domain": "cooking"}, "“cooking” is not a domain"),
        ("best", {"domain": "医疗", "budget": -1.0}, "budget must be a number"),
        ("compare", {"model_a": "qwq-32b", "model_b": "QWQ-32B"}, "qwq-32b is named twice"),
        ("best", {"domain": "教育", "budget": 1.0}, "The cheapest is Mistral-Small-24B"),
    ]
    for name, options, expected in cases:
        reply = await harness.slash(name, options)
        assert reply.callback["type"] == 4, name
        assert reply.ephemeral, (name, options)
        assert expected in reply.text, reply.text
        assert reply.message["allowed_mentions"] == {"parse": []}


async def test_unknown_model_suggests_near_names(harness):
    """A near miss that must not be guessed still gets suggestions."""
    reply = await harness.slash("model", {"name": "qwen2.5-7b-instruct"})
    assert reply.ephemeral
    assert "Did you mean" in reply.text and "qwen2.5-72b-instruct" in reply.text


async def test_chinese_and_english_clients_get_their_language(harness):
    """zh-CN gets Chinese text, en-US English, for the same command."""
    zh = await harness.slash("best", {"domain": "医疗", "budget": 5.0}, locale="zh-CN")
    en = await harness.slash("best", {"domain": "医疗", "budget": 5.0}, locale="en-US")
    assert zh.embed["title"] == "医疗领域最佳模型（预算 5元）"
    assert "其他候选" in zh.text
    assert en.embed["title"] == "Best for Medical within 5元"
    err = await harness.slash("model", {"name": "gpt-4o"}, locale="zh-TW")
    assert "没有与“gpt-4o”匹配的模型" in err.text


async def test_other_locales_use_the_configured_default(make_harness):
    """A French client gets the configured default language."""
    from bot import Settings

    h = await make_harness(Settings(language="zh", discord={"cooldown_rate": 1000}))
    reply = await h.slash("domains", locale="fr")
    assert reply.embed["title"] == "领域"


async def test_forged_command_name_is_answered_not_crashed(harness):
    """A command the bot never registered gets an ephemeral answer."""
    reply = await harness.slash("drop-tables", {"x": "1"})
    assert reply.ephemeral
    assert "Unknown command" in reply.text


async def test_cooldown_answers_ephemerally(make_harness):
    """Past the per-user rate, the command is refused with the time to wait."""
    h = await make_harness(cooldown_rate=1, cooldown_seconds=60)
    first = await h.slash("domains")
    second = await h.slash("domains")
    assert not first.ephemeral
    assert second.ephemeral and "try again in" in second.text


async def test_a_bug_gets_an_error_id_not_a_traceback(harness, monkeypatch, caplog):
    """An unexpected exception is logged with an id; the user sees only the id."""
    import bot.discord.respond as respond

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(respond, "answer", broken)
    reply = await harness.slash("domains")
    assert reply.ephemeral
    assert "error id" in reply.text and "Traceback" not in reply.text
    error_id = reply.text.split("error id ")[1][:8]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


async def test_discord_lists_the_chinese_names_too(harness):
    """The same list in Discord, for a zh-CN client sending a command the bot lacks."""
    reply = await harness.slash("hack", {"x": "y"}, locale="zh-CN")
    assert "/最佳 (/best)" in reply.text


async def test_one_close_model_is_a_question_with_a_one_choice_menu(harness):
    """/model "deepseek 满血": "Did you mean DeepSeek-R1?" with a menu of that one model;
    picking it answers with the card."""
    reply = await harness.slash("model", {"name": "deepseek 满血"})
    assert reply.ephemeral
    assert reply.text == "“deepseek 满血” is not on the loaded boards as such. " \
                         "Did you mean DeepSeek-R1? [CLiB v3.6]"
    select = reply.message["components"][0]["components"][0]
    assert [o["label"] for o in select["options"]] == ["DeepSeek-R1"]
    picked = await harness.component(reply, select["custom_id"], values=["0"])
    assert picked.embed["title"].startswith("DeepSeek-R1")

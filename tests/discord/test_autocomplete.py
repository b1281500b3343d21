"""Autocomplete: type 4 in, type 8 out, at most 25 ranked choices."""

from __future__ import annotations

from bot.core.board import parse_boards
from bot.core.catalog import Catalog
from bot.store import GuildPrefs
from tests.core.boards import catalog
from tests.discord.harness import ADMIN_PERMS, GUILD_ID


async def test_empty_model_field_offers_the_top_of_the_board(harness):
    """With nothing typed, the best models by total come first."""
    choices = await harness.autocomplete("model", {"name": ""}, "name")
    assert [c["value"] for c in choices[:3]] == ["DeepSeek-R1", "qwq-32b", "qwq-32b-preview"]
    assert len(choices) == 16


async def test_typed_model_text_ranks_matching_names_first(harness):
    """'llama 3.3' ranks both Llama-3.3 models above the others."""
    choices = await harness.autocomplete("compare", {"model_a": "llama 3.3", "model_b": ""},
                                         "model_a")
    assert {c["value"] for c in choices[:2]} == {"Llama-3.3-70B-Instruct",
                                                 "Llama-3.3-70B-Instruct-fp8"}


async def test_domain_choices_carry_both_languages(harness):
    """'med' offers 医疗 labelled in Chinese and English."""
    choices = await harness.autocomplete("best", {"domain": "med"}, "domain")
    assert choices[0] == {"name": "医疗 · Medical", "value": "医疗"}


async def test_org_choices_understand_english_aliases(harness):
    """'alibaba' offers 阿里巴巴."""
    choices = await harness.autocomplete("best", {"domain": "医疗", "org": "alibaba"}, "org")
    assert choices[0]["value"] == "阿里巴巴"


async def test_never_more_than_25_choices(make_harness):
    """On a board of 300 models the list stops at 25, each label at most 100 characters."""
    rows = "\n".join(
        f"|{i}|model-{i}-{'x' * 150}|org{i % 7}|{i % 9}元|{50 + i % 40}| |{40 + i % 50}|"
        for i in range(1, 301)
    )
    board = f"### big\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n{rows}\n"
    h = await make_harness(catalog=Catalog(parse_boards(board, "big.md")))
    for text in ("", "model", "model-1", "x"):
        choices = await h.autocomplete("model", {"name": text}, "name")
        assert 0 < len(choices) <= 25
        assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


async def test_every_completion_offers_exactly_25_of_many(make_harness):
    """300 models of 40 organisations, a server hiding 30 of them: the model, organisation
    and unhide lists are each full at 25 (Discord refuses a 26th), none shorter."""
    rows = "\n".join(f"|{i}|model-{i}|org{i % 40:02d}|1元|{50 + i % 40}| |{40 + i % 50}|"
                     for i in range(1, 301))
    board = f"### big\n|排名|大模型|机构|输出价格|总分| |医疗|\n|-|-|-|-|-| |-|\n{rows}\n"
    h = await make_harness(catalog=Catalog(parse_boards(board, "big.md")))
    await h.bot.store.set_prefs(GuildPrefs(guild_id=GUILD_ID,
                                           hidden_orgs=[f"org{i:02d}" for i in range(30)]))
    assert len(await h.autocomplete("model", {"name": ""}, "name")) == 25
    assert len(await h.autocomplete("best", {"domain": "医疗", "org": ""}, "org")) == 25
    assert len(await h.autocomplete("settings hide", {"org": "org"}, "org",
                                    permissions=ADMIN_PERMS)) == 25
    hidden = await h.autocomplete("settings unhide", {"org": "org"}, "org",
                                  permissions=ADMIN_PERMS)
    assert [c["value"] for c in hidden] == [f"org{i:02d}" for i in range(25)]


async def test_a_domain_whose_english_name_is_its_name_is_labelled_once(make_harness):
    """BFCL-V3 is its own English name: labelled "BFCL-V3", not "BFCL-V3 · BFCL-V3"; 医疗
    carries both."""
    header = "|排名|大模型|机构|输出价格|总分|类别|医疗|法律|BFCL-V3|"
    h = await make_harness(catalog=catalog("|1|a|o|1元|90|开源|80|70|50|", header=header))
    bfcl = await h.autocomplete("best", {"domain": "BFCL"}, "domain")
    assert bfcl[0] == {"name": "BFCL-V3", "value": "BFCL-V3"}
    medical = await h.autocomplete("best", {"domain": "医疗"}, "domain")
    assert medical[0] == {"name": "医疗 · Medical", "value": "医疗"}

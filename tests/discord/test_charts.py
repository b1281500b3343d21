"""Charts on Discord: deferred, drawn off the loop, attached and shown by the embed."""

from __future__ import annotations

from tests.render.test_charts import png_size


async def test_compare_attaches_a_radar_referenced_by_the_embed(harness):
    """/compare defers, then a follow-up carries compare.png and the embed shows it."""
    reply = await harness.slash("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
    assert reply.callback["type"] == 5
    # a public answer: the deferral ("thinking") is public too, or the answer would be private
    assert not (reply.callback.get("data") or {}).get("flags", 0) & 64
    follow = next(r for r in reply.requests if r.path.startswith("/webhooks/"))
    (name, data), = follow.files
    assert name == "compare.png"
    assert png_size(data) == (1000, 700)
    assert reply.embed["image"]["url"] == "attachment://compare.png"
    assert reply.message["attachments"][0]["filename"] == "compare.png"


async def test_value_attaches_the_frontier_chart(harness):
    """/value 医疗 budget:10 lists the frontier and attaches value.png."""
    reply = await harness.slash("value", {"domain": "医疗", "budget": 10.0})
    assert reply.embed["image"]["url"] == "attachment://value.png"
    frontier = reply.embed["fields"][0]["value"]
    assert frontier.index("Mistral-Small-24B-Instruct-2501") < frontier.index("qwq-32b")
    follow = next(r for r in reply.requests if r.path.startswith("/webhooks/"))
    assert png_size(follow.files[0][1]) == (1000, 700)


async def test_model_card_attaches_its_bars(harness):
    """/model qwq-32b attaches model.png."""
    reply = await harness.slash("model", {"name": "qwq-32b"}, locale="zh-CN")
    assert reply.embed["image"]["url"] == "attachment://model.png"


async def test_charts_can_be_turned_off(make_harness):
    """charts.enabled = false: an immediate answer, no attachment."""
    from bot import Settings

    h = await make_harness(Settings(charts={"enabled": False},
                                    discord={"cooldown_rate": 1000}))
    reply = await h.slash("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
    assert reply.callback["type"] == 4
    assert "image" not in reply.embed
    assert not any(r.files for r in reply.requests)


async def test_a_failing_chart_still_answers(harness, monkeypatch):
    """If drawing fails the embed goes out without an image."""

    async def broken(result, lang):
        raise RuntimeError("no canvas")

    monkeypatch.setattr(harness.bot.data, "draw_chart", broken)
    reply = await harness.slash("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"})
    assert "image" not in reply.embed
    assert reply.embed["title"] == "qwq-32b vs gemma-3-27b-it"

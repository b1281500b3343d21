"""``GET /metrics`` on the real processes: the gateway bot on ``http.metrics_port``, the serve
replica beside its interactions; and no interaction token in the serve log at DEBUG."""

from __future__ import annotations

from tests.discord.harness import ADMIN_PERMS
from tests.e2e.endpoint_client import free_port


def _sample(text: str, name: str) -> float | None:
    line = next((line for line in text.splitlines() if line.startswith(name + " ")), None)
    return None if line is None else float(line.split()[-1])


async def test_the_gateway_bot_serves_metrics_on_its_own_port(fake, launch, session):
    """``modelbot run`` with ``http.metrics_port``: /metrics counts /best answered twice and a
    user mistake as refused, names the release served, and shows no sync yet."""
    port = free_port()
    bot = await launch({"MODELBOT_HTTP__METRICS_PORT": str(port),
                        "MODELBOT_HTTP__HOST": "127.0.0.1"})
    await fake.wait_ready()
    await bot.wait_log(f"serving metrics at http://127.0.0.1:{port}/metrics")
    for _ in range(2):
        await fake.command("best", {"domain": "医疗", "budget": 5})
    await fake.command("best", {"domain": "no-such-domain"})
    async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
        assert response.status == 200
        text = await response.text()
    assert _sample(text, 'modelbot_interactions_total{command="best",outcome="answered"}') == 2
    assert _sample(text, 'modelbot_interactions_total{command="best",outcome="refused"}') == 1
    assert _sample(text, "modelbot_interactions_in_flight") == 0
    assert 'modelbot_release_info{date="' in text
    assert "modelbot_sync_last_timestamp_seconds{" not in text  # no sync ran
    assert "Traceback" not in bot.log


async def test_serve_metrics_and_no_interaction_token_in_the_debug_log(fake, serve, session):
    """``modelbot serve`` at DEBUG: commands (a chart's follow-up included) answered; /metrics
    beside them counts them; the log, where discord.py writes every callback and webhook URL,
    never shows an interaction's token or the bot's."""
    bot, client = await serve(log_level="DEBUG")
    sent = [fake.interaction("best", {"domain": "医疗", "budget": 5}),
            fake.interaction("compare", {"model_a": "qwq-32b", "model_b": "gemma-3-27b-it"}),
            fake.interaction("settings", permissions=ADMIN_PERMS)]
    sent[2]["data"]["options"] = [{"name": "show", "type": 1, "options": []}]
    for interaction in sent:
        assert (await client.post(interaction)).status == 200  # answered in the response
        await fake.answer(interaction)
    async with session.get(f"http://127.0.0.1:{bot.port}/metrics") as response:
        text = await response.text()
    for name in ("best", "compare", "settings"):
        assert _sample(text, f'modelbot_interactions_total{{command="{name}",'
                             'outcome="answered"}') == 1, name
    assert _sample(text, "modelbot_interactions_in_flight") == 0
    assert "/webhooks/" in bot.log  # DEBUG shows the requests (the chart's follow-up)
    for interaction in sent:
        assert interaction["token"] not in bot.log
    from tests.e2e.conftest import TOKEN
    assert all(part not in bot.log for part in TOKEN.split("."))

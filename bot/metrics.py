"""``GET /metrics`` in the Prometheus text format (``prometheus-client``).

``modelbot serve`` serves it beside the interactions; the gateway bot (``modelbot run``) on a
port of its own (``http.metrics_port``). Each bot has its own registry, so two bots in one
process (the tests) never mix their counts.

- ``modelbot_interactions_total{command, outcome}``: outcome ``answered`` (the first response
  went out in time), ``refused`` (malformed, unsupported, unsigned: told so), ``shed`` (the
  bot was busy: told so at once), ``duplicate`` (delivered again: not run again), ``error``
  (no first response in time, or a failure);
- ``modelbot_interaction_seconds{command}``: time from a request's arrival to its answer;
- ``modelbot_interactions_in_flight``: interactions waiting for their first response;
- ``modelbot_release_info{release, date}`` (always 1): the release served;
- ``modelbot_sync_last_timestamp_seconds{outcome}``: when the last sync round of this process
  ended, labelled with its outcome (``failed``, ``following``, ``current``, ...).

Command labels are the bot's own command names (``component``, ``modal`` for the rest,
``-`` where no command could be read): a forged name cannot grow the label set.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)

Outcome = Literal["answered", "refused", "shed", "duplicate", "error"]
OUTCOMES: tuple[Outcome, ...] = ("answered", "refused", "shed", "duplicate", "error")
# Discord allows 3 s for the first answer: the buckets are fine around it.
_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0, 10.0)
_KINDS = {3: "component", 5: "modal"}


class _BotState(Collector):
    """What the bot holds at scrape time: the release it serves, its last sync round."""

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot

    def collect(self) -> Iterator[Any]:
        info = self.bot.catalog.current.info
        release = InfoMetricFamily("modelbot_release", "The CLiB release served.")
        release.add_metric([], {"release": info.version or "",
                                "date": info.date.isoformat() if info.date else ""})
        yield release
        last = self.bot.data.release_sync.last
        sync = GaugeMetricFamily(
            "modelbot_sync_last_timestamp_seconds",
            "When this process's last release sync round ended, by its outcome.",
            labels=["outcome"])
        if last is not None:
            sync.add_metric([last[0]], last[1])
        yield sync


class Metrics:
    """One bot's metrics and the handler that serves them."""

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot
        self.registry = CollectorRegistry()
        self.interactions = Counter(
            "modelbot_interactions", "Interactions received, by command and outcome.",
            ["command", "outcome"], registry=self.registry)
        self.latency = Histogram(
            "modelbot_interaction_seconds", "Seconds from an interaction's arrival to its "
            "answer (or refusal).", ["command"], buckets=_BUCKETS, registry=self.registry)
        self.in_flight = Gauge(
            "modelbot_interactions_in_flight", "Interactions waiting for their first response.",
            registry=self.registry)
        self.registry.register(_BotState(bot))

    def command_of(self, data: Any) -> str:
        """The label for an interaction: its command when the bot has one of that name."""
        if not isinstance(data, dict):
            return "-"
        kind = data.get("type")
        if kind in _KINDS:
            return _KINDS[kind]
        inner = data.get("data")
        name = inner.get("name") if isinstance(inner, dict) else None
        if isinstance(name, str) and self.bot.tree.get_command(name) is not None:
            return name
        return "-"

    def count(self, command: str, outcome: Outcome, seconds: float | None = None) -> None:
        """One interaction's outcome, and how long it took when it was worked on."""
        self.interactions.labels(command, outcome).inc()
        if seconds is not None:
            self.latency.labels(command).observe(seconds)

    def text(self) -> bytes:
        """Every metric, in the Prometheus text format."""
        return generate_latest(self.registry)

    async def handle(self, request: web.Request) -> web.Response:
        """``GET /metrics``."""
        return web.Response(body=self.text(), headers={"Content-Type": CONTENT_TYPE_LATEST})


def watch_gateway(bot: ModelBot, metrics: Metrics) -> None:
    """Count the gateway bot's commands: completed ones as answered, failed ones as errors
    (user mistakes, told so, as refused); in flight, the interactions still being worked on.
    Latency is not measured here: over the gateway the bot does not see when Discord sent an
    interaction."""
    from discord import app_commands

    from bot.core.errors import UserError

    async def completed(interaction: Any, command: Any) -> None:
        metrics.count(metrics.command_of({"type": 2, "data": interaction.data or {}}),
                      "answered")

    bot.add_listener(completed, "on_app_command_completion")
    # over the gateway, what the intake keeps running is what is in flight
    metrics.in_flight.set_function(lambda: len(getattr(bot.intake, "_inflight", ())))
    original = bot.tree.on_error

    async def failed(interaction: Any, error: app_commands.AppCommandError) -> None:
        cause = getattr(error, "original", None) or error.__cause__ or error
        command = metrics.command_of({"type": 2, "data": interaction.data or {}})
        metrics.count(command, "refused" if isinstance(cause, UserError) else "error")
        await original(interaction, error)

    bot.tree.on_error = failed  # type: ignore[method-assign]


async def serve_metrics(metrics: Metrics, host: str, port: int) -> web.AppRunner:
    """Serve ``GET /metrics`` on ``host``:``port`` (the gateway bot's own port)."""
    app = web.Application()
    app.router.add_get("/metrics", metrics.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("serving metrics at http://%s:%d/metrics", host, port)
    return runner

"""The questions anyone may ask: each method names its request and passes its options on to
``reply``, the one path to an answer (shared in substance with the terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.core.requests import (
    MAX_BUDGET,
    MAX_PAGE,
    MAX_TOP,
    AboutRequest,
    BestRequest,
    ChangesRequest,
    CompareRequest,
    CostRequest,
    DomainsRequest,
    HistoryRequest,
    LeaderboardRequest,
    ModelRequest,
    RecommendRequest,
    ValueRequest,
)
from bot.discord.checks import cooldown
from bot.discord.options import DomainName, ModelName, OrgName, ReleaseName
from bot.discord.respond import reply

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

T = TypeVar("T")

Model = app_commands.Transform[str, ModelName]
Domain = app_commands.Transform[str, DomainName]
Org = app_commands.Transform[str, OrgName]
Release = app_commands.Transform[str, ReleaseName]
Budget = app_commands.Range[float, 0, MAX_BUDGET]
Top = app_commands.Range[int, 1, MAX_TOP]
Page = app_commands.Range[int, 1, MAX_PAGE]

DOMAIN = _("A domain in Chinese or English, e.g. 医疗 or medical")
BUDGET = _("Highest output price, 元 per million tokens")
TOP = _("How many models to show (1-25)")
ORG = _("Only models of this organisation")
MODEL = _("A model name; typos are fine")
TYPE = _("Only open-source or only commercial models")
KINDS = [app_commands.Choice(name=_("open-source"), value="open"),
         app_commands.Choice(name=_("commercial"), value="commercial")]
RELEASE = _("Answer from this release held (default: the newest)")


def at_release(command: T) -> T:
    """The ``release`` option every query command has, named and described once."""
    return app_commands.rename(release=_("release"))(
        app_commands.describe(release=RELEASE)(command))


def filtered(command: T) -> T:
    """The filters every ranking has (``budget``, ``org``, ``type``), named, described and
    offered once."""
    return app_commands.rename(budget=_("budget"), org=_("org"), type=_("type"))(
        app_commands.describe(budget=BUDGET, org=ORG, type=TYPE)(
            app_commands.choices(type=KINDS)(command)))


PERIODS = [app_commands.Choice(name=_(period), value=period)
           for period in ("day", "week", "month", "year")]


class LookupsCog(commands.Cog):
    """/best, /compare, /model, /leaderboard, /value, /recommend, /cost, /domains, /about,
    /history, /changes."""

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot

    @app_commands.command(name=_("best"),
                          description=_("The best model for a domain, under a budget"))
    @app_commands.rename(domain=_("domain"), top=_("top"))
    @app_commands.describe(domain=DOMAIN, top=TOP)
    @filtered
    @at_release
    @cooldown
    async def best(self, interaction: discord.Interaction, domain: Domain,
                   budget: Budget | None = None, top: Top = 3, org: Org | None = None,
                   type: str | None = None,
                   release: Release | None = None) -> None:
        """The best model for a domain, under a budget."""
        await reply(interaction, BestRequest, domain=domain, budget=budget, top=top, org=org,
                    type=type,
                    release=release)

    @app_commands.command(name=_("compare"),
                          description=_("Compare two to four models head to head"))
    @app_commands.rename(model_a=_("model_a"), model_b=_("model_b"), model_c=_("model_c"),
                         model_d=_("model_d"))
    @app_commands.describe(model_a=MODEL, model_b=MODEL, model_c=_("An optional third model"),
                           model_d=_("An optional fourth model"))
    @at_release
    @cooldown
    async def compare(self, interaction: discord.Interaction, model_a: Model, model_b: Model,
                      model_c: Model | None = None, model_d: Model | None = None,
                      release: Release | None = None) -> None:
        """Two to four models head to head."""
        await reply(interaction, CompareRequest, model_a=model_a, model_b=model_b,
                    model_c=model_c, model_d=model_d,
                    release=release)

    @app_commands.command(name=_("model"),
                          description=_("Everything the board says about one model"))
    @app_commands.rename(name=_("name"))
    @app_commands.describe(name=MODEL)
    @at_release
    @cooldown
    async def model(self, interaction: discord.Interaction, name: Model,
                    release: Release | None = None) -> None:
        """One model's card."""
        await reply(interaction, ModelRequest, name=name,
                    release=release)

    @app_commands.command(name=_("leaderboard"),
                          description=_("The ranking for a domain or the total, page by page"))
    @app_commands.rename(domain=_("domain"), page=_("page"))
    @app_commands.describe(domain=DOMAIN,
                           page=_("Start at this page (the buttons turn the others)"))
    @filtered
    @at_release
    @cooldown
    async def leaderboard(self, interaction: discord.Interaction, domain: Domain | None = None,
                          budget: Budget | None = None, org: Org | None = None,
                          page: Page = 1, type: str | None = None,
                          release: Release | None = None) -> None:
        """A ranking, page by page."""
        await reply(interaction, LeaderboardRequest, domain=domain, budget=budget, org=org,
                    page=page, type=type,
                    release=release)

    @app_commands.command(name=_("value"),
                          description=_("The models no other beats on both score and price"))
    @app_commands.rename(domain=_("domain"))
    @app_commands.describe(domain=DOMAIN)
    @filtered
    @at_release
    @cooldown
    async def value(self, interaction: discord.Interaction, domain: Domain | None = None,
                    budget: Budget | None = None, org: Org | None = None,
                    type: str | None = None,
                    release: Release | None = None) -> None:
        """The value frontier."""
        await reply(interaction, ValueRequest, domain=domain, budget=budget, org=org, type=type,
                    release=release)

    @app_commands.command(
        name=_("recommend"),
        description=_("The best model for your own mix of domains, under a budget"))
    @app_commands.rename(weights=_("weights"), top=_("top"))
    @app_commands.describe(
        weights=_("Like 医疗=2 法律=1; empty: this server's default weights"), top=TOP)
    @filtered
    @at_release
    @cooldown
    async def recommend(self, interaction: discord.Interaction, weights: str | None = None,
                        budget: Budget | None = None, org: Org | None = None, top: Top = 3,
                        type: str | None = None,
                        release: Release | None = None) -> None:
        """A weighted score over several domains."""
        await reply(interaction, RecommendRequest, weights=weights, budget=budget, org=org,
                    top=top, type=type,
                    release=release)

    @app_commands.command(name=_("cost"),
                          description=_("What a monthly volume of output tokens costs"))
    @app_commands.rename(model=_("model"), tokens=_("tokens"), period=_("period"),
                         type=_("type"))
    @app_commands.describe(model=MODEL, tokens=_("Output tokens, like 50M, 2.5亿 or 3000万"),
                           period=_("Per day, week, month (default) or year"),
                           type=_("Alternatives: only open-source or only commercial models"))
    @app_commands.choices(period=PERIODS, type=KINDS)
    @at_release
    @cooldown
    async def cost(self, interaction: discord.Interaction, model: Model, tokens: str,
                   period: str = "month", type: str | None = None,
                   release: Release | None = None) -> None:
        """A month's output tokens with a model, against cheaper alternatives."""
        await reply(interaction, CostRequest, model=model, tokens=tokens, period=period,
                    type=type,
                    release=release)

    @app_commands.command(name=_("domains"),
                          description=_("The domains you can ask about, with their aliases"))
    @at_release
    @cooldown
    async def domains(self, interaction: discord.Interaction,
                      release: Release | None = None) -> None:
        """The domains and their aliases."""
        await reply(interaction, DomainsRequest,
                    release=release)

    @app_commands.command(name=_("about"),
                          description=_("Where the data comes from and what is loaded"))
    @cooldown
    async def about(self, interaction: discord.Interaction) -> None:
        """Where the data comes from."""
        await reply(interaction, AboutRequest)

    @app_commands.command(name=_("history"),
                          description=_("A model's price, score and rank in every release held"))
    @app_commands.rename(model=_("model"), domain=_("domain"))
    @app_commands.describe(model=MODEL, domain=_("A domain to follow instead of the total"))
    @cooldown
    async def history(self, interaction: discord.Interaction, model: Model,
                      domain: Domain | None = None) -> None:
        """One model through the releases."""
        await reply(interaction, HistoryRequest, model=model, domain=domain)

    @app_commands.command(name=_("changes"),
                          description=_("What changed between two releases held"))
    @app_commands.rename(from_=_("from"), to=_("to"))
    @app_commands.describe(from_=_("The older release (default: the one before 'to')"),
                           to=_("The newer release (default: the newest)"))
    @cooldown
    async def changes(self, interaction: discord.Interaction, from_: Release | None = None,
                      to: Release | None = None) -> None:
        """Models added and removed, prices, the biggest moves."""
        await reply(interaction, ChangesRequest, **{"from": from_, "to": to})

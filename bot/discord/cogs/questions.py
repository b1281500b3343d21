"""Plain questions in chat: a message that mentions the bot, replies to one of its answers, or
comes in a DM is read as a question (``bot.core.questions``) and answered with the command's
own embed, headed "Read as: `/best 医疗 budget:5`".

No privileged intent is needed: Discord delivers the content of messages that mention the bot
and of DMs without Message Content (a reply whose author turned its ping off carries no content
and is left alone). The per-user cooldown is the commands' own bucket; the server's hidden
organisations and boards, its defaults, language and currency apply as they do to commands.
A "Not what I meant" button (the asker's only) offers the next readings; its state is kept in
the store like the page buttons', so a press works in whichever process receives it.
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import i18n
from bot.core.answer import answer as core_answer
from bot.core.commands import build_request, parse_command_line
from bot.core.errors import AmbiguousModel, InvalidOption, UserError
from bot.core.questions.entry import Asked, read_line
from bot.core.requests import Request
from bot.discord.checks import spend
from bot.discord.embeds import render_error, render_notice, render_result
from bot.discord.prefs import money_of, reply_language, standing_of
from bot.discord.sending import NO_PINGS, send_ephemeral
from bot.discord.views import keep_state, kept_state, which_model
from bot.render.charts import chart_name, has_chart
from bot.render.context import RenderContext

if TYPE_CHECKING:
    from bot.discord.app import ModelBot

log = logging.getLogger(__name__)
_HAN = re.compile(r"[\u3400-\u9fff]")
_OPTIONS = 5  # readings a menu offers
_LABEL = 100  # Discord's limit on a select option's label


class _Asker:
    """What the cooldown reads of an interaction, for a message (client, user, time)."""

    def __init__(self, bot: ModelBot, message: discord.Message) -> None:
        self.client, self.user, self.created_at = bot, message.author, message.created_at


class _Answer:
    """A reply ready to send: the header, the embed, a chart, the menu or button."""

    def __init__(self, content: str | None, embed: discord.Embed,
                 file: discord.File | None = None, view: discord.ui.View | None = None) -> None:
        self.content, self.embed, self.file, self.view = content, embed, file, view

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"embed": self.embed, "allowed_mentions": NO_PINGS}
        if self.content:
            out["content"] = self.content
        if self.file is not None:
            out["file"] = self.file
        if self.view is not None:
            out["view"] = self.view
        return out


def _language_hint(text: str) -> str:
    """The asker's language, read from the question (a message has no client locale)."""
    return "zh-CN" if _HAN.search(text) else "en-US"


async def answer(bot: ModelBot, guild_id: int | None, owner: int, request: Request,
                 readings: list[str], locale: str) -> _Answer:
    """The command's answer to ``request`` with the server's defaults, scope, language and
    currency; headed by what it was read as (``readings[0]``) when it came from a question,
    with the "Not what I meant" button when there are other readings."""
    prefs = await bot.guild_prefs(guild_id)
    ctx = RenderContext(reply_language(bot.settings, prefs, locale), money_of(prefs, bot.settings))
    kind = type(request)
    said = request.model_dump(exclude_unset=True)
    try:  # the one entry into the core, as the slash commands take it
        _request, result = core_answer(request, bot.catalog, standing_of(prefs))
    except AmbiguousModel as error:
        return await _which(bot, owner, error, kind.command, said, ctx.lang, readings)
    except UserError as error:
        return _Answer(_header(readings, ctx.lang), render_error(error, ctx.lang))
    embed = render_result(result, ctx)
    file = None
    if bot.settings.charts.enabled and has_chart(result):
        png = await _chart(bot, result, ctx.lang)
        if png is not None:
            name = chart_name(result)
            embed.set_image(url=f"attachment://{name}")
            file = discord.File(io.BytesIO(png), name)
    view = await _not_meant(bot, owner, readings, ctx.lang) if len(readings) > 1 else None
    return _Answer(_header(readings, ctx.lang), embed, file, view)


def _header(readings: list[str], lang: str) -> str | None:
    return i18n.t(lang, "question.read_as_code", command=readings[0]) if readings else None


async def _chart(bot: ModelBot, result: Any, lang: str) -> bytes | None:
    try:
        return await bot.data.draw_chart(result, lang)
    except Exception:  # a chart is a bonus: the answer goes out without it
        log.exception("chart for /%s failed", result.command)
        return None


async def _which(bot: ModelBot, owner: int, error: AmbiguousModel, command: str,
                 said: dict[str, Any], lang: str, readings: list[str]) -> _Answer:
    """An ambiguous name: the candidates with the commands' which-model menu (its pick
    answers the command again, as for a typed one)."""
    view = None
    if error.suggestions:
        state = {"kind": command, "options": {k: v for k, v in said.items()},
                 "query": error.params["query"], "names": list(dict.fromkeys(error.suggestions))}
        key = await keep_state(bot, state)
        view = which_model(owner, key, state["names"], lang)
    return _Answer(_header(readings, lang), render_error(error, lang), view=view)


async def _not_meant(bot: ModelBot, owner: int, readings: list[str], lang: str
                     ) -> discord.ui.View:
    key = await keep_state(bot, {"kind": "readings", "readings": readings})
    view = discord.ui.View(timeout=None)
    view.add_item(NotMeantButton(owner, key, label=i18n.t(lang, "question.not_meant")))
    return view


class _AskersItem:
    """What the "Not what I meant" button and the readings menu share (put before
    ``DynamicItem`` in the bases): only the asker (``owner``) may use one; a press reads the
    readings kept under ``key`` and hands them to ``act``."""

    owner: int
    key: str

    async def interaction_check(self, interaction: discord.Interaction[ModelBot], /) -> bool:
        """Only the asker; anyone else is told so, privately, in the server's language."""
        if interaction.user.id == self.owner:
            return True
        bot = interaction.client
        lang = reply_language(bot.settings, await bot.guild_prefs(interaction.guild_id),
                              interaction.locale)
        await send_ephemeral(interaction, render_notice(i18n.t(lang, "question.not_yours")))
        return False

    async def callback(self, interaction: discord.Interaction[ModelBot]) -> None:
        """Act on the kept readings, unless they expired."""
        state = await kept_state(interaction, self.key)
        if state is not None:
            await self.act(interaction, [str(r) for r in state.get("readings", [])])

    async def act(self, interaction: discord.Interaction[ModelBot], readings: list[str]
                  ) -> None:
        """What a press does with the readings."""
        raise NotImplementedError


class NotMeantButton(_AskersItem, discord.ui.DynamicItem[discord.ui.Button],
                     template=r"mb:notmeant:(?P<owner>\d+):(?P<key>[0-9a-f]{16})"):
    """"Not what I meant": shows the asker the other readings of the question."""

    def __init__(self, owner: int, key: str, *, label: str = "Not what I meant") -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.secondary, label=label,
                                           custom_id=f"mb:notmeant:{owner}:{key}"))
        self.owner, self.key = owner, key

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction,  # type: ignore[override]
                             item: discord.ui.Button, match: Any, /) -> NotMeantButton:
        return cls(int(match["owner"]), match["key"])

    async def act(self, interaction: discord.Interaction[ModelBot], readings: list[str]
                  ) -> None:
        """The other readings, privately, in a menu."""
        bot = interaction.client
        lang = reply_language(bot.settings, await bot.guild_prefs(interaction.guild_id),
                              interaction.locale)
        view = discord.ui.View(timeout=None)
        view.add_item(ReadingMenu(self.owner, self.key, options=readings[1:_OPTIONS + 1]))
        await send_ephemeral(interaction, render_notice(i18n.t(lang, "question.pick"),
                                                        error=False), view)
        view.stop()


class ReadingMenu(_AskersItem, discord.ui.DynamicItem[discord.ui.Select],
                  template=r"mb:reading:(?P<owner>\d+):(?P<key>[0-9a-f]{16})"):
    """The other readings: picking one answers it publicly, headed by it."""

    def __init__(self, owner: int, key: str, *, select: discord.ui.Select | None = None,
                 options: list[str] | None = None) -> None:
        if select is None:  # values are positions in the kept readings (1 = the second)
            select = discord.ui.Select(
                custom_id=f"mb:reading:{owner}:{key}", min_values=1, max_values=1,
                options=[discord.SelectOption(label=text[:_LABEL], value=str(index))
                         for index, text in enumerate(options or [], start=1)])
        super().__init__(select)
        self.owner, self.key = owner, key

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction,  # type: ignore[override]
                             item: discord.ui.Select, match: Any, /) -> ReadingMenu:
        return cls(int(match["owner"]), match["key"], select=item)

    async def act(self, interaction: discord.Interaction[ModelBot], readings: list[str]
                  ) -> None:
        """Answer the reading picked, publicly."""
        bot = interaction.client
        values = list(self.item.values)
        offered = [str(index) for index in range(1, min(len(readings), _OPTIONS + 1))]
        if len(values) != 1 or values[0] not in offered:  # a forged or stale pick
            shown = ",".join(str(v) for v in values)[:40]
            error = InvalidOption(option="choice", value=shown, reason="not_offered")
            await bot.tree.on_error(interaction, error)  # type: ignore[arg-type]
            return
        chosen = int(values[0])
        # the chosen reading first, the others after it (the first one among them)
        order = [readings[chosen], *(r for i, r in enumerate(readings) if i != chosen)]
        lang = reply_language(bot.settings, await bot.guild_prefs(interaction.guild_id),
                              interaction.locale)
        await interaction.response.edit_message(
            content=i18n.t(lang, "question.read_as_code", command=order[0]), embed=None,
            view=None)
        command, options = parse_command_line(order[0])
        request = build_request(command, options)
        reply = await answer(bot, interaction.guild_id, self.owner, request, order,
                             str(interaction.locale))
        await interaction.followup.send(**reply.kwargs())
        if reply.view is not None:
            reply.view.stop()


async def _post(message: discord.Message, **kwargs: Any) -> None:
    """A reply to the question; posted plainly in the channel if Discord refuses the reply
    (the question was deleted meanwhile, or the reply is not allowed there)."""
    try:
        await message.reply(**kwargs, mention_author=False)
    except discord.HTTPException as error:
        if error.status not in (400, 403):
            raise
        log.info("replying to message %s refused (%s): posting plainly", message.id, error.code)
        file = kwargs.get("file")
        if isinstance(file, discord.File):
            file.reset()
        await message.channel.send(**kwargs)


class QuestionsCog(commands.Cog):
    """Mentions, replies to the bot's answers and DMs, read as questions."""

    def __init__(self, bot: ModelBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """The buttons of earlier answers work after a restart (their state is in the store)."""
        self.bot.add_dynamic_items(NotMeantButton, ReadingMenu)

    def addressed(self, message: discord.Message) -> bool:
        """Whether ``message`` speaks to the bot: a DM, a mention, or a reply to its message."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return False
        if message.guild is None:
            return True
        if any(user.id == me.id for user in message.mentions):
            return True
        role = message.guild.self_role
        if role is not None and role in message.role_mentions:
            return True
        resolved = message.reference.resolved if message.reference else None
        return isinstance(resolved, discord.Message) and resolved.author.id == me.id

    def question_of(self, message: discord.Message) -> str:
        """The message's text without the mentions of the bot."""
        me = self.bot.user
        text = message.content
        if me is not None:
            text = re.sub(rf"<@!?{me.id}>", " ", text)
        role = message.guild.self_role if message.guild else None
        if role is not None:
            text = text.replace(f"<@&{role.id}>", " ")
        return text.strip()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a question addressed to the bot; anything else is left alone."""
        if not self.addressed(message):
            return
        text = self.question_of(message)
        if not text:
            return  # no content: a reply without its ping (no Message Content intent)
        try:
            await self._answer(message, text)
        except discord.HTTPException as error:  # cannot post here, or Discord failed
            log.warning("could not answer message %s: %s", message.id, error)
        except Exception:
            log.exception("answering message %s failed", message.id)

    async def _answer(self, message: discord.Message, text: str) -> None:
        locale = _language_hint(text)
        guild_id = message.guild.id if message.guild else None
        try:
            await spend(_Asker(self.bot, message))  # type: ignore[arg-type]  # the commands' bucket
        except app_commands.CommandOnCooldown as error:
            lang = reply_language(self.bot.settings, await self.bot.guild_prefs(guild_id),
                                  locale)
            await _post(message, embed=render_notice(i18n.t(
                lang, "discord.cooldown", seconds=max(1.0, error.retry_after))),
                allowed_mentions=NO_PINGS)
            return
        asked: Asked = read_line(self.bot.catalog, text)
        if asked.error is not None or asked.request is None:
            lang = reply_language(self.bot.settings, await self.bot.guild_prefs(guild_id),
                                  locale)
            error = asked.error or UserError()
            await _post(message, embed=render_error(error, lang), allowed_mentions=NO_PINGS)
            return
        readings = [r.text for r in asked.understanding.readings] if asked.understanding else []
        reply = await answer(self.bot, guild_id, message.author.id, asked.request, readings,
                             locale)
        await _post(message, **reply.kwargs())
        if reply.view is not None:
            reply.view.stop()

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context[Any],
                               error: commands.CommandError) -> None:
        """A mention reads as a prefix command to discord.py, and the bot has none: not an
        error worth a traceback (a listener here also keeps discord.py's default quiet)."""
        if not isinstance(error, commands.CommandNotFound):
            log.warning("prefix command error: %s", error)

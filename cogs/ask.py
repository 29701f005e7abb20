"""/ask, questions asked by mentioning the bot, and follow-up questions in the thread it opens.

Follow-ups in a thread the bot opened are made self-contained by the core (`BriefingCore.rewrite_followup`:
the language model when one is configured, else the rule in retrieval/search/followup.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import OrderedDict

import discord
from discord import app_commands
from discord.ext import commands

from cogs.utils import render, views
from cogs.utils.checks import Gate, GatedCog
from cogs.utils.scopes import scope_of, scope_of_message, send_embeds
from retrieval import Answer, BriefingCore, BriefingError, QuestionLog, Scope, Settings

log = logging.getLogger(__name__)

STREAM_EDIT_SECONDS = 1.0
THREAD_QUESTIONS_KEPT = 5000  # threads whose first question is remembered (the least recently used go first)
_MENTION = re.compile(r"<@[!&]?\d+>")


class RecentQuestions:
    """Thread id -> the question it answers, for at most `size` threads (least recently used dropped first)."""

    def __init__(self, size: int = THREAD_QUESTIONS_KEPT) -> None:
        self.size = size
        self._questions: OrderedDict[int, str] = OrderedDict()

    def get(self, thread_id: int) -> str | None:
        question = self._questions.get(thread_id)
        if question is not None:
            self._questions.move_to_end(thread_id)
        return question

    def remember(self, thread_id: int, question: str) -> None:
        self._questions[thread_id] = question
        self._questions.move_to_end(thread_id)
        while len(self._questions) > self.size:
            self._questions.popitem(last=False)

    def __len__(self) -> int:
        return len(self._questions)


def strip_mentions(content: str) -> str:
    return " ".join(_MENTION.sub(" ", content or "").split())


class AskCog(GatedCog):
    def __init__(
        self, bot: commands.Bot, core: BriefingCore, settings: Settings, gate: Gate, question_log: QuestionLog
    ) -> None:
        self.bot = bot
        self.core = core
        self.settings = settings
        self.gate = gate
        self.question_log = question_log
        self.thread_questions = RecentQuestions()

    @app_commands.command(name="ask", description="Ask the briefings a question; the answer quotes and cites them.")
    @app_commands.describe(
        question="What you want to know",
        document="Only search this document (a title or file name, or part of one)",
        since="Only briefings dated from this day on (2017-09, Sept 2017, 15 September 2017, last month)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 6000],
        document: str | None = None,
        since: str | None = None,
    ) -> None:
        question = self.gate.check_question(question)
        if since is not None:
            self.core.check_since(since)
        if document is not None:  # a wrong name is told privately, before anything is shown to the channel
            await asyncio.to_thread(self.core.document_info, document, scope=scope_of(interaction))
        self.gate.take_cooldown(interaction.user.id)
        await interaction.response.defer(thinking=True)
        scope = scope_of(interaction)
        answer = await self._streamed_answer(interaction, question, document, since, scope)
        embeds, view = await self._publish(answer, interaction.guild_id, interaction.channel_id, interaction.user.id)
        await send_embeds(interaction, embeds, private=answer.private, view=view)

    @ask.autocomplete("document")
    async def document_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await document_choices(self.core, current, scope_of(interaction))

    async def _streamed_answer(
        self, interaction: discord.Interaction, question: str, document: str | None, since: str | None, scope: Scope
    ) -> Answer:
        """The answer; with a language model configured, its checked text is shown as it streams in, the
        deferred message edited at most once every STREAM_EDIT_SECONDS (never a private answer: the core
        returns those whole)."""
        result = await asyncio.to_thread(self.core.ask_stream, question, document, since, scope=scope)
        if isinstance(result, Answer):
            return result
        partials: list[str] = []  # appended by the worker thread, read here

        def consume() -> Answer:
            for partial in result.chunks():
                partials.append(partial)
            return result.result()

        work = asyncio.ensure_future(asyncio.to_thread(consume))
        shown = ""
        while not work.done():
            await asyncio.wait({work}, timeout=STREAM_EDIT_SECONDS)
            if partials and partials[-1] != shown and not work.done():
                shown = partials[-1]
                await interaction.edit_original_response(content=render.streaming_text(shown))
        return work.result()

    async def _publish(
        self, answer: Answer, guild_id: int | None, channel_id: int | None, user_id: int
    ) -> tuple[list[discord.Embed], discord.ui.View]:
        """Log the answer (its buttons carry the log's row id) and render it."""
        more = render.more_sources_citations(answer, self.settings.top_k)
        answer_id = await asyncio.to_thread(
            self.question_log.record, answer, more, "discord", guild_id, channel_id, user_id
        )
        return render.answer_embeds(answer, self.core.llm_name), views.answer_view(answer_id, bool(more))

    # -- mentions -----------------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or all(user.id != me.id for user in message.mentions):
            return
        channel = message.channel
        ours = isinstance(channel, discord.Thread) and channel.owner_id == me.id
        try:
            self.gate.check_place(message.guild.id if message.guild else None, (channel.id, _parent_id(channel)))
        except app_commands.CheckFailure:
            log.info("mention ignored reason=not_allowed channel_id=%s", channel.id)
            return
        text = strip_mentions(message.content)
        previous = (self.thread_questions.get(channel.id) or str(getattr(channel, "name", ""))) if ours else ""
        try:
            question = self.gate.check_question(text)
            if ours:
                question = await asyncio.to_thread(self.core.rewrite_followup, previous, question)
            self.gate.take_cooldown(message.author.id)
        except (BriefingError, app_commands.CheckFailure) as refusal:
            await _send(message.channel, str(refusal), reference=message)
            return
        await self._answer_mention(message, question, ours)

    async def _answer_mention(self, message: discord.Message, question: str, in_our_thread: bool) -> None:
        target: discord.abc.Messageable = message.channel
        try:
            if not in_our_thread and isinstance(message.channel, discord.TextChannel):
                target = await message.create_thread(name=render.thread_name(question), auto_archive_duration=1440)
            await _typing(target)
            # posted where other members read it: only what everyone in this place may read
            answer = await asyncio.to_thread(self.core.ask, question, scope=scope_of_message(message).without_roles())
            self.thread_questions.remember(getattr(target, "id", 0), question)
            embeds, view = await self._publish(
                answer, message.guild.id if message.guild else None, message.channel.id, message.author.id
            )
            await target.send(embed=embeds[0], view=view)
            for extra in embeds[1:]:
                await target.send(embed=extra)
            log.info("mention answered message_id=%s thread=%s", message.id, not in_our_thread)
        except BriefingError as error:
            await _send(target, str(error))
        except discord.HTTPException as error:
            log.warning("mention answer failed message_id=%s status=%s", message.id, error.status)
        except Exception:
            log.exception("mention answer failed message_id=%s", message.id)
            await _send(target, "Sorry, something went wrong on my side while answering. It has been logged.")


async def document_choices(core: BriefingCore, current: str, scope: Scope) -> list[app_commands.Choice[str]]:
    """Autocomplete for a `document` option: the core's own matching (the one --document uses), among the
    documents the member may read (empty when there is no index)."""
    try:
        documents = await asyncio.to_thread(core.match_documents, current, render.MAX_CHOICES, scope=scope)
    except BriefingError:
        return []
    return render.document_choices(documents)


def _parent_id(channel: object) -> int | None:
    parent = getattr(channel, "parent_id", None)
    return parent if isinstance(parent, int) else None


async def _typing(target: discord.abc.Messageable) -> None:
    with contextlib.suppress(discord.HTTPException):
        await target.typing()


async def _send(target: discord.abc.Messageable, text: str, reference: discord.Message | None = None) -> None:
    try:
        await target.send(render.fit_content(text), reference=reference, mention_author=False)  # type: ignore[arg-type]
    except discord.HTTPException as error:
        log.warning("reply failed status=%s", error.status)

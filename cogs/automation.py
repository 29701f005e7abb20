"""Briefings that arrive by themselves: the watched corpus folder and the scheduled refresh of links.

No commands: two background tasks started when the cog loads (bot.py adds it). The watcher (watchfiles)
notices files added, changed or removed in the corpus folder, waits until the changes settle (no new change
for WATCH_SETTLE_SECONDS) and re-indexes incrementally; with REFRESH_HOURS set, the documents added by link are
fetched again on that schedule and re-indexed when their content changed. The blocking work runs in worker
threads through the core's plain functions (reindex, refresh_links), which hold the one re-index lock; the bot
claims the embedded store for as long as the cog runs. A summary of each automatic re-index goes to the log,
and to ADMIN_CHANNEL_ID when set. What is posted there is read with the channel's scope (cogs/utils/scopes.py
`channel_scope`: its server's and channel's document sets, no roles), so it never names, nor counts, a
document that not everyone reading the channel may read; the core logs the whole report for the operator.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import discord
from discord.ext import commands
from watchfiles import Change, awatch

from cogs.library import ProgressMessage
from cogs.utils import render
from cogs.utils.scopes import channel_scope
from retrieval import BriefingCore, BriefingError, IndexBusyError, IndexReport, RefreshReport, Scope, Settings

log = logging.getLogger(__name__)

MAX_SETTLE_MS = 60_000  # a folder that keeps changing is re-indexed at least once a minute
BUSY_RETRIES = 60  # another re-index holds the lock: try again after each settle period
AUTOMATIC = "Automatic re-index (corpus folder changed)"


def corpus_filter(change: Change, path: str) -> bool:
    """Changes that can matter to the index: not temporary or hidden files (uploads write `.upload-*` first)."""
    return not Path(path).name.startswith(".")


class AutomationCog(commands.Cog):
    def __init__(self, bot: commands.Bot, core: BriefingCore, settings: Settings) -> None:
        self.bot = bot
        self.core = core
        self.settings = settings
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._claimed = False
        self._last_skipped: set[tuple[str, str]] | None = None
        self.summaries: list[str] = []  # every summary posted (or logged), newest last

    async def cog_load(self) -> None:
        if not (self.settings.watch_corpus or self.settings.refresh_hours):
            return
        try:  # False when the bot already holds the claim (it claims at start-up): then it releases it
            self._claimed = await asyncio.to_thread(self.core.claim_store, "the bot")
        except IndexBusyError as error:
            log.warning("automatic re-indexing off reason=%r", str(error))
            return
        if self.settings.watch_corpus:
            self._tasks.append(asyncio.create_task(self._watch(), name="watch corpus"))
        if self.settings.refresh_hours:
            self._tasks.append(asyncio.create_task(self._refresh_every(), name="refresh links"))

    async def cog_unload(self) -> None:
        self._stop.set()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._claimed:
            self.core.release_store()
            self._claimed = False

    # -- the watched folder ---------------------------------------------------------------------------

    async def _watch(self) -> None:
        corpus = self.settings.corpus_path
        corpus.mkdir(parents=True, exist_ok=True)
        settle_ms = max(int(self.settings.watch_settle_seconds * 1000), 50)
        log.info("watching corpus=%s settle_ms=%d", corpus, settle_ms)
        catch_up = asyncio.create_task(self._catch_up(), name="corpus catch-up")  # once the watcher runs
        self._tasks.append(catch_up)
        async for changes in awatch(
            corpus,
            watch_filter=corpus_filter,
            step=settle_ms,
            debounce=max(MAX_SETTLE_MS, settle_ms),
            stop_event=self._stop,
        ):
            names = sorted({Path(path).name for _, path in changes})
            log.info("corpus changed files=%d names=%s", len(names), ",".join(names[:10]))
            await self.reindex_now()

    async def _catch_up(self) -> None:
        """What changed while the bot was stopped, re-indexed once the watcher is up (so nothing falls between)."""
        await asyncio.sleep(max(self.settings.watch_settle_seconds, 0.5))
        await self.reindex_now()

    async def reindex_now(self) -> IndexReport | None:
        """One incremental re-index for the watcher, retried while another holds the lock; reported when it
        changed something the admin channel may read, or the skipped files changed. While documents are
        embedded, the admin channel's message shows the progress, and then becomes the summary (or goes, when
        nothing the channel may read changed)."""
        for _ in range(BUSY_RETRIES):
            channel, scope = await self._report_channel()
            post = ChannelMessage(channel)
            try:
                async with ProgressMessage(post, "Automatic re-index") as progress:
                    report = await asyncio.to_thread(
                        self.core.reindex, False, progress, "the watched corpus folder", scope=scope
                    )
            except IndexBusyError:
                await asyncio.sleep(max(self.settings.watch_settle_seconds, 0.2))
                continue
            except BriefingError as error:
                await self._post(f"Automatic re-index failed: {render.escape(str(error))}", post)
                return None
            await self._conclude(post, self._worth_reporting(report), render.report_text(report, AUTOMATIC))
            return report
        log.warning("automatic re-index gave up: the index stayed busy")
        return None

    def _worth_reporting(self, report: IndexReport) -> bool:
        skipped = {(s.source, s.reason) for s in report.skipped}
        new_skips = skipped != self._last_skipped and (bool(skipped) or self._last_skipped is not None)
        self._last_skipped = skipped
        return bool(report.added or report.changed or report.removed or new_skips)

    # -- the scheduled refresh --------------------------------------------------------------------------

    async def _refresh_every(self) -> None:
        period = self.settings.refresh_hours * 3600
        log.info("refreshing links every hours=%s", self.settings.refresh_hours)
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=period)
                return
            await self.refresh_now()

    async def refresh_now(self) -> RefreshReport | None:
        channel, scope = await self._report_channel()
        post = ChannelMessage(channel)
        try:
            async with ProgressMessage(post, "Re-indexing refreshed links") as progress:
                report = await asyncio.to_thread(
                    self.core.refresh_links, "the scheduled refresh", progress, scope=scope
                )
        except BriefingError as error:  # busy, or the index cannot be written now: the next period tries again
            await self._post(f"Scheduled refresh of links failed: {render.escape(str(error))}", post)
            return None
        worth = bool(report.changed or report.gone or report.failed)
        await self._conclude(post, worth, render.refresh_text(report))
        return report

    # -- reporting ----------------------------------------------------------------------------------------

    async def _conclude(self, post: ChannelMessage, worth: bool, text: str) -> None:
        """Post the summary when it says something; else take back the progress message, if one was shown."""
        if worth:
            await self._post(text, post)
            return
        try:
            await post.delete()
        except discord.HTTPException as error:
            log.warning("admin channel delete failed status=%s", error.status)

    async def _post(self, text: str, post: ChannelMessage) -> None:
        """To the log always, and to the admin channel when ADMIN_CHANNEL_ID is set (editing the message when it
        was already posted, e.g. with progress)."""
        self.summaries.append(text)
        log.info("automatic summary text=%r", text)
        try:
            await post(text)
        except discord.HTTPException as error:
            log.warning("admin channel post failed status=%s", error.status)

    async def _report_channel(self) -> tuple[discord.abc.Messageable | None, Scope | None]:
        """The admin channel and the scope of what everyone who reads it may read. Without a channel (not set,
        or not found), (None, None): the summary goes to the log only, which is the operator's."""
        channel_id = self.settings.admin_channel_id
        if not channel_id:
            return None, None
        try:
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        except discord.HTTPException as error:
            log.warning("admin channel not found channel_id=%d status=%s", channel_id, error.status)
            return None, None
        if not isinstance(channel, discord.abc.Messageable):
            return None, None
        return channel, channel_scope(channel)


class ChannelMessage:
    """One message in the admin channel: sent on the first text, edited with each later one; nothing without
    an admin channel. Usable as a ProgressMessage's editor."""

    def __init__(self, channel: discord.abc.Messageable | None) -> None:
        self._channel = channel
        self.message: discord.Message | None = None

    async def __call__(self, text: str) -> None:
        content = render.fit_content(text)
        if self.message is not None:
            await self.message.edit(content=content)
        elif self._channel is not None:
            self.message = await self._channel.send(content, allowed_mentions=discord.AllowedMentions.none())

    async def delete(self) -> None:
        if self.message is not None:
            await self.message.delete()
            self.message = None

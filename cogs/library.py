"""/sources for everyone; /reindex, /upload and /remove for admins (checked at run time, not only hidden)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from types import TracebackType

import discord
from discord import app_commands

from cogs.ask import document_choices
from cogs.utils import render
from cogs.utils.checks import Gate, GatedCog, admin_only
from cogs.utils.scopes import admin_scope, audience_option, scope_of, send_embeds, shows_restricted
from cogs.utils.views import ConfirmView, PagerView
from retrieval import BriefingCore, Progress, Settings, UploadRefusedError

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 1.0


class ProgressMessage:
    """The indexer's progress callback (called in the worker thread), shown by editing one message on the loop
    at most once per `interval` seconds: the latest progress wins, older ones are dropped."""

    def __init__(
        self, edit: Callable[[str], Awaitable[object]], what: str, interval: float = PROGRESS_INTERVAL_S
    ) -> None:
        self._edit = edit
        self._what = what
        self._interval = interval
        self._loop = asyncio.get_running_loop()
        self._latest: Progress | str | None = None
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.edits = 0

    def __call__(self, progress: Progress) -> None:
        self._loop.call_soon_threadsafe(self._update, progress)

    def bytes_read(self, done: int, total: int | None) -> None:
        """A link's download progress (the fetcher's callback, in the worker thread)."""
        self._loop.call_soon_threadsafe(self._update, render.fetch_text(done, total))

    def _update(self, progress: Progress | str) -> None:
        self._latest = progress
        self._changed.set()

    async def _run(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            try:
                latest = self._latest
                await self._edit(latest if isinstance(latest, str) else render.progress_text(latest, self._what))
                self.edits += 1
            except discord.HTTPException as error:
                log.warning("progress edit failed status=%s", error.status)
            await asyncio.sleep(self._interval)

    async def __aenter__(self) -> ProgressMessage:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def _editor(interaction: discord.Interaction) -> Callable[[str], Awaitable[object]]:
    async def edit(text: str) -> object:
        return await interaction.edit_original_response(content=render.fit_content(text))

    return edit


def _who(interaction: discord.Interaction) -> str:
    return f"{interaction.user.name} (Discord id {interaction.user.id})"


class LibraryCog(GatedCog):
    def __init__(self, core: BriefingCore, settings: Settings, gate: Gate) -> None:
        self.core = core
        self.settings = settings
        self.gate = gate

    @app_commands.command(name="sources", description="The indexed documents: title, date, chunks")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        documents = await asyncio.to_thread(self.core.sources, scope=scope_of(interaction))
        pages = render.sources_embeds(documents)
        view = PagerView(interaction.user.id, pages) if len(pages) > 1 else None
        await send_embeds(interaction, pages[:1], private=shows_restricted(documents), view=view)

    @app_commands.command(name="reindex", description="Admins: bring the index in line with the corpus folder")
    @app_commands.describe(full="Rebuild everything instead of only what changed")
    @admin_only()
    async def reindex(self, interaction: discord.Interaction, full: bool = False) -> None:
        # for the admin only, like /upload and /remove: the report names what the admin's roles may read
        await interaction.response.defer(thinking=True, ephemeral=True)
        await interaction.edit_original_response(content=render.progress_text(None))
        async with ProgressMessage(_editor(interaction), "Re-indexing") as progress:
            # isolated: a full build runs in a child process, so this loop never stalls (retrieval/isolated.py)
            report = await asyncio.to_thread(
                self.core.reindex, full, progress, _who(interaction), isolated=True, scope=admin_scope(interaction)
            )
        await interaction.edit_original_response(content=render.report_text(report))

    @app_commands.command(name="upload", description="Admins: add a document (a file or a link) and index it")
    @app_commands.describe(
        file="A .txt, .md, .html, .pdf or .docx file",
        url="Or a link (http/https) to a web page, a PDF or plain text",
        doc_set="The document set it belongs to (default: the default set)",
        audience="Only these roles may read it: role mentions, ids or names, separated by commas",
    )
    @app_commands.rename(doc_set="set")
    @admin_only()
    async def upload(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: str | None = None,
        doc_set: str | None = None,
        audience: str | None = None,
    ) -> None:
        self._check_upload(file, url)
        await interaction.response.defer(thinking=True, ephemeral=True)
        who, scope, roles = _who(interaction), admin_scope(interaction), audience_option(audience)
        async with ProgressMessage(_editor(interaction), "Indexing the upload") as progress:
            if file is None:
                await interaction.edit_original_response(content=render.fetch_text(0, None))
                add = functools.partial(self.core.add_url, str(url), who, progress, progress.bytes_read)
            else:
                add = functools.partial(self.core.add_document, file.filename, await file.read(), who, progress)
            report = await asyncio.to_thread(add, doc_set=doc_set, audience=roles, scope=scope)
        await interaction.edit_original_response(content=render.report_text(report, "Upload"))

    def _check_upload(self, file: discord.Attachment | None, url: str | None) -> None:
        """One of a file or a link; a file over the limit is refused before anything is downloaded."""
        if (file is None) == (not url):
            raise UploadRefusedError("Attach a file or give a link (url), one of the two.")
        limit_mb = self.settings.max_upload_mb
        if file is not None and file.size > limit_mb * 1024 * 1024:
            size = f"{file.size / 1_048_576:.1f} MB"
            raise UploadRefusedError(f"{file.filename!r} is {size}; the upload limit is {limit_mb} MB (MAX_UPLOAD_MB).")

    @app_commands.command(name="remove", description="Admins: delete a document from the corpus and the index")
    @app_commands.describe(document="The document (start typing its title)")
    @admin_only()
    async def remove(self, interaction: discord.Interaction, document: str) -> None:
        info = await asyncio.to_thread(self.core.document_info, document, scope=admin_scope(interaction))
        view = ConfirmView(interaction.user.id, "Remove")
        question = (
            f"Remove **{render.escape(info.title)}** ({render.escape(info.doc_id)}) from the corpus and the index?"
        )
        await interaction.response.send_message(render.fit_content(question), view=view, ephemeral=True)
        if await view.wait() or not view.confirmed:
            if view.confirmed is None:
                await interaction.edit_original_response(
                    content="No answer within a minute: nothing removed.", view=None
                )
            return
        report = await asyncio.to_thread(
            self.core.remove_document, info.doc_id, _who(interaction), scope=admin_scope(interaction)
        )
        await interaction.edit_original_response(content=render.report_text(report, "Removal"))

    @remove.autocomplete("document")
    async def document_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await document_choices(self.core, current, admin_scope(interaction))

    @upload.autocomplete("doc_set")
    async def set_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        sets = await asyncio.to_thread(self.core.upload_sets, admin_scope(interaction))
        return [app_commands.Choice(name=s, value=s) for s in sets if current.lower() in s][:25]

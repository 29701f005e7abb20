"""The Discord bot's composition root: read Settings once, build the core, start the bot.

python bot.py          # needs DISCORD_TOKEN in .env (copy .env.example to .env)
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import sys
from typing import Any

import discord
from discord.ext import commands

from cogs.ask import AskCog
from cogs.automation import AutomationCog
from cogs.digest import DigestCog
from cogs.gaps import GapsCog
from cogs.library import LibraryCog
from cogs.stats import StatsCog
from cogs.summaries import SummaryCog
from cogs.timeline import TimelineCog
from cogs.utils.checks import Gate
from cogs.utils.errors import on_app_command_error
from cogs.utils.views import PERSISTENT_ITEMS
from retrieval import BriefingCore, BriefingError, ConfigError, QuestionLog, Settings, configure_logging

log = logging.getLogger(__name__)

NO_TOKEN = (
    "DISCORD_TOKEN is not set: put the bot's token in .env (copy .env.example to .env and fill in DISCORD_TOKEN)."
)
BAD_TOKEN = (
    "Discord rejected DISCORD_TOKEN: reset the token in the Discord developer portal (Bot > Reset Token) "
    "and put the new one in .env."
)
STORE_OWNER = "the Discord bot (process {pid})"


def freeze_settled_heap() -> None:
    """Take what start-up made (the libraries, the model, the first index version) out of the cycle
    collector's full passes. A full pass holds the interpreter lock, so the event loop, for as long as it walks
    the heap: with a 10,000-chunk index about 0.3 s, each time one ran. Frozen objects are still freed by
    reference counting, and a replaced index version is freed that way (tests/retrieval/test_memory.py)."""
    gc.collect()
    gc.freeze()
    log.info("heap frozen objects=%d", gc.get_freeze_count())


class BriefingBot(commands.Bot):
    """The bot: its cogs get the core, the settings and the question log through their constructors."""

    def __init__(self, settings: Settings, core: BriefingCore, question_log: QuestionLog, **options: Any) -> None:
        intents = discord.Intents.default()  # no privileged intent: mentions carry their content anyway
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.core = core
        self.question_log = question_log
        self.gate = Gate(settings)
        self.tree.error(on_app_command_error)
        self._warm_up_task: asyncio.Task[None] | None = None
        self._claimed_store = False

    async def setup_hook(self) -> None:
        # With the embedded store the bot is the index's one writer: another process's re-index is refused.
        self._claimed_store = self.core.claim_store(by=STORE_OWNER.format(pid=os.getpid()))
        await self.add_cog(AskCog(self, self.core, self.settings, self.gate, self.question_log))
        await self.add_cog(SummaryCog(self.core, self.gate))
        await self.add_cog(TimelineCog(self.core, self.gate))
        await self.add_cog(LibraryCog(self.core, self.settings, self.gate))
        await self.add_cog(StatsCog(self.core, self.gate, self.question_log))
        await self.add_cog(GapsCog(self.core, self.gate, self.question_log))
        await self.add_cog(DigestCog(self, self.core, self.settings, self.question_log))
        await self.add_cog(AutomationCog(self, self.core, self.settings))
        self.add_dynamic_items(*PERSISTENT_ITEMS)
        await self.sync_commands()
        self._warm_up_task = asyncio.create_task(self._warm_up())

    async def sync_commands(self) -> None:
        """To each guild in DISCORD_GUILD_IDS (instant), else globally (can take up to an hour to show)."""
        guild_ids = self.settings.discord_guild_ids
        if not guild_ids:
            synced = await self.tree.sync()
            log.info("commands synced scope=global count=%d", len(synced))
            return
        for guild_id in guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("commands synced scope=guild guild_id=%d count=%d", guild_id, len(synced))

    async def _warm_up(self) -> None:
        """Open the index and load the model in a worker thread, so the first question is not slow."""
        try:
            await asyncio.to_thread(self.core.warm_up)
            await asyncio.to_thread(freeze_settled_heap)
            log.info("core ready")
        except BriefingError as error:
            log.warning("core not ready reason=%r", str(error))
        except Exception:
            log.exception("core warm-up failed")

    async def close(self) -> None:
        """Stop the warm-up if it is still running, then disconnect."""
        task = self._warm_up_task
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await super().close()
        if self._claimed_store:
            self.core.release_store()
            self._claimed_store = False

    async def on_ready(self) -> None:
        user = self.user
        log.info("connected user=%s user_id=%s guilds=%d", user, user.id if user else "?", len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: mentions are handled by the ask cog's listener."""


def build_bot(settings: Settings, core: BriefingCore | None = None, **options: Any) -> BriefingBot:
    core = core or BriefingCore(settings)
    return BriefingBot(settings, core, QuestionLog.for_settings(settings), **options)


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        settings = Settings.load()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    if not settings.discord_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    bot = build_bot(settings)
    try:
        bot.run(settings.discord_token, log_handler=None)
    except discord.LoginFailure:
        log.error("login failed reason=token_rejected")
        print(BAD_TOKEN, file=sys.stderr)
        return 2
    except BriefingError as error:  # the store is in use by another bot or a re-index
        print(error, file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print(
            "Discord refused an intent this bot asked for: check the bot's settings in the developer portal.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

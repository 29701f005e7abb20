"""Briefings that arrive by themselves, through the real bot and the fake Discord: the watched corpus folder,
the scheduled refresh of links, and /upload with a link (a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.cogs.harness import ADMIN, EPHEMERAL, embeds_of, new_bot, run, text_of
from tests.conftest import copy_sample_corpus, make_settings
from tests.fake_discord import FakeDiscord, fake_discord, running_bot
from tests.local_web import LocalWeb, local_fetcher

TIMEOUT = 60.0
QUESTION = "how long did the battle for Raqqa last?"
BRIEFING = (
    "---\ntitle: Raqqa after the battle\ndate: 2017-11-02\n---\n"
    "Raqqa was taken by the Syrian Democratic Forces in October 2017 after a {months} battle for the city. "
    "The city's reconstruction is led by a civil council backed by the United States.\n"
)


@pytest.fixture
def core(tmp_path: Path, embedder: LazyEmbedder) -> BriefingCore:
    copy_sample_corpus(tmp_path / "corpus")
    built = BriefingCore(make_settings(tmp_path), embedder=embedder, fetcher=local_fetcher())
    built.reindex()
    return built


class Asking:
    """Questions asked without pause in a worker thread while the folder changes: none may fail."""

    def __init__(self, core: BriefingCore) -> None:
        self.core = core
        self.answered = 0
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.core.ask(QUESTION)
                self.answered += 1
            except BaseException as error:  # any failure is the test's finding
                self.errors.append(error)

    def __enter__(self) -> Asking:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)


async def channel_says(fake: FakeDiscord, count: int, needle: str) -> str:
    """The admin channel's `count`-th message once it says `needle` (it may show progress first)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while asyncio.get_running_loop().time() < deadline:
        messages = fake.messages_in(fake.channel_id)
        if len(messages) >= count and needle in messages[count - 1]["content"]:
            return str(messages[count - 1]["content"])
        await asyncio.sleep(0.1)
    raise AssertionError(
        f"no message {count} saying {needle!r}: {[m['content'] for m in fake.messages_in(fake.channel_id)]}"
    )


def cited(core: BriefingCore) -> str:
    answer = core.ask(QUESTION)
    return "" if answer.abstained else " ".join(c.quote for c in answer.citations if c.doc_id == "raqqa.md")


def test_a_file_dropped_changed_and_removed_is_followed_by_the_answers(core: BriefingCore) -> None:
    path = core.settings.corpus_path / "raqqa.md"

    async def body() -> None:
        async with fake_discord() as fake:
            bot = new_bot(fake, core, watch_corpus=True, watch_settle_seconds=0.5, admin_channel_id=fake.channel_id)
            async with running_bot(fake, bot):
                await asyncio.sleep(0.5)  # the watcher is up
                with Asking(core) as asking:
                    path.write_text(BRIEFING.format(months="four-month"), encoding="utf-8")
                    added = await channel_says(fake, 1, "done in")
                    assert "1 added" in added and "raqqa.md" in added
                    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
                    assert posts and all(r.json["allowed_mentions"] == {"parse": []} for r in posts)
                    assert "four-month battle" in cited(core)
                    record = await fake.send_slash_command("ask", {"question": QUESTION})
                    embed = embeds_of(await record.wait_for("edit", timeout=TIMEOUT))[0]
                    assert "four-month battle" in embed["description"]  # quoted once, in the answer

                    path.write_text(BRIEFING.format(months="five-month"), encoding="utf-8")
                    assert "1 changed" in await channel_says(fake, 2, "done in")
                    assert "five-month battle" in cited(core) and "four-month" not in cited(core)

                    path.unlink()
                    assert "1 removed" in await channel_says(fake, 3, "done in")
                    assert cited(core) == ""
                assert asking.errors == [] and asking.answered > 3

    run(body())
    assert "raqqa.md" not in {d.doc_id for d in core.sources()}


def test_scheduled_refresh_reindexes_a_changed_page_and_keeps_a_vanished_one(web: LocalWeb, core: BriefingCore) -> None:
    core.add_url(web.url("/briefing"), by="test")

    async def body() -> None:
        async with fake_discord() as fake:
            bot = new_bot(fake, core, refresh_hours=1 / 3600, admin_channel_id=fake.channel_id)
            async with running_bot(fake, bot):
                web.state.crossings = 2500
                changed = await channel_says(fake, 1, "Scheduled refresh of links")
                assert "1 changed" in changed and "127-0-0-1-briefing.html" in changed
                web.state.vanished = True
                gone = await channel_says(fake, 2, "Scheduled refresh of links")
                assert "1 gone" in gone and "saved copy is kept" in gone

    run(body())
    quote = core.ask("how many people a day use the Mayadin ferry crossings?").citations[0].quote
    assert "2,500 people a day" in quote


def test_upload_by_link_adds_the_page_and_refusals_say_why(web: LocalWeb, core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, core)):
            upload = await fake.send_slash_command("upload", {"url": web.url("/briefing")}, member_permissions=ADMIN)
            done = await upload.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT)
            assert upload.events[0].data.get("flags") == EPHEMERAL
            assert "1 added" in text_of(done) and "127-0-0-1-briefing.html" in text_of(done)
            assert any("Fetching the link" in text_of(e) for e in upload.edits)

            inside = await fake.send_slash_command("upload", {"url": web.url("/to-loopback")}, member_permissions=ADMIN)
            refused = await inside.wait_for(lambda e: "internal address" in text_of(e), timeout=TIMEOUT)
            assert "ALLOW_PRIVATE_URLS" in text_of(refused)

            wrong = await fake.send_slash_command("upload", {"url": web.url("/image.png")}, member_permissions=ADMIN)
            await wrong.wait_for(lambda e: "image/png" in text_of(e), timeout=TIMEOUT)

            neither = await fake.send_slash_command("upload", {}, member_permissions=ADMIN)
            reply = await neither.wait_for("callback", timeout=10)
            assert reply.data["flags"] == EPHEMERAL and "Attach a file or give a link" in reply.data["content"]

            member = await fake.send_slash_command("upload", {"url": web.url("/notes.txt")})
            assert "Only admins" in (await member.wait_for("callback", timeout=10)).data["content"]

    run(body())
    assert "127-0-0-1-briefing.html" in {d.doc_id for d in core.sources()}
    assert not (core.settings.corpus_path / "127-0-0-1-notes.txt").exists()


def test_a_file_added_while_the_bot_was_stopped_is_indexed_when_it_starts(core: BriefingCore) -> None:
    (core.settings.corpus_path / "raqqa.md").write_text(BRIEFING.format(months="four-month"), encoding="utf-8")

    async def body() -> None:
        async with fake_discord() as fake:
            bot = new_bot(fake, core, watch_corpus=True, watch_settle_seconds=0.2, admin_channel_id=fake.channel_id)
            async with running_bot(fake, bot):
                added = await channel_says(fake, 1, "done in")
                assert "1 added" in added and "raqqa.md" in added

    run(body())
    assert "four-month battle" in cited(core)

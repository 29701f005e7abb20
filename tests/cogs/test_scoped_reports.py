"""What the bot reports about re-indexing, scoped, through the real client and the fake Discord: the admin
channel's reports of the watched folder and of the scheduled refresh of links name only what everyone reading
that channel may read (its server's and channel's sets, no roles); /reindex and /upload answer the admin alone,
with their scope, and the progress shows no counts."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from retrieval import Scope
from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.cogs.harness import ADMIN, EPHEMERAL, new_bot, run, text_of
from tests.cogs.test_scopes import ALICE, BOB, CAROL, guilds
from tests.conftest import make_settings
from tests.fake_discord import FakeDiscord, fake_discord, running_bot
from tests.local_web import LocalWeb, local_fetcher
from tests.scoped_corpus import ANALYSTS, GENERAL, OTHER_CHANNEL, OTHER_SERVER, SERVER, write_scoped_corpus

TIMEOUT = 60.0
RESTRICTED_FILE = "2017-12-osprey-debrief.txt"  # default set, for the Analysts only
RESTRICTED = (
    "---\ntitle: Source Osprey debrief\ndate: 2017-12-04\naudience: Analysts\n---\n"
    "Source Osprey reported that the courier network in Abu Kamal now uses the codename Amber Falcon.\n"
)
IRAQ_FILE = "iraq/2017-12-haditha-dam.txt"  # set iraq: the first server
IRAQ = "---\ntitle: Haditha dam works\ndate: 2017-12-05\n---\nThe Haditha dam spillway was repaired in December.\n"
YEMEN_FILE = "yemen/2017-12-aden-port.txt"  # set yemen: the second server
YEMEN = "---\ntitle: Aden port reopens\ndate: 2017-12-06\n---\nThe port of Aden reopened to container ships.\n"
RESTRICTED_WORDS = ("osprey", "Osprey", "Amber Falcon")


@pytest.fixture
def core(tmp_path: Path, embedder: LazyEmbedder) -> BriefingCore:
    """The scoped corpus (tests/scoped_corpus.py), indexed, with a fetcher for links on 127.0.0.1."""
    write_scoped_corpus(tmp_path / "corpus")
    built = BriefingCore(make_settings(tmp_path), embedder=embedder, fetcher=local_fetcher())
    built.reindex()
    return built


@asynccontextmanager
async def two_servers(core: BriefingCore, **settings: Any) -> AsyncIterator[FakeDiscord]:
    async with fake_discord(guilds=guilds(), users=[BOB, ALICE, CAROL]) as fake:
        bot = new_bot(fake, core, discord_guild_ids=(SERVER, OTHER_SERVER), **settings)
        async with running_bot(fake, bot):
            yield fake


def channel_traffic(fake: FakeDiscord, channel_id: int) -> str:
    """Every message sent to the channel and every edit of one, as one text (to search for leaks)."""
    prefix = f"/channels/{channel_id}/messages"
    return json.dumps([r.json for r in fake.requests if r.path.endswith(prefix) or prefix + "/" in r.path])


def live_messages(fake: FakeDiscord, channel_id: int) -> list[str]:
    """The channel's messages as they are now (edited; deleted ones gone)."""
    return [str(m["content"]) for m in fake.messages.values() if m["channel_id"] == str(channel_id)]


async def until(check: Any, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def indexed(core: BriefingCore, *doc_ids: str) -> bool:
    return set(doc_ids) <= {d.doc_id for d in core.sources()}


def write(core: BriefingCore, name: str, text: str) -> None:
    path = core.settings.corpus_path / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("channel", "named", "unnamed"),
    [(GENERAL, IRAQ_FILE, YEMEN_FILE), (OTHER_CHANNEL, YEMEN_FILE, IRAQ_FILE)],
    ids=["first-server", "second-server"],
)
def test_the_watched_folders_report_names_only_what_the_admin_channel_may_read(
    core: BriefingCore, channel: int, named: str, unnamed: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="retrieval.core")

    async def body() -> None:
        async with two_servers(core, watch_corpus=True, watch_settle_seconds=0.5, admin_channel_id=channel) as fake:
            await asyncio.sleep(0.5)  # the watcher is up
            for name, text in ((RESTRICTED_FILE, RESTRICTED), (IRAQ_FILE, IRAQ), (YEMEN_FILE, YEMEN)):
                write(core, name, text)
            await until(lambda: indexed(core, RESTRICTED_FILE, IRAQ_FILE, YEMEN_FILE), "the three documents")
            await until(lambda: any(named in m for m in live_messages(fake, channel)), f"a report naming {named}")
            await asyncio.sleep(1.0)  # any later re-index has reported too
            sent = channel_traffic(fake, channel)
            assert "1 added" in sent and f"{named}" in sent
            for word in (*RESTRICTED_WORDS, unnamed, "aden" if named == IRAQ_FILE else "haditha"):
                assert word not in sent, word
            assert " of " not in sent.split("done in")[0], "no counts in the progress"

            before, old = live_messages(fake, channel), core.document_info(RESTRICTED_FILE).content_hash
            write(core, RESTRICTED_FILE, RESTRICTED.replace("Abu Kamal", "Al Qaim"))  # nothing this channel reads
            await until(lambda: core.document_info(RESTRICTED_FILE).content_hash != old, "the change indexed")
            await asyncio.sleep(1.0)
            assert live_messages(fake, channel) == before, "no report (any progress shown is taken back)"
            assert not any(w in channel_traffic(fake, channel) for w in RESTRICTED_WORDS)

    run(body())
    logged = caplog.text
    assert RESTRICTED_FILE in logged and IRAQ_FILE in logged and YEMEN_FILE in logged, "the operator's log names all"


def test_the_scheduled_refresh_report_names_only_what_the_admin_channel_may_read(
    web: LocalWeb, core: BriefingCore
) -> None:
    analyst = ("Analysts",)
    public = core.add_url(web.url("/briefing"), "test", doc_set="iraq").added
    restricted = core.add_url(web.url("/briefing?copy=2"), "test", doc_set="iraq", audience=analyst).added
    assert (public, restricted) == (["iraq/127-0-0-1-briefing.html"], ["iraq/127-0-0-1-briefing-2.html"])

    async def body() -> None:
        async with two_servers(core, refresh_hours=1 / 3600, admin_channel_id=GENERAL) as fake:
            web.state.crossings = 2500
            await until(lambda: any("1 changed" in m for m in live_messages(fake, GENERAL)), "the changed report")
            web.state.vanished = True
            await until(lambda: any("1 gone" in m for m in live_messages(fake, GENERAL)), "the gone report")
            sent = channel_traffic(fake, GENERAL)
            assert "1 checked" in sent and "iraq/127-0-0-1-briefing.html" in sent
            assert "briefing-2" not in sent and "2 checked" not in sent

    run(body())
    quote = core.ask("how many people a day use the Mayadin ferry crossings?").citations[0].quote
    assert "2,500 people a day" in quote


def test_a_scoped_admins_reindex_shows_a_share_and_names_only_what_they_may_read(core: BriefingCore) -> None:
    for name, text in ((RESTRICTED_FILE, RESTRICTED), (IRAQ_FILE, IRAQ), (YEMEN_FILE, YEMEN)):
        write(core, name, text)

    async def body() -> None:
        async with two_servers(core) as fake:
            bob = await fake.send_slash_command("reindex", {}, user=BOB, member_permissions=ADMIN)
            final = await bob.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT)
            assert bob.events[0].data.get("flags") == EPHEMERAL, "for the admin alone"
            progress = [text_of(e) for e in bob.edits if "% embedded" in text_of(e)]
            assert progress and all("%" in t and " of " not in t for t in progress)
            report = text_of(final)
            assert "1 added" in report and IRAQ_FILE in report
            assert all(w not in json.dumps([e.body for e in bob.events]) for w in (*RESTRICTED_WORDS, "aden"))
            readable_rows = sum(d.chunk_count for d in core.sources(scope=Scope.member(SERVER, None)))
            assert f"{readable_rows} in the index" in report and readable_rows < core.stats().chunks

            write(core, RESTRICTED_FILE, RESTRICTED.replace("Abu Kamal", "Al Qaim"))
            alice = await fake.send_slash_command("reindex", {}, user=ALICE, member_permissions=ADMIN, roles=[ANALYSTS])
            told = text_of(await alice.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT))
            assert "1 changed" in told and RESTRICTED_FILE in told, "named to an admin who may read it, privately"
            assert alice.events[0].data.get("flags") == EPHEMERAL

    run(body())


def test_upload_by_link_takes_a_set_and_an_audience(web: LocalWeb, core: BriefingCore) -> None:
    async def body() -> None:
        async with two_servers(core) as fake:
            options = {"url": web.url("/briefing"), "set": "iraq", "audience": f"<@&{ANALYSTS}>"}
            upload = await fake.send_slash_command("upload", options, user=ALICE, member_permissions=ADMIN)
            done = text_of(await upload.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT))
            assert "1 added" in done and "iraq/127-0-0-1-briefing.html" in done, "alice may read it: named to her"
            again = await fake.send_slash_command(
                "upload", {"url": web.url("/briefing")}, user=BOB, member_permissions=ADMIN
            )
            refused = text_of(await again.wait_for(lambda e: "already in the corpus" in text_of(e), timeout=TIMEOUT))
            assert "127-0-0-1-briefing" not in refused, "the existing copy is not named to whom may not read it"
            wrong = await fake.send_slash_command(
                "upload", {"url": web.url("/notes.txt"), "set": "yemen"}, user=ALICE, member_permissions=ADMIN
            )
            await wrong.wait_for(lambda e: "not a document set this server can use" in text_of(e), timeout=TIMEOUT)

    run(body())
    info = core.document_info("iraq/127-0-0-1-briefing.html")
    assert (info.doc_set, info.audience) == ("iraq", (str(ANALYSTS),))
    assert not (core.settings.corpus_path / "yemen" / "127-0-0-1-notes.txt").exists()

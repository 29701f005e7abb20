"""Many questions at once, a full re-index meanwhile, a gateway reconnect mid-answer, and start-up errors."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot as bot_module
from bench.looplag import LoopLag
from retrieval.core import BriefingCore
from tests.cogs.harness import ADMIN, embeds_of, new_bot, run, text_of
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION
from tests.fake_discord import FakeDiscord, fake_discord, running_bot
from tests.fake_discord.models import FakeUser

QUESTIONS = 50


def test_fifty_questions_at_once_during_a_full_reindex(library_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, library_core)):
            with LoopLag() as lag:
                await fifty_during_reindex(fake)
            assert lag.worst < 0.5, f"event loop blocked for {lag.worst:.2f} s"

    run(body())


def test_once_warmed_the_bot_takes_its_start_up_heap_out_of_the_cycle_collectors_passes(
    library_core: BriefingCore,
) -> None:
    """A full pass of the cycle collector holds the event loop for as long as it walks the heap (the model,
    the libraries, the index: tenths of a second); frozen, those objects are no longer walked."""

    async def body() -> None:
        gc.unfreeze()  # an earlier test's bot may have frozen this process's heap already
        async with fake_discord() as fake:
            bot = new_bot(fake, library_core)
            async with running_bot(fake, bot):
                assert bot._warm_up_task is not None
                await asyncio.wait_for(asyncio.shield(bot._warm_up_task), timeout=60)
                assert gc.get_freeze_count() > 10_000

    run(body())


async def fifty_during_reindex(fake: FakeDiscord) -> None:
    """Fifty questions from fifty members while an admin runs a full /reindex: all deferred fast, all answered."""
    reindex = await fake.send_slash_command("reindex", {"full": True}, member_permissions=ADMIN)
    records = await asyncio.gather(
        *(
            fake.send_slash_command("ask", {"question": SAMPLE_QUESTION}, user=FakeUser(10_000 + n, f"u{n}"))
            for n in range(QUESTIONS)
        )
    )
    deferrals = await asyncio.gather(*(r.wait_for("callback", timeout=10) for r in records))
    edits = await asyncio.gather(*(r.wait_for("edit", timeout=120) for r in records))
    done = await reindex.wait_for(lambda e: "done in" in text_of(e), timeout=120)
    assert all(d.type == 5 and d.ok for d in deferrals)
    worst = max(d.at for d in deferrals)
    assert worst < 2.0, f"slowest deferral {worst:.2f} s"
    for edit in edits:
        assert IRAN_PASSAGE in embeds_of(edit)[0]["description"]
    assert "full" in text_of(done).lower() or "added" in text_of(done)
    assert len(fake.heartbeats) >= 1


def test_a_gateway_reconnect_in_the_middle_of_an_answer(library_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, library_core)):
            first = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION})
            await first.wait_for("callback", timeout=10)
            await fake.request_reconnect(wait=False)
            during = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION})  # replayed on RESUME
            await fake.wait_until_resumed(timeout=20)
            for record in (first, during):
                edit = await record.wait_for("edit", timeout=60)
                assert IRAN_PASSAGE in embeds_of(edit)[0]["description"]
            assert fake.resumes == 1 and len(fake.identifies) == 1

    run(body())


# -- start-up ---------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory, with no DISCORD_TOKEN in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    for key in ("CORPUS_DIR", "DATA_DIR"):
        monkeypatch.delenv(key, raising=False)
    return tmp_path


def test_a_missing_token_exits_at_once_saying_what_to_do(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".env").write_text("DISCORD_TOKEN=\n")
    started = time.perf_counter()
    assert bot_module.main() == 2
    assert time.perf_counter() - started < 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and ".env" in err and ".env.example" in err


@pytest.fixture
def fake_in_thread() -> Iterator[FakeDiscord]:
    """A fake Discord on its own loop in a thread, so `bot.main()` (which runs its own loop) can reach it."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    fake = FakeDiscord(token="the-right-token")
    asyncio.run_coroutine_threadsafe(fake.start(), loop).result(10)
    fake.install()
    try:
        yield fake
    finally:
        fake.uninstall()
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def test_a_rejected_token_says_so_and_is_never_printed(
    project: Path, fake_in_thread: FakeDiscord, capfd: pytest.CaptureFixture[str]
) -> None:
    (project / ".env").write_text("DISCORD_TOKEN=wrong-token-xyz\nLOG_LEVEL=DEBUG\n")
    assert bot_module.main() == 2
    out, err = capfd.readouterr()
    assert "Discord rejected DISCORD_TOKEN" in err
    assert "wrong-token-xyz" not in out + err
    assert os.environ.get("DISCORD_TOKEN") is None

"""Who may read what, through the real client and the fake Discord: a document for the Analysts role only, a
channel mapped to one set, two servers. A member never sees what is outside their scope, by any path."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from cogs.utils import render
from retrieval.core import BriefingCore
from retrieval.index.embedders import LazyEmbedder
from tests.cogs.harness import EPHEMERAL, embeds_of, new_bot, run
from tests.fake_discord import FakeDiscord, fake_discord, running_bot
from tests.fake_discord.models import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser
from tests.fake_discord.server import InteractionRecord
from tests.scoped_corpus import (
    ANALYSTS,
    GENERAL,
    IRAQ_CHANNEL,
    IRAQ_FACT,
    IRAQ_QUESTION,
    OTHER_CHANNEL,
    OTHER_SERVER,
    SECRET_FACT,
    SECRET_FILE,
    SECRET_QUESTION,
    SECRET_TITLE,
    SERVER,
    YEMEN_FACT,
    YEMEN_QUESTION,
    scoped_core,
)

TIMEOUT = 60.0
BOT = FakeUser(900_000_000_000_000_001, "Briefing Bot", bot=True)
ALICE = FakeUser(940_000_000_000_000_001, "alice")  # an analyst
BOB = FakeUser(940_000_000_000_000_002, "bob")  # a member without the role
CAROL = FakeUser(940_000_000_000_000_003, "carol")  # in the other server
PUBLIC_QUESTION_NEAR_SECRET = "Will the regime cross the Euphrates River?"  # public answer; Kestrel among more sources
SECRET_WORDS = (SECRET_FACT, SECRET_TITLE, SECRET_FILE, "Kestrel", "kestrel")


def guilds() -> list[FakeGuild]:
    first = FakeGuild(
        id=SERVER,
        name="Analysis",
        owner_id=999,
        channels=[FakeChannel(GENERAL, "general"), FakeChannel(IRAQ_CHANNEL, "iraq")],
        roles=[FakeRole(ANALYSTS, "Analysts")],
        members=[FakeMember(BOT), FakeMember(ALICE, [ANALYSTS]), FakeMember(BOB)],
    )
    second = FakeGuild(
        id=OTHER_SERVER,
        name="Yemen desk",
        owner_id=999,
        channels=[FakeChannel(OTHER_CHANNEL, "general")],
        members=[FakeMember(BOT), FakeMember(CAROL)],
    )
    return [first, second]


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder) -> BriefingCore:
    return scoped_core(tmp_path_factory.mktemp("scoped"), embedder)


@asynccontextmanager
async def discord_with_two_servers(core: BriefingCore, data: Path) -> AsyncIterator[FakeDiscord]:
    async with fake_discord(guilds=guilds(), users=[BOB, ALICE, CAROL]) as fake:
        bot = new_bot(fake, core, data_dir=data, discord_guild_ids=(SERVER, OTHER_SERVER))
        async with running_bot(fake, bot):
            yield fake


def everything_sent(fake: FakeDiscord, records: list[InteractionRecord]) -> str:
    """All the bot sent for these interactions and in channels, as one text (to search for leaks)."""
    bodies: list[Any] = [event.body for record in records for event in record.events]
    bodies += fake.channel_messages
    return json.dumps(bodies, ensure_ascii=False)


def assert_no_secret(text: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, word


async def ask(fake: FakeDiscord, question: str, user: FakeUser, **kw: Any) -> InteractionRecord:
    record = await fake.send_slash_command("ask", {"question": question}, user=user, **kw)
    await record.wait_for(lambda e: e.kind in ("edit", "followup"), timeout=TIMEOUT)
    return record


def shown_embed(record: InteractionRecord) -> dict[str, Any]:
    """The answer's embed: the edited original, or the private follow-up."""
    event = next(e for e in record.events if e.kind in ("edit", "followup") and embeds_of(e))
    return embeds_of(event)[0]


def test_a_member_without_the_role_never_sees_the_restricted_document(core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            records = [await ask(fake, SECRET_QUESTION, BOB)]
            assert "briefings you can read do not answer" in shown_embed(records[0])["description"]
            topic = await fake.send_slash_command(
                "summary", {"topic": "the safehouse in Mayadin"}, subcommand="topic", user=BOB
            )
            await topic.wait_for("edit", timeout=TIMEOUT)
            complete = await fake.send_autocomplete(
                "ask", {"question": "x", "document": "kestrel"}, focused="document", user=BOB
            )
            assert (await complete.wait_for("callback", timeout=10)).data["choices"] == []
            every = await fake.send_autocomplete("ask", {"question": "x", "document": ""}, focused="document", user=BOB)
            await every.wait_for("callback", timeout=10)
            sources = await fake.send_slash_command("sources", user=BOB)
            await sources.wait_for("edit", timeout=TIMEOUT)
            by_title = await fake.send_slash_command(
                "summary", {"document": SECRET_TITLE}, subcommand="document", user=BOB
            )
            missing = await fake.send_slash_command(
                "summary", {"document": "No such briefing"}, subcommand="document", user=BOB
            )
            # a name the member may not read is refused exactly like a missing one: privately, before deferring
            refused = (await by_title.wait_for("callback", timeout=TIMEOUT)).data
            unknown = (await missing.wait_for("callback", timeout=TIMEOUT)).data
            assert refused["flags"] == unknown["flags"] == EPHEMERAL
            assert refused["content"].startswith(f"No indexed document is called {SECRET_TITLE!r}")
            assert unknown["content"].startswith("No indexed document is called 'No such briefing'")
            in_document = await fake.send_slash_command(
                "ask", {"question": SECRET_QUESTION, "document": SECRET_FILE}, user=BOB
            )
            told = (await in_document.wait_for("callback", timeout=TIMEOUT)).data["content"]
            assert "No indexed document is called" in told
            stats = await fake.send_slash_command("stats", user=BOB)
            fields = {
                f["name"]: f["value"] for f in embeds_of(await stats.wait_for("edit", timeout=TIMEOUT))[0]["fields"]
            }
            assert fields["Documents"] == "3"  # the two sample briefings and the Iraq one, not the Analysts' one
            assert_no_secret(everything_sent(fake, [*records, topic, complete, every, sources, stats]))
            echoed = everything_sent(fake, [by_title, in_document])  # only the names bob typed, echoed back
            assert_no_secret(echoed.replace(repr(SECRET_TITLE), "").replace(repr(SECRET_FILE), ""))

    run(body())


def test_more_sources_under_an_analysts_answer_are_checked_for_the_member_who_presses(
    core: BriefingCore, tmp_path: Path
) -> None:
    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            answer = await ask(fake, PUBLIC_QUESTION_NEAR_SECRET, ALICE)
            edit = await answer.wait_for("edit", timeout=TIMEOUT)  # a public answer: it cites no restricted document
            assert_no_secret(json.dumps(edit.body))
            more_id = next(c["custom_id"] for row in edit.body["components"] for c in row["components"])
            by_bob = await fake.click_button(answer, more_id, user=BOB)
            bob_sees = await by_bob.wait_for("callback", timeout=10)
            assert bob_sees.data["flags"] == EPHEMERAL and bob_sees.data["embeds"][0]["fields"]
            assert_no_secret(json.dumps(bob_sees.body))
            numbers = [f["name"].split("]")[0] for f in bob_sees.data["embeds"][0]["fields"]]
            first = core.settings.top_k + 1
            assert numbers == [f"[{n}" for n in range(first, first + len(numbers))]  # no gap hints at a removal
            by_alice = await fake.click_button(answer, more_id, user=ALICE)
            assert SECRET_TITLE in json.dumps((await by_alice.wait_for("callback", timeout=10)).body)

    run(body())


def test_thread_follow_ups_never_quote_the_restricted_document(core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            message = await fake.send_message_create(f"<@{BOT.id}> what happened in Mayadin?", author=BOB)
            thread_id = int(message["id"])
            first = await fake.wait_for_channel_message(thread_id, timeout=TIMEOUT)
            await fake.send_message_create(
                f"<@{BOT.id}> and the codename of the safehouse?", channel_id=thread_id, author=BOB
            )
            await fake.wait_for_channel_message(thread_id, count=2, timeout=TIMEOUT)
            # posted in public: an analyst's follow-up is answered with what everyone there may read
            await fake.send_message_create(f"<@{BOT.id}> {SECRET_QUESTION}", channel_id=thread_id, author=ALICE)
            await fake.wait_for_channel_message(thread_id, count=3, timeout=TIMEOUT)
            assert first["embeds"]
            assert_no_secret(everything_sent(fake, []))

    run(body())


def test_an_analyst_gets_the_same_answer_as_with_scoping_off_privately(core: BriefingCore, tmp_path: Path) -> None:
    unscoped = render.answer_embeds(core.ask(SECRET_QUESTION))[0].to_dict()

    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            record = await ask(fake, SECRET_QUESTION, ALICE)
            private = await record.wait_for("followup", timeout=TIMEOUT)
            assert private.body["flags"] == EPHEMERAL
            assert [e.kind for e in record.events][:3] == ["callback", "delete", "followup"]
            embed = embeds_of(private)[0]
            assert SECRET_FACT in embed["description"]
            assert embed["description"] == unscoped["description"]
            assert embed["fields"] == unscoped["fields"]
            sources = await fake.send_slash_command("sources", user=ALICE)
            listed = await sources.wait_for("followup", timeout=TIMEOUT)  # lists a restricted title: privately
            assert listed.body["flags"] == EPHEMERAL and SECRET_TITLE in json.dumps(listed.body)
            choices = await fake.send_autocomplete(
                "ask", {"question": "x", "document": "kestrel"}, focused="document", user=ALICE
            )
            assert [c["value"] for c in (await choices.wait_for("callback", timeout=10)).data["choices"]] == [
                SECRET_FILE
            ]

    run(body())


def test_a_change_of_roles_counts_from_the_next_question(core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            before = await ask(fake, SECRET_QUESTION, BOB)
            assert SECRET_FACT not in json.dumps([e.body for e in before.events])
            granted = await ask(fake, SECRET_QUESTION, BOB, roles=[ANALYSTS])
            assert SECRET_FACT in shown_embed(granted)["description"]
            revoked = await ask(fake, SECRET_QUESTION, BOB, roles=[])
            assert SECRET_FACT not in json.dumps([e.body for e in revoked.events])

    run(body())


def test_a_channel_mapped_to_one_set_quotes_only_that_set(core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            iraq = await ask(fake, IRAQ_QUESTION, BOB, channel_id=IRAQ_CHANNEL)
            assert IRAQ_FACT in shown_embed(iraq)["description"]
            syria = await ask(fake, "what does Iran want in Deir ez-Zor?", BOB, channel_id=IRAQ_CHANNEL)
            sent = json.dumps([e.body for e in syria.events])
            assert "Deir Ezzor: Everyone wants it" not in sent and "Tehran" not in sent
            general = await ask(fake, "what does Iran want in Deir ez-Zor?", BOB, channel_id=GENERAL)
            assert "Tehran" in json.dumps(shown_embed(general))  # the same question where the set is readable

    run(body())


def test_two_servers_are_kept_apart(core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with discord_with_two_servers(core, tmp_path) as fake:
            carol = await ask(fake, YEMEN_QUESTION, CAROL, guild_id=OTHER_SERVER, channel_id=OTHER_CHANNEL)
            assert YEMEN_FACT in shown_embed(carol)["description"]
            other = await ask(fake, IRAQ_QUESTION, CAROL, guild_id=OTHER_SERVER, channel_id=OTHER_CHANNEL)
            assert IRAQ_FACT not in json.dumps([e.body for e in other.events])
            sources = await fake.send_slash_command(
                "sources", user=CAROL, guild_id=OTHER_SERVER, channel_id=OTHER_CHANNEL
            )
            page = embeds_of(await sources.wait_for("edit", timeout=TIMEOUT))[0]
            assert "Red Sea ports" in page["description"] and "Deir Ezzor" not in page["description"]
            bob = await ask(fake, YEMEN_QUESTION, BOB)
            assert YEMEN_FACT not in json.dumps([e.body for e in bob.events])

    run(body())

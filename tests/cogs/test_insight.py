"""The question log, /stats with its chart, /gaps and the weekly digest, through the real client and the fake
Discord."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cogs.digest import DigestCog
from retrieval.core import BriefingCore
from retrieval.insight.questionlog import LOG_FILE, QuestionLog
from retrieval.records import Answer
from tests.cogs.harness import ADMIN, EPHEMERAL, embeds_of, new_bot, run
from tests.cogs.limits import assert_message_within_limits
from tests.conftest import SAMPLE_QUESTION
from tests.fake_discord import fake_discord, running_bot
from tests.fake_discord.models import FakeUser
from tests.fake_discord.server import InteractionEvent
from tests.retrieval.insight.helpers import TOPICS, png_size
from tests.scoped_corpus import SERVER

ANSWER_TIMEOUT = 60.0
OFF_CORPUS = "who won the 2018 World Cup?"
MEMBER = FakeUser(777, "member")


def vote_ids(edit: InteractionEvent) -> list[str]:
    return [c["custom_id"] for row in edit.body["components"] for c in row["components"] if "vote" in c["custom_id"]]


def test_asked_declined_and_voted_questions_are_logged_without_the_askers_id(
    sample_core: BriefingCore, tmp_path: Path
) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path)):
            asked = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION}, user=MEMBER)
            edit = await asked.wait_for("edit", timeout=ANSWER_TIMEOUT)
            declined = await fake.send_slash_command("ask", {"question": OFF_CORPUS}, user=MEMBER)
            await declined.wait_for("edit", timeout=ANSWER_TIMEOUT)
            vote = await fake.click_button(asked, vote_ids(edit)[1], user=MEMBER)  # not helpful
            await vote.wait_for("callback", timeout=10)

    run(body())
    log = QuestionLog(tmp_path / LOG_FILE)
    answered, refused = log.questions()
    assert (answered.question, answered.declined, answered.reason, answered.origin) == (
        SAMPLE_QUESTION,
        False,
        "",
        "discord",
    )
    assert answered.cited_documents and answered.cited_documents[0].startswith("2017-06-deir-ezzor")
    assert answered.latency_ms is not None and answered.latency_ms > 0
    assert answered.guild_id is not None and answered.channel_id is not None
    assert (answered.helpful_votes, answered.unhelpful_votes) == (0, 1)
    assert (refused.question, refused.declined, refused.cited_documents) == (OFF_CORPUS, True, ())
    assert refused.reason
    assert answered.user_id is None and refused.user_id is None
    assert log.votes()[0].user_id != MEMBER.id


def test_with_log_user_ids_the_askers_id_is_kept(sample_core: BriefingCore, tmp_path: Path) -> None:
    async def body() -> None:
        async with (
            fake_discord() as fake,
            running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path, log_user_ids=True)),
        ):
            asked = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION}, user=MEMBER)
            await asked.wait_for("edit", timeout=ANSWER_TIMEOUT)

    run(body())
    assert [q.user_id for q in QuestionLog(tmp_path / LOG_FILE).questions()] == [MEMBER.id]


def test_stats_attaches_the_usage_chart_and_reads_the_log(sample_core: BriefingCore, tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / LOG_FILE)
    for ms in (100.0, 300.0):
        log.record(Answer("q?", "a", (), False, elapsed_ms=ms))
    log.record(Answer("off?", "no", (), True, reason="nothing close", elapsed_ms=200.0))

    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path)):
            record = await fake.send_slash_command("stats", {"days": 7})
            edit = await record.wait_for("edit", timeout=ANSWER_TIMEOUT)
            assert record.events[0].type == 5
            embed = embeds_of(edit)[0]
            values = {f["name"]: f["value"] for f in embed["fields"]}
            assert values["Questions (last 7 days)"] == "3" and values["Declined"] == "1 (33%)"
            assert values["Latency p50 / p95"] == "200 ms / 290 ms"
            assert embed["image"]["url"] == "attachment://usage.png"
            [chart] = edit.request.files
            assert chart.filename == "usage.png" and png_size(chart.data) == (900, 700)
            assert_message_within_limits(edit.body)

    run(body())


def test_gaps_is_for_admins_and_groups_declined_questions(sample_core: BriefingCore, tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / LOG_FILE)
    for topic in ("football", "pound"):
        for question in TOPICS[topic]:
            log.record(Answer(question, "no", (), True, reason="nothing close"), guild_id=SERVER)
    log.record(Answer("What did the other server ask?", "no", (), True, reason="x"), guild_id=SERVER + 99)

    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, data_dir=tmp_path)):
            assert fake.guild.id == SERVER
            refused = await fake.send_slash_command("gaps", {})
            reply = await refused.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
            assert "Only admins" in reply.data["content"] and len(refused.events) == 1
            synced = {c["name"]: c for c in fake.commands[fake.guild.id]}
            assert synced["gaps"].get("default_member_permissions") == "32"
            record = await fake.send_slash_command("gaps", {"days": 30}, member_permissions=ADMIN)
            defer = await record.wait_for("callback", timeout=10)
            assert defer.type == 5 and defer.data["flags"] == EPHEMERAL
            edit = await record.wait_for("edit", timeout=ANSWER_TIMEOUT)
            assert_message_within_limits(edit.body)
            embed = embeds_of(edit)[0]
            names = [f["name"] for f in embed["fields"]]
            assert len(names) == 2 and "football" in names[0] and "(3: 3 declined, 0 not helpful)" in names[0]
            assert "syrian pound" in names[1]
            assert "nearest:" in embed["fields"][0]["value"]
            assert "5 declined" in embed["description"]

    run(body())


def test_weekly_digest_goes_to_the_admin_channel_once_on_its_day(sample_core: BriefingCore, tmp_path: Path) -> None:
    log = QuestionLog(tmp_path / LOG_FILE)
    log.record(Answer(OFF_CORPUS, "no", (), True, reason="nothing close", elapsed_ms=90.0))

    # The digest's weekday is never today's, so the cog's own wake-up (on the real clock) sends nothing.
    weekday = (datetime.now(UTC).weekday() + 3) % 7
    day = datetime(2030, 1, 7, tzinfo=UTC) + timedelta(days=weekday)  # 2030-01-07 is a Monday

    async def body() -> None:
        async with fake_discord() as fake:
            settings = {"admin_channel_id": fake.channel_id, "digest_weekday": weekday}
            bot = new_bot(fake, sample_core, data_dir=tmp_path, **settings)
            async with running_bot(fake, bot):
                digest = bot.get_cog("DigestCog")
                assert isinstance(digest, DigestCog) and digest.wake.is_running()
                digest.now = lambda: day - timedelta(hours=14)  # the day before, 10:00
                assert not await digest.tick()
                digest.now = lambda: day + timedelta(hours=8)  # its day, before the hour
                assert not await digest.tick()
                digest.now = lambda: day + timedelta(hours=9, minutes=30)
                assert await digest.tick()
                assert not await digest.tick()  # once a week
                usage_message, gaps_message = fake.messages_in(fake.channel_id)
                assert usage_message["embeds"][0]["title"].startswith("Weekly digest")
                assert [a["filename"] for a in usage_message["attachments"]] == ["usage.png"]
                assert gaps_message["embeds"][0]["title"] == "Coverage gaps: last 7 days"
            quiet = new_bot(fake, sample_core, data_dir=tmp_path)  # no ADMIN_CHANNEL_ID
            async with running_bot(fake, quiet):
                digest = quiet.get_cog("DigestCog")
                assert isinstance(digest, DigestCog) and not digest.wake.is_running()

    run(body())

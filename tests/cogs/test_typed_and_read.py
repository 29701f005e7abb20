"""What members type (document names, dates) and what they read (sources once, plain refusals), through the
real client and the fake Discord: one table, one bot."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from retrieval.core import BriefingCore
from tests.cogs.harness import EPHEMERAL, embeds_of, new_bot, run
from tests.cogs.limits import assert_message_within_limits
from tests.conftest import IRAN_PASSAGE, SAMPLE_QUESTION
from tests.fake_discord import fake_discord, running_bot

TIMEOUT = 60.0
JUNE = "2017-06-deir-ezzor-everyone-wants-it.txt"
SEPTEMBER = "2017-09-prime-source-deir-ez-zor-siege-broken.txt"
Check = Callable[[dict[str, Any]], bool]


def footer(embed: dict[str, Any]) -> str:
    return str(embed.get("footer", {}).get("text", ""))


def names(embed: dict[str, Any]) -> list[str]:
    return [f["name"] for f in embed.get("fields", [])]


def values(embed: dict[str, Any]) -> list[str]:
    return [f["value"] for f in embed.get("fields", [])]


# (options of /ask, what the answer embed must show)
ASKED: list[tuple[dict[str, str], Check]] = [
    (  # an extractive answer: the quote once, in the text; each field is a source (title, date, file)
        {},
        lambda e: (
            IRAN_PASSAGE in e["description"]
            and not any(v.startswith(">") for v in values(e))
            and values(e)[0] == f"📄 {JUNE}"
        ),
    ),
    (
        {"since": "Sept 2017"},
        lambda e: (
            footer(e).startswith('Filter: only documents dated from September 2017 on (from "Sept 2017")')
            and all("(2017-09-06)" in n for n in names(e))
        ),
    ),
    (
        {"since": "2019-01-01"},
        lambda e: (
            e["description"] == "No briefing is dated from 1 January 2019 on; the newest is dated 6 September 2017."
        ),
    ),
    ({"document": "siege broken"}, lambda e: bool(names(e)) and all("(2017-09-06)" in n for n in names(e))),
    (
        {"document": "2017-06-deir-ezzor-everyone-wants-it"},
        lambda e: bool(names(e)) and all("(2017-06-20)" in n for n in names(e)),
    ),
    ({"document": "everyone wnts it"}, lambda e: f"({JUNE})" in footer(e)),
]


def test_typed_options_and_what_the_answer_shows(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, cooldown_seconds=0.0)):
            for options, check in ASKED:
                record = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION, **options})
                edit = await record.wait_for("edit", timeout=TIMEOUT)
                embed = embeds_of(edit)[0]
                assert check(embed), (options, embed)
                assert_message_within_limits(edit.body)

    run(body())


def test_refusals_and_bad_input_read_as_one_plain_sentence(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, cooldown_seconds=0.0)):
            record = await fake.send_slash_command("ask", {"question": "who won the 2018 World Cup?"})
            embed = embeds_of(await record.wait_for("edit", timeout=TIMEOUT))[0]
            # a member who may read every briefing is told the reason as with scoping off
            assert re.fullmatch(r"The briefings do not answer this: [^()]+\.", embed["description"])
            assert not re.search(r"\d\.\d|%", embed["description"]), "no raw score or share"
            assert names(embed) == ["Nearest documents"] and JUNE in values(embed)[0]
            bad = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION, "since": "2017-09-31"})
            reply = await bad.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL
            assert reply.data["content"] == "'2017-09-31' is not a date: September 2017 has 30 days."
            several = await fake.send_slash_command("ask", {"question": SAMPLE_QUESTION, "document": "deir"})
            answer = await several.wait_for("callback", timeout=10)  # told privately, before deferring
            told = str(answer.data["content"])
            assert answer.type == 4 and answer.data["flags"] == EPHEMERAL
            assert "'deir' matches 2 documents: did you mean" in told and JUNE in told and SEPTEMBER in told

    run(body())


def test_a_document_summary_lists_its_one_source_once(sample_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, sample_core, cooldown_seconds=0.0)):
            record = await fake.send_slash_command("summary", {"document": "everyone wants"}, subcommand="document")
            embed = embeds_of(await record.wait_for("edit", timeout=TIMEOUT))[0]
            assert len(embed["fields"]) == 1
            assert re.fullmatch(r"\[1-\d+\] Deir Ezzor: Everyone wants it \(2017-06-20\)", names(embed)[0])
            assert values(embed) == [f"📄 {JUNE}"]

    run(body())

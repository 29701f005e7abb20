"""Every slash command and option with empty, blank, huge, malformed and out-of-range values, through the real
client and the fake Discord: each gets one clear private (ephemeral) line, never an apology for a bug, and
nothing is shown to the channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cogs.utils.errors import APOLOGY
from retrieval.core import BriefingCore
from tests.cogs.harness import ADMIN, EPHEMERAL, FileServer, attachment_option, new_bot, run
from tests.conftest import SAMPLE_QUESTION
from tests.fake_discord import fake_discord, running_bot
from tests.fake_discord.server import InteractionEvent, InteractionRecord

HUGE = "x" * 5_000
INDEXED_FILE = "2017-06-deir-ezzor-everyone-wants-it.txt"


@dataclass(frozen=True)
class Case:
    command: str
    options: dict[str, Any]
    says: str
    subcommand: str | None = None
    admin: bool = False
    upload: tuple[str, bytes, int | None] | None = None  # an attachment: file name, bytes, announced size


def ask(says: str, **options: Any) -> Case:
    return Case("ask", {"question": SAMPLE_QUESTION, **options}, says)


CASES = [
    ask("Please type a question", question=""),
    ask("Please type a question", question="  \t "),
    ask("1,999 characters long; please keep it under 1,000", question="why " * 500),
    ask("6,999 characters long", question="why " * 1_750),  # over the option's 6,000 too
    ask("'2017-13' is not a date", since="2017-13"),
    ask("'2017-09-31' is not a date", since="2017-09-31"),
    ask("'' is not a date", since=""),
    ask("is not a date", since="   "),
    ask("is not a date", since="next tuesday-ish"),
    ask("is not a date", since=HUGE),
    ask("No indexed document is called ''", document=""),
    ask("No indexed document is called '   '", document="   "),
    ask("No indexed document is called 'no-such-file.txt'", document="no-such-file.txt"),
    ask("No indexed document is called", document=HUGE),
    Case("summary", {"topic": ""}, "Please type a topic", "topic"),
    Case("summary", {"topic": "   "}, "Please type a topic", "topic"),
    Case("summary", {"topic": "Iran " * 400}, "That topic is 1,999 characters long", "topic"),
    Case("summary", {"document": ""}, "No indexed document is called ''", "document"),
    Case("summary", {"document": "  "}, "No indexed document is called '  '", "document"),
    Case("summary", {"document": "no such title"}, "No indexed document is called 'no such title'", "document"),
    Case("summary", {"document": HUGE}, "No indexed document is called", "document"),
    Case("remove", {"document": ""}, "No indexed document is called ''", admin=True),
    Case("remove", {"document": "no-such-file.txt"}, "No indexed document", admin=True),
    Case("remove", {"document": HUGE}, "No indexed document", admin=True),
    Case("upload", {}, "is not a supported type", admin=True, upload=("tool.exe", b"MZ\x90\x00", None)),
    Case("upload", {}, "is not a supported type", admin=True, upload=("notes", b"Plain words.", None)),
    Case("upload", {}, "cannot be read", admin=True, upload=("empty.txt", b"", None)),
    Case("upload", {}, "cannot be read", admin=True, upload=("blank.md", b" \n\t\n", None)),
    Case("upload", {}, "the upload limit is", admin=True, upload=("big.txt", b"x", 10**10)),
    Case("upload", {}, "already in the corpus", admin=True, upload=(INDEXED_FILE, b"Copy.", None)),
    Case("reindex", {"full": True}, "admin"),  # a member: refused before anything runs
]


def reply_of(record: InteractionRecord, first: InteractionEvent) -> tuple[bool, str]:
    """(private, text) of the interaction's answer: an ephemeral reply, or an ephemeral deferral then edit."""
    if first.type == 4:
        return first.data.get("flags") == EPHEMERAL, str(first.data.get("content") or "")
    assert first.type == 5, f"unexpected callback type {first.type}"
    return first.data.get("flags") == EPHEMERAL, ""


def test_every_bad_value_of_every_command_gets_one_clear_private_line(library_core: BriefingCore) -> None:
    before = library_core.sources()
    failures: list[str] = []

    async def one(fake: Any, files: FileServer, n: int, case: Case) -> None:
        options, resolved = dict(case.options), None
        if case.upload is not None:
            name, data, size = case.upload
            spec = attachment_option(files, f"f{n}", name, data, size)
            options, resolved = spec["options"], spec["resolved"]
        record = await fake.send_slash_command(
            case.command,
            options,
            subcommand=case.subcommand,
            member_permissions=ADMIN if case.admin else "0",
            resolved=resolved,
        )
        first = await record.wait_for("callback", timeout=30)
        private, text = reply_of(record, first)
        if not text:
            edit = await record.wait_for("edit", timeout=60)
            text = str(edit.data.get("content") or "")
            assert not edit.data.get("embeds"), "nothing but the line"
        label = f"/{case.command} {case.subcommand or ''} {str(case.options)[:60]} {case.upload and case.upload[0]}"
        if not private or case.says not in text or APOLOGY in text or "\n" in text.strip() or len(text) > 400:
            failures.append(f"{label}: private={private} text={text[:200]!r}")

    async def body() -> None:
        async with (
            fake_discord() as fake,
            FileServer().running() as files,
            running_bot(fake, new_bot(fake, library_core)),
        ):
            for n, case in enumerate(CASES):
                await one(fake, files, n, case)

    run(body())
    assert failures == [], "\n".join(failures)
    assert library_core.sources() == before, "nothing was added or removed"

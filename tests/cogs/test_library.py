"""/sources, /summary, /stats for everyone; /reindex, /upload, /remove for admins only."""

from __future__ import annotations

from pathlib import Path

from retrieval.core import BriefingCore
from tests.cogs.harness import ADMIN, EPHEMERAL, FileServer, attachment_option, embeds_of, new_bot, run, text_of
from tests.cogs.limits import assert_message_within_limits
from tests.fake_discord import fake_discord, running_bot

TIMEOUT = 60.0
NEW_BRIEFING = (
    "---\ntitle: Raqqa after the battle\ndate: 2017-11-02\n---\n"
    "Raqqa was taken by the Syrian Democratic Forces in October 2017 after a four-month battle. "
    "The city's reconstruction is led by a civil council backed by the United States.\n"
)


def corpus_files(core: BriefingCore) -> set[str]:
    return {p.name for p in core.settings.corpus_path.iterdir()}


def everything_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if "chroma" not in p.parts and "snapshots" not in p.parts}


def test_sources_summary_and_stats(library_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, library_core)):
            sources = await fake.send_slash_command("sources")
            page = embeds_of(await sources.wait_for("edit", timeout=TIMEOUT))[0]
            assert "Deir Ezzor: Everyone wants it" in page["description"] and "chunks" in page["description"]
            topic = await fake.send_slash_command("summary", {"topic": "Iran in Deir ez-Zor"}, subcommand="topic")
            edit = await topic.wait_for("edit", timeout=TIMEOUT)
            assert edit.body["embeds"][0]["title"] == "Summary: Iran in Deir ez-Zor"
            assert edit.body["embeds"][0]["fields"][0]["name"].startswith("[1")
            assert_message_within_limits(edit.body)
            doc = await fake.send_slash_command(
                "summary", {"document": "Deir Ezzor: Everyone wants it"}, subcommand="document"
            )
            assert embeds_of(await doc.wait_for("edit", timeout=TIMEOUT))[0]["fields"]
            stats = await fake.send_slash_command("stats")
            fields = {
                f["name"]: f["value"] for f in embeds_of(await stats.wait_for("edit", timeout=TIMEOUT))[0]["fields"]
            }
            assert fields["Documents"] == str(len(library_core.sources()))
            expected = {"Chunks", "Model", "Store", "Questions (last 30 days)", "Latency p50 / p95", "Uptime"}
            assert expected <= set(fields)
            assert fields["Store"] == "embedded"

    run(body())


def test_admin_commands_are_refused_to_members_and_change_nothing(library_core: BriefingCore) -> None:
    before_files = corpus_files(library_core)
    before_docs = library_core.sources()

    async def body() -> None:
        async with (
            fake_discord() as fake,
            FileServer().running() as files,
            running_bot(fake, new_bot(fake, library_core)),
        ):
            upload = attachment_option(files, "a1", "new.md", NEW_BRIEFING.encode())
            for name, options, resolved in (
                ("reindex", {"full": True}, None),
                ("upload", upload["options"], upload["resolved"]),
                ("remove", {"document": "2017-06-deir-ezzor-everyone-wants-it.txt"}, None),
            ):
                record = await fake.send_slash_command(name, options, resolved=resolved)
                reply = await record.wait_for("callback", timeout=10)
                assert reply.type == 4 and reply.data["flags"] == EPHEMERAL, name
                assert "Only admins" in reply.data["content"]
            assert files.downloads == []
            synced = {c["name"]: c for c in fake.commands[fake.guild.id]}
            assert {synced[n].get("default_member_permissions") for n in ("reindex", "upload", "remove")} == {"32"}
            assert synced["ask"].get("default_member_permissions") is None

    run(body())
    assert corpus_files(library_core) == before_files
    assert library_core.sources() == before_docs


def test_an_admin_role_counts_as_admin(library_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake:
            role = fake.guild.roles[-1].id
            async with running_bot(fake, new_bot(fake, library_core, admin_role_ids=(role,))):
                record = await fake.send_slash_command("reindex", {}, roles=[role])
                final = await record.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT)
                assert "0 added, 0 changed, 0 removed" in text_of(final)

    run(body())


def test_admin_reindex_shows_progress_and_the_index_changes(library_core: BriefingCore) -> None:
    path = library_core.settings.corpus_path / "2017-11-raqqa.md"
    path.write_text(NEW_BRIEFING, encoding="utf-8")
    (library_core.settings.corpus_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")

    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, library_core)):
            record = await fake.send_slash_command("reindex", {}, member_permissions=ADMIN)
            final = await record.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT)
            assert record.events[0].type == 5 and record.events[0].data.get("flags") == EPHEMERAL
            texts = [text_of(e) for e in record.edits]
            assert any("reading the corpus" in t for t in texts)
            assert any("100% embedded" in t for t in texts)
            report = text_of(final)
            assert "1 added" in report and "2017-11-raqqa.md" in report
            assert "broken.pdf:" in report  # every skipped file with its reason
            assert_message_within_limits(final.body)

    try:
        run(body())
        assert "2017-11-raqqa.md" in {d.doc_id for d in library_core.sources()}
    finally:
        (library_core.settings.corpus_path / "broken.pdf").unlink()


def test_a_second_reindex_while_one_runs_is_told_so(library_core: BriefingCore) -> None:
    async def body() -> None:
        async with fake_discord() as fake, running_bot(fake, new_bot(fake, library_core)):
            with library_core.lock.hold("Alice (Discord id 1)"):
                record = await fake.send_slash_command("reindex", {}, member_permissions=ADMIN)
                final = await record.wait_for(lambda e: "already running" in text_of(e), timeout=TIMEOUT)
            assert "started by Alice (Discord id 1)" in text_of(final)

    run(body())


def test_upload_refusals_say_why_and_nothing_is_written_outside_the_corpus(library_core: BriefingCore) -> None:
    root = library_core.settings.root
    before = everything_under(root.parent)
    limit = library_core.settings.max_upload_mb * 1024 * 1024

    async def body() -> None:
        async with (
            fake_discord() as fake,
            FileServer().running() as files,
            running_bot(fake, new_bot(fake, library_core)),
        ):

            async def upload(key: str, filename: str, data: bytes, size: int | None = None):  # type: ignore[no-untyped-def]
                spec = attachment_option(files, key, filename, data, size)
                return await fake.send_slash_command(
                    "upload", spec["options"], resolved=spec["resolved"], member_permissions=ADMIN
                )

            too_big = await upload("big", "big.txt", b"x", size=limit + 1)
            reply = await too_big.wait_for("callback", timeout=10)
            assert reply.type == 4 and reply.data["flags"] == EPHEMERAL and "upload limit is" in reply.data["content"]
            assert "big" not in files.downloads  # refused before downloading

            exe = await upload("exe", "tool.exe", b"MZ\x90\x00binary")
            refused = await exe.wait_for(lambda e: "not a supported type" in text_of(e), timeout=TIMEOUT)
            assert refused.kind == "edit" and exe.events[0].data.get("flags") == EPHEMERAL

            passwd = await upload("pw", "../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n")
            await passwd.wait_for(lambda e: "not a supported type" in text_of(e), timeout=TIMEOUT)

            sneaky = await upload("pw2", "../../etc/passwd.txt", NEW_BRIEFING.replace("Raqqa", "Manbij").encode())
            saved = await sneaky.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT)
            assert "passwd.txt" in text_of(saved)

    run(body())
    created = everything_under(root.parent) - before
    corpus = library_core.settings.corpus_path
    assert {p for p in created if p.parent != library_core.settings.data_path and ".lock" not in p.name} <= {
        corpus / "passwd.txt"
    }
    assert (corpus / "passwd.txt").is_file()
    assert not (root.parent / "etc").exists()


def test_admin_upload_then_remove_with_confirmation(library_core: BriefingCore) -> None:
    async def body() -> None:
        async with (
            fake_discord() as fake,
            FileServer().running() as files,
            running_bot(fake, new_bot(fake, library_core)),
        ):
            spec = attachment_option(files, "ok", "aleppo notes.md", NEW_BRIEFING.replace("Raqqa", "Aleppo").encode())
            upload = await fake.send_slash_command(
                "upload", spec["options"], resolved=spec["resolved"], member_permissions=ADMIN
            )
            done = await upload.wait_for(lambda e: "done in" in text_of(e), timeout=TIMEOUT)
            assert "1 added" in text_of(done) and "aleppo-notes.md" in text_of(done)
            assert "aleppo-notes.md" in {d.doc_id for d in library_core.sources()}

            choices = await fake.send_autocomplete("remove", {"document": "aleppo"}, focused="document")
            assert [c["value"] for c in (await choices.wait_for("callback", timeout=10)).data["choices"]] == [
                "aleppo-notes.md"
            ]
            remove = await fake.send_slash_command("remove", {"document": "aleppo-notes.md"}, member_permissions=ADMIN)
            ask = await remove.wait_for("callback", timeout=10)
            assert ask.type == 4 and ask.data["flags"] == EPHEMERAL and "Remove **" in ask.data["content"]
            confirm_id = ask.data["components"][0]["components"][0]["custom_id"]
            click = await fake.click_button(remove, confirm_id, member_permissions=ADMIN)
            assert (await click.wait_for("callback", timeout=10)).type == 7
            final = await remove.wait_for(lambda e: "Removal done" in text_of(e), timeout=TIMEOUT)
            assert "1 removed" in text_of(final)

    run(body())
    assert "aleppo-notes.md" not in {d.doc_id for d in library_core.sources()}
    assert not (library_core.settings.corpus_path / "aleppo-notes.md").exists()

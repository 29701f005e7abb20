"""Pure rules of the Discord layer: the gate (allow-lists, admin, cooldown), follow-ups."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest

from cogs.ask import strip_mentions
from cogs.utils.checks import CoolingDown, Gate, NotAllowedHere
from retrieval.errors import QuestionError
from retrieval.search.followup import follow_up, names
from retrieval.settings import Settings


def settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings.from_mapping({}, tmp_path).with_overrides(**overrides)


def test_allow_lists(tmp_path: Path) -> None:
    open_gate = Gate(settings(tmp_path))
    open_gate.check_place(None, (1,))
    gate = Gate(settings(tmp_path, allowed_guild_ids=(10,), allowed_channel_ids=(20,)))
    gate.check_place(10, (20,))
    gate.check_place(10, (99, 20))  # a thread whose parent channel is allowed
    with pytest.raises(NotAllowedHere):
        gate.check_place(11, (20,))
    with pytest.raises(NotAllowedHere):
        gate.check_place(10, (21, None))


def test_admin_is_manage_server_or_an_admin_role(tmp_path: Path) -> None:
    gate = Gate(settings(tmp_path, admin_role_ids=(7,)))
    assert gate.is_admin(discord.Permissions(manage_guild=True), [])
    assert gate.is_admin(discord.Permissions.none(), [3, 7])
    assert not gate.is_admin(discord.Permissions(send_messages=True, administrator=False), [3])


def test_cooldown_is_per_member_and_says_when_to_retry(tmp_path: Path) -> None:
    now = [100.0]
    gate = Gate(settings(tmp_path, cooldown_seconds=5.0), clock=lambda: now[0])
    gate.take_cooldown(1)
    gate.take_cooldown(2)
    now[0] += 1.2
    with pytest.raises(CoolingDown) as refused:
        gate.take_cooldown(1)
    assert "try again in 4 s" in str(refused.value)
    now[0] += 4.0
    gate.take_cooldown(1)
    Gate(settings(tmp_path, cooldown_seconds=0.0)).take_cooldown(1)


def test_questions_are_checked_before_deferring(tmp_path: Path) -> None:
    gate = Gate(settings(tmp_path, max_question_chars=100))
    assert gate.check_question("  what   does Iran want? ") == "what does Iran want?"
    with pytest.raises(QuestionError, match="please keep it under 100"):
        gate.check_question("x" * 3000)
    with pytest.raises(QuestionError, match="empty"):
        gate.check_question("   ")


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("what does Iran want in Deir ez-Zor?", "and what about Russia?", "what does Russia want in Deir ez-Zor?"),
        ("what does Iran want in Deir ez-Zor?", "and Russia?", "what does Russia want in Deir ez-Zor?"),
        ("what does Iran want in Deir ez-Zor?", "How about the SDF", "what does the SDF want in Deir ez-Zor?"),
        ("What does Iran want in Dayr az-Zawr?", "what about Russia?", "What does Russia want in Dayr az-Zawr?"),
        ("what does iran want?", "and russia?", "russia: what does iran want?"),
        (
            "what does Iran want in Deir ez-Zor?",
            "what happened after the siege was broken?",
            "what happened after the siege was broken? (Iran, Deir ez-Zor)",
        ),
        ("what does Iran want in Deir ez-Zor?", "what did the US say about the SDF offensive?",
         "what did the US say about the SDF offensive?"),
    ],
)  # fmt: skip
def test_follow_up_rule(previous: str, question: str, expected: str) -> None:
    assert follow_up(previous, question) == expected


def test_names_and_mentions() -> None:
    assert names("What does Iran want in Deir ez-Zor?") == ["Iran", "Deir ez-Zor"]
    assert strip_mentions("<@123> what <@!456> about <@&789> Russia") == "what about Russia"

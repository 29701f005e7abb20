"""Settings: read once, validated, with errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import ConfigError
from retrieval.settings import Settings


def test_defaults_and_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("TOP_K=7\nCHROMA_HOST=\nDISCORD_GUILD_IDS=1, 2\nDISCORD_TOKEN=secret-token\n")
    monkeypatch.delenv("TOP_K", raising=False)
    monkeypatch.setenv("CHUNK_TOKENS", "150")
    settings = Settings.load(root=tmp_path)
    assert settings.top_k == 7 and settings.chunk_tokens == 150
    assert settings.discord_guild_ids == (1, 2)
    assert settings.store_mode == "embedded"
    assert settings.corpus_path == tmp_path / "corpus"
    assert "secret-token" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TOP_K": "many"}, "TOP_K must be a whole number"),
        ({"CHUNK_TOKENS": "400"}, "CHUNK_TOKENS must be at most 254"),
        ({"EMBEDDING_BACKEND": "gpu"}, "EMBEDDING_BACKEND must be torch, onnx or onnx-int8"),
        ({"ADMIN_ROLE_IDS": "admins"}, "ADMIN_ROLE_IDS must be a comma-separated list"),
        ({"LOG_USER_IDS": "maybe"}, "LOG_USER_IDS must be true or false"),
        ({"LOG_RETENTION_DAYS": "0"}, "LOG_RETENTION_DAYS must be at least 1"),
        ({"DIGEST_WEEKDAY": "someday"}, "DIGEST_WEEKDAY must be a day of the week"),
        ({"DIGEST_WEEKDAY": "7"}, "DIGEST_WEEKDAY must be a day of the week"),
        ({"ALLOW_PRIVATE_URLS": "maybe"}, "ALLOW_PRIVATE_URLS must be true or false"),
        ({"REFRESH_HOURS": "-1"}, "REFRESH_HOURS, WATCH_SETTLE_SECONDS must be 0 or more"),
        ({"ADMIN_CHANNEL_ID": "#admins"}, "ADMIN_CHANNEL_ID must be a whole number"),
    ],
)
def test_bad_values_say_what_to_fix(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_mapping(env, tmp_path)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (90, False, 0, 0)),
        (
            {"LOG_RETENTION_DAYS": "30", "LOG_USER_IDS": "true", "ADMIN_CHANNEL_ID": "42", "DIGEST_WEEKDAY": "fri"},
            (30, True, 42, 4),
        ),
        ({"LOG_USER_IDS": "No", "DIGEST_WEEKDAY": "Sunday"}, (90, False, 0, 6)),
        ({"DIGEST_WEEKDAY": "2"}, (90, False, 0, 2)),
    ],
)
def test_question_log_and_digest_settings(tmp_path: Path, env: dict[str, str], expected: tuple[object, ...]) -> None:
    settings = Settings.from_mapping(env, tmp_path)
    assert (settings.log_retention_days, settings.log_user_ids, settings.admin_channel_id, settings.digest_weekday) == (
        expected
    )


def test_env_example_lists_every_key() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    import retrieval.settings as module

    source = Path(module.__file__).read_text()
    import re

    keys = set(re.findall(r'(?:env\.get\(|\(env, )"([A-Z][A-Z0-9_]+)"', source))
    missing = {k for k in keys if f"{k}=" not in example}
    assert len(keys) > 25 and not missing


def test_links_and_automation_settings(tmp_path: Path) -> None:
    defaults = Settings.from_mapping({}, tmp_path)
    assert not defaults.allow_private_urls and defaults.refresh_hours == 0 and defaults.watch_corpus
    settings = Settings.from_mapping(
        {"ALLOW_PRIVATE_URLS": "true", "REFRESH_HOURS": "6", "ADMIN_CHANNEL_ID": "42", "WATCH_CORPUS": "off"}, tmp_path
    )
    assert settings.allow_private_urls and settings.refresh_hours == 6 and settings.admin_channel_id == 42
    assert not settings.watch_corpus

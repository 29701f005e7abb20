"""One typed Settings object, read once from the environment and `.env`, then passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from dotenv import dotenv_values

from retrieval.errors import ConfigError

MODEL_TOKEN_LIMIT = 256


def _int(env: Mapping[str, str], key: str, default: int, minimum: int = 0) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, not {raw!r}: fix it in .env.") from None
    if value < minimum:
        raise ConfigError(f"{key} must be at least {minimum}, not {value}: fix it in .env.")
    return value


def _float(env: Mapping[str, str], key: str, default: float) -> float:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, not {raw!r}: fix it in .env.") from None


def _bool(env: Mapping[str, str], key: str, default: bool) -> bool:
    raw = env.get(key, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{key} must be true or false, not {raw!r}: fix it in .env.")


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(env: Mapping[str, str], key: str, default: int) -> int:
    """0 (Monday) to 6 (Sunday), from a day's name (or its first three letters) or its number."""
    raw = env.get(key, "").strip().lower()
    if not raw:
        return default
    if raw.isdigit() and int(raw) < 7:
        return int(raw)
    for number, name in enumerate(WEEKDAYS):
        if len(raw) >= 3 and name.startswith(raw):
            return number
    raise ConfigError(f"{key} must be a day of the week (monday ... sunday, or 0 to 6), not {raw!r}: fix it in .env.")


def _ids(env: Mapping[str, str], key: str) -> tuple[int, ...]:
    raw = env.get(key, "").replace(";", ",")
    try:
        return tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ConfigError(f"{key} must be a comma-separated list of numeric ids: fix it in .env.") from None


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Paths are resolved against `root` (the project folder)."""

    root: Path = field(default_factory=Path.cwd)
    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path("data")
    aliases_file: Path = Path("corpus/_aliases.txt")
    embedding_model: str = ""
    embedding_backend: str = "onnx-int8"
    matcher_model: str = ""
    chroma_host: str = ""
    chroma_port: int = 8000
    collection: str = "briefings"
    sentence_vectors: str = "late"
    merge_deltas_at: float = 0.1
    shard_chunks: int = 25_000
    chunk_tokens: int = 200
    chunk_overlap_tokens: int = 40
    max_file_mb: int = 20
    top_k: int = 5
    max_question_chars: int = 1000
    abstain_min_sentence_score: float = 0.30
    abstain_confident_score: float = 0.62
    discord_token: str = field(default="", repr=False)
    discord_guild_ids: tuple[int, ...] = ()
    admin_role_ids: tuple[int, ...] = ()
    allowed_guild_ids: tuple[int, ...] = ()
    allowed_channel_ids: tuple[int, ...] = ()
    cooldown_seconds: float = 5.0
    max_upload_mb: int = 10
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)
    llm_timeout_seconds: float = 30.0
    log_level: str = "INFO"
    log_retention_days: int = 90
    log_user_ids: bool = False
    admin_channel_id: int = 0
    digest_weekday: int = 0
    allow_private_urls: bool = False
    fetch_timeout_seconds: float = 20.0
    refresh_hours: float = 0.0
    watch_corpus: bool = True
    watch_settle_seconds: float = 3.0

    @classmethod
    def load(cls, root: Path | None = None, env_file: Path | None = None) -> Settings:
        """Read `.env` (if present) under the process environment, which wins."""
        root = (root or Path.cwd()).resolve()
        if env_file is not None and not env_file.is_file():
            raise ConfigError(f"The settings file {env_file} does not exist: give --env-file an existing .env file.")
        env_path = env_file or root / ".env"
        merged: dict[str, str] = {}
        if env_path.is_file():
            merged.update({k: v for k, v in dotenv_values(env_path).items() if v is not None})
        merged.update(os.environ)
        return cls.from_mapping(merged, root)

    @classmethod
    def from_mapping(cls, env: Mapping[str, str], root: Path) -> Settings:
        defaults = cls(root=root)
        return cls(
            root=root,
            corpus_dir=Path(env.get("CORPUS_DIR") or defaults.corpus_dir),
            data_dir=Path(env.get("DATA_DIR") or defaults.data_dir),
            aliases_file=Path(env.get("ALIASES_FILE") or defaults.aliases_file),
            embedding_model=env.get("EMBEDDING_MODEL", "").strip(),
            embedding_backend=(env.get("EMBEDDING_BACKEND") or defaults.embedding_backend).strip().lower(),
            matcher_model=env.get("MATCHER_MODEL", "").strip(),
            chroma_host=env.get("CHROMA_HOST", "").strip(),
            chroma_port=_int(env, "CHROMA_PORT", defaults.chroma_port, minimum=1),
            collection=(env.get("CHROMA_COLLECTION") or defaults.collection).strip(),
            sentence_vectors=(env.get("SENTENCE_VECTORS") or defaults.sentence_vectors).strip().lower(),
            merge_deltas_at=_float(env, "MERGE_DELTAS_AT", defaults.merge_deltas_at),
            shard_chunks=_int(env, "SHARD_CHUNKS", defaults.shard_chunks, minimum=0),
            chunk_tokens=_int(env, "CHUNK_TOKENS", defaults.chunk_tokens, minimum=32),
            chunk_overlap_tokens=_int(env, "CHUNK_OVERLAP_TOKENS", defaults.chunk_overlap_tokens),
            max_file_mb=_int(env, "MAX_FILE_MB", defaults.max_file_mb, minimum=1),
            top_k=_int(env, "TOP_K", defaults.top_k, minimum=1),
            max_question_chars=_int(env, "MAX_QUESTION_CHARS", defaults.max_question_chars, minimum=10),
            abstain_min_sentence_score=_float(env, "ABSTAIN_MIN_SENTENCE_SCORE", defaults.abstain_min_sentence_score),
            abstain_confident_score=_float(env, "ABSTAIN_CONFIDENT_SCORE", defaults.abstain_confident_score),
            discord_token=env.get("DISCORD_TOKEN", "").strip(),
            discord_guild_ids=_ids(env, "DISCORD_GUILD_IDS"),
            admin_role_ids=_ids(env, "ADMIN_ROLE_IDS"),
            allowed_guild_ids=_ids(env, "ALLOWED_GUILD_IDS"),
            allowed_channel_ids=_ids(env, "ALLOWED_CHANNEL_IDS"),
            cooldown_seconds=_float(env, "COOLDOWN_SECONDS", defaults.cooldown_seconds),
            max_upload_mb=_int(env, "MAX_UPLOAD_MB", defaults.max_upload_mb, minimum=1),
            llm_base_url=env.get("LLM_BASE_URL", "").strip(),
            llm_model=env.get("LLM_MODEL", "").strip(),
            llm_api_key=env.get("LLM_API_KEY", "").strip(),
            llm_timeout_seconds=_float(env, "LLM_TIMEOUT_SECONDS", defaults.llm_timeout_seconds),
            log_level=(env.get("LOG_LEVEL") or defaults.log_level).strip().upper(),
            log_retention_days=_int(env, "LOG_RETENTION_DAYS", defaults.log_retention_days, minimum=1),
            log_user_ids=_bool(env, "LOG_USER_IDS", defaults.log_user_ids),
            admin_channel_id=_int(env, "ADMIN_CHANNEL_ID", defaults.admin_channel_id),
            digest_weekday=_weekday(env, "DIGEST_WEEKDAY", defaults.digest_weekday),
            allow_private_urls=_bool(env, "ALLOW_PRIVATE_URLS", defaults.allow_private_urls),
            fetch_timeout_seconds=_float(env, "FETCH_TIMEOUT_SECONDS", defaults.fetch_timeout_seconds),
            refresh_hours=_float(env, "REFRESH_HOURS", defaults.refresh_hours),
            watch_corpus=_bool(env, "WATCH_CORPUS", defaults.watch_corpus),
            watch_settle_seconds=_float(env, "WATCH_SETTLE_SECONDS", defaults.watch_settle_seconds),
        ).validated()

    def validated(self) -> Settings:
        if self.embedding_backend not in {"torch", "onnx", "onnx-int8"}:
            raise ConfigError(f"EMBEDDING_BACKEND must be torch, onnx or onnx-int8, not {self.embedding_backend!r}.")
        if self.merge_deltas_at <= 0:
            raise ConfigError(f"MERGE_DELTAS_AT must be a share above 0 (0.1 is a tenth), not {self.merge_deltas_at}.")
        if self.sentence_vectors not in {"late", "separate"}:
            raise ConfigError(f"SENTENCE_VECTORS must be late or separate, not {self.sentence_vectors!r}.")
        if self.chunk_tokens + 2 > MODEL_TOKEN_LIMIT:
            raise ConfigError(f"CHUNK_TOKENS must be at most {MODEL_TOKEN_LIMIT - 2}: the model reads no more.")
        if self.chunk_overlap_tokens >= self.chunk_tokens:
            raise ConfigError("CHUNK_OVERLAP_TOKENS must be smaller than CHUNK_TOKENS.")
        if self.refresh_hours < 0 or self.fetch_timeout_seconds <= 0 or self.watch_settle_seconds < 0:
            raise ConfigError("REFRESH_HOURS, WATCH_SETTLE_SECONDS must be 0 or more; FETCH_TIMEOUT_SECONDS above 0.")
        if not 3 <= len(self.collection) <= 40:
            raise ConfigError("CHROMA_COLLECTION must be 3 to 40 characters long.")
        return self

    def with_overrides(self, **changes: object) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        return replace(self, **changes).validated()  # type: ignore[arg-type]

    def path(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else self.root / relative

    @property
    def corpus_path(self) -> Path:
        return self.path(self.corpus_dir)

    @property
    def data_path(self) -> Path:
        return self.path(self.data_dir)

    @property
    def aliases_path(self) -> Path:
        return self.path(self.aliases_file)

    @property
    def chroma_path(self) -> Path:
        return self.data_path / "chroma"

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def store_mode(self) -> str:
        return f"server {self.chroma_host}:{self.chroma_port}" if self.chroma_host else "embedded"

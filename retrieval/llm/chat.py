"""The chat-model factory: which LangChain chat model the settings name (OpenAI-compatible server,
hosted OpenAI, or another provider through `init_chat_model`)."""

from __future__ import annotations

import logging
from typing import Any

from retrieval.errors import ConfigError
from retrieval.settings import Settings

log = logging.getLogger(__name__)


MAX_TOKENS = 700


def llm_configured(settings: Settings) -> bool:
    """True when a language model is configured (LLM_BASE_URL or LLM_MODEL)."""
    return bool(settings.llm_base_url or settings.llm_model)


def chat_model(settings: Settings) -> Any:
    """The LangChain chat model for the settings; ConfigError when they cannot make one."""
    model, base_url = settings.llm_model, settings.llm_base_url
    if not model:
        raise ConfigError(
            "LLM_BASE_URL is set but LLM_MODEL is empty: set LLM_MODEL to the model the server serves "
            "(e.g. llama3.1:8b for Ollama), or empty LLM_BASE_URL to use extractive answers only."
        )
    if base_url:
        return _openai(settings, model, base_url)
    provider, _, name = model.partition(":")
    if not name or provider == "openai":
        if not settings.llm_api_key:
            raise ConfigError(
                f"LLM_MODEL={model} without LLM_BASE_URL means the hosted OpenAI API, which needs LLM_API_KEY: "
                "set it, or set LLM_BASE_URL to your local server (e.g. http://localhost:11434/v1 for Ollama)."
            )
        return _openai(settings, name or model, None)
    return _other_provider(settings, model)


def _openai(settings: Settings, model: str, base_url: str | None) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=settings.llm_api_key or "not-needed",  # type: ignore[arg-type]
        timeout=settings.llm_timeout_seconds,
        max_retries=0,
        temperature=0.0,
        max_tokens=MAX_TOKENS,  # type: ignore[call-arg]
    )


def _other_provider(settings: Settings, model: str) -> Any:
    try:
        from langchain.chat_models import init_chat_model  # type: ignore[import-not-found]
    except ImportError:
        raise ConfigError(
            f"LLM_MODEL={model} names another provider, which needs the `langchain` package and that provider's "
            "package: install them, or use an OpenAI-compatible server through LLM_BASE_URL."
        ) from None
    extra = {"api_key": settings.llm_api_key} if settings.llm_api_key else {}
    try:
        return init_chat_model(model, timeout=settings.llm_timeout_seconds, max_retries=0, temperature=0.0, **extra)
    except (ImportError, ValueError) as error:
        raise ConfigError(f"LLM_MODEL={model} cannot be used: {error}") from None

"""Discord's message limits, checked on the JSON a bot sends (or on an embed's to_dict())."""

from __future__ import annotations

from typing import Any


def embed_length(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field["name"]) + len(field["value"])
    return total


def assert_embed_within_limits(embed: dict[str, Any]) -> None:
    assert len(embed.get("title") or "") <= 256
    assert len(embed.get("description") or "") <= 4096
    fields = embed.get("fields") or []
    assert len(fields) <= 25
    for field in fields:
        assert 0 < len(field["name"]) <= 256
        assert 0 < len(field["value"]) <= 1024
    assert len((embed.get("footer") or {}).get("text") or "") <= 2048


def assert_message_within_limits(body: dict[str, Any]) -> None:
    """A message payload (callback data, webhook edit or followup, channel message)."""
    assert len(body.get("content") or "") <= 2000
    embeds = body.get("embeds") or []
    assert len(embeds) <= 10
    for embed in embeds:
        assert_embed_within_limits(embed)
    assert sum(embed_length(e) for e in embeds) <= 6000

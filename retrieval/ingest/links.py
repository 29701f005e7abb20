"""Documents added by link: a safe file name from the link, and the sidecar that remembers where it came from.

The sidecar `NAME.EXT.meta.json` holds the link (`url`), where it ended after redirects (`final_url`), the
page's own title, date and author, when it was fetched (`fetched_at`) and the body's SHA-256
(`content_hash`): a refresh re-indexes the document only when that hash changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx

from retrieval.ingest.dates import normalize_date
from retrieval.ingest.fetch import Fetched
from retrieval.ingest.library import safe_filename
from retrieval.ingest.loaders import SIDECAR_SUFFIX, extract_metadata

log = logging.getLogger(__name__)

MAX_STEM = 80


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def name_for(fetched: Fetched, corpus: Path) -> str:
    """`host-path-slug.EXT` for the fetched link, made unique in the corpus with -2, -3 ... when taken."""
    url = httpx.URL(fetched.final_url)
    path = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", url.path.strip("/"))
    stem = safe_filename(f"{url.host}-{path}".replace("/", "-").replace(".", "-"))[:MAX_STEM].strip("-")
    name = f"{stem}{fetched.kind}"
    number = 2
    while (corpus / name).exists() or (corpus / f"{name}{SIDECAR_SUFFIX}").exists():
        name = f"{stem}-{number}{fetched.kind}"
        number += 1
    return name


def sidecar_for(fetched: Fetched, fetched_at: datetime | None = None) -> dict[str, str]:
    """The sidecar of a fetched link: the page's own title, date and author (else the server's Last-Modified
    date) beside the link, the time and the body's hash."""
    metadata = extract_metadata(fetched.kind, fetched.body)
    sidecar = {"url": fetched.url}
    if fetched.final_url != fetched.url:
        sidecar["final_url"] = fetched.final_url
    for key in ("title", "author"):
        if metadata.get(key):
            sidecar[key] = metadata[key]
    date = normalize_date(metadata.get("date", "")) or fetched.last_modified
    if date:
        sidecar["date"] = date
    sidecar["fetched_at"] = (fetched_at or datetime.now(UTC)).isoformat(timespec="seconds")
    sidecar["content_hash"] = body_hash(fetched.body)
    return sidecar


def sidecar_bytes(sidecar: dict[str, str]) -> bytes:
    return (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def saved_links(corpus: Path) -> list[tuple[str, dict[str, str]]]:
    """(document id, sidecar) of every document in the corpus that was added by link, in name order."""
    found: list[tuple[str, dict[str, str]]] = []
    for sidecar in sorted(corpus.rglob(f"*{SIDECAR_SUFFIX}")):
        document = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue  # the indexer reports an unreadable sidecar; nothing to refresh here
        if isinstance(data, dict) and isinstance(data.get("url"), str) and document.is_file():
            found.append((document.relative_to(corpus).as_posix(), {str(k): str(v) for k, v in data.items()}))
    return found


def find_link(corpus: Path, url: str) -> str:
    """The document already added from `url` (or ending there), '' when none."""
    wanted = url.strip()
    for doc_id, sidecar in saved_links(corpus):
        if wanted in (sidecar.get("url"), sidecar.get("final_url")):
            return doc_id
    return ""

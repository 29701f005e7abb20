"""The store's pointer: only a missing pointer means "no index yet"; any other failure is reported."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from retrieval.core import BriefingCore
from retrieval.errors import IndexUnreadableError
from retrieval.index.store import Generations, open_client
from tests.conftest import make_settings


def test_only_a_missing_pointer_means_no_index_and_a_damaged_one_stops_the_reindex(
    make_core: Callable[..., BriefingCore],
) -> None:
    core = make_core()
    assert core.generations.pointer() is None, "before the first index"
    core.reindex()
    pointer = core.generations.pointer()
    assert pointer is not None
    generations = core.generations.all()
    damaged = {"generation": pointer[0], "revision": "two"}  # a foreign or half-done write
    open_client(core.settings).get_collection(f"{core.settings.collection}_active").modify(metadata=damaged)

    with pytest.raises(IndexUnreadableError, match="could not be read"):
        core.generations.pointer()
    restarted = BriefingCore(core.settings, embedder=core.embedder)
    with pytest.raises(IndexUnreadableError):
        restarted.reindex()  # not a silent full rebuild into a new generation
    assert core.generations.all() == generations, "nothing was rebuilt"


class ChromaServerFailing(BaseHTTPRequestHandler):
    """A Chroma server on 127.0.0.1 that lets a client connect, then answers every collection request with
    the status and error of `reply` (a missing collection, or a damaged store)."""

    reply: tuple[int, dict[str, str]] = (500, {})
    SETUP: ClassVar[dict[str, dict[str, object]]] = {
        "/api/v2/auth/identity": {"user_id": "", "tenant": "default_tenant", "databases": ["default_database"]},
        "/api/v2/tenants/default_tenant": {"name": "default_tenant"},
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        status, body = self.reply if "/collections" in self.path else (200, self.SETUP.get(self.path, DATABASE))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())


DATABASE = {"name": "default_database", "id": "00000000-0000-0000-0000-000000000000", "tenant": "default_tenant"}
MISSING = (404, {"error": "NotFoundError", "message": "Collection [briefings_active] does not exist"})
BROKEN = (500, {"error": "InternalError", "message": "database disk image is malformed"})


@pytest.fixture
def chroma_server() -> Iterator[tuple[ThreadingHTTPServer, type[ChromaServerFailing]]]:
    handler = type("Handler", (ChromaServerFailing,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()


def test_a_server_error_is_reported_and_only_a_missing_collection_means_no_index(
    chroma_server: tuple[ThreadingHTTPServer, type[ChromaServerFailing]], tmp_path: Path
) -> None:
    server, handler = chroma_server
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=server.server_address[1])
    generations = Generations(open_client(settings), settings.collection)
    handler.reply = MISSING
    assert generations.pointer() is None
    handler.reply = BROKEN
    with pytest.raises(IndexUnreadableError, match="database disk image is malformed"):
        generations.pointer()

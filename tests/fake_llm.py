"""A small OpenAI-compatible chat server on 127.0.0.1 for tests: real HTTP, scripted replies, recorded requests.

    with FakeLlmServer() as server:
        server.script(Reply(content="Iran wants a land route [1]."), Reply(status=500))
        ...  # point ChatOpenAI(base_url=server.base_url) at it
        server.requests[0]["messages"]  # what the client sent

Each POST to /v1/chat/completions takes the next scripted `Reply` (an HTTP 500 saying so when none is left).
A `stream=True` request is answered with server-sent events, one per piece of `chunks` (or per word of
`content`), then `data: [DONE]`.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from retrieval.records import Answer
from tests.conftest import IRAN_PASSAGE


@dataclass(frozen=True)
class Reply:
    """One scripted answer: assistant `content`, or an error `status`, or a `raw_body` sent as it is."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    raw_body: str | None = None
    chunks: tuple[str, ...] | None = None
    chunk_delay: float = 0.0


def _completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _chunk(content: str | None, model: str, finish: str | None = None) -> bytes:
    delta = {"role": "assistant", "content": content} if content is not None else {}
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


def _pieces(reply: Reply) -> tuple[str, ...]:
    if reply.chunks is not None:
        return reply.chunks
    words = reply.content.split(" ")
    return tuple(w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words))


class FakeLlmServer:
    """An OpenAI-compatible server in a background thread, answering from a queue of `Reply`s."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-llm", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> FakeLlmServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeLlmServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _next(self, request: dict[str, Any]) -> Reply | None:
        with self._lock:
            self.requests.append(request)
            return self.replies.popleft() if self.replies else None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    request = json.loads(raw)
                except ValueError:
                    request = {"unparsed": raw.decode("utf-8", "replace")}
                reply = fake._next(request)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    self._answer(reply, request)

            def _answer(self, reply: Reply | None, request: dict[str, Any]) -> None:
                if reply is None:
                    reply = Reply(status=500, raw_body='{"error": {"message": "no scripted reply left"}}')
                time.sleep(reply.delay)
                model = str(request.get("model", "fake"))
                if reply.raw_body is not None:
                    self._send(reply.status, "application/json", reply.raw_body.encode())
                elif reply.status != 200:
                    error = {"error": {"message": f"scripted error {reply.status}", "type": "server_error"}}
                    self._send(reply.status, "application/json", json.dumps(error).encode())
                elif request.get("stream"):
                    self._stream(reply, model)
                else:
                    self._send(200, "application/json", json.dumps(_completion(reply.content, model)).encode())

            def _send(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, reply: Reply, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                for piece in _pieces(reply):
                    self.wfile.write(_chunk(piece, model))
                    self.wfile.flush()
                    time.sleep(reply.chunk_delay)
                self.wfile.write(_chunk(None, model, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler


# -- a model answer that passes the checks, for the sample question -------------------------------------

US_PASSAGE = "The Americans want Deir-Ezzor to control the Syrian-Iraqi border"


def number_of(answer: Answer, phrase: str) -> int:
    """The [n] under which `phrase`'s passage is given to the model."""
    return next(n for n, p in enumerate(answer.passages[:5], start=1) if phrase in p.text)


def good_answer(fallback: Answer) -> str:
    iran, us = number_of(fallback, IRAN_PASSAGE), number_of(fallback, US_PASSAGE)
    return (
        "Iran wants Deir Ezzor so it can re-establish a direct route from Tehran to Damascus and move troops "
        f"and hardware more easily [{iran}]. It also wants to resupply its Lebanese proxy, Hezbollah [{iran}]. "
        f"The Americans, in contrast, want the city to control the Syrian-Iraqi border and weaken Iran's position "
        f"in the region [{us}]."
    )

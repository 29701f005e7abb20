"""A real HTTP server on 127.0.0.1 for the add-by-link tests, and a small real PDF.

Routes: a briefing page with boilerplate, a PDF, plain text, a redirect chain, a redirect loop, too many
redirects, a redirect to a loopback address, a 50 MB body (streamed), a slow answer, a slow drip, a wrong
content type, a page that changes on demand, a page that starts answering 404, and the Host header echoed.
"""

from __future__ import annotations

import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from retrieval.ingest.fetch import AddressPolicy, Fetcher, FetchLimits, allow_list, system_resolver

HUGE_BYTES = 50 * 1024 * 1024
SLOW_S = 4.0

BRIEFING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Mayadin ferry crossings reopen | Euphrates Monitor</title>
<meta property="article:published_time" content="2017-10-20T08:00:00Z">
<meta name="author" content="Leila Haddad">
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/syria">Syria</a></li><li><a href="/iraq">Iraq</a></li></ul></nav>
<article>
<h1>Mayadin ferry crossings reopen</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<p>Three ferry crossings on the Euphrates near Mayadin reopened on 19 October 2017, a week after government
forces retook the town. Local councils said the crossings carry about {crossings} people a day.</p>
<p>The ferries are the only link between the two banks since the coalition struck the last road bridge in
the spring; traders use them to move flour, fuel and livestock across the river.</p>
</article>
<section class="comments"><h2>Comments</h2><p>river_watcher: finally some good news</p></section>
<footer>&copy; 2017 Euphrates Monitor. <a href="/privacy">Privacy</a></footer>
</body></html>
"""

PLAIN_TEXT = (
    "Albu Kamal supply note\n\nThe Albu Kamal crossing handled forty trucks of wheat on 2 December 2017, "
    "according to the local council, twice the number of the week before.\n"
)


def make_pdf(lines: list[str], title: str = "") -> bytes:
    """A real one-page PDF (Helvetica text, a correct cross-reference table) that pypdf reads back."""
    stream = (
        b"BT /F1 12 Tf 72 720 Td 16 TL "
        + b" ".join(
            b"(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1") + b") Tj T*"
            for line in lines
        )
        + b" ET"
    )
    info = f"<< /Title ({title}) /CreationDate (D:20171102090000Z) >>" if title else "<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info.encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


BRIEFING_PDF = make_pdf(
    [
        "Raqqa reconstruction note.",
        "The Raqqa civil council cleared 2,300 mines from the old city in November 2017.",
        "Water returned to the eastern districts on 28 November 2017.",
    ],
    title="Raqqa reconstruction note",
)


@dataclass
class SiteState:
    """What the server serves now; tests change it between two fetches."""

    crossings: int = 900
    vanished: bool = False
    huge_sent: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)


class Handler(BaseHTTPRequestHandler):
    web: LocalWeb

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self.web.state.requests.append((self.path, self.headers.get("Host", "")))
        route = ROUTES.get(self.path.split("?", 1)[0])
        if route is None:
            self.send(404, "text/plain", b"not found")
        else:
            route(self.web, self)

    def send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)


class LocalWeb:
    """The server; with `tls` (a server-side SSL context) it speaks HTTPS."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.state = SiteState()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.port = self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def _handler(self) -> type[Handler]:
        return type("BoundHandler", (Handler,), {"web": self})

    @contextmanager
    def running(self) -> Iterator[LocalWeb]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(5)


def self_signed(folder: Path, host: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting only it) for a certificate naming `host` (openssl CLI)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


def local_policy(**names: str) -> AddressPolicy:
    """Private addresses refused except 127.0.0.1 itself (the test server); `names` map test host names to
    addresses (like a DNS answer), others go to the system resolver."""

    def resolve(host: str, port: int) -> list[str]:
        return [names[host]] if host in names else system_resolver(host, port)

    return AddressPolicy(allow_private=False, allowed=allow_list(["127.0.0.1/32"]), resolve=resolve)


def local_fetcher(max_bytes: int = 2 * 1024 * 1024, timeout_s: float = 2.0, **names: str) -> Fetcher:
    return Fetcher(local_policy(**names), FetchLimits(max_bytes, timeout_s))


# -- routes ----------------------------------------------------------------------------------------------


def _page(web: LocalWeb, h: Handler) -> None:
    if web.state.vanished:
        h.send(404, "text/plain", b"gone")
        return
    body = BRIEFING_PAGE.replace("{crossings}", f"{web.state.crossings:,}").encode()
    h.send(200, "text/html; charset=utf-8", body)


Route = Callable[[LocalWeb, Handler], None]


def _redirect(to: str) -> Route:
    def route(web: LocalWeb, h: Handler) -> None:
        target = to.replace("{port}", str(web.port))
        h.send(302, "text/plain", b"", Location=target)

    return route


def _huge(web: LocalWeb, h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()  # no Content-Length: the client only learns the size by reading
    block = b"x" * 65536
    try:
        while web.state.huge_sent < HUGE_BYTES:
            h.wfile.write(block)
            web.state.huge_sent += len(block)
    except (BrokenPipeError, ConnectionResetError):
        return


def _slow(web: LocalWeb, h: Handler) -> None:
    time.sleep(SLOW_S)
    try:
        h.send(200, "text/plain", PLAIN_TEXT.encode())
    except (BrokenPipeError, ConnectionResetError):
        return


def _drip(web: LocalWeb, h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()
    try:
        for _ in range(int(SLOW_S * 4)):
            h.wfile.write(b"a few words at a time. ")
            h.wfile.flush()
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError):
        return


def _gzip_bomb(web: LocalWeb, h: Handler) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = packer.compress(b"\n" * HUGE_BYTES) + packer.flush()
    h.send(200, "text/plain", body, Content_Encoding="gzip")


ROUTES: dict[str, Route] = {
    "/briefing": _page,
    "/report.pdf": lambda web, h: h.send(200, "application/pdf", BRIEFING_PDF),
    "/notes.txt": lambda web, h: h.send(
        200, "text/plain; charset=utf-8", PLAIN_TEXT.encode(), Last_Modified="Sat, 02 Dec 2017 10:00:00 GMT"
    ),
    "/image.png": lambda web, h: h.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "/host": lambda web, h: h.send(200, "text/plain", ("host " + h.headers.get("Host", "")).encode() * 5),
    "/chain/1": _redirect("/chain/2"),
    "/chain/2": _redirect("http://127.0.0.1:{port}/chain/3"),
    "/chain/3": _redirect("/briefing"),
    "/loop/a": _redirect("/loop/b"),
    "/loop/b": _redirect("/loop/a"),
    **{f"/many/{n}": _redirect(f"/many/{n + 1}") for n in range(1, 10)},
    "/to-loopback": _redirect("http://127.0.0.2:{port}/briefing"),
    "/to-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
    "/huge": _huge,
    "/slow": _slow,
    "/drip": _drip,
    "/bomb": _gzip_bomb,
}

"""Fetching a link for the corpus (the one adapter to httpx): safe by default against links to internal hosts.

Every hop (the link and each redirect, at most `max_redirects`) is checked before anything is sent: only http and
https, no user name or password in the link, and a host whose addresses are all public. The host is resolved
once per hop and the connection goes to the address that was checked (the URL carries the IP; the Host header
and TLS SNI keep the name, so certificates are still verified against it): a DNS answer that changes between
the check and the connection (DNS rebinding) cannot send the request elsewhere. The body is streamed and
abandoned past the size limit or the overall time limit, never buffered whole. HTML, PDF and plain text are
accepted by content type; anything else is refused with the type named.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from retrieval.errors import LinkRefusedError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
FetchProgress = Callable[[int, int | None], None]  # bytes read so far, bytes announced (None when unknown)

KINDS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}
GONE_STATUSES = (404, 410)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
USER_AGENT = "BriefingBot/1.0 (+adds briefings by link)"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for `host` (the standard library's getaddrinfo)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise LinkRefusedError(f"The host {host!r} could not be found ({error}).") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: IPAddress) -> bool:
    """True only for a globally routable unicast address, including any IPv4 address embedded in an IPv6 one
    (IPv4-mapped, 6to4, Teredo, NAT64): loopback, private, link-local, CGNAT, reserved, multicast and
    unspecified addresses are not public."""
    if address.is_multicast or address.is_reserved or address.is_unspecified or not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        if address in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return all(is_public(inner) for inner in embedded if inner is not None)
    return True


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses a link may reach: public ones; all when `allow_private` (ALLOW_PRIVATE_URLS=true);
    plus the networks in `allowed` (an explicit allow-list, e.g. one intranet host or a test server)."""

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = ()
    resolve: Resolver = field(default=system_resolver)

    def address_for(self, host: str, port: int) -> str:
        """The one address to connect to for `host`, resolved once and checked; LinkRefusedError otherwise."""
        addresses = [_literal(host)] if _literal(host) else self.resolve(host, port)
        if not addresses:
            raise LinkRefusedError(f"The host {host!r} could not be found.")
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not self.permits(address):
                log.info("link refused host=%s address=%s reason=internal", host, address)
                raise LinkRefusedError(
                    f"The link's host {host!r} is an internal address ({address}): links may only point to public "
                    "web sites (an admin can set ALLOW_PRIVATE_URLS=true for an intranet)."
                )
        return addresses[0].split("%", 1)[0]

    def permits(self, address: IPAddress) -> bool:
        return self.allow_private or is_public(address) or any(address in net for net in self.allowed)


def _literal(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return ""


def allow_list(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


@dataclass(frozen=True)
class Fetched:
    """A fetched link: what was asked, where it ended, its kind ('.html', '.pdf', '.txt') and its body."""

    url: str
    final_url: str
    kind: str
    content_type: str
    body: bytes
    last_modified: str = ""


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int
    timeout_s: float = 20.0
    max_redirects: int = 5


class Fetcher:
    """GET a link under `policy` and `limits`. `transport` and `verify` are for tests (None/True: httpx's own
    transport and the system's certificate authorities)."""

    def __init__(
        self,
        policy: AddressPolicy,
        limits: FetchLimits,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.policy = policy
        self.limits = limits
        self._transport = transport
        self._verify = verify  # certificates are checked against the link's host name (tests pass their own CA)

    def fetch(self, url: str, progress: FetchProgress | None = None) -> Fetched:
        deadline = time.monotonic() + self.limits.timeout_s
        current = _parse(url)
        seen = {str(current)}
        with httpx.Client(
            transport=self._transport,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the request goes to the checked address
            verify=self._verify,
            timeout=httpx.Timeout(self.limits.timeout_s),
        ) as client:
            for _ in range(self.limits.max_redirects + 1):
                target = self._hop(client, current, deadline, progress)
                if isinstance(target, Fetched):
                    return Fetched(
                        url, str(current), target.kind, target.content_type, target.body, target.last_modified
                    )
                if str(target) in seen:
                    raise LinkRefusedError(f"The link {url} redirects in a loop ({target} again).")
                seen.add(str(target))
                log.info("link redirected url=%s to=%s", for_log(current), for_log(target))
                current = target
        raise LinkRefusedError(f"The link {url} redirects more than {self.limits.max_redirects} times.")

    def _hop(
        self, client: httpx.Client, url: httpx.URL, deadline: float, progress: FetchProgress | None
    ) -> Fetched | httpx.URL:
        """One request to the checked address: the next URL of a redirect, or the fetched page."""
        host = url.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS see it
        address = self.policy.address_for(host, url.port or (443 if url.scheme == "https" else 80))
        headers = {
            "Host": url.netloc.decode("ascii"),
            "User-Agent": USER_AGENT,
            "Accept": ", ".join(KINDS),
            "Accept-Encoding": "identity",  # a compressed body could unpack far past the size limit in one read
        }
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        remaining = deadline - time.monotonic()  # one time limit for the whole chain of redirects
        try:
            if remaining <= 0:
                raise httpx.ReadTimeout("overall time limit")
            with client.stream(
                "GET",
                url.copy_with(host=address),
                headers=headers,
                extensions=extensions,
                timeout=httpx.Timeout(remaining),
            ) as response:
                if response.is_redirect:
                    return _redirect_target(url, response)
                _check_status(url, response)
                kind = _kind(url, response)
                body = _read_limited(response, self.limits.max_bytes, deadline, progress)
                modified = _http_date(response.headers.get("last-modified", ""))
                return Fetched(str(url), str(url), kind, response.headers.get("content-type", ""), body, modified)
        except httpx.TimeoutException:
            raise LinkRefusedError(
                f"{url.host} did not answer within {self.limits.timeout_s:.0f} s: try again later."
            ) from None
        except httpx.HTTPError as error:
            if "CERTIFICATE_VERIFY_FAILED" in str(error):
                raise LinkRefusedError(
                    f"{url.host}'s certificate could not be verified: it is not safe to fetch."
                ) from None
            raise LinkRefusedError(f"{url.host} could not be reached ({type(error).__name__}).") from None


def for_log(url: str | httpx.URL) -> str:
    """A link without its query, fragment or credentials (they may hold tokens), for the log."""
    try:
        parsed = httpx.URL(str(url))
        return str(parsed.copy_with(query=None, fragment=None, userinfo=b""))
    except (httpx.InvalidURL, TypeError):
        return "(unreadable link)"


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as error:
        raise LinkRefusedError(f"{url!r} is not a link I can read ({error}).") from None
    if parsed.scheme not in ("http", "https"):
        raise LinkRefusedError(f"Only http and https links can be added, not {parsed.scheme or 'this'!r} ones.")
    if not parsed.host:
        raise LinkRefusedError(f"{url!r} has no host name.")
    if parsed.userinfo:
        raise LinkRefusedError("Links with a user name or password in them are not accepted.")
    return parsed.copy_with(fragment=None)


def _redirect_target(url: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location", "")
    if not location:
        raise LinkRefusedError(f"{url} redirects without saying where to.")
    return _parse(str(url.join(location)))


def _check_status(url: httpx.URL, response: httpx.Response) -> None:
    if response.status_code in GONE_STATUSES:
        raise LinkRefusedError(
            f"{url} is gone (the server answered {response.status_code}).", status=response.status_code
        )
    if response.status_code >= 400:
        raise LinkRefusedError(
            f"{url} could not be fetched (the server answered {response.status_code}).", status=response.status_code
        )


def _kind(url: httpx.URL, response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in KINDS:
        raise LinkRefusedError(
            f"{url} is {content_type or 'of no stated type'}: only web pages (HTML), PDF files and plain text "
            "can be added."
        )
    return KINDS[content_type]


def _read_limited(response: httpx.Response, limit: int, deadline: float, progress: FetchProgress | None) -> bytes:
    announced = response.headers.get("content-length", "")
    total = int(announced) if announced.isdigit() else None
    if total is not None and total > limit:
        raise LinkRefusedError(_too_big(limit))
    parts: list[bytes] = []
    size = 0
    for part in response.iter_bytes():  # as it arrives, so the limits are checked on every piece
        size += len(part)
        if size > limit:
            raise LinkRefusedError(_too_big(limit))
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("overall time limit", request=response.request)
        parts.append(part)
        if progress:
            progress(size, total)
    body = b"".join(parts)
    charset = response.charset_encoding
    if (
        charset
        and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "ascii", "us-ascii")
        and _is_text(response)
    ):
        body = body.decode(charset, errors="replace").encode("utf-8")
    return body


def _is_text(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").lower().startswith(("text/", "application/xhtml"))


def _too_big(limit: int) -> str:
    return f"The linked file is larger than the {limit / 1_048_576:.0f} MB limit (MAX_UPLOAD_MB)."


def _http_date(value: str) -> str:
    try:
        return parsedate_to_datetime(value).date().isoformat() if value else ""
    except (TypeError, ValueError):
        return ""

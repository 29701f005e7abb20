"""Fetching links against a real HTTP server on 127.0.0.1: kinds, limits, redirects, and SSRF refusals."""

from __future__ import annotations

import ipaddress
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.errors import LinkRefusedError
from retrieval.ingest.fetch import AddressPolicy, Fetcher, FetchLimits, is_public
from tests.local_web import BRIEFING_PDF, HUGE_BYTES, LocalWeb, local_fetcher, local_policy, self_signed


@pytest.fixture(scope="module")
def web() -> Iterator[LocalWeb]:
    with LocalWeb().running() as server:
        yield server


def refused(web: LocalWeb, path_or_url: str, **kwargs: object) -> str:
    url = path_or_url if "://" in path_or_url else web.url(path_or_url)
    with pytest.raises(LinkRefusedError) as caught:
        local_fetcher(**kwargs).fetch(url)  # type: ignore[arg-type]
    return str(caught.value)


def test_a_page_a_pdf_and_plain_text_are_fetched_by_content_type(web: LocalWeb) -> None:
    fetcher = local_fetcher()
    page = fetcher.fetch(web.url("/briefing"))
    assert page.kind == ".html" and b"Mayadin ferry crossings" in page.body
    pdf = fetcher.fetch(web.url("/report.pdf"))
    assert pdf.kind == ".pdf" and pdf.body == BRIEFING_PDF
    text = fetcher.fetch(web.url("/notes.txt"))
    assert text.kind == ".txt" and text.last_modified == "2017-12-02"


def test_a_redirect_chain_is_followed_and_each_hop_checked(web: LocalWeb) -> None:
    fetched = local_fetcher().fetch(web.url("/chain/1"))
    assert fetched.final_url == web.url("/briefing") and fetched.url == web.url("/chain/1")
    assert fetched.kind == ".html"


def test_redirect_loops_and_long_chains_are_refused(web: LocalWeb) -> None:
    assert "in a loop" in refused(web, "/loop/a")
    assert "more than 5 times" in refused(web, "/many/1")


def test_a_50_mb_body_is_abandoned_past_the_limit_never_read_whole(web: LocalWeb) -> None:
    web.state.huge_sent = 0
    message = refused(web, "/huge", max_bytes=1024 * 1024)
    assert "larger than the 1 MB limit" in message
    time.sleep(0.2)
    assert web.state.huge_sent < HUGE_BYTES / 4, "the server was stopped early: the body was not read to the end"


def test_a_compressed_body_counts_its_unpacked_size(web: LocalWeb) -> None:
    assert "larger than the 1 MB limit" in refused(web, "/bomb", max_bytes=1024 * 1024)


def test_slow_answers_and_slow_drips_hit_the_time_limit(web: LocalWeb) -> None:
    started = time.monotonic()
    assert "did not answer within 1 s" in refused(web, "/slow", timeout_s=1.0)
    assert "did not answer within 1 s" in refused(web, "/drip", timeout_s=1.0)
    assert time.monotonic() - started < 6.0  # unlimited, the two would take 8 s


def test_a_wrong_content_type_is_refused_with_the_type_named(web: LocalWeb) -> None:
    message = refused(web, "/image.png")
    assert "image/png" in message and "HTML" in message and "PDF" in message


def test_a_missing_page_is_reported_as_gone(web: LocalWeb) -> None:
    with pytest.raises(LinkRefusedError) as caught:
        local_fetcher().fetch(web.url("/no-such-page"))
    assert caught.value.gone and "404" in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/briefing.txt",
        "gopher://example.org/",
        "javascript:alert(1)",
    ],
)
def test_only_http_and_https_are_accepted(url: str) -> None:
    with pytest.raises(LinkRefusedError, match="Only http and https"):
        local_fetcher().fetch(url)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.2",
        "[::1]",
        "10.0.0.8",
        "192.168.1.10",
        "172.16.5.4",
        "169.254.169.254",
        "100.64.1.1",
        "0.0.0.0",
        "224.0.0.1",
        "[::ffff:127.0.0.1]",
        "[fd00::1]",
        "[fe80::1]",
        "240.0.0.1",
        "[64:ff9b::a00:1]",
    ],
)
def test_internal_addresses_are_refused(web: LocalWeb, host: str) -> None:
    message = refused(web, f"http://{host}:{web.port}/briefing")
    assert "internal address" in message and "ALLOW_PRIVATE_URLS" in message


def test_host_names_that_resolve_to_internal_addresses_are_refused(web: LocalWeb) -> None:
    before = len(web.state.requests)
    with pytest.raises(LinkRefusedError, match="internal address"):  # the default policy: no allow-list
        Fetcher(AddressPolicy(), FetchLimits(1024 * 1024, 2.0)).fetch(f"http://localhost:{web.port}/briefing")
    assert len(web.state.requests) == before, "nothing reached the server"
    assert "internal address (10.20.30.40)" in refused(
        web, f"http://intranet.test:{web.port}/briefing", **{"intranet.test": "10.20.30.40"}
    )


def test_a_redirect_from_an_allowed_host_to_an_internal_one_is_refused(web: LocalWeb) -> None:
    for path in ("/to-loopback", "/to-metadata"):
        before = len(web.state.requests)
        assert "internal address" in refused(web, path), path
        assert len(web.state.requests) == before + 1, "only the allowed first hop reached a server"


def test_the_connection_goes_to_the_checked_address_with_the_name_kept(web: LocalWeb) -> None:
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a rebinding resolver: a second lookup would go inside
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    policy = AddressPolicy(allowed=local_policy().allowed, resolve=rebinding)
    fetched = Fetcher(policy, FetchLimits(1024 * 1024, 2.0)).fetch(f"http://briefings.test:{web.port}/host")
    assert calls == ["briefings.test"], "resolved once"
    assert fetched.body.startswith(f"host briefings.test:{web.port}".encode())


def test_a_host_with_one_internal_address_among_public_ones_is_refused() -> None:
    policy = AddressPolicy(resolve=lambda host, port: ["93.184.216.34", "10.0.0.1"])
    with pytest.raises(LinkRefusedError, match="internal address"):
        policy.address_for("mixed.test", 80)


def test_private_urls_are_allowed_when_the_setting_says_so(web: LocalWeb) -> None:
    fetcher = Fetcher(AddressPolicy(allow_private=True), FetchLimits(1024 * 1024, 2.0))
    assert fetcher.fetch(f"http://localhost:{web.port}/notes.txt").kind == ".txt"


def test_credentials_in_links_are_refused() -> None:
    with pytest.raises(LinkRefusedError, match="user name or password"):
        local_fetcher().fetch("http://user:secret@example.org/")


def test_public_addresses_are_public() -> None:
    for text in ("8.8.8.8", "93.184.216.34", "2606:4700::1111"):
        assert is_public(ipaddress.ip_address(text)), text


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_goes_to_the_checked_address_and_verifies_the_name(tmp_path: Path) -> None:
    server_tls, client_tls = self_signed(tmp_path, "briefings.test")
    with LocalWeb(tls=server_tls).running() as secure:
        policy = local_policy(**{"briefings.test": "127.0.0.1", "impostor.test": "127.0.0.1"})
        fetcher = Fetcher(policy, FetchLimits(1024 * 1024, 5.0), verify=client_tls)
        fetched = fetcher.fetch(secure.url("/host", host="briefings.test"))
        assert fetched.body.startswith(f"host briefings.test:{secure.port}".encode())
        with pytest.raises(LinkRefusedError, match="certificate could not be verified"):
            fetcher.fetch(secure.url("/host", host="impostor.test"))  # the certificate names another host

"""Keep test traffic on loopback: block (and record) any attempt to reach another address.

Use it as a context manager (``with loopback_only() as guard: ...``) or through the
``loopback_guard`` pytest fixture below (``tests/fake_discord/conftest.py`` makes it autouse
there; another test folder can re-export it from its own ``conftest.py``).

The guard patches ``socket.getaddrinfo``, ``socket.socket.connect``, ``connect_ex``,
``sendto`` and ``sendmsg`` (asyncio, aiohttp and aiohappyeyeballs all end up in these), so a
connection to a non-loopback address is refused before the kernel sees it: no packet leaves.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class NonLoopbackConnectionError(OSError):
    """Raised instead of reaching an address outside 127.0.0.0/8 and ::1."""

    def __init__(self, what: str, target: object) -> None:
        super().__init__(errno.ENETUNREACH, f"loopback guard blocked {what} to {target!r}")
        self.what = what
        self.target = target


@dataclass
class BlockedAttempt:
    """One refused attempt: which call (``connect``, ``getaddrinfo``...) and its target."""

    what: str
    target: object


@dataclass
class LoopbackGuard:
    """What the guard refused while it was active (``blocked``), in order."""

    blocked: list[BlockedAttempt] = field(default_factory=list)

    def refuse(self, what: str, target: object) -> NonLoopbackConnectionError:
        """Record a refused attempt and return the exception to raise for it."""
        self.blocked.append(BlockedAttempt(what, target))
        return NonLoopbackConnectionError(what, target)


def is_loopback_host(host: object) -> bool:
    """True for loopback IPs, the usual loopback names, and ``None``/``""`` (wildcard/bind)."""
    if host is None or host == "" or host == b"":
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_loopback_address(address: Any) -> bool:
    """True when a socket address (tuple for INET/INET6, path for AF_UNIX) stays on this machine."""
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path or abstract socket
    if isinstance(address, tuple) and address:
        return is_loopback_host(address[0])
    return False


def _address_of(args: tuple[Any, ...], index: int) -> Any:
    """The address argument of sendto/sendmsg (its position depends on the overload)."""
    return args[index] if len(args) > index else None


@contextlib.contextmanager
def loopback_only() -> Iterator[LoopbackGuard]:
    """Patch the socket layer so that only loopback is reachable; restore it on exit.

    Nesting is fine: each level saves and restores what it found.
    """
    guard = LoopbackGuard()
    orig_getaddrinfo = socket.getaddrinfo
    orig_connect = socket.socket.connect
    orig_connect_ex = socket.socket.connect_ex
    orig_sendto = socket.socket.sendto
    orig_sendmsg = socket.socket.sendmsg

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback_host(host):
            raise guard.refuse("getaddrinfo", (host, port))
        return orig_getaddrinfo(host, port, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if not is_loopback_address(address):
            raise guard.refuse("connect", address)
        orig_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not is_loopback_address(address):
            raise guard.refuse("connect_ex", address)
        return orig_connect_ex(self, address)

    def sendto(self: socket.socket, *args: Any) -> int:
        address = _address_of(args, len(args) - 1)
        if len(args) >= 2 and not is_loopback_address(address):
            raise guard.refuse("sendto", address)
        return orig_sendto(self, *args)

    def sendmsg(self: socket.socket, *args: Any) -> int:
        address = _address_of(args, 3)
        if address is not None and not is_loopback_address(address):
            raise guard.refuse("sendmsg", address)
        return orig_sendmsg(self, *args)

    patches: dict[str, Callable[..., Any]] = {
        "connect": connect,
        "connect_ex": connect_ex,
        "sendto": sendto,
        "sendmsg": sendmsg,
    }
    own = {name: socket.socket.__dict__.get(name) for name in patches}  # None = inherited from _socket
    socket.getaddrinfo = getaddrinfo
    for name, func in patches.items():
        setattr(socket.socket, name, func)
    try:
        yield guard
    finally:
        socket.getaddrinfo = orig_getaddrinfo
        for name, saved in own.items():
            if saved is None:
                delattr(socket.socket, name)
            else:
                setattr(socket.socket, name, saved)


def guarded() -> Iterator[LoopbackGuard]:
    """Fixture body: run the test under ``loopback_only()``, fail it if anything tried to leave loopback.

    A test that provokes a blocked attempt on purpose clears ``guard.blocked`` after checking it.
    """
    with loopback_only() as guard:
        yield guard
    assert not guard.blocked, f"non-loopback network attempts: {guard.blocked}"


loopback_guard = pytest.fixture(guarded, name="loopback_guard")
"""Opt-in fixture; ``pytest.fixture(guarded, autouse=True, name="loopback_guard")`` in a conftest makes it autouse."""

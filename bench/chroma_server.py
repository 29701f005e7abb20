"""A real `chroma run` server on a free loopback port, for the benchmarks and tests of server mode."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChromaServer:
    port: int
    pid: int
    log: Path

    def peak_mb(self) -> float:
        """The server process's resident high-water mark (VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


@contextmanager
def chroma_server(folder: Path, start_timeout: float = 60) -> Iterator[ChromaServer]:
    """Start `chroma run` on its own data folder under `folder`; stop it on leaving."""
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log_path = folder / "chroma.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                *_chroma_command(),
                "run",
                "--path",
                str(folder / "server-data"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, process, log_path, start_timeout)
            yield ChromaServer(port, process.pid, log_path)
        finally:
            process.terminate()
            process.wait(30)


def _wait_for(port: int, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the chroma server did not start: " + log_path.read_text()[-2000:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _chroma_command() -> list[str]:
    script = Path(sys.executable).with_name("chroma")
    return [str(script)] if script.exists() else [shutil.which("chroma") or "chroma"]

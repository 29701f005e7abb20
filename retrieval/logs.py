"""Logging, configured once at start by the entry point (command line or bot)."""

from __future__ import annotations

import logging
import sys

NOISY_LIBRARIES = ("bm25s", "chromadb", "httpx", "sentence_transformers", "transformers", "urllib3", "onnxruntime")


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record is emitted (test runners and daemons swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(level: int | str = logging.INFO) -> None:
    """key=value messages on stderr; chatty libraries held at WARNING."""
    handler = CurrentStderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)

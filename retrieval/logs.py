"""Logging, configured once at start by the entry point (command line or bot)."""

from __future__ import annotations

import logging
import sys

NOISY_LIBRARIES = ("bm25s", "chromadb", "httpx", "sentence_transformers", "transformers", "urllib3", "onnxruntime")


def configure_logging(level: int | str = logging.INFO) -> None:
    """key=value messages on stderr; chatty libraries held at WARNING."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
        stream=sys.stderr,
        force=True,
    )
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)

"""The corpus folder as a library admins change: uploads under safe names, removals inside the folder only."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from retrieval.errors import UploadRefusedError
from retrieval.ingest.loaders import SIDECAR_SUFFIX, SUPPORTED_SUFFIXES, UnreadableFileError, load_document
from retrieval.records import Document

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
MAX_NAME_LENGTH = 100
_SET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def valid_set_name(name: str) -> bool:
    """A set name usable as a sub-folder of the corpus: lower-case letters, digits, - and _ (not `_` first)."""
    return bool(_SET_NAME.fullmatch(name))


def _write_atomically(folder: Path, target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def safe_filename(filename: str) -> str:
    """A plain file name from whatever the user sent: no folders, no dots in front, only safe characters."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", filename or ""))[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[: MAX_NAME_LENGTH - 8]
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix).lower()
    return f"{stem or 'document'}.{suffix}" if suffix else stem or "document"


class Library:
    def __init__(self, corpus: Path, max_upload_bytes: int, max_file_bytes: int) -> None:
        self.corpus = corpus
        self.max_upload_bytes = max_upload_bytes
        self.max_file_bytes = max_file_bytes

    def check_upload(self, filename: str, data: bytes, folder: str = "") -> str:
        """The safe name the upload will be saved under (in the sub-folder `folder`, a set's name, when given),
        or UploadRefusedError saying why not."""
        name = safe_filename(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            allowed = ", ".join(UPLOAD_SUFFIXES)
            raise UploadRefusedError(f"{filename!r} is not a supported type: upload one of {allowed}.")
        if len(data) > self.max_upload_bytes:
            raise UploadRefusedError(
                f"{filename!r} is {len(data) / 1_048_576:.1f} MB; the upload limit is "
                f"{self.max_upload_bytes / 1_048_576:.0f} MB (MAX_UPLOAD_MB)."
            )
        if (self.corpus / folder / name).exists():
            raise UploadRefusedError(f"A document named {name} is already in the corpus: remove it first.")
        self.read(name, data)
        return name

    def read(self, name: str, data: bytes) -> Document:
        """The document `data` would become under `name` (which may be in a set's folder: `set/name.html`), or
        UploadRefusedError saying why it cannot be read."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name).name
            path.write_bytes(data)
            try:
                return load_document(path, name, self.max_file_bytes)
            except UnreadableFileError as error:
                raise UploadRefusedError(f"{name} cannot be read: {error}.") from None

    def save(self, name: str, data: bytes, sidecar: bytes | None = None) -> Path:
        """Write atomically into the corpus folder (a temporary file, then a rename), with its sidecar if given.
        `name` may be inside a set's sub-folder (`set/name.txt`), created when needed."""
        target = self._inside(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if sidecar is not None:
            _write_atomically(target.parent, target.with_name(target.name + SIDECAR_SUFFIX), sidecar)
        _write_atomically(target.parent, target, data)
        log.info("document saved name=%s bytes=%d", name, len(data))
        return target

    def delete(self, doc_id: str) -> None:
        path = self._inside(doc_id)
        path.unlink(missing_ok=True)
        path.with_name(path.name + SIDECAR_SUFFIX).unlink(missing_ok=True)
        log.info("document removed name=%s", doc_id)

    def _inside(self, relative: str) -> Path:
        root = self.corpus.resolve()
        path = (root / relative).resolve()
        if root not in path.parents or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UploadRefusedError(f"{relative!r} is not a document inside the corpus folder.")
        return path

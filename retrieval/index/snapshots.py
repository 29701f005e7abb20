"""Snapshot folders: every version of the index saved as files beside the store, written once, never edited.

    DATA_DIR/snapshots/<collection>/<generation>-r<revision>/
        manifest.json   what built it (model, dimension, backend, chunker), the alias file's digest, counts,
                        and each document: title, date, source, content hash and its chunk ids
        *.npy, columns.json   the chunk table (table.py) and the BM25 postings (lexical.py)

The pointer in the store names the live (generation, revision). A full re-index makes a new generation of
Chroma collections; an incremental one updates the live generation's collections in place and writes the
next revision's folder. A folder is written under a temporary name and renamed when complete, so any
folder that exists is whole; the pointer moves only after that. Anything else under the collection's
folder (older revisions, a half-written folder of a killed re-index) is pruned after a switch. A process
that has a snapshot open keeps its memory maps valid after the files are unlinked (POSIX semantics).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from retrieval.index.catalog import Catalog, retokenized
from retrieval.index.lexical import LexicalIndex
from retrieval.index.store import IndexSignature
from retrieval.index.table import ChunkTable
from retrieval.ingest.names import Aliases
from retrieval.records import DocumentInfo

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"


def aliases_digest(aliases: Aliases) -> str:
    """A short digest of the alias map (the BM25 terms depend on it)."""
    data = json.dumps([sorted(aliases.canonical_of.items()), sorted(aliases.display_of.items())])
    return hashlib.sha256(data.encode()).hexdigest()[:16]


class Snapshots:
    def __init__(self, data: Path, collection: str) -> None:
        self.root = data / "snapshots" / collection

    def folder(self, generation: str, revision: int) -> Path:
        return self.root / f"{generation}-r{revision}"

    def save(self, catalog: Catalog, signature: IndexSignature, generation: str, revision: int) -> Path:
        """Write the catalog as this (generation, revision)'s folder, atomically."""
        started = time.perf_counter()
        target = self.folder(generation, revision)
        temporary = self.root / f".tmp-{target.name}-{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        catalog.table.save(temporary)
        catalog.lexical.save(temporary)
        manifest = _manifest(catalog, signature, generation, revision)
        (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        _fsync_folder(temporary)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(temporary, target)
        log.info("snapshot saved folder=%s chunks=%d seconds=%.2f", target, len(catalog), time.perf_counter() - started)
        return target

    def load(self, generation: str, revision: int, signature: IndexSignature, aliases: Aliases) -> Catalog | None:
        """The saved catalog of this version, or None when there is no usable folder for it."""
        folder = self.folder(generation, revision)
        manifest = _read_manifest(folder)
        if manifest is None or manifest.get("format") != FORMAT:
            return None
        if signature.differences(manifest.get("signature", {})):
            log.warning("snapshot built with other settings folder=%s: rebuilding from the store", folder)
            return None
        started = time.perf_counter()
        table = ChunkTable.load(folder)
        documents = {d: _document_info(d, v) for d, v in manifest["documents"].items()}
        lexical: LexicalIndex | None = LexicalIndex.load(folder, table.vocabulary, len(table))
        if manifest.get("aliases") != aliases_digest(aliases):
            log.warning("alias file changed since the index was built: names re-folded in memory; re-index to save it")
            table, lexical = retokenized(table, documents, aliases), None
        catalog = Catalog(table, documents, aliases, lexical)
        log.info("snapshot loaded folder=%s chunks=%d seconds=%.2f", folder, len(table), time.perf_counter() - started)
        return catalog

    def saved_aliases(self, generation: str, revision: int) -> str:
        manifest = _read_manifest(self.folder(generation, revision)) or {}
        return str(manifest.get("aliases", ""))

    def prune(self, keep: Path) -> list[str]:
        """Remove every folder but `keep`: older revisions, other generations, half-written ones."""
        if not self.root.is_dir():
            return []
        removed = [p.name for p in self.root.iterdir() if p != keep]
        for name in removed:
            shutil.rmtree(self.root / name, ignore_errors=True)
        return removed


def _manifest(catalog: Catalog, signature: IndexSignature, generation: str, revision: int) -> dict:
    chunk_ids: dict[str, list[str]] = {d: [] for d in catalog.documents}
    for row, doc_id in enumerate(catalog.table.doc_ids):
        chunk_ids[doc_id].append(catalog.table.chunk_ids[row])
    return {
        "format": FORMAT,
        "generation": generation,
        "revision": revision,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "signature": signature.as_metadata(),
        "aliases": aliases_digest(catalog.aliases),
        "chunks": len(catalog),
        "sentences": int(catalog.table.sentence_offsets[-1]),
        "documents": {d: {**asdict(info), "chunk_ids": chunk_ids[d]} for d, info in catalog.documents.items()},
    }


def _document_info(doc_id: str, saved: dict) -> DocumentInfo:
    fields = {k: v for k, v in saved.items() if k != "chunk_ids"}
    return DocumentInfo(**{**fields, "doc_id": doc_id, "audience": tuple(fields.get("audience", ()))})


def _read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _fsync_folder(folder: Path) -> None:
    """Flush the folder's files to disk before the rename makes them the snapshot (a crash leaves no torn file)."""
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())

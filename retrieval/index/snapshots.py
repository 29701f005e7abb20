"""Snapshot files: every version of the index saved beside the store as immutable segments and a small manifest.

    DATA_DIR/snapshots/<collection>/
        segments/<name>/        one segment (segments.py), written once: the chunk table's columns (table.py),
                                its BM25 postings (lexical.py) and documents.json (each document whose rows
                                it holds: title, date, source, content hash, the file's size and time)
        <generation>-r<revision>/manifest.json
                                what built it (model, dimension, backend, chunker), the alias file's digest,
                                counts, and the segments of this version with their dead rows

A full build writes one segment; a change to a few documents writes a delta segment of their new rows and a
manifest whose tombstones name the rows they replace, so a revision costs what changed, not the corpus.
Deltas are merged into one segment when they grow (`BriefingCore.compact`). Segment and manifest folders are
written under a temporary name and renamed when complete, so any folder that exists is whole; the store's
pointer moves only after that. Anything else (older revisions, segments no live manifest names, half-written
folders of a killed process) is pruned after a switch. A process that has a segment open keeps its memory
maps valid after the files are unlinked (POSIX semantics).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from retrieval.index.catalog import Catalog, Stamp, lexical_text
from retrieval.index.segments import LiveSegment, Segment, copy_live_rows
from retrieval.index.store import IndexSignature
from retrieval.index.table import ChunkTable, TableWriter
from retrieval.ingest.names import FOLDING_VERSION, Aliases
from retrieval.records import DocumentInfo

log = logging.getLogger(__name__)

FORMAT = 2
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
SEGMENTS = "segments"
TEMPORARY = ".tmp-"


def aliases_digest(aliases: Aliases) -> str:
    """A short digest of the alias map and of how names are folded (the BM25 terms depend on both)."""
    data = json.dumps([FOLDING_VERSION, sorted(aliases.canonical_of.items()), sorted(aliases.display_of.items())])
    return hashlib.sha256(data.encode()).hexdigest()[:16]


class Snapshots:
    def __init__(self, data: Path, collection: str) -> None:
        self.root = data / "snapshots" / collection
        self.segments = self.root / SEGMENTS
        self._latest: tuple[tuple[str, int, str], Catalog] | None = None  # the last one loaded, reused once
        # the last loaded version's segments with their document records, by name: a segment never changes, so
        # the next version (one delta more) reads only its new segments
        self._opened: dict[str, tuple[Segment, dict]] = {}

    def folder(self, generation: str, revision: int) -> Path:
        return self.root / f"{generation}-r{revision}"

    # -- segments ----------------------------------------------------------------------------------

    def segment_writer(self, generation: str, revision: int, dimension: int) -> TableWriter:
        """A writer for a new segment of this version, in a temporary folder until `publish`."""
        name = f"{generation}-r{revision}-{uuid.uuid4().hex[:8]}"
        return TableWriter(self.segments / f"{TEMPORARY}{name}", dimension)

    def publish(
        self, writer: TableWriter, documents: Mapping[str, DocumentInfo], stamps: Mapping[str, Stamp]
    ) -> Segment:
        """Finish a written segment (postings, documents), flush it, and give it its final name."""
        rows = len(Segment.finish(writer))  # not kept: the segment is read back below under its final name
        listing = {d: {**asdict(info), "stamp": list(stamps.get(d, ()))} for d, info in documents.items()}
        (writer.folder / DOCUMENTS).write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
        _fsync_folder(writer.folder)
        target = self.segments / writer.folder.name.removeprefix(TEMPORARY)
        os.replace(writer.folder, target)
        log.info("segment written name=%s rows=%d", target.name, rows)
        return Segment.load(target)

    def merge(
        self, parts: Sequence[LiveSegment], generation: str, revision: int, aliases: Aliases | None = None
    ) -> list[LiveSegment]:
        """The live rows of these segments as one new segment in reading order (`aliases`: fold the BM25
        terms anew, the alias file changed)."""
        if not parts:
            return []
        documents, stamps = _documents(parts, [self._opened_segment(p.segment.name)[1] for p in parts])
        writer = self.segment_writer(generation, revision, parts[0].segment.table.dimension)
        copy_live_rows(parts, writer, _terms_by(aliases, documents) if aliases is not None else None)
        return [LiveSegment(self.publish(writer, documents, stamps), np.zeros(0, np.int64))]

    def write_catalog(self, catalog: Catalog, generation: str, revision: int) -> list[LiveSegment]:
        """An in-memory catalog (rebuilt from the store) as one new segment."""
        writer = self.segment_writer(generation, revision, catalog.table.dimension)
        writer.append(catalog.table)
        return [LiveSegment(self.publish(writer, catalog.documents, catalog.stamps), np.zeros(0, np.int64))]

    # -- versions ----------------------------------------------------------------------------------

    def save(
        self, parts: Sequence[LiveSegment], signature: IndexSignature, digest: str, generation: str, revision: int
    ) -> Path:
        """Write this (generation, revision)'s manifest, naming its segments and their dead rows, atomically."""
        target = self.folder(generation, revision)
        temporary = self.root / f"{TEMPORARY}{target.name}-{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        manifest = {
            "format": FORMAT,
            "generation": generation,
            "revision": revision,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "signature": signature.as_metadata(),
            "aliases": digest,
            "chunks": sum(p.live_count for p in parts),
            "segments": [{"name": p.segment.name, "dead": np.asarray(p.dead).tolist()} for p in parts],
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        _fsync_folder(temporary)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(temporary, target)
        log.info("version saved folder=%s segments=%d", target, len(parts))
        return target

    def load(self, generation: str, revision: int, signature: IndexSignature, aliases: Aliases) -> Catalog | None:
        """The saved catalog of this version, or None when there is no usable folder for it. Loading the same
        version twice in a row (the re-index checks it, then the switch opens it) reads the files once."""
        key = (generation, revision, aliases_digest(aliases))
        if self._latest is not None and self._latest[0] == key:
            return self._latest[1]
        catalog = self._load(generation, revision, signature, aliases)
        self._latest = (key, catalog) if catalog is not None else None
        return catalog

    def _load(self, generation: str, revision: int, signature: IndexSignature, aliases: Aliases) -> Catalog | None:
        folder = self.folder(generation, revision)
        manifest = _read_json(folder / MANIFEST)
        if manifest is None or manifest.get("format") != FORMAT:
            return None
        if signature.differences(manifest.get("signature", {})):
            log.warning("snapshot built with other settings folder=%s: rebuilding from the store", folder)
            return None
        started = time.perf_counter()
        try:
            entries = manifest["segments"]
            opened = {entry["name"]: self._opened_segment(entry["name"]) for entry in entries}
            parts = [LiveSegment(opened[e["name"]][0], np.array(e["dead"], dtype=np.int64)) for e in entries]
            documents, stamps = _documents(parts, [opened[e["name"]][1] for e in entries])
        except (OSError, ValueError, KeyError) as error:
            log.warning("snapshot segments unreadable folder=%s error=%s: rebuilding from the store", folder, error)
            return None
        if parts:
            catalog = Catalog.of_segments(parts, documents, aliases, stamps)
        else:
            catalog = Catalog(ChunkTable.build([], signature.dimension), {}, aliases, None)
        if manifest.get("aliases") != aliases_digest(aliases):
            log.warning("aliases or name folding changed since the index was built: re-folded in memory, re-index")
            catalog = catalog.retokenized(aliases)
        self._opened = opened
        seconds = time.perf_counter() - started
        log.info("snapshot loaded folder=%s chunks=%d seconds=%.2f", folder, len(catalog), seconds)
        return catalog

    def _opened_segment(self, name: str) -> tuple[Segment, dict]:
        """A segment and its document records: the last loaded version's when it has it, else read now."""
        opened = self._opened.get(name)
        if opened is None:
            folder = self.segments / name
            opened = (Segment.load(folder), _read_json(folder / DOCUMENTS) or {})
        return opened

    def chunk_count(self, generation: str, revision: int) -> int:
        """How many chunks a saved version holds, from its manifest (nothing else is read)."""
        manifest = _read_json(self.folder(generation, revision) / MANIFEST) or {}
        return int(manifest.get("chunks", 0))

    def saved_aliases(self, generation: str, revision: int) -> str:
        manifest = _read_json(self.folder(generation, revision) / MANIFEST) or {}
        return str(manifest.get("aliases", ""))

    def prune(self, keep: Path) -> list[str]:
        """Remove every version folder but `keep`, and every segment it does not name (older revisions,
        other generations, half-written folders)."""
        if not self.root.is_dir():
            return []
        manifest = _read_json(keep / MANIFEST) or {}
        wanted = {entry["name"] for entry in manifest.get("segments", [])}
        removed = [p for p in self.root.iterdir() if p != keep and p != self.segments]
        if self.segments.is_dir():
            removed += [p for p in self.segments.iterdir() if p.name not in wanted]
        for path in removed:
            shutil.rmtree(path, ignore_errors=True)
        return [p.name for p in removed]


def _terms_by(aliases: Aliases, documents: Mapping[str, DocumentInfo]) -> Callable[[ChunkTable], list[list[str]]]:
    def terms(batch: ChunkTable) -> list[list[str]]:
        return [
            aliases.terms(lexical_text(info.title, info.date, batch.headings[row], batch.text(row)))
            for row, info in ((r, documents[batch.doc_ids[r]]) for r in range(len(batch)))
        ]

    return terms


def _documents(
    parts: Sequence[LiveSegment], records: Sequence[Mapping[str, dict]]
) -> tuple[dict[str, DocumentInfo], dict[str, Stamp]]:
    """Each live document's record (the latest segment's) with its live chunk count, and its file's stamp;
    `records`: each part's saved document records."""
    saved_records: dict[str, dict] = {}
    counts: Counter[str] = Counter()
    for part, saved in zip(parts, records, strict=True):
        counts.update(itertools.compress(part.segment.table.doc_ids, part.live_mask()))
        saved_records.update(saved)
    documents = {d: _document_info(d, saved, counts[d]) for d, saved in saved_records.items() if counts[d]}
    unlisted = set(counts) - set(documents)
    if unlisted:
        raise ValueError(f"{len(unlisted)} documents with rows have no record (e.g. {min(unlisted)!r})")
    return documents, {d: tuple(saved_records[d].get("stamp", ())) for d in documents}


def _document_info(doc_id: str, saved: dict, chunk_count: int) -> DocumentInfo:
    fields = {k: v for k, v in saved.items() if k not in ("chunk_ids", "stamp")}
    audience = tuple(fields.get("audience", ()))
    return DocumentInfo(**{**fields, "doc_id": doc_id, "audience": audience, "chunk_count": chunk_count})


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _fsync_folder(folder: Path) -> None:
    """Flush the folder's files to disk before the rename makes them live (a crash leaves no torn file)."""
    for path in folder.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())

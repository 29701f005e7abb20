"""(Re-)indexing: scan the corpus, embed only what changed, stream it to the store and a new segment.

The plan compares each file with the live version: a file whose size and time (its stamp) match what was
indexed is unchanged without being read; one whose stamp moved is hashed, and re-embedded only when its
content hash changed. Its new chunks (whose ids embed the hash) are added before the old ones are deleted,
so it is never missing. A full build (first run, `--full`, or a change of model or chunker settings) goes
into a new generation of collections that becomes active only once complete and checked; the old one keeps
serving until then. One writer at a time: see `IndexLock`.

Writing is a pipeline of three bounded stages, so memory holds a few batches whatever the corpus size:
a loader thread reads, cleans and splits the next documents while the embedding model runs (its native
code leaves the interpreter free), and a writer thread adds the last batch to Chroma and to the new
segment's files (table.py's TableWriter). Nothing holds the corpus's texts or vectors at once.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from retrieval.index.catalog import Catalog, Stamp, lexical_text
from retrieval.index.chunking import Chunker
from retrieval.index.embedder import Embedder
from retrieval.index.store import ChromaIndex, IndexSignature, encode_spans, encode_vectors
from retrieval.index.table import ChunkTable, NewRow, TableWriter
from retrieval.ingest.dates import date_key
from retrieval.ingest.loaders import UnreadableFileError, file_hash, file_stamp, load_document, scan_corpus_files
from retrieval.ingest.names import Aliases
from retrieval.records import Chunk, Document, DocumentInfo, IndexReport, Progress, SkippedFile

log = logging.getLogger(__name__)


ProgressCallback = Callable[[Progress], None]


EMBED_BATCH_CHUNKS = 64
QUEUE_BATCHES = 2  # batches waiting between two stages of the pipeline


@dataclass(frozen=True)
class Plan:
    to_embed: list[tuple[str, Path]]  # (document id, file), in corpus order
    report: IndexReport
    replaced: list[str]  # documents whose stored chunks are superseded (changed) or gone (removed)

    @property
    def nothing_changed(self) -> bool:
        return not (self.report.added or self.report.changed or self.report.removed)


@dataclass
class Written:
    """What a write added: each embedded document's record and its file's stamp."""

    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)


@dataclass
class HighWater:
    """The most chunks the pipeline held at once (loaded and not yet written), and the largest batch: the
    figures that bound the indexer's memory, counted rather than timed."""

    chunks_in_flight: int = 0
    largest_batch: int = 0
    _now: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, chunks: int) -> None:
        with self._lock:
            self._now += chunks
            self.chunks_in_flight = max(self.chunks_in_flight, self._now)

    def done(self, chunks: int) -> None:
        with self._lock:
            self._now -= chunks


class Indexer:
    def __init__(
        self,
        embedder: Embedder,
        chunker: Chunker,
        signature: IndexSignature,
        max_file_bytes: int,
        late_sentences: bool = False,
        batch_chunks: int = EMBED_BATCH_CHUNKS,
    ) -> None:
        self._embedder = embedder
        self._late_sentences = late_sentences
        self._chunker = chunker
        self._signature = signature
        self._max_file_bytes = max_file_bytes
        self.batch_chunks = batch_chunks
        self.high_water = HighWater()

    def plan(self, corpus: Path, catalog: Catalog | None, full_reason: str) -> Plan:
        """What must be embedded, and what is added, changed, removed, unchanged or skipped."""
        files, skipped = scan_corpus_files(corpus)
        report = IndexReport(skipped=skipped, documents_total=len(files), full_rebuild_reason=full_reason)
        known = {} if catalog is None or full_reason else {d: i.content_hash for d, i in catalog.documents.items()}
        stamps = catalog.stamps if catalog is not None else {}
        to_embed: list[tuple[str, Path]] = []
        for file in files:
            doc_id = file.doc_id
            if doc_id not in known:
                report.added.append(doc_id)
                to_embed.append((doc_id, file.path))
            elif stamps.get(doc_id) == file.stamp() or _hash_or_none(file.path) == known[doc_id]:
                report.unchanged.append(doc_id)
            else:
                report.changed.append(doc_id)
                to_embed.append((doc_id, file.path))
        report.removed = sorted(set(known) - {file.doc_id for file in files})
        return Plan(to_embed, report, [*report.changed, *report.removed])

    def write(
        self,
        index: ChromaIndex,
        plan: Plan,
        catalog: Catalog | None,
        aliases: Aliases,
        progress: ProgressCallback | None,
        table: TableWriter,
    ) -> Written:
        """Embed the planned documents into the store and the segment `table`, then delete from the store
        what they replace and what was removed. Unreadable files move from added/changed to skipped (a
        changed one that became unreadable is removed)."""
        self.high_water = HighWater()
        written = Written()
        meter = _Meter(progress, len(plan.to_embed), set(plan.replaced))
        batches: queue.Queue[_Batch | None] = queue.Queue(maxsize=QUEUE_BATCHES)
        stop = threading.Event()
        loader = _Stage("loader", lambda: self._load_batches(plan, batches, stop, written, meter))
        embedded: queue.Queue[tuple[_Batch, list[NewRow]] | None] = queue.Queue(maxsize=QUEUE_BATCHES)
        writer = _Stage("writer", lambda: self._write_batches(index, embedded, table, aliases, meter))
        try:
            loader.start()
            writer.start()
            while (batch := _get(batches, loader)) is not None:
                _put(embedded, (batch, self._embed_batch(batch)), writer)
            _put(embedded, None, writer)
            writer.join()
        finally:
            stop.set()
            _drain(batches)
            loader.join()
            _drain(embedded)
            embedded.put(None)
            writer.join()
        if writer.error is not None:
            raise writer.error
        written.documents = meter.written
        self._delete_replaced(index, plan, catalog, meter.new_ids)
        plan.report.chunks_embedded = meter.chunks
        return written

    # -- the stages --------------------------------------------------------------------------------

    def _load_batches(
        self, plan: Plan, out: queue.Queue[_Batch | None], stop: threading.Event, written: Written, meter: _Meter
    ) -> None:
        batch = _Batch()
        for doc_id, path in plan.to_embed:
            if stop.is_set():
                return
            stamp = file_stamp(path)
            document = self._load(doc_id, path, plan.report)
            if document is None:
                meter.skipped()
                continue
            chunks = self._chunker.split(document)
            written.stamps[doc_id] = stamp
            if not chunks:
                meter.document_done(0)
                continue
            self.high_water.add(len(chunks))
            batch.add(document, chunks)
            if batch.size >= self.batch_chunks:
                self._hand_over(out, batch, stop)
                batch = _Batch()
        if batch.size:
            self._hand_over(out, batch, stop)
        self._hand_over(out, None, stop)

    def _hand_over(self, out: queue.Queue[_Batch | None], batch: _Batch | None, stop: threading.Event) -> None:
        if batch is not None:
            self.high_water.largest_batch = max(self.high_water.largest_batch, batch.size)
        while not stop.is_set():
            try:
                out.put(batch, timeout=0.2)
                return
            except queue.Full:
                continue

    def _load(self, doc_id: str, path: Path, report: IndexReport) -> Document | None:
        try:
            return load_document(path, doc_id, self._max_file_bytes)
        except (UnreadableFileError, OSError) as error:
            log.warning("skipping file=%s reason=%s", doc_id, error)
            report.skipped.append(SkippedFile(doc_id, str(error)))
            if doc_id in report.added:
                report.added.remove(doc_id)
            elif doc_id in report.changed:
                report.changed.remove(doc_id)
                report.removed.append(doc_id)
            report.documents_total -= 1
            return None

    def _embed_batch(self, batch: _Batch) -> list[NewRow]:
        chunks = batch.chunks
        chunk_vectors, sentence_vectors, rows = self._embed(chunks)
        sentence_matrix = sentence_vectors.astype(np.float16)
        offsets = np.cumsum([0, *(len(c.sentences) for c in chunks)])
        return [
            _new_row(batch.documents[c.doc_id], c, chunk_vectors[n], sentence_matrix[rows[a:b]])
            for n, (c, a, b) in enumerate(zip(chunks, offsets[:-1], offsets[1:], strict=True))
        ]

    def _write_batches(
        self,
        index: ChromaIndex,
        embedded: queue.Queue[tuple[_Batch, list[NewRow]] | None],
        table: TableWriter,
        aliases: Aliases,
        meter: _Meter,
    ) -> None:
        while (item := embedded.get()) is not None:
            batch, rows = item
            index.add_chunks(
                [c.chunk_id for c in batch.chunks],
                np.stack([r.vector for r in rows]),
                [c.text for c in batch.chunks],
                [_metadata(batch.documents[r.doc_id], c, r) for c, r in zip(batch.chunks, rows, strict=True)],
            )
            with_terms = [_with_terms(r, batch.documents[r.doc_id], aliases) for r in rows]
            table.append(ChunkTable.build(with_terms, table.dimension))
            batch.written(meter)
            self.high_water.done(batch.size)

    @staticmethod
    def _delete_replaced(index: ChromaIndex, plan: Plan, catalog: Catalog | None, new_ids: set[str]) -> None:
        if catalog is None:
            return
        for doc_id in plan.replaced:
            stale = [catalog.table.chunk_ids[r] for r in catalog.rows_of(doc_id)]
            index.delete([chunk_id for chunk_id in stale if chunk_id not in new_ids])

    # -- embedding ---------------------------------------------------------------------------------

    def _embed(self, chunks: list[Chunk]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Chunk vectors, sentence vectors, and for each sentence of each chunk in order, its row among them.

        Late: the sentence vectors come from the chunk pass (each sentence's tokens pooled in its chunk's
        context), so the model reads every token once. Separate: each distinct sentence is embedded alone."""
        if self._late_sentences and hasattr(self._embedder, "encode_with_spans"):
            spans = [[(s.start - c.start, s.end - c.start) for s in c.sentences] for c in chunks]
            chunk_vectors, per_chunk = self._embedder.encode_with_spans([c.text for c in chunks], spans)
            stacked = np.concatenate(per_chunk) if per_chunk else np.zeros((0, chunk_vectors.shape[1]), np.float32)
            missing = np.flatnonzero(np.isnan(stacked[:, 0])) if len(stacked) else np.zeros(0, int)
            if len(missing):
                texts = [s.text for c in chunks for s in c.sentences]
                stacked[missing] = self._embedder.encode([texts[i] for i in missing])
            return chunk_vectors, stacked, list(range(len(stacked)))
        chunk_vectors = self._embedder.encode([c.text for c in chunks])
        sentence_texts = list(dict.fromkeys(s.text for c in chunks for s in c.sentences))
        row_of = {text: row for row, text in enumerate(sentence_texts)}
        rows = [row_of[s.text] for c in chunks for s in c.sentences]
        return chunk_vectors, self._embedder.encode(sentence_texts), rows


class _Batch:
    """Whole documents' chunks, about `batch_chunks` of them."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.chunks: list[Chunk] = []

    @property
    def size(self) -> int:
        return len(self.chunks)

    def add(self, document: Document, chunks: list[Chunk]) -> None:
        self.documents[document.doc_id] = document
        self.chunks.extend(chunks)

    def written(self, meter: _Meter) -> None:
        meter.new_ids.update(c.chunk_id for c in self.chunks if c.doc_id in meter.replaced)
        for doc_id, document in self.documents.items():
            count = sum(1 for c in self.chunks if c.doc_id == doc_id)
            meter.written[doc_id] = DocumentInfo.of(document, count)
            meter.document_done(count)


class _Meter:
    """Counts documents and chunks written, and reports progress (the chunk total is projected from the
    documents done until the last one is)."""

    def __init__(self, progress: ProgressCallback | None, documents: int, replaced: set[str]) -> None:
        self._progress = progress
        self.replaced = replaced
        self.new_ids: set[str] = set()
        self._documents = documents
        self._started = time.perf_counter()
        self.done = 0
        self.chunks = 0
        self.written: dict[str, DocumentInfo] = {}
        self._lock = threading.Lock()

    def document_done(self, chunks: int) -> None:
        with self._lock:
            self.done += 1
            self.chunks += chunks
            projected = round(self.chunks * self._documents / self.done) if self.done < self._documents else self.chunks
            report = Progress(self.done, self._documents, self.chunks, max(projected, self.chunks), self._elapsed())
        if self._progress:
            self._progress(report)

    def skipped(self) -> None:
        """A planned document turned out unreadable: it no longer counts."""
        with self._lock:
            self._documents -= 1

    def _elapsed(self) -> float:
        return time.perf_counter() - self._started


class _Stage(threading.Thread):
    """A pipeline stage: a thread that keeps its exception for the main one to raise."""

    def __init__(self, name: str, work: Callable[[], None]) -> None:
        super().__init__(name=f"index-{name}", daemon=True)
        self._work = work
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._work()
        except BaseException as error:  # handed to the main thread, which raises it
            self.error = error
            log.exception("index %s failed", self.name)


def _get(source: queue.Queue[_Batch | None], stage: _Stage) -> _Batch | None:
    """The next item, or the stage's error when it died."""
    while True:
        try:
            return source.get(timeout=0.2)
        except queue.Empty:
            if not stage.is_alive():
                break
    if stage.error is not None:
        raise stage.error
    return None


def _put(target: queue.Queue, item: object, stage: _Stage) -> None:
    while True:
        try:
            target.put(item, timeout=0.2)
            return
        except queue.Full:
            if not stage.is_alive():
                break
    raise stage.error or RuntimeError(f"{stage.name} stopped")


def _drain(source: queue.Queue) -> None:
    while True:
        try:
            source.get_nowait()
        except queue.Empty:
            return


def _hash_or_none(path: Path) -> str | None:
    try:
        return file_hash(path)
    except OSError:
        return None


def _new_row(document: Document, chunk: Chunk, vector: np.ndarray, sentences: np.ndarray) -> NewRow:
    return NewRow(
        chunk_id=chunk.chunk_id,
        doc_id=document.doc_id,
        position=chunk.position,
        heading=chunk.heading,
        start=chunk.start,
        date_key=date_key(document.date),
        text=chunk.text,
        spans=tuple((s.start, s.end) for s in chunk.sentences),
        vector=vector,
        sentence_vectors=sentences,
        terms=[],
    )


def _with_terms(row: NewRow, document: Document, aliases: Aliases) -> NewRow:
    return replace(row, terms=aliases.terms(lexical_text(document.title, document.date, row.heading, row.text)))


def _metadata(document: Document, chunk: Chunk, row: NewRow) -> dict[str, str | int]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "date": document.date,
        "date_key": date_key(document.date),
        "source": document.source,
        "url": document.url,
        "publisher": document.publisher,
        "content_hash": document.content_hash,
        "set": document.doc_set,
        "audience": ",".join(document.audience),
        "supersedes": document.supersedes,
        "position": chunk.position,
        "start": chunk.start,
        "end": chunk.end,
        "heading": chunk.heading,
        "token_count": chunk.token_count,
        "sentences": encode_spans([(s.start, s.end) for s in chunk.sentences]),
        "sentence_vectors": encode_vectors(row.sentence_vectors),
    }

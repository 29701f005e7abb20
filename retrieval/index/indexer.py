"""(Re-)indexing: scan the corpus, embed only what changed, and never leave the team without an index.

The manifest (document id -> content hash and chunk ids) is read from the stored chunks' metadata, so it can
never disagree with the index. A document is re-embedded only when its content hash changed; its new chunks
(whose ids embed the hash) are added before the old ones are deleted, so it is never missing. A full build
(first run, `--full`, or a change of model or chunker settings) goes into a new generation of collections
that becomes active only once complete and checked; the old one keeps serving until then and is dropped
after. One writer at a time: see `IndexLock`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.index.catalog import Catalog, lexical_text
from retrieval.index.chunking import Chunker
from retrieval.index.embedder import Embedder
from retrieval.index.store import ChromaIndex, IndexSignature, encode_spans
from retrieval.index.table import NewRow
from retrieval.ingest.dates import date_key
from retrieval.ingest.loaders import scan_corpus
from retrieval.ingest.names import Aliases
from retrieval.records import Chunk, Document, DocumentInfo, IndexReport, Progress

log = logging.getLogger(__name__)


ProgressCallback = Callable[[Progress], None]


EMBED_BATCH_CHUNKS = 64


@dataclass(frozen=True)
class Plan:
    to_embed: list[Document]
    report: IndexReport
    replaced: list[str]  # documents whose stored chunks are superseded (changed) or gone (removed)

    @property
    def nothing_changed(self) -> bool:
        return not (self.report.added or self.report.changed or self.report.removed)


class Indexer:
    def __init__(
        self,
        embedder: Embedder,
        chunker: Chunker,
        signature: IndexSignature,
        max_file_bytes: int,
        late_sentences: bool = False,
    ) -> None:
        self._embedder = embedder
        self._late_sentences = late_sentences
        self._chunker = chunker
        self._signature = signature
        self._max_file_bytes = max_file_bytes

    def plan(self, corpus: Path, catalog: Catalog | None, full_reason: str) -> Plan:
        """What must be embedded, and what is added, changed, removed, unchanged or skipped."""
        documents, skipped = scan_corpus(corpus, self._max_file_bytes)
        report = IndexReport(skipped=skipped, documents_total=len(documents), full_rebuild_reason=full_reason)
        known = {} if catalog is None or full_reason else {d: i.content_hash for d, i in catalog.documents.items()}
        to_embed: list[Document] = []
        for document in documents:
            if document.doc_id not in known:
                report.added.append(document.doc_id)
                to_embed.append(document)
            elif known[document.doc_id] != document.content_hash:
                report.changed.append(document.doc_id)
                to_embed.append(document)
            else:
                report.unchanged.append(document.doc_id)
        scanned = {d.doc_id for d in documents}
        report.removed = sorted(set(known) - scanned)
        return Plan(to_embed, report, [*report.changed, *report.removed])

    def write(
        self,
        index: ChromaIndex,
        plan: Plan,
        catalog: Catalog | None,
        aliases: Aliases,
        progress: ProgressCallback | None,
    ) -> list[NewRow]:
        """Embed and add the planned documents, then delete what they replace and what was removed; the new
        rows, for the next snapshot."""
        started = time.perf_counter()
        chunked = [(doc, self._chunker.split(doc)) for doc in plan.to_embed]
        total_chunks = sum(len(chunks) for _, chunks in chunked)
        done_docs = done_chunks = 0
        rows: list[NewRow] = []
        for batch in _batches(chunked, EMBED_BATCH_CHUNKS):
            rows.extend(self._add_batch(index, batch, aliases))
            done_docs += len(batch)
            done_chunks += sum(len(chunks) for _, chunks in batch)
            if progress:
                progress(Progress(done_docs, len(chunked), done_chunks, total_chunks, time.perf_counter() - started))
        written = {c.chunk_id for _, chunks in chunked for c in chunks}
        for doc_id in plan.replaced:
            stale = [r for r in (catalog.chunks_of[doc_id] if catalog else []) if r.chunk_id not in written]
            index.delete([r.chunk_id for r in stale], [sid for r in stale for sid in r.sentence_ids()])
        plan.report.chunks_embedded = total_chunks
        return rows

    def _add_batch(
        self, index: ChromaIndex, batch: list[tuple[Document, list[Chunk]]], aliases: Aliases
    ) -> list[NewRow]:
        chunks = [c for _, cs in batch for c in cs]
        if not chunks:
            return []
        documents = {doc.doc_id: doc for doc, _ in batch}
        chunk_vectors, sentence_vectors, rows = self._embed(chunks)
        sentence_ids = [f"{c.chunk_id}/{n}" for c in chunks for n in range(len(c.sentences))]
        index.add_sentences(sentence_ids, sentence_vectors[rows] if rows else np.zeros((0, 1), np.float32))
        index.add_chunks(
            [c.chunk_id for c in chunks],
            chunk_vectors,
            [c.text for c in chunks],
            [_metadata(documents[c.doc_id], c) for c in chunks],
        )
        sentence_matrix = sentence_vectors.astype(np.float16)
        offsets = np.cumsum([0, *(len(c.sentences) for c in chunks)])
        return [
            _new_row(documents[c.doc_id], c, chunk_vectors[n], sentence_matrix[rows[a:b]], aliases)
            for n, (c, a, b) in enumerate(zip(chunks, offsets[:-1], offsets[1:], strict=True))
        ]


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


def document_info(document: Document, chunk_count: int) -> DocumentInfo:
    return DocumentInfo.of(document, chunk_count)


def _new_row(document: Document, chunk: Chunk, vector: np.ndarray, sentences: np.ndarray, aliases: Aliases) -> NewRow:
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
        terms=aliases.terms(lexical_text(document.title, document.date, chunk.heading, chunk.text)),
    )


def _batches(chunked: list[tuple[Document, list[Chunk]]], size: int) -> Iterator[list[tuple[Document, list[Chunk]]]]:
    batch: list[tuple[Document, list[Chunk]]] = []
    count = 0
    for item in chunked:
        batch.append(item)
        count += len(item[1])
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _metadata(document: Document, chunk: Chunk) -> dict[str, str | int]:
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
    }

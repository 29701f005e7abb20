"""Each document's sentences with the date they state (retrieval/ingest/event_dates.py), dated on first use.

Dating a document's sentences costs about 20 ms (bench/dates.py), so they are read when a timeline or a
"what changed" first needs the document and then kept for the life of the catalog they were read from (a
re-index brings a new catalog and so a new cache): no column in the index, no re-index to add one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from retrieval.index.catalog import Catalog
from retrieval.ingest.dates import date_key
from retrieval.ingest.event_dates import SentenceDate, date_sentences, period_end
from retrieval.records import Citation


@dataclass(frozen=True)
class DatedSentence:
    doc_id: str
    chunk_id: str
    row: int  # the chunk's row in the catalog
    index: int  # the sentence's place among the chunk's sentences (its vector)
    start: int
    text: str
    date: SentenceDate

    @property
    def key(self) -> int:
        return date_key(self.date.value)

    @property
    def end_key(self) -> int:
        last = period_end(self.date.value, self.date.precision, self.date.end_value)
        return int(last.strftime("%Y%m%d")) if last else self.key


class SentenceDates:
    """`dates.document(doc_id)`: the document's sentences in reading order, each with its date."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._documents: dict[str, tuple[DatedSentence, ...]] = {}
        self._by_start: dict[str, dict[int, DatedSentence]] = {}
        self._lock = threading.Lock()

    def document(self, doc_id: str) -> tuple[DatedSentence, ...]:
        with self._lock:
            if doc_id not in self._documents:
                self._documents[doc_id] = self._read(doc_id)
                self._by_start[doc_id] = {s.start: s for s in self._documents[doc_id]}
            return self._documents[doc_id]

    def at(self, doc_id: str, start: int) -> DatedSentence | None:
        """The sentence of the document that starts at character `start`."""
        self.document(doc_id)
        return self._by_start[doc_id].get(start)

    def vector(self, sentence: DatedSentence) -> np.ndarray:
        return self.catalog.sentence_vectors(sentence.row)[sentence.index]

    def previous(self, sentence: DatedSentence) -> DatedSentence | None:
        """The sentence before it in its document."""
        sentences = self.document(sentence.doc_id)
        at = next((i for i, s in enumerate(sentences) if s.start == sentence.start), 0)
        return sentences[at - 1] if at > 0 else None

    def meaning(self, sentence: DatedSentence, short_words: int = 8) -> np.ndarray:
        """The sentence's vector, read with the sentence before it when it is short ("That assumption no
        longer holds." means nothing alone)."""
        vector = self.vector(sentence).astype(np.float32)
        before = self.previous(sentence) if len(sentence.text.split()) < short_words else None
        if before is None:
            return vector
        joined = vector + self.vector(before).astype(np.float32)
        return joined / (float(np.linalg.norm(joined)) or 1.0)

    def citation(self, number: int, sentence: DatedSentence, score: float) -> Citation:
        info = self.catalog.documents[sentence.doc_id]
        return Citation(
            number=number,
            document=info,
            quote=sentence.text,
            score=round(score, 3),
            chunk_id=sentence.chunk_id,
        )

    def _read(self, doc_id: str) -> tuple[DatedSentence, ...]:
        info = self.catalog.documents.get(doc_id)
        seen: dict[int, tuple[str, int, int, str]] = {}
        for record in self.catalog.chunks_of.get(doc_id, []):
            for index, ((start, _), text) in enumerate(
                zip(record.sentence_spans, record.sentence_texts(), strict=True)
            ):
                seen.setdefault(start, (record.chunk_id, record.row, index, text))
        starts = sorted(seen)
        dates = date_sentences([seen[s][3] for s in starts], info.date if info else "")
        return tuple(
            DatedSentence(doc_id, seen[s][0], seen[s][1], seen[s][2], s, seen[s][3], d)
            for s, d in zip(starts, dates, strict=True)
        )

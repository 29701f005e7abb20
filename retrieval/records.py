"""The typed values that flow through the core and out to the command line and the bot."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One cleaned source document."""

    doc_id: str
    source: str
    title: str
    date: str
    text: str
    url: str = ""
    publisher: str = ""
    tags: tuple[str, ...] = ()
    content_hash: str = ""


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A piece of a document small enough for the model to read whole."""

    chunk_id: str
    doc_id: str
    position: int
    start: int
    end: int
    heading: str
    text: str
    sentences: tuple[Sentence, ...]
    token_count: int


@dataclass(frozen=True)
class DocumentInfo:
    """What the index knows about one document."""

    doc_id: str
    title: str
    date: str
    source: str
    url: str
    publisher: str
    chunk_count: int
    content_hash: str


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, its scores and its best-matching sentence."""

    chunk_id: str
    doc_id: str
    title: str
    date: str
    source: str
    url: str
    heading: str
    text: str
    position: int
    score: float
    dense_score: float
    lexical_score: float
    sentence_score: float
    best_sentence: str
    sentence_scores: tuple[float, ...] = ()
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    """One quoted sentence (or passage) that supports part of an answer."""

    number: int
    doc_id: str
    title: str
    date: str
    source: str
    url: str
    quote: str
    score: float
    chunk_id: str

    @classmethod
    def of(cls, number: int, passage: Passage, quote: str, score: float) -> Citation:
        """Citation number `number`: `quote` from `passage` (its best sentence when empty)."""
        return cls(
            number=number,
            doc_id=passage.doc_id,
            title=passage.title,
            date=passage.date,
            source=passage.source,
            url=passage.url,
            quote=quote or passage.best_sentence or passage.text,
            score=round(score, 3),
            chunk_id=passage.chunk_id,
        )


@dataclass(frozen=True)
class Answer:
    """A short answer whose every sentence carries [n] markers into `citations`."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    reason: str = ""
    nearest_documents: tuple[DocumentInfo, ...] = ()
    passages: tuple[Passage, ...] = ()
    passages_searched: int = 0
    elapsed_ms: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class Summary:
    """Key sentences in reading order, each cited."""

    subject: str
    text: str
    citations: tuple[Citation, ...]
    empty: bool = False
    elapsed_ms: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class SkippedFile:
    source: str
    reason: str


@dataclass
class IndexReport:
    """What a (re-)index did."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    documents_total: int = 0
    full_rebuild_reason: str = ""
    elapsed_s: float = 0.0


@dataclass(frozen=True)
class Progress:
    """A progress report from the indexer, for a bar or an edited Discord message."""

    documents_done: int
    documents_total: int
    chunks_done: int
    chunks_total: int
    elapsed_s: float

    @property
    def rate(self) -> float:
        return self.chunks_done / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        if self.chunks_done == 0 or self.chunks_total == 0:
            return None
        return (self.chunks_total - self.chunks_done) / self.rate if self.rate else None


@dataclass(frozen=True)
class Stats:
    documents: int
    chunks: int
    model: str
    backend: str
    store_mode: str
    questions_answered: int
    latency_p50_ms: float
    latency_p95_ms: float

"""The typed values that flow through the core and out to the command line and the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    doc_set: str = "default"  # the document set (its sub-folder of the corpus, or the `set` metadata key)
    audience: tuple[str, ...] = ()  # role ids or names that may read it (empty: everyone who sees its set)
    supersedes: str = ""  # front matter: the document (file name, id or title) this one replaces


SENTENCE_KINDS = ("sentence", "list_item", "heading", "byline", "caption", "boilerplate")
QUOTABLE_KINDS = frozenset({"sentence", "list_item"})


@dataclass(frozen=True)
class Sentence:
    """A sentence with its span; `kind` is one of SENTENCE_KINDS (headings, bylines, captions and boilerplate
    lines are kept for context but never quoted as an answer)."""

    text: str
    start: int
    end: int
    kind: str = "sentence"


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
    """What the index knows about one document: the record a Passage and a Citation carry."""

    doc_id: str
    title: str
    date: str
    source: str
    url: str
    publisher: str = ""
    chunk_count: int = 0
    content_hash: str = ""
    doc_set: str = "default"
    audience: tuple[str, ...] = ()
    supersedes: str = ""

    @classmethod
    def of(cls, document: Document, chunk_count: int = 0) -> DocumentInfo:
        """The record of a loaded document (the one place a DocumentInfo is built from a Document)."""
        return cls(
            doc_id=document.doc_id,
            title=document.title,
            date=document.date,
            source=document.source,
            url=document.url,
            publisher=document.publisher,
            chunk_count=chunk_count,
            content_hash=document.content_hash,
            doc_set=document.doc_set,
            audience=document.audience,
            supersedes=document.supersedes,
        )


class _OfDocument:
    """The document's fields, read through the nested record (`passage.title` is `passage.document.title`)."""

    document: DocumentInfo

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def date(self) -> str:
        return self.document.date

    @property
    def source(self) -> str:
        return self.document.source

    @property
    def url(self) -> str:
        return self.document.url


FLAT_DOCUMENT_FIELDS = ("doc_id", "title", "date", "source", "url")


@dataclass(frozen=True)
class Passage(_OfDocument):
    """A retrieved chunk of a document, its scores and its best-matching sentence."""

    chunk_id: str
    document: DocumentInfo
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
    sentence_kinds: tuple[str, ...] = ()  # one per sentence (see SENTENCE_KINDS); () when unknown


@dataclass(frozen=True)
class Citation(_OfDocument):
    """One quoted sentence (or passage) of a document that supports part of an answer."""

    number: int
    document: DocumentInfo
    quote: str
    score: float
    chunk_id: str

    @classmethod
    def of(cls, number: int, passage: Passage, quote: str, score: float) -> Citation:
        """Citation number `number`: `quote` from `passage` (its best sentence when empty)."""
        return cls(
            number=number,
            document=passage.document,
            quote=quote or passage.best_sentence or passage.text,
            score=round(score, 3),
            chunk_id=passage.chunk_id,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        """A citation from its `asdict` form, nested or (as stored before records nested) flat."""
        document = data.get("document") or {key: data.get(key, "") for key in FLAT_DOCUMENT_FIELDS}
        return cls(
            number=int(data["number"]),
            document=DocumentInfo(**{**document, "audience": tuple(document.get("audience") or ())}),
            quote=str(data["quote"]),
            score=float(data["score"]),
            chunk_id=str(data["chunk_id"]),
        )


def sources_once(citations: tuple[Citation, ...]) -> list[tuple[str, Citation]]:
    """Each cited document once, with the numbers that cite it ("1-3, 5") and its first citation."""
    numbers: dict[str, list[int]] = {}
    first: dict[str, Citation] = {}
    for citation in citations:
        numbers.setdefault(citation.doc_id, []).append(citation.number)
        first.setdefault(citation.doc_id, citation)
    return [(_number_runs(numbers[d]), first[d]) for d in numbers]


def _number_runs(numbers: list[int]) -> str:
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


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
    filters: tuple[str, ...] = ()  # the filters applied, in words ('only documents dated from 1 May 2017 on')
    private: bool = False  # it shows a document with an audience: show it to the asker only, never in public


@dataclass(frozen=True)
class Summary:
    """Key sentences in reading order, each cited."""

    subject: str
    text: str
    citations: tuple[Citation, ...]
    empty: bool = False
    elapsed_ms: float = 0.0
    note: str = ""
    private: bool = False  # it quotes a document with an audience: show it to the asker only


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


@dataclass
class RefreshReport:
    """What a refresh of the documents added by link did; `index` is the re-index when something changed."""

    checked: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    gone: list[SkippedFile] = field(default_factory=list)  # 404/410: the saved copy is kept
    failed: list[SkippedFile] = field(default_factory=list)  # refused or unreachable this time: kept as well
    index: IndexReport | None = None


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


@dataclass(frozen=True)
class StoredAnswer:
    """An answer the bot gave, as the question log keeps it for its buttons (more sources)."""

    id: int
    question: str
    answer: str
    more_sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Vote:
    """A member's helpful / not helpful vote on a logged answer (`user_id` is a one-way key unless
    LOG_USER_IDS=true)."""

    answer_id: int
    user_id: int
    helpful: bool
    question: str
    answer: str


@dataclass(frozen=True)
class LoggedQuestion:
    """One row of the question log: what was asked where, whether it was answered, how fast, what it cited,
    and the votes it got."""

    id: int
    asked_at: float  # seconds since the epoch (UTC)
    question: str
    declined: bool
    reason: str
    latency_ms: float | None
    cited_documents: tuple[str, ...]
    origin: str  # "discord" or "cli"
    guild_id: int | None
    channel_id: int | None
    user_id: int | None
    helpful_votes: int
    unhelpful_votes: int

    @property
    def found_unhelpful(self) -> bool:
        return self.unhelpful_votes > self.helpful_votes


@dataclass(frozen=True)
class UsageDay:
    """One day of usage (UTC): questions asked, declined, votes, latency percentiles."""

    day: str  # YYYY-MM-DD
    questions: int
    declined: int
    helpful_votes: int
    unhelpful_votes: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None


@dataclass(frozen=True)
class Usage:
    """Usage over the last `days` days, from the question log: totals and one entry per day (oldest first)."""

    days: int
    questions: int
    declined: int
    helpful_votes: int
    unhelpful_votes: int
    latency_p50_ms: float
    latency_p95_ms: float
    per_day: tuple[UsageDay, ...]

    @property
    def declined_share(self) -> float:
        return self.declined / self.questions if self.questions else 0.0

    @property
    def helpful_share(self) -> float | None:
        votes = self.helpful_votes + self.unhelpful_votes
        return self.helpful_votes / votes if votes else None


@dataclass(frozen=True)
class Gap:
    """A group of declined or "not helpful" questions on one topic: a briefing to write next."""

    label: str
    size: int
    declined: int
    unhelpful: int
    examples: tuple[str, ...]
    nearest_documents: tuple[DocumentInfo, ...]


@dataclass(frozen=True)
class GapReport:
    """Coverage gaps over the last `days` days, the largest group first."""

    days: int
    questions_considered: int
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """One development: when it happened (YYYY-MM-DD, YYYY-MM or YYYY; a range's first day with `end`), the
    sentence that tells it, and every briefing that tells it. In "what changed", `revises` cites the older
    briefing a revision replaces."""

    date: str
    text: str
    citations: tuple[Citation, ...]
    end: str = ""
    date_stated: bool = True  # False: the sentence gives no date; the briefing's own date stands in
    kind: str = ""  # in "what changed": "new" or "revision"
    revises: Citation | None = None

    @property
    def when(self) -> str:
        """ "2017-09-03 to 2017-09-05", "2017-10-30 (briefing date)", "2017-10-30 revises 2017-06-28"."""
        if self.revises is not None:
            newer = self.citations[0].date if self.citations else self.date
            return f"{newer} revises {self.revises.date or 'undated'}"
        when = f"{self.date} to {self.end}" if self.end else self.date or "undated"
        return when if self.date_stated else f"{when} (briefing date)"


@dataclass(frozen=True)
class Timeline:
    """Developments on a topic in date order."""

    topic: str
    entries: tuple[TimelineEntry, ...]
    since: str = ""
    until: str = ""
    note: str = ""
    elapsed_ms: float = 0.0
    private: bool = False  # it cites a document with an audience: show it to the asker only


@dataclass(frozen=True)
class Changes:
    """What briefings dated from `since` on say that earlier ones did not, and what they revise."""

    since: str
    topic: str
    entries: tuple[TimelineEntry, ...]
    note: str = ""
    elapsed_ms: float = 0.0
    private: bool = False  # it cites a document with an audience: show it to the asker only

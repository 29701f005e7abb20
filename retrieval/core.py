"""The core's one entry point: `BriefingCore`, shared by the command line, the bot and the benchmarks.

It owns the parts (embedder, store, search, answers, summaries, indexer) and a snapshot of the live index
(Chroma's collections of one generation and the catalog of one revision, loaded from its snapshot folder).
Reads take the snapshot once and use it to the end; a re-index builds aside, saves the next folder, moves
the pointer and swaps the snapshot, so a question asked meanwhile is answered from the old index, without
errors. Every method is blocking: the bot
calls them through `asyncio.to_thread`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

import numpy as np

from retrieval.answer.answerability import (
    Scorer,
    WordVectors,
    tuned_action_floor,
    tuned_counted_floor,
    tuned_focus_floor,
    tuned_margin,
    tuned_passage_floor,
)
from retrieval.answer.changes import ChangesFinder
from retrieval.answer.dated import SentenceDates
from retrieval.answer.extractive import AbstentionPolicy, Answerer
from retrieval.answer.ranking import SentenceRanker
from retrieval.answer.recency import QuoteVectors, newest_first
from retrieval.answer.refusals import FILTER_REASON, NOT_ANSWERED_IN_SCOPE
from retrieval.answer.summaries import Summarizer
from retrieval.answer.timeline import TimelineBuilder
from retrieval.errors import (
    BriefingError,
    IndexEmptyError,
    IndexMismatchError,
    LinkRefusedError,
    QuestionError,
    UploadRefusedError,
)
from retrieval.index.catalog import Catalog
from retrieval.index.chunking import Chunker, ChunkerConfig
from retrieval.index.embedder import Embedder, index_backend
from retrieval.index.embedders import LazyEmbedder
from retrieval.index.indexer import Indexer, ProgressCallback
from retrieval.index.locks import reindex_lock, store_lock
from retrieval.index.matcher import SentenceMatcher
from retrieval.index.segments import NO_ROWS, LiveSegment, in_reading_order, live_chunk_ids, merge_due
from retrieval.index.snapshots import Snapshots, aliases_digest
from retrieval.index.store import ChromaIndex, Generations, IndexSignature, StoreQueryError, open_client
from retrieval.ingest.dates import date_key
from retrieval.ingest.event_dates import parse_iso, period_end
from retrieval.ingest.fetch import AddressPolicy, Fetcher, FetchLimits, FetchProgress, for_log
from retrieval.ingest.library import Library, valid_set_name
from retrieval.ingest.links import body_hash, find_link, name_for, saved_links, sidecar_bytes, sidecar_for
from retrieval.ingest.loaders import DEFAULT_SET, set_name
from retrieval.ingest.names import Aliases
from retrieval.insight.gaps import GAP_DISTANCE, MAX_QUESTIONS, Cluster, cluster_questions
from retrieval.insight.questionlog import QuestionLog
from retrieval.llm.chat import llm_configured
from retrieval.llm.writer import AnswerStream, LlmWriter, document_passages
from retrieval.records import (
    Answer,
    Changes,
    Citation,
    DocumentInfo,
    Gap,
    GapReport,
    IndexReport,
    RefreshReport,
    SkippedFile,
    Stats,
    Summary,
    Timeline,
    Usage,
)
from retrieval.search.documents import rank_documents, resolve_document
from retrieval.search.filters import describe_filters, nothing_left, read_since
from retrieval.search.followup import follow_up
from retrieval.search.hybrid import Searcher, SearchResult
from retrieval.search.question import QuestionAnalysis
from retrieval.search.question_dates import QuestionTime, read_question_time, spelled_months
from retrieval.search.scopes import (
    SCOPES_FILE,
    Readable,
    Scope,
    ScopePolicy,
    ScopeResolver,
    visible_refresh,
    visible_report,
)
from retrieval.settings import Settings

log = logging.getLogger(__name__)

TIMELINE_DEPTH = 12  # a timeline or "what changed" reads TOP_K times this many passages
POINTER_CHECK_S = 2.0  # with a Chroma server, how often a reader looks for another process's re-index
LOGGED_NAMES = 20  # documents named in a re-index's log line (the counts are whole)
NOTHING_IN_SCOPE = "The briefings you can read say nothing about this."


@dataclass(frozen=True)
class Snapshot:
    """The live index: its Chroma collections and its catalog (one version of both), always used together."""

    index: ChromaIndex
    catalog: Catalog
    searcher: Searcher
    summarizer: Summarizer
    generation: str
    revision: int
    aliases_digest: str  # of the alias file the saved BM25 terms were folded with
    scopes: ScopeResolver  # who may read which of this catalog's documents and rows (cached per scope)
    dates: SentenceDates  # each document's sentences with their dates, read on first use
    newest: date  # the newest briefing's date ("latest", "now" and "as of" are read against it)


def valid_question(question: str, limit: int, what: str = "question") -> str:
    """The question (or topic) with its spaces tidied, or QuestionError (polite, for the user) when empty or too
    long."""
    question = " ".join((question or "").split())
    if not question:
        raise QuestionError(f"Please type a {what}: the one received was empty.")
    if len(question) > limit:
        raise QuestionError(f"That {what} is {len(question):,} characters long; please keep it under {limit:,}.")
    return question


class BriefingCore:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        client: object | None = None,
        fetcher: Fetcher | None = None,
        matcher: SentenceMatcher | None = None,
    ) -> None:
        self.settings = settings
        self.embedder: Embedder = embedder or LazyEmbedder(settings.embedding_model, settings.embedding_backend)
        self._client = client
        self.chunker = Chunker(
            ChunkerConfig(settings.chunk_tokens, settings.chunk_overlap_tokens, self.embedder.max_tokens),
            self.embedder.count_tokens,
        )
        self.signature = IndexSignature(
            model=self.embedder.model_name,
            dimension=self.embedder.dimension,
            backend=index_backend(self.embedder.backend),
            chunker=self.chunker.config.signature() + ("/late" if settings.sentence_vectors == "late" else ""),
        )
        common = getattr(self.embedder, "is_common_word", lambda w: self.embedder.count_tokens(w) <= 3)
        policy = AbstentionPolicy(
            settings.abstain_min_sentence_score,
            settings.abstain_confident_score,
            ranker_margin=tuned_margin(),
            min_passage_score=tuned_passage_floor(),
            min_action_match=tuned_action_floor(),
            min_counted_match=tuned_counted_floor(),
            min_focus_near=tuned_focus_floor(),
        )
        words = WordVectors(self.embedder.encode)
        self.matcher = matcher or SentenceMatcher(settings.matcher_model)
        rankers = SentenceRanker.load(), SentenceRanker.load(part="quote_ranker")
        self.answerer = Answerer(policy, common, Scorer.load(), rankers[0], words, self.matcher, rankers[1])
        self.writer = LlmWriter(settings, self.embedder) if llm_configured(settings) else None
        self.indexer = Indexer(
            self.embedder,
            self.chunker,
            self.signature,
            settings.max_file_bytes,
            late_sentences=settings.sentence_vectors == "late",
        )
        self.lock = reindex_lock(settings.data_path)
        self.store_lock = store_lock(settings.data_path)
        self.library = Library(settings.corpus_path, settings.max_upload_mb * 1024 * 1024, settings.max_file_bytes)
        self.fetcher = fetcher or Fetcher(
            AddressPolicy(allow_private=settings.allow_private_urls),
            FetchLimits(settings.max_upload_mb * 1024 * 1024, settings.fetch_timeout_seconds),
        )
        self.snapshots = Snapshots(settings.data_path, settings.collection)
        self._snapshot: Snapshot | None = None
        self._pointer_checked = 0.0
        self._open_lock = threading.Lock()
        self._latencies: deque[float] = deque(maxlen=1000)
        self.questions_answered = 0
        self._policy: tuple[float, ScopePolicy] = (-1.0, ScopePolicy())
        self._compaction: threading.Thread | None = None

    # -- the index ---------------------------------------------------------------------------------

    @property
    def generations(self) -> Generations:
        if self._client is None:
            self._client = open_client(self.settings)
        # a server holds the collections in its own memory: one collection there, one search per question
        shard_chunks = 0 if self.settings.chroma_host else self.settings.shard_chunks
        return Generations(self._client, self.settings.collection, shard_chunks)

    def snapshot(self) -> Snapshot:
        """The live index, opened on first use; IndexEmptyError when there is none yet. With a Chroma server,
        another process may re-index: the pointer is checked every few seconds and a new version loaded."""
        with self._open_lock:
            if self._snapshot is None or self._pointer_moved():
                self._snapshot = self._load_snapshot()
            return self._snapshot

    def _pointer_moved(self) -> bool:
        if not self.settings.chroma_host or self._snapshot is None:
            return False
        now = time.monotonic()
        if now - self._pointer_checked < POINTER_CHECK_S:
            return False
        self._pointer_checked = now
        return self.generations.pointer() != (self._snapshot.generation, self._snapshot.revision)

    def _load_snapshot(self, pointer: tuple[str, int] | None = None) -> Snapshot:
        pointer = pointer or self.generations.pointer()
        if pointer is None:
            raise IndexEmptyError("There is no index yet: run `python -m retrieval index` (or /reindex) first.")
        generation, revision = pointer
        index = self.generations.index(generation)
        index.open(self.signature)
        aliases = Aliases.load(self.settings.aliases_path)
        catalog = self.snapshots.load(generation, revision, self.signature, aliases)
        saved_digest = self.snapshots.saved_aliases(generation, revision)
        if catalog is None:
            log.warning("no snapshot files generation=%s revision=%d: rebuilding them from the store", *pointer)
            rebuilt = Catalog.from_store(index, aliases, self.embedder.dimension)
            parts = self.snapshots.write_catalog(rebuilt, generation, revision)
            saved_digest = aliases_digest(aliases)
            self.snapshots.save(parts, self.signature, saved_digest, generation, revision)
            catalog = self.snapshots.load(generation, revision, self.signature, aliases) or rebuilt
        self._pointer_checked = time.monotonic()
        return Snapshot(
            index,
            catalog,
            Searcher(index, self.embedder),
            Summarizer(),
            generation,
            revision,
            saved_digest,
            ScopeResolver(catalog),
            SentenceDates(catalog),
            _newest_date(catalog),
        )

    def claim_store(self, by: str) -> bool:
        """Become the embedded store's one writer process until `release_store` or the end of the process (the
        bot does); IndexBusyError when another process has it. True when this call took the claim."""
        if self.settings.chroma_host or self.store_lock.held:
            return False
        self.store_lock.acquire(by)
        return True

    def release_store(self) -> None:
        """Give up the claim of `claim_store` (the bot, when it stops watching)."""
        self.store_lock.release()

    @contextmanager
    def _writing(self, by: str) -> Iterator[None]:
        """One re-index at a time; with the embedded store, also refuse when another process owns it. A
        background merge of this process's deltas is waited for, not refused."""
        if self._compaction is not None and self._compaction is not threading.current_thread():
            self._compaction.join()
        with self.lock.hold(by):
            if self.settings.chroma_host or self.store_lock.held:
                yield
            else:
                with self.store_lock.hold(by):
                    yield

    def reindex(
        self,
        full: bool = False,
        progress: ProgressCallback | None = None,
        by: str = "command line",
        isolated: bool = False,
        *,
        scope: Scope | None = None,
    ) -> IndexReport:
        """Bring the index in line with the corpus folder: incremental unless `full` or the settings changed.
        The report names only what `scope` may read (None: everything).

        `isolated` (the bot): a full build runs in a child process (retrieval/isolated.py) that writes the new
        generation on this process's behalf while this one keeps serving, holds the locks, then switches to it;
        the vector store's native code, which holds the interpreter lock while it writes, never stalls this
        process. An incremental update runs here (it writes only what changed, into the collections this
        process has open)."""
        with self._writing(by):
            before = self._documents_now() if scope is not None and not scope.unrestricted else {}
            current, reason = self._current_for_update(full) if isolated else (None, "")
            if isolated and current is None:
                report = self._reindex_in_child(reason, progress)
            else:
                report = self._reindex_locked(full, progress)
        self.compact_later()
        return self._report_for(report, scope, before)

    def add_document(
        self,
        filename: str,
        data: bytes,
        by: str,
        progress: ProgressCallback | None = None,
        *,
        doc_set: str | None = None,
        audience: tuple[str, ...] = (),
        scope: Scope | None = None,
    ) -> IndexReport:
        """Validate an uploaded file, save it into the corpus under a safe name (in the folder of `doc_set`,
        which must be one the `scope`'s server sees; with an `audience`, a sidecar records it), and index it."""
        folder = self._upload_folder(doc_set, scope)
        name = self.library.check_upload(filename, data, folder)
        with self._writing(by):
            before = self._documents_now()
            sidecar = sidecar_bytes({"audience": ", ".join(audience)}) if audience else None
            self.library.save(f"{folder}/{name}" if folder else name, data, sidecar)
            return self._report_for(self._reindex_locked(False, progress), scope, before)

    def add_url(
        self,
        url: str,
        by: str,
        progress: ProgressCallback | None = None,
        fetch_progress: FetchProgress | None = None,
        *,
        doc_set: str | None = None,
        audience: tuple[str, ...] = (),
        scope: Scope | None = None,
    ) -> IndexReport:
        """Fetch a link (checked: see ingest/fetch.py), save it into the corpus under a safe name (in the folder
        of `doc_set`, as for uploads) with a sidecar holding the link, the page's title and date, the time, the
        body's hash and the `audience` if any, and index it. The report names only what `scope` may read."""
        folder = self._upload_folder(doc_set, scope)
        self._refuse_known_link(url, scope)
        fetched = self.fetcher.fetch(url, fetch_progress)  # outside the lock: the network may be slow
        target = self.settings.corpus_path / folder
        name = self.library.check_upload(name_for(fetched, target), fetched.body, folder)
        sidecar = sidecar_for(fetched) | ({"audience": ", ".join(audience)} if audience else {})
        with self._writing(by):
            before = self._documents_now()
            self.library.save(f"{folder}/{name}" if folder else name, fetched.body, sidecar_bytes(sidecar))
            log.info(
                "link added url=%s name=%s set=%s audience=%d by=%s", for_log(url), name, folder, len(audience), by
            )
            return self._report_for(self._reindex_locked(False, progress), scope, before)

    def _refuse_known_link(self, url: str, scope: Scope | None) -> None:
        """UploadRefusedError when the link is in the corpus already (named only when the scope may read it)."""
        existing = find_link(self.settings.corpus_path, url)
        if not existing:
            return
        named = scope is None or scope.unrestricted or self._readable_now(scope).may_read(existing)
        shown = f" as {existing}" if named else ""
        raise UploadRefusedError(f"{url} is already in the corpus{shown}: it is refreshed from there.")

    def refresh_links(
        self, by: str = "scheduled refresh", progress: ProgressCallback | None = None, *, scope: Scope | None = None
    ) -> RefreshReport:
        """Fetch every document added by link again; save and re-index only those whose body changed (by hash).
        A page that is gone (404/410) or cannot be fetched keeps its saved copy and is reported. The report
        names and counts only what `scope` may read (None: everything)."""
        report = RefreshReport()
        updates: list[tuple[str, bytes, bytes]] = []
        for doc_id, sidecar in saved_links(self.settings.corpus_path):
            report.checked.append(doc_id)
            update = self._refetch(doc_id, sidecar, report)
            if update is not None:
                updates.append(update)
        before: dict[str, DocumentInfo] = {}
        if updates:
            with self._writing(by):
                before = self._documents_now()
                for doc_id, body, meta in updates:
                    self.library.save(doc_id, body, meta)
                report.index = self._reindex_locked(False, progress)
        log.info(
            "links refreshed checked=%d changed=%d unchanged=%d gone=%d failed=%d",
            len(report.checked),
            len(report.changed),
            len(report.unchanged),
            len(report.gone),
            len(report.failed),
        )
        return self._refresh_for(report, scope, before)

    def _refetch(self, doc_id: str, sidecar: dict[str, str], report: RefreshReport) -> tuple[str, bytes, bytes] | None:
        """The new body and sidecar of one link when it changed; None (and the report says why) otherwise."""
        try:
            fetched = self.fetcher.fetch(sidecar["url"])
            if not doc_id.endswith(fetched.kind):
                raise LinkRefusedError(f"the link now serves a {fetched.kind.lstrip('.').upper()} file")
            if body_hash(fetched.body) == sidecar.get("content_hash"):
                report.unchanged.append(doc_id)
                return None
            self.library.read(doc_id, fetched.body)
        except UploadRefusedError as error:
            gone = isinstance(error, LinkRefusedError) and error.gone
            (report.gone if gone else report.failed).append(SkippedFile(doc_id, str(error)))
            log.warning("link not refreshed name=%s gone=%s reason=%s", doc_id, gone, error)
            return None
        report.changed.append(doc_id)
        kept = {k: v for k, v in sidecar.items() if k not in ("final_url", "title", "date", "author")}
        return doc_id, fetched.body, sidecar_bytes({**kept, **sidecar_for(fetched)})  # an admin's tags stay

    def remove_document(self, document: str, by: str, *, scope: Scope | None = None) -> IndexReport:
        """Delete a document's file (and sidecar) from the corpus and its chunks from the index."""
        snap = self.snapshot()
        info = self._document(snap, document, self._readable(snap, scope))
        with self._writing(by):
            before = self._documents_now()
            self.library.delete(info.doc_id)
            return self._report_for(self._reindex_locked(False, None), scope, before)

    def _documents_now(self) -> dict[str, DocumentInfo]:
        try:
            return dict(self.snapshot().catalog.documents)
        except BriefingError:
            return {}

    def _report_for(self, report: IndexReport, scope: Scope | None, before: dict[str, DocumentInfo]) -> IndexReport:
        """The report as `scope` may see it (the log keeps the whole one: the operator reads everything)."""
        log.info(
            "reindex report added=%d changed=%d removed=%d skipped=%d chunks_embedded=%d names=%s",
            len(report.added),
            len(report.changed),
            len(report.removed),
            len(report.skipped),
            report.chunks_embedded,
            ",".join([*report.added, *report.changed, *report.removed][:LOGGED_NAMES]),
        )
        if scope is None or scope.unrestricted:
            return report
        readable = self._readable(self.snapshot(), scope)
        return visible_report(report, scope, self.scope_policy().sets_for(scope), before, readable)

    def _refresh_for(
        self, report: RefreshReport, scope: Scope | None, before: dict[str, DocumentInfo]
    ) -> RefreshReport:
        if report.index is not None:
            report = replace(report, index=self._report_for(report.index, scope, before))
        if scope is None or scope.unrestricted:
            return report
        return visible_refresh(report, self._readable_now(scope))

    def _readable_now(self, scope: Scope | None) -> Readable:
        """What the scope may read in the live index (nothing when there is no index yet)."""
        try:
            return self._readable(self.snapshot(), scope)
        except BriefingError:
            return Readable(MappingProxyType({}), None, 0)

    def upload_sets(self, scope: Scope | None = None) -> list[str]:
        """The sets an upload from this scope's server may go to (every set named anywhere for the operator)."""
        policy = self.scope_policy()
        sets = policy.server_sets(scope.server_id) if scope is not None and not scope.every_set else None
        if sets is None:
            named = {s for server in policy.servers.values() for s in server.sets} | set(policy.default_sets)
            sets = frozenset(named | self._indexed_sets())
        return sorted(sets)

    def _indexed_sets(self) -> set[str]:
        try:
            return {info.doc_set for info in self.snapshot().catalog.documents.values()}
        except BriefingError:
            return set()

    def _upload_folder(self, doc_set: str | None, scope: Scope | None) -> str:
        """The corpus sub-folder an upload goes to ('' for the default set); UploadRefusedError when the set
        is not one the uploader's server sees, or none was named and the server has no default set."""
        allowed = self.upload_sets(scope)
        wanted = set_name(doc_set or "") or DEFAULT_SET
        if wanted not in allowed or not valid_set_name(wanted):
            choices = ", ".join(allowed) or "none"
            raise UploadRefusedError(f"{wanted!r} is not a document set this server can use: choose one of {choices}.")
        return "" if wanted == DEFAULT_SET else wanted

    def _reindex_locked(self, full: bool, progress: ProgressCallback | None) -> IndexReport:
        started = time.perf_counter()
        current, reason = self._current_for_update(full)
        report, built = self.build(current, reason, progress)
        if built is None:
            report.chunks_total = len(self.snapshot().catalog)
        elif self._snapshot is None:
            # nothing is served from this process (the command line): point at the new version without opening
            # it, so indexing never holds the new catalog beside what it built (it opens on the first question)
            self._switch(*built, open_now=False)
            report.chunks_total = self.snapshots.chunk_count(*built[:2])
        else:
            self._switch(*built)
            report.chunks_total = len(self.snapshot().catalog)
        report.elapsed_s = time.perf_counter() - started
        return report

    def build(
        self, current: Snapshot | None, reason: str, progress: ProgressCallback | None
    ) -> tuple[IndexReport, tuple[str, int, Path] | None]:
        """Write the next version (a new generation when `current` is None) and save its snapshot files,
        without switching to it: the report, and the version's (generation, revision, folder), or None when
        nothing changed. An update writes a delta segment of the new rows and tombstones for the replaced
        ones; a full build one segment in reading order. The caller holds the write locks (or is the child
        process writing on their holder's behalf)."""
        aliases = Aliases.load(self.settings.aliases_path)
        digest = aliases_digest(aliases)
        previous = current.catalog if current else None
        plan = self.indexer.plan(self.settings.corpus_path, previous, reason)
        if current is not None and plan.nothing_changed and current.aliases_digest == digest:
            return plan.report, None
        generation, revision, target = self._target(current)
        if current is None and self._snapshot is None:  # a full build that serves nothing from this process
            target.let_go_of_full()
        writer = self.snapshots.segment_writer(generation, revision, self.embedder.dimension)
        written = self.indexer.write(target, plan, previous, aliases, progress, writer)
        dropped = set(plan.replaced) | set(written.documents)
        parts = previous.without(dropped) if previous else []
        if writer.rows:
            parts.append(LiveSegment(self.snapshots.publish(writer, written.documents, written.stamps), NO_ROWS))
        else:
            writer.discard()
        realias = current is not None and current.aliases_digest != digest
        if (previous is None and not in_reading_order(parts)) or realias:
            parts = self.snapshots.merge(parts, generation, revision, aliases if realias else None)
        folder = self.snapshots.save(parts, self.signature, digest, generation, revision)
        serving = self._snapshot is not None  # then open it now (the switch reuses it), to refuse unreadable files
        if serving and self.snapshots.load(generation, revision, self.signature, aliases) is None:
            raise RuntimeError(f"the snapshot files just written in {folder} are unreadable; the old index stays live")
        self._check(target, parts)
        return plan.report, (generation, revision, folder)

    def compact(self, by: str = "merge of index deltas") -> bool:
        """Merge the live version's segments into one when its deltas have grown (a new revision of the same
        generation: the store is untouched); whether it merged."""
        with self._writing(by):
            snap = self.snapshot()
            if not merge_due(snap.catalog.parts, self.settings.merge_deltas_at):
                return False
            started = time.perf_counter()
            revision = snap.revision + 1
            parts = self.snapshots.merge(snap.catalog.parts, snap.generation, revision)
            folder = self.snapshots.save(parts, self.signature, snap.aliases_digest, snap.generation, revision)
            self._switch(snap.generation, revision, folder)
            log.info("deltas merged revision=%d seconds=%.1f", revision, time.perf_counter() - started)
            return True

    def compact_later(self) -> None:
        """Merge the deltas in a background thread when they have grown (after an update)."""
        with self._open_lock:
            due = self._snapshot is not None and merge_due(self._snapshot.catalog.parts, self.settings.merge_deltas_at)
            if not due or (self._compaction is not None and self._compaction.is_alive()):
                return
            self._compaction = threading.Thread(target=self._compact_quietly, name="index-merge", daemon=True)
            self._compaction.start()

    def wait_for_compaction(self, timeout: float | None = None) -> None:
        """Wait for a background merge started by `compact_later` to end."""
        if self._compaction is not None:
            self._compaction.join(timeout)

    def _compact_quietly(self) -> None:
        try:
            self.compact()
        except BriefingError as error:  # busy (another re-index), or the index went away: the next update retries
            log.info("deltas not merged reason=%s", error)
        except Exception:
            log.exception("merging the index deltas failed; the current version keeps serving")

    def _switch(self, generation: str, revision: int, folder: Path, open_now: bool = True) -> None:
        """Make a built version live (one pointer write, the snapshot swapped, or left to open on first use
        unless `open_now`), then drop older versions."""
        if open_now:
            self._go_live(generation, revision)
        else:
            self.generations.activate(generation, revision)
            with self._open_lock:
                self._snapshot = None
        log.info("reindex done generation=%s revision=%d %s", generation, revision, self.drop_older(folder))

    def _go_live(self, generation: str, revision: int, folder: Path | None = None) -> None:
        """One pointer write, and the snapshot swapped."""
        self.generations.activate(generation, revision)
        fresh = self._load_snapshot((generation, revision))
        with self._open_lock:
            self._snapshot = fresh

    def drop_older(self, folder: Path) -> str:
        """Drop every generation but the live one and every snapshot folder but `folder` (what was dropped)."""
        removed = self.generations.drop_inactive()
        pruned = self.snapshots.prune(keep=folder)
        return f"dropped={removed} pruned={len(pruned)}"

    def _reindex_in_child(self, reason: str, progress: ProgressCallback | None) -> IndexReport:
        started = time.perf_counter()
        from retrieval.isolated import build_in_child

        report, _ = build_in_child(self.settings, self.embedder, reason, progress, self._go_live)
        report.chunks_total = len(self.snapshot().catalog)
        report.elapsed_s = time.perf_counter() - started
        return report

    def _target(self, current: Snapshot | None) -> tuple[str, int, ChromaIndex]:
        """Where a re-index writes: a new generation for a full build, else the live one's next revision."""
        if current is not None:
            return current.generation, current.revision + 1, current.index
        generation = self.generations.new()
        target = self.generations.index(generation)
        target.create(self.signature)
        return generation, 1, target

    def _current_for_update(self, full: bool) -> tuple[Snapshot | None, str]:
        """The snapshot to update in place, or None and the reason for a full build."""
        if full:
            return None, "a full re-index was asked for"
        try:
            current = self.snapshot()
        except IndexEmptyError:
            return None, "there was no index yet"
        except IndexMismatchError as error:
            return None, str(error).split(". Re-index")[0]
        if len(current.catalog) and not current.catalog.parts:  # served from memory: no segment to update
            return None, "the index's snapshot files could not be read back"
        return current, ""

    @staticmethod
    def _check(index: ChromaIndex, parts: Sequence[LiveSegment]) -> None:
        """Refuse to switch unless the store holds exactly the new version's live chunks. Extra ones (left by
        a re-index killed half way) are swept first."""
        expected = sum(part.live_count for part in parts)
        if index.count() != expected:
            index.sweep(live_chunk_ids(parts))
        if index.count() != expected:
            raise RuntimeError(
                f"the index holds {index.count()} chunks after writing, not {expected}; the old index stays live"
            )

    # -- questions ---------------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        document: str | None = None,
        since: str | None = None,
        passages: int | None = None,
        read_dates: bool = True,
        *,
        scope: Scope | None = None,
    ) -> Answer:
        """A cited answer, or a plain "not in the briefings" with the nearest documents.

        The answer draws on the best TOP_K passages; `answer.passages` holds `passages` of them (default
        twice TOP_K) for "more sources" and the evaluation. With a language model configured, the model
        writes the answer from the same passages and the checks in llm.py vet it; the extractive answer is
        the fallback. `scope`: who is asking (None: the operator, who reads everything); documents outside it
        are never searched, named, counted or hinted at. Time words in the question ("latest", "as of October
        2017", "in 2018") put the newest briefing first or bound the briefings' dates
        (retrieval/search/question_dates.py); `read_dates=False` ignores them (the benchmarks' baseline).
        """
        started = time.perf_counter()
        answer = self._extractive(question, document, since, passages, scope, read_dates)
        if self.writer is not None:
            answer = replace(self.writer.answer(answer.question, answer), private=answer.private)
        return self._answered(answer, started)

    def ask_stream(
        self, question: str, document: str | None = None, since: str | None = None, *, scope: Scope | None = None
    ) -> Answer | AnswerStream:
        """Like `ask`, but with a language model configured, a stream of checked partial texts (the bot edits
        its message with them) whose `result()` is the final answer. Without one, the answer itself."""
        started = time.perf_counter()
        answer = self._extractive(question, document, since, None, scope)
        if self.writer is None or answer.abstained:
            return self._answered(answer, started)
        if answer.private:  # partial texts are shown as they come: never for an answer meant for one reader
            return self._answered(replace(self.writer.answer(answer.question, answer), private=True), started)
        stream = self.writer.stream_answer(answer.question, answer)
        return AnswerStream(stream.chunks(), lambda: self._answered(stream.result(), started))

    @property
    def llm_name(self) -> str:
        """The language model's name for footers, or '' when answers are extractive."""
        return self.writer.model_name if self.writer is not None else ""

    def _extractive(
        self,
        question: str,
        document: str | None,
        since: str | None,
        passages: int | None,
        scope: Scope | None,
        read_dates: bool = True,
    ) -> Answer:
        question = self._valid_question(question)
        self._since_key(since)  # a date that is not one is refused before the index is opened
        snap = self.snapshot()
        readable = self._readable(snap, scope)
        info = self._document(snap, document, readable) if document is not None else None  # "" is refused
        since_iso = read_since(since, date.today()) if since is not None else ""
        filters = describe_filters(info, since_iso, since or "")
        doc_id = info.doc_id if info else None
        allowed = snap.catalog.allowed(doc_id, date_key(since_iso))
        if allowed is not None and not allowed:
            text = nothing_left(info, since_iso, readable.documents.values())
            return Answer(question, text, (), abstained=True, reason=FILTER_REASON, filters=filters)
        wanted = max(passages or self.settings.top_k * 2, self.settings.top_k)
        since_key = date_key(since_iso)
        when, analysis, content, checked = self._reading(snap, question, readable.mask, read_dates)
        mask = readable.mask
        bounded_since = max(since_key, date_key(when.since))
        until_key = date_key(when.reported_until)
        result = self._search(snap, analysis.text, wanted, doc_id, bounded_since, scope, until_key, when.month)
        top_k = self.settings.top_k
        within = replace(checked, within_period=when.bounded)
        answer = self.answerer.answer(content, result, snap.catalog, top_k, within, mask=mask)
        if when.bounded and answer.abstained and not answer.citations:  # no briefing dated then is on the topic:
            # all briefings (a period asked for events, "in 2015", must then be said by the quoted sentence itself;
            # when the period's briefings discuss the topic but not the asked fact, that is the answer)
            result = self._search(snap, analysis.text, wanted, doc_id, since_key, scope)
            asked, read = _over_all_dates(when, question, analysis, content, checked)
            answer = self.answerer.answer(asked, result, snap.catalog, top_k, read, mask=mask)
            if not answer.abstained:
                note = f"No briefing dated {when.searched()} answers this; the answer draws on all of them."
                answer = replace(answer, note=note)
        answer = replace(answer, question=question, filters=filters)
        if read_dates:
            answer = newest_first(answer, when.latest, self._quote_vectors(snap.catalog))
        hides_some = len(readable.documents) < len(snap.catalog.documents)
        if answer.abstained and hides_some:  # a reader who may read every briefing keeps the full reason
            answer = replace(answer, text=NOT_ANSWERED_IN_SCOPE)
        shown = [c.doc_id for c in answer.citations] + [d.doc_id for d in answer.nearest_documents]
        if self.writer is not None:  # the model may quote any passage it is given
            shown += [p.doc_id for p in answer.passages[: self.settings.top_k]]
        return replace(answer, private=_has_audience(snap.catalog, shown))

    def _quote_vectors(self, catalog: Catalog) -> QuoteVectors:
        """Cited sentences' vectors: the ones the index stores (no model call), else embedded now."""

        def vectors(citations: Sequence[Citation]) -> np.ndarray:
            stored = [catalog.quote_vector(c.chunk_id, c.quote) for c in citations]
            missing = [c.quote for c, v in zip(citations, stored, strict=True) if v is None]
            encoded = iter(self.embedder.encode(missing)) if missing else iter(())
            return np.stack([v if v is not None else next(encoded) for v in stored])

        return vectors

    def _reading(
        self, snap: Snapshot, question: str, mask: np.ndarray | None, read_dates: bool
    ) -> tuple[QuestionTime, QuestionAnalysis, str, QuestionAnalysis]:
        """What the question says about time; the question read (typos in names read as the corpus spells
        them); what the answer must say (the time words being a filter); and that read. Months typed in lower
        case or shortened ("oct 2017") are read as written out."""
        question = spelled_months(question)
        when = self._question_time(snap, question) if read_dates else QuestionTime()
        analysis = self.answerer.read(question, snap.catalog, mask)
        content = when.without_words(question)
        checked = analysis if content == question else self.answerer.read(content, snap.catalog, mask)
        if analysis.asks_total and when.until:  # "by the end of 2019": briefings written before then cannot say
            analysis = replace(analysis, period_end=when.until)
            checked = replace(checked, period_end=when.until)
        return when, analysis, content, checked

    def answer_attempts(self, question: str) -> list[tuple[str, QuestionAnalysis, SearchResult]]:
        """What `ask` (unscoped, unfiltered) hands the answerer: (what the answer must say, its reading, the
        passages) within the period the question names, then, when it names one, over all briefings (the
        second is used when the first is declined with nothing on the topic). For tuning the answerer on what
        the bot really does."""
        question = self._valid_question(question)
        snap = self.snapshot()
        when, analysis, content, checked = self._reading(snap, question, None, True)
        wanted = self.settings.top_k * 2
        since, until = date_key(when.since), date_key(when.reported_until)
        first = self._search(snap, analysis.text, wanted, None, since, None, until, when.month)
        attempts = [(content, replace(checked, within_period=when.bounded), first)]
        if when.bounded:
            asked, read = _over_all_dates(when, question, analysis, content, checked)
            attempts.append((asked, read, self._search(snap, analysis.text, wanted, None, 0, None)))
        return attempts

    @staticmethod
    def _question_time(snap: Snapshot, question: str) -> QuestionTime:
        """What the question says about time, read against the newest briefing's date."""
        return read_question_time(question, snap.newest)

    def _answered(self, answer: Answer, started: float) -> Answer:
        elapsed = (time.perf_counter() - started) * 1000
        self._latencies.append(elapsed)
        self.questions_answered += 1
        log.info("ask abstained=%s citations=%d ms=%.1f", answer.abstained, len(answer.citations), elapsed)
        return replace(answer, elapsed_ms=elapsed)

    def search(
        self,
        question: str,
        k: int,
        document: str | None = None,
        since: str | None = None,
        *,
        scope: Scope | None = None,
    ) -> SearchResult:
        snap = self.snapshot()
        readable = self._readable(snap, scope)
        doc_id = self._document_id(snap, document, readable)
        return self._search(snap, self._valid_question(question), k, doc_id, self._since_key(since), scope)

    def summarize_topic(self, topic: str, *, scope: Scope | None = None) -> Summary:
        started = time.perf_counter()
        snap = self.snapshot()
        readable = self._readable(snap, scope)
        topic = valid_question(topic, self.settings.max_question_chars, "topic")
        analysis = self.answerer.read(topic, snap.catalog, readable.mask)
        result = self._search(snap, analysis.text, self.settings.top_k * 2, None, 0, scope)
        summary = self._in_scope(snap.summarizer.topic(topic, result.passages, snap.catalog, analysis), scope)
        private = _has_audience(snap.catalog, [c.doc_id for c in summary.citations])
        if self.writer is not None:
            summary = self.writer.summarize(topic, result.passages, summary, kind="topic")
            private = private or _has_audience(snap.catalog, [p.doc_id for p in result.passages])
        summary = replace(summary, private=private)
        return replace(summary, elapsed_ms=(time.perf_counter() - started) * 1000)

    def summarize_document(self, document: str, *, scope: Scope | None = None) -> Summary:
        started = time.perf_counter()
        snap = self.snapshot()
        info = self._document(snap, document, self._readable(snap, scope))
        summary = snap.summarizer.document(info, snap.catalog)
        if self.writer is not None:
            records = snap.catalog.chunks_of.get(info.doc_id, [])
            summary = self.writer.summarize(info.title, document_passages(info, records), summary, kind="document")
        return replace(summary, elapsed_ms=(time.perf_counter() - started) * 1000, private=bool(info.audience))

    def timeline(
        self, topic: str, since: str | None = None, until: str | None = None, *, scope: Scope | None = None
    ) -> Timeline:
        """The developments on a topic in date order (event dates from `since` to `until`), each cited; only
        from the briefings the scope may read."""
        started = time.perf_counter()
        topic = self._valid_question(topic)
        snap = self.snapshot()
        since_key, until_key = self._since_key(since), self._until_key(until)
        result = self._search(snap, topic, self.settings.top_k * TIMELINE_DEPTH, None, since_key, scope)
        timeline = TimelineBuilder().build(topic, result.passages, snap.dates, since_key, until_key)
        note = "" if timeline.entries else "The briefings tell no dated development on this topic."
        log.info("timeline entries=%d", len(timeline.entries))
        elapsed = (time.perf_counter() - started) * 1000
        shown = [c.doc_id for e in timeline.entries for c in e.citations]
        return replace(
            timeline,
            since=since or "",
            until=until or "",
            note=note,
            elapsed_ms=elapsed,
            private=_has_audience(snap.catalog, shown),
        )

    def changes(self, since: str, topic: str | None = None, *, scope: Scope | None = None) -> Changes:
        """What briefings dated from `since` on say that earlier ones did not, and what they revise."""
        started = time.perf_counter()
        since_key = self._since_key(since)
        if not since_key:
            raise QuestionError("Say since when: a date like 2017-09 or 2017-09-15.")
        snap = self.snapshot()
        readable = self._readable(snap, scope)
        newer = older = None
        if topic:
            topic = self._valid_question(topic)
            k = self.settings.top_k * TIMELINE_DEPTH
            newer = self._search(snap, topic, k, None, since_key, scope).passages
            searched = self._search(snap, topic, k * 2, None, 0, scope).passages
            older = [p for p in searched if date_key(p.date) < since_key]
        when = read_since(since, date.today())
        changes = ChangesFinder().find(when, topic or "", newer, older, snap.dates, readable.documents)
        note = "" if changes.entries else "Nothing new in the briefings dated since then."
        log.info("changes entries=%d", len(changes.entries))
        shown = [c.doc_id for e in changes.entries for c in (*e.citations, *([e.revises] if e.revises else []))]
        elapsed = (time.perf_counter() - started) * 1000
        return replace(changes, note=note, elapsed_ms=elapsed, private=_has_audience(snap.catalog, shown))

    def rewrite_followup(self, previous: str, followup: str) -> str:
        """A follow-up question made self-contained with the thread's earlier one: by the language model
        when one is configured (falling back to the rule), else by the rule in retrieval/search/followup.py."""
        if self.writer is not None:
            return self.writer.rewrite_followup(previous, followup)
        return follow_up(previous, followup)

    def warm_up(self) -> None:
        """Open the index, load the models and the date reader now, so the first question is not the slow one."""
        self.snapshot()
        self.embedder.encode(["warm up"])
        self.matcher.warm()
        read_since("Sept 2017", date.today())

    def document_info(self, name: str, *, scope: Scope | None = None) -> DocumentInfo:
        """An indexed document by file name (with or without extension), title, part of either or a near
        miss; AmbiguousDocumentError listing the candidates when several fit, DocumentNotFoundError if none.
        Only among those the scope may read: the same messages, so nobody learns that another exists."""
        snap = self.snapshot()
        return self._document(snap, name, self._readable(snap, scope))

    def readable_documents(self, doc_ids: list[str], *, scope: Scope | None = None) -> set[str]:
        """Which of these documents the scope may read now (for buttons pressed by another member, later)."""
        readable = self._readable(self.snapshot(), scope)
        return {d for d in doc_ids if readable.may_read(d)}

    def scope_policy(self) -> ScopePolicy:
        """The servers' and channels' document sets from corpus/_scopes.toml, re-read when the file changes."""
        path = self.settings.corpus_path / SCOPES_FILE
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            stamp = -1
        with self._open_lock:
            if self._policy[0] != stamp:
                policy = ScopePolicy.load(path)
                log.info("scope policy loaded configured=%s servers=%d", policy.configured, len(policy.servers))
                self._policy = (stamp, policy)
            return self._policy[1]

    def match_documents(self, typed: str, limit: int = 25, *, scope: Scope | None = None) -> list[DocumentInfo]:
        """Autocomplete: the documents best matching what was typed so far, among those the scope may read
        ([] when there is no index)."""
        try:
            snap = self.snapshot()
        except IndexEmptyError:
            return []
        return rank_documents(typed, self._readable(snap, scope).documents.values(), limit)

    @staticmethod
    def check_since(since: str) -> None:
        """QuestionError when `since` is not a date the filters understand (cheap: no index needed)."""
        BriefingCore._since_key(since)

    def sources(self, *, scope: Scope | None = None) -> list[DocumentInfo]:
        snap = self.snapshot()
        return sorted(self._readable(snap, scope).documents.values(), key=lambda d: (d.date, d.title))

    def stats(self, usage: Usage | None = None, *, scope: Scope | None = None) -> Stats:
        """The index's figures (what `scope` may read; None: everything); the questions and latencies from
        `usage` (the question log's) when given, else this process's own."""
        try:
            snap: Snapshot | None = self.snapshot()
        except IndexEmptyError:
            snap = None
        readable = self._readable(snap, scope) if snap else None
        latencies = np.array(self._latencies) if self._latencies else np.zeros(1)
        stats = Stats(
            documents=len(readable.documents) if readable else 0,
            chunks=readable.rows if readable else 0,
            model=self.embedder.model_name,
            backend=self.embedder.backend,
            store_mode=self.settings.store_mode,
            questions_answered=self.questions_answered,
            latency_p50_ms=float(np.percentile(latencies, 50)),
            latency_p95_ms=float(np.percentile(latencies, 95)),
        )
        if usage is not None:
            stats = replace(
                stats,
                questions_answered=usage.questions,
                latency_p50_ms=usage.latency_p50_ms,
                latency_p95_ms=usage.latency_p95_ms,
            )
        return stats

    # -- insight -----------------------------------------------------------------------------------

    def gaps(
        self,
        questions: QuestionLog,
        days: int,
        distance: float = GAP_DISTANCE,
        limit: int = MAX_QUESTIONS,
        *,
        scope: Scope | None = None,
    ) -> GapReport:
        """The declined and "not helpful" questions of the last `days` days (the `limit` most recent) grouped
        by topic, the largest group first, each with the documents nearest its central question (among those
        `scope` may read; None: all)."""
        server = scope.server_id if scope is not None and not scope.unrestricted else None
        rows = [
            q
            for q in questions.questions(days)
            if (q.declined or q.found_unhelpful) and (server is None or q.guild_id == server)  # servers kept apart
        ][-limit:]
        texts = [q.question for q in rows]
        vectors = self.embedder.encode(texts) if texts else np.zeros((0, self.embedder.dimension))
        gaps = []
        for cluster in cluster_questions(texts, vectors, distance):
            members = [rows[i] for i in cluster.members]
            gaps.append(
                Gap(
                    label=cluster.label,
                    size=len(members),
                    declined=sum(q.declined for q in members),
                    unhelpful=sum(q.found_unhelpful and not q.declined for q in members),
                    examples=cluster.examples,
                    nearest_documents=self._nearest_documents(cluster, scope),
                )
            )
        log.info("gaps days=%d questions=%d groups=%d", days, len(rows), len(gaps))
        return GapReport(days=days, questions_considered=len(rows), gaps=tuple(gaps))

    def _nearest_documents(self, cluster: Cluster, scope: Scope | None, limit: int = 3) -> tuple[DocumentInfo, ...]:
        try:
            snap = self.snapshot()
        except IndexEmptyError:
            return ()
        result = self._search(snap, cluster.central, self.settings.top_k, None, 0, scope)
        doc_ids = list(dict.fromkeys(p.doc_id for p in result.passages))[:limit]
        return tuple(snap.catalog.documents[d] for d in doc_ids if d in snap.catalog.documents)

    # -- helpers -----------------------------------------------------------------------------------

    def _readable(self, snap: Snapshot, scope: Scope | None) -> Readable:
        return snap.scopes.readable(scope, self.scope_policy() if scope is not None else ScopePolicy())

    @staticmethod
    def _in_scope(summary: Summary, scope: Scope | None) -> Summary:
        if summary.empty and scope is not None and not scope.unrestricted:
            return replace(summary, text=NOTHING_IN_SCOPE)
        return summary

    def _search(
        self,
        snap: Snapshot,
        question: str,
        k: int,
        doc_id: str | None,
        since_key: int,
        scope: Scope | None = None,
        until_key: int = 0,
        month: int = 0,
    ) -> SearchResult:
        query = snap.searcher.query(question, snap.catalog)
        try:
            rows = self._readable(snap, scope).row_set
            return snap.searcher.search(query, snap.catalog, k, doc_id, since_key, until_key, rows, month)
        except StoreQueryError:
            if not self.settings.chroma_host:
                raise
            log.warning("dense search failed generation=%s: another process re-indexed; reloading", snap.generation)
            with self._open_lock:
                self._snapshot = snap = self._load_snapshot()
            rows = self._readable(snap, scope).row_set  # the reloaded catalog's rows: resolved again
            return snap.searcher.search(query, snap.catalog, k, doc_id, since_key, until_key, rows, month)

    def _valid_question(self, question: str) -> str:
        return valid_question(question, self.settings.max_question_chars)

    def _document(self, snap: Snapshot, name: str, readable: Readable | None = None) -> DocumentInfo:
        documents = readable.documents if readable is not None else snap.catalog.documents
        return resolve_document(name, documents.values())

    def _document_id(self, snap: Snapshot, name: str | None, readable: Readable) -> str | None:
        return self._document(snap, name, readable).doc_id if name is not None else None

    @staticmethod
    def _until_key(until: str | None) -> int:
        """The last day of the period `until` names, as a date key (0: no bound)."""
        if not until:
            return 0
        last = period_end(read_since(until, date.today()), "")
        if last is None:
            raise QuestionError(f"{until!r} is not a date I can read: write it like 2017-09 or 2017-09-15.")
        return date_key(last.isoformat())

    @staticmethod
    def _since_key(since: str | None) -> int:
        """The sort key of the date `since` means ("2017-09", "Sept 2017", "last month"); QuestionError if none."""
        return date_key(read_since(since, date.today())) if since is not None else 0


def _newest_date(catalog: Catalog) -> date:
    """The newest briefing's date (today when none is dated): worked out once per index version."""
    dates = [parse_iso(d.date) for d in catalog.documents.values()]
    return max((d for d in dates if d is not None), default=datetime.now(UTC).date())


def _over_all_dates(
    when: QuestionTime, question: str, analysis: QuestionAnalysis, content: str, checked: QuestionAnalysis
) -> tuple[str, QuestionAnalysis]:
    """What the answer must say, and its reading, when a question bounded to a period is asked again of all
    briefings: the whole question when it asks what happened then ("in 2015": the sentence must say the
    period), else its words without the time words; the reading knows where the period starts, since a
    briefing written before it cannot report it."""
    asked, read = (question, analysis) if when.pins_period else (content, checked)
    return asked, replace(read, asked_from=when.since, asked_when=when.words)


def _has_audience(catalog: Catalog, doc_ids: list[str]) -> bool:
    """Whether any of these documents is for some roles only."""
    return any(catalog.documents[d].audience for d in doc_ids if d in catalog.documents)

"""Briefing Bot's retrieval core: documents in, cited answers out. Never imports discord.

This is the core's public surface: the command line, the Discord layer (`bot.py`, `cogs/`) and the benchmarks
import from here only (tests/test_layering.py checks it). The data flows through the subpackages in order:

    ingest -> index -> search -> answer -> llm     (then core.py ties them together; evaluation measures them)

Names are loaded on first use, so `import retrieval` costs nothing and has no side effects.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retrieval.answer.answerability import WEIGHTS_FILE, Scorer, Signals
    from retrieval.answer.extractive import AbstentionPolicy, Answerer, quote_with_items
    from retrieval.answer.ranking import (
        JUDGING_FEATURES,
        MATCHED_FEATURES,
        QUOTING_ONLY,
        SentenceFeatures,
        SentenceRanker,
        sentence_features,
    )
    from retrieval.answer.refusals import plain_reason, refusal_text
    from retrieval.core import BriefingCore, valid_question
    from retrieval.errors import (
        AmbiguousDocumentError,
        BriefingError,
        ConfigError,
        CorpusError,
        DocumentNotFoundError,
        IndexBusyError,
        IndexEmptyError,
        IndexMismatchError,
        LinkRefusedError,
        QuestionError,
        UploadRefusedError,
    )
    from retrieval.evaluation.evaluate import (
        CLEAN,
        NOISY,
        PROJECT,
        contains_expected,
        eval_core,
        evaluate,
        evaluate_corpora,
        load_questions,
    )
    from retrieval.index.chunking import Chunker, ChunkerConfig
    from retrieval.index.embedder import BATCH_SIZE, Embedder, ModelTokenizer, resolve_model_path
    from retrieval.index.embedders import LazyEmbedder
    from retrieval.index.heap import use_one_arena
    from retrieval.index.lexical import LexicalIndex, LivePostings, Postings
    from retrieval.index.matcher import SentenceMatcher
    from retrieval.index.onnx_backend import ONNX_BATCH_TOKENS, OnnxEmbedder, read_max_tokens
    from retrieval.index.store import HNSW
    from retrieval.index.torch_backend import TorchEmbedder
    from retrieval.ingest.clean import clean_text
    from retrieval.ingest.dates import date_key, dates_in_text
    from retrieval.ingest.doc_dates import FoundDate, document_date
    from retrieval.ingest.event_dates import DateMention, SentenceDate, date_sentences, period_end
    from retrieval.ingest.loaders import scan_corpus
    from retrieval.ingest.names import Aliases
    from retrieval.ingest.sentences import clean_quote, quoted, split_sentences
    from retrieval.ingest.webpage import extract_web_page
    from retrieval.insight.chart import usage_png
    from retrieval.insight.questionlog import DEFAULT_DAYS, QuestionLog
    from retrieval.llm import checks as llm_checks
    from retrieval.llm.checks import Checker
    from retrieval.logs import configure_logging
    from retrieval.records import (
        Answer,
        Changes,
        Chunk,
        Citation,
        Document,
        DocumentInfo,
        Gap,
        GapReport,
        IndexReport,
        LoggedQuestion,
        Passage,
        Progress,
        RefreshReport,
        Stats,
        StoredAnswer,
        Summary,
        Timeline,
        TimelineEntry,
        Usage,
        UsageDay,
        Vote,
        sources_once,
    )
    from retrieval.search.scopes import Scope, ScopePolicy
    from retrieval.settings import Settings

_WHERE = {
    "retrieval.answer.refusals": ("plain_reason", "refusal_text"),
    "retrieval.answer.answerability": ("WEIGHTS_FILE", "Scorer", "Signals"),
    "retrieval.answer.extractive": ("AbstentionPolicy", "Answerer", "quote_with_items"),
    "retrieval.answer.ranking": (
        "JUDGING_FEATURES",
        "MATCHED_FEATURES",
        "QUOTING_ONLY",
        "SentenceFeatures",
        "SentenceRanker",
        "sentence_features",
    ),
    "retrieval.core": ("BriefingCore", "valid_question"),
    "retrieval.errors": (
        "AmbiguousDocumentError",
        "BriefingError",
        "ConfigError",
        "CorpusError",
        "DocumentNotFoundError",
        "IndexBusyError",
        "IndexEmptyError",
        "IndexMismatchError",
        "LinkRefusedError",
        "QuestionError",
        "UploadRefusedError",
    ),
    "retrieval.evaluation.evaluate": (
        "CLEAN",
        "NOISY",
        "PROJECT",
        "contains_expected",
        "eval_core",
        "evaluate",
        "evaluate_corpora",
        "load_questions",
    ),
    "retrieval.index.chunking": ("Chunker", "ChunkerConfig"),
    "retrieval.index.embedder": ("BATCH_SIZE", "Embedder", "ModelTokenizer", "resolve_model_path"),
    "retrieval.index.embedders": ("LazyEmbedder",),
    "retrieval.index.heap": ("use_one_arena",),
    "retrieval.index.lexical": ("LexicalIndex", "LivePostings", "Postings"),
    "retrieval.index.matcher": ("SentenceMatcher",),
    "retrieval.index.onnx_backend": ("ONNX_BATCH_TOKENS", "OnnxEmbedder", "read_max_tokens"),
    "retrieval.index.store": ("HNSW",),
    "retrieval.index.torch_backend": ("TorchEmbedder",),
    "retrieval.ingest.clean": ("clean_text",),
    "retrieval.ingest.dates": ("date_key", "dates_in_text"),
    "retrieval.ingest.doc_dates": ("FoundDate", "document_date"),
    "retrieval.ingest.event_dates": ("DateMention", "SentenceDate", "date_sentences", "period_end"),
    "retrieval.ingest.loaders": ("scan_corpus",),
    "retrieval.ingest.names": ("Aliases",),
    "retrieval.ingest.sentences": ("clean_quote", "quoted", "split_sentences"),
    "retrieval.ingest.webpage": ("extract_web_page",),
    "retrieval.insight.chart": ("usage_png",),
    "retrieval.insight.questionlog": ("DEFAULT_DAYS", "QuestionLog"),
    "retrieval.llm.checks": ("Checker",),
    "retrieval.logs": ("configure_logging",),
    "retrieval.records": (
        "Answer",
        "Changes",
        "Chunk",
        "Citation",
        "Document",
        "DocumentInfo",
        "Gap",
        "GapReport",
        "IndexReport",
        "LoggedQuestion",
        "Passage",
        "Progress",
        "RefreshReport",
        "Stats",
        "StoredAnswer",
        "Summary",
        "Usage",
        "UsageDay",
        "Vote",
        "sources_once",
        "Timeline",
        "TimelineEntry",
    ),
    "retrieval.search.scopes": ("Scope", "ScopePolicy"),
    "retrieval.settings": ("Settings",),
}
_MODULES = {"llm_checks": "retrieval.llm.checks"}
_HOME = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "BATCH_SIZE",
    "CLEAN",
    "DEFAULT_DAYS",
    "HNSW",
    "JUDGING_FEATURES",
    "MATCHED_FEATURES",
    "NOISY",
    "ONNX_BATCH_TOKENS",
    "PROJECT",
    "QUOTING_ONLY",
    "WEIGHTS_FILE",
    "AbstentionPolicy",
    "Aliases",
    "AmbiguousDocumentError",
    "Answer",
    "Answerer",
    "BriefingCore",
    "BriefingError",
    "Changes",
    "Checker",
    "Chunk",
    "Chunker",
    "ChunkerConfig",
    "Citation",
    "ConfigError",
    "CorpusError",
    "DateMention",
    "Document",
    "DocumentInfo",
    "DocumentNotFoundError",
    "Embedder",
    "FoundDate",
    "Gap",
    "GapReport",
    "IndexBusyError",
    "IndexEmptyError",
    "IndexMismatchError",
    "IndexReport",
    "LazyEmbedder",
    "LexicalIndex",
    "LinkRefusedError",
    "LivePostings",
    "LoggedQuestion",
    "ModelTokenizer",
    "OnnxEmbedder",
    "Passage",
    "Postings",
    "Progress",
    "QuestionError",
    "QuestionLog",
    "RefreshReport",
    "Scope",
    "ScopePolicy",
    "Scorer",
    "SentenceDate",
    "SentenceFeatures",
    "SentenceMatcher",
    "SentenceRanker",
    "Settings",
    "Signals",
    "Stats",
    "StoredAnswer",
    "Summary",
    "Timeline",
    "TimelineEntry",
    "TorchEmbedder",
    "UploadRefusedError",
    "Usage",
    "UsageDay",
    "Vote",
    "clean_quote",
    "clean_text",
    "configure_logging",
    "contains_expected",
    "date_key",
    "date_sentences",
    "dates_in_text",
    "document_date",
    "eval_core",
    "evaluate",
    "evaluate_corpora",
    "extract_web_page",
    "llm_checks",
    "load_questions",
    "period_end",
    "plain_reason",
    "quote_with_items",
    "quoted",
    "read_max_tokens",
    "refusal_text",
    "resolve_model_path",
    "scan_corpus",
    "sentence_features",
    "sources_once",
    "split_sentences",
    "usage_png",
    "use_one_arena",
    "valid_question",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'retrieval' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__

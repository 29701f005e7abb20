"""Finding a document by what a person types: its file name (with or without the extension), its title or
part of either, or a near miss ("deir ezor everyone wants"). Used by the command line's --document, the
slash commands' document option and their autocomplete, so all three read a name the same way.

In order: an exact name or title wins; else the documents whose name or title contains what was typed; else
the closest by rapidfuzz's weighted ratio, when one stands clearly ahead. Several equally good candidates are
an AmbiguousDocumentError that lists them ("did you mean ...?"); nothing close, a DocumentNotFoundError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from retrieval.errors import AmbiguousDocumentError, DocumentNotFoundError
from retrieval.records import DocumentInfo

MATCH_SCORE = 86.0  # a fuzzy match this close (0-100) finds a document on its own
MARGIN = 8.0  # ... when the next candidate is at least this much further
SUGGEST_SCORE = 60.0  # below MATCH_SCORE, still worth a "did you mean"
LISTED = 5  # candidates named in an error
MAX_NAME_CHARS = 200  # what is typed beyond this is not a document name


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _keys(info: DocumentInfo) -> list[str]:
    stem = re.sub(r"\.(?:txt|md|markdown|html?|pdf|docx)$", "", info.doc_id, flags=re.I)
    return [_norm(k) for k in (info.title, stem, info.doc_id, info.doc_id.rsplit("/", 1)[-1], info.source) if k]


def _fuzzy(query: str, info: DocumentInfo) -> float:
    """0-100: how well each typed word matches some word of the title or file name (typos forgiven), the
    words weighted by their length, for the document's best key."""
    words = query.split()
    total = sum(len(w) for w in words) or 1
    best = 0.0
    for key in _keys(info):
        choices = key.split()
        matched = (process.extractOne(w, choices, scorer=fuzz.ratio) for w in words)
        best = max(best, sum(len(w) * (m[1] if m else 0.0) for w, m in zip(words, matched, strict=True)) / total)
    return best


def _containing(query: str, documents: list[DocumentInfo]) -> list[DocumentInfo]:
    return [d for d in documents if any(query in key for key in _keys(d))]


def rank_documents(typed: str, documents: Iterable[DocumentInfo], limit: int = 25) -> list[DocumentInfo]:
    """Autocomplete: the documents that best match what was typed so far (the newest first when nothing is)."""
    pool = sorted(documents, key=lambda d: (d.date, d.title), reverse=True)
    query = _norm(typed)
    if not query:
        return pool[:limit]
    containing = _containing(query, pool)
    seen = {d.doc_id for d in containing}
    scored = sorted(((_fuzzy(query, d), d) for d in pool if d.doc_id not in seen), key=lambda p: -p[0])
    return [*containing, *(d for score, d in scored if score >= SUGGEST_SCORE)][:limit]


def resolve_document(typed: str, documents: Iterable[DocumentInfo]) -> DocumentInfo:
    """The one document `typed` names; AmbiguousDocumentError listing the candidates when several fit,
    DocumentNotFoundError (with the nearest names, if any) when none does."""
    if len(typed) > MAX_NAME_CHARS:
        raise DocumentNotFoundError(f"No indexed document is called {typed[:60] + '…'!r}: `sources` lists them all.")
    listed = list(documents)
    named = [d for d in listed if d.doc_id == typed]  # what autocomplete sends: found without reading names
    if len(named) == 1:
        return named[0]
    pool = sorted(listed, key=lambda d: (d.date, d.title), reverse=True)
    query = _norm(typed)
    exact = [d for d in pool if query in _keys(d)]
    if len(exact) == 1:
        return exact[0]
    containing = (exact or _containing(query, pool)) if query else []
    if len(containing) == 1:
        return containing[0]
    if containing:
        raise _ambiguous(typed, containing)
    scored = sorted(((_fuzzy(query, d), d) for d in pool), key=lambda p: -p[0])
    close = [d for score, d in scored if score >= MATCH_SCORE and score > scored[0][0] - MARGIN]
    if len(close) == 1:
        return close[0]
    if close:
        raise _ambiguous(typed, close)
    near = [d for score, d in scored if score >= SUGGEST_SCORE][:3]
    hint = f" Did you mean {_names(near)}?" if near else ""
    raise DocumentNotFoundError(f"No indexed document is called {typed!r}.{hint} `sources` lists them all.")


def _ambiguous(typed: str, candidates: list[DocumentInfo]) -> AmbiguousDocumentError:
    more = f" and {len(candidates) - LISTED} more" if len(candidates) > LISTED else ""
    return AmbiguousDocumentError(
        f"{typed!r} matches {len(candidates)} documents: did you mean {_names(candidates[:LISTED])}{more}? "
        "Type more of the title or the file name.",
        tuple(candidates),
    )


def _names(documents: list[DocumentInfo]) -> str:
    return ", ".join(f'"{d.title}" ({d.date or "undated"}, {d.doc_id})' for d in documents)

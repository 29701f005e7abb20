"""What a user would otherwise build, for the eval command's comparison (same run, same source text).

- `langchain-naive`: the LangChain tutorial pipeline: RecursiveCharacterTextSplitter(1000, 200) on the
  documents' text, Chroma through langchain-chroma, the same embedding model, top-k similarity search; the
  top chunk is the answer and it never abstains.
- `dense`: our chunks, dense search alone (Chroma).
- `bm25`: our chunks, bm25s alone with its own English tokenizer (no name folding).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from langchain_core.embeddings import Embeddings

from retrieval.ingest.loaders import scan_corpus

if TYPE_CHECKING:
    from retrieval.core import BriefingCore

log = logging.getLogger(__name__)


class Baseline(Protocol):
    def search(self, question: str, k: int) -> list[str]:
        """Passage texts, best first."""
        ...


class LangChainEmbeddings(Embeddings):
    """Our embedder behind LangChain's Embeddings interface."""

    def __init__(self, core: BriefingCore) -> None:
        self._embedder = core.embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.encode([text])[0].tolist()


class LangChainNaive:
    def __init__(self, core: BriefingCore) -> None:
        from langchain_chroma import Chroma
        from langchain_core.documents import Document as LCDocument
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        documents, _ = scan_corpus(core.settings.corpus_path, core.settings.max_file_bytes)
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = splitter.split_documents(
            [LCDocument(page_content=d.text, metadata={"doc": d.doc_id}) for d in documents]
        )
        self._store = Chroma(
            collection_name=f"naive-{uuid.uuid4().hex[:8]}", embedding_function=LangChainEmbeddings(core)
        )
        self._store.add_documents(chunks)
        log.info("langchain-naive baseline built chunks=%d", len(chunks))

    def search(self, question: str, k: int) -> list[str]:
        return [d.page_content for d in self._store.similarity_search(question, k=k)]


class DenseOnly:
    def __init__(self, core: BriefingCore) -> None:
        self._core = core

    def search(self, question: str, k: int) -> list[str]:
        snap = self._core.snapshot()
        vector = self._core.embedder.encode([question])[0]
        return [
            snap.catalog.by_id[cid].text
            for cid, _ in snap.index.query(vector, min(k, len(snap.catalog)))
            if cid in snap.catalog.by_id
        ]


class Bm25Only:
    def __init__(self, core: BriefingCore) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._texts = [c.text for c in core.snapshot().catalog.chunks]
        self._retriever = bm25s.BM25()
        self._retriever.index(bm25s.tokenize(self._texts, stopwords="en", show_progress=False), show_progress=False)

    def search(self, question: str, k: int) -> list[str]:
        import bm25s

        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if not any(tokens.ids):
            return []
        rows, scores = self._retriever.retrieve(tokens, k=min(k, len(self._texts)), show_progress=False)
        return [self._texts[int(r)] for r, s in zip(rows[0], scores[0], strict=True) if s > 0]


BASELINES: dict[str, Callable[[BriefingCore], Baseline]] = {
    "langchain-naive": LangChainNaive,
    "dense": DenseOnly,
    "bm25": Bm25Only,
}

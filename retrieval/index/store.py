"""The Chroma adapter: an embedded PersistentClient by default, an HttpClient when CHROMA_HOST is set.

One collection per index, `<name>_chunks`: chunk vectors, text and metadata, the nearest-neighbour search
and the shared record of the index. Each chunk's sentence vectors ride in its metadata (float16, base64: read
only to rebuild the snapshot files where there are none, so they cost no graph: a collection of 560,000
sentence vectors, 5.6 a chunk, would hold ~0.9 GB of memory while building 100,000 chunks). Questions read
texts and vectors from the snapshot files (snapshots.py), not from here.
We always pass our own vectors: Chroma's default embedding function would try to download a model. The
chunk collection's metadata records what built the index (model, dimension, backend, chunker); opening it
with other settings is an error that says to re-index. HNSW parameters are fixed when a collection is
created (Chroma ignores later changes).
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from retrieval.errors import ConfigError, IndexMismatchError, IndexUnreadableError
from retrieval.settings import Settings

log = logging.getLogger(__name__)

SCHEMA_VERSION = "3"  # 2: chunks carry their set and audience; 3: their sentence vectors (older: rebuilt)
MAX_BATCH = 5000
COLLECTION_SUFFIXES = ("_chunks", "_sentences")  # _sentences: indexes of schema 2 kept sentences apart
HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 128, "max_neighbors": 32}


@dataclass(frozen=True)
class IndexSignature:
    """What an index was built with; two indexes are compatible when their signatures are equal."""

    model: str
    dimension: int
    backend: str
    chunker: str

    def as_metadata(self) -> dict[str, str | int]:
        return {
            "schema": SCHEMA_VERSION,
            "model": self.model,
            "dimension": self.dimension,
            "backend": self.backend,
            "chunker": self.chunker,
        }

    def differences(self, stored: dict[str, Any]) -> list[str]:
        wanted = self.as_metadata()
        return [
            f"{key} {stored.get(key)!s} (now {wanted[key]!s})"
            for key in wanted
            if str(stored.get(key)) != str(wanted[key])
        ]


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


def open_client(settings: Settings) -> Any:
    """A Chroma client for the settings: embedded on disk, or a server when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        except Exception as error:  # chromadb raises plain exceptions for connection failures
            raise ConfigError(
                f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({error}): "
                "start it with `chroma run --path DIR --port N`, or unset CHROMA_HOST for the embedded store."
            ) from None
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class ChromaIndex:
    """One index: its chunk collection."""

    def __init__(self, client: Any, name: str) -> None:
        self._client = client
        self.name = name
        self._chunks: Any = None

    def exists(self) -> bool:
        names = {c if isinstance(c, str) else c.name for c in self._client.list_collections()}
        return f"{self.name}_chunks" in names

    def open(self, signature: IndexSignature) -> None:
        """Open the existing collections; IndexMismatchError when they were built otherwise."""
        chunks = self._client.get_collection(f"{self.name}_chunks", embedding_function=None)
        differences = signature.differences(dict(chunks.metadata or {}))
        if differences:
            raise IndexMismatchError(
                "The index was built with other settings: "
                + "; ".join(differences)
                + ". Re-index with `python -m retrieval index --full` (or /reindex full)."
            )
        self._chunks = chunks

    def create(self, signature: IndexSignature) -> None:
        """Create empty collections (dropping any of the same name)."""
        self.drop()
        metadata = signature.as_metadata()
        configuration = {"hnsw": HNSW}
        self._chunks = self._client.create_collection(
            f"{self.name}_chunks", metadata=metadata, configuration=configuration, embedding_function=None
        )

    def drop(self) -> None:
        for suffix in COLLECTION_SUFFIXES:
            try:
                self._client.delete_collection(f"{self.name}{suffix}")
            except Exception:  # chromadb raises NotFoundError/ValueError by version: absent is fine
                log.debug("collection absent name=%s%s", self.name, suffix)
        self._chunks = None

    def add_chunks(self, ids: list[str], vectors: np.ndarray, texts: list[str], metadatas: list[dict]) -> None:
        for lo in range(0, len(ids), MAX_BATCH):
            hi = lo + MAX_BATCH
            self._chunks.upsert(
                ids=ids[lo:hi], embeddings=vectors[lo:hi], documents=texts[lo:hi], metadatas=metadatas[lo:hi]
            )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for lo in range(0, len(chunk_ids), MAX_BATCH):
            self._chunks.delete(ids=list(chunk_ids[lo : lo + MAX_BATCH]))

    def count(self) -> int:
        return int(self._chunks.count())

    def sweep(self, chunk_ids: set[str]) -> int:
        """Delete stored chunks not listed (left by a re-index killed half way); how many."""
        orphans = [i for i in self._all_ids(self._chunks) if i not in chunk_ids]
        self.delete(orphans)
        log.info("store swept name=%s chunks=%d", self.name, len(orphans))
        return len(orphans)

    @staticmethod
    def _all_ids(collection: Any, page: int = MAX_BATCH) -> list[str]:
        total = int(collection.count())
        return [i for lo in range(0, total, page) for i in collection.get(limit=page, offset=lo, include=[])["ids"]]

    def iter_chunks(self, page: int = MAX_BATCH) -> Iterator[StoredChunk]:
        """Every stored chunk's id, text and metadata, page by page."""
        total = self.count()
        for offset in range(0, total, page):
            batch = self._chunks.get(limit=page, offset=offset, include=["documents", "metadatas"])
            for chunk_id, text, metadata in zip(batch["ids"], batch["documents"], batch["metadatas"], strict=True):
                yield StoredChunk(chunk_id, text or "", dict(metadata or {}))

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest chunks by cosine similarity: (chunk_id, similarity). `k` must not exceed the chunk count."""
        if k <= 0:
            return []
        try:
            result = self._chunks.query(query_embeddings=[vector], n_results=k, include=["distances"])
        except Exception as error:  # chromadb's errors differ by mode and version: a dropped collection, a lost server
            raise StoreQueryError(f"the dense search of {self.name} failed: {error}") from error
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        result = self._chunks.get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(result["ids"], result["embeddings"], strict=True)}


def encode_vectors(vectors: np.ndarray) -> str:
    """Sentence vectors as chunk metadata: float16, base64."""
    return base64.b64encode(np.ascontiguousarray(vectors, dtype=np.float16).tobytes()).decode("ascii")


def decode_vectors(value: str, dimension: int) -> np.ndarray | None:
    """The sentence vectors of `encode_vectors`, or None when there are none or they are unreadable."""
    try:
        flat = np.frombuffer(base64.b64decode(value), dtype=np.float16)
    except (ValueError, TypeError):
        return None
    return flat.reshape(-1, dimension) if value and len(flat) % dimension == 0 else None


def encode_spans(spans: Sequence[tuple[int, int]]) -> str:
    return json.dumps([list(span) for span in spans], separators=(",", ":"))


def decode_spans(value: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in json.loads(value or "[]")]


class StoreQueryError(RuntimeError):
    """A nearest-neighbour query failed (the collection was dropped by another process's re-index, say)."""


class Generations:
    """Which generation of collections is live, and its revision (bumped by every incremental update). The
    pointer is a tiny collection's metadata, so it works the same for the embedded store and a server, and a
    switch is a single metadata write."""

    def __init__(self, client: Any, base: str) -> None:
        self._client = client
        self.base = base

    def index(self, generation: str) -> ChromaIndex:
        return ChromaIndex(self._client, f"{self.base}_{generation}")

    def pointer(self) -> tuple[str, int] | None:
        """The live (generation, revision), or None before the first index (only a missing pointer means that:
        any other failure is IndexUnreadableError, so that the next re-index is not silently a full rebuild)."""
        from chromadb.errors import NotFoundError

        name = f"{self.base}_active"
        try:
            metadata = self._client.get_collection(name, embedding_function=None).metadata or {}
            generation = metadata.get("generation")
            return (str(generation), int(metadata.get("revision", 0))) if generation else None
        except NotFoundError:  # not created yet
            return None
        except Exception as error:  # a lost server, a damaged store, a foreign write: reported, never "no index"
            log.error("index pointer unreadable collection=%s error=%r", name, error)
            raise IndexUnreadableError(
                f"The index's pointer ({name}) could not be read ({type(error).__name__}: {error}); nothing was "
                "changed. Check the store (DATA_DIR/chroma or the Chroma server) and try again."
            ) from error

    def active(self) -> str | None:
        pointer = self.pointer()
        return pointer[0] if pointer else None

    def activate(self, generation: str, revision: int = 1) -> None:
        pointer = self._client.get_or_create_collection(f"{self.base}_active", embedding_function=None)
        pointer.modify(metadata={"generation": generation, "revision": revision, "activated": time.time()})
        log.info("index activated base=%s generation=%s revision=%d", self.base, generation, revision)

    def all(self) -> list[str]:
        prefix = f"{self.base}_"
        names = [c if isinstance(c, str) else c.name for c in self._client.list_collections()]
        found = {
            name[len(prefix) : -len(suffix)]
            for name in names
            for suffix in COLLECTION_SUFFIXES
            if name.startswith(prefix) and name.endswith(suffix)
        }
        return sorted(found)

    @staticmethod
    def new() -> str:
        return f"g{time.time_ns() // 1000:x}"

    def drop_inactive(self) -> list[str]:
        """Drop every generation but the active one (half-built ones from a crashed re-index included)."""
        active = self.active()
        dropped = [g for g in self.all() if g != active]
        for generation in dropped:
            self.index(generation).drop()
        return dropped

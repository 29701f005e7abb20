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
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from retrieval.errors import ConfigError, IndexMismatchError, IndexUnreadableError
from retrieval.index.heap import give_back_free_memory
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
    """One index: its chunks, in collections of at most `shard_chunks` each (`<name>_chunks`, then
    `<name>_chunks_1`, `_2`, ...; 0 = one collection). Embedded Chroma holds every collection it has opened
    (its HNSW graph and vectors) in this process's memory, so a build that serves nothing (`let_go_of_full`)
    lets go of each full collection before it starts the next: its peak stays that of one collection, however
    large the corpus. A search asks every collection and keeps the nearest."""

    def __init__(self, client: Any, name: str, shard_chunks: int = 0) -> None:
        self._client = client
        self.name = name
        self._shard_chunks = shard_chunks
        self._shards: list[Any] = []
        self._next_number = 1
        self._room: int | None = None  # what the last collection may still take; None until counted
        self._fresh = False  # created here: every stored chunk was added through this object
        self._let_go = False

    def exists(self) -> bool:
        return f"{self.name}_chunks" in self._collection_names()

    @property
    def shards(self) -> list[Any]:
        """The raw collections, first to last (for benchmarks' baselines)."""
        return list(self._shards)

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
        numbers = self._shard_numbers()
        shards = [self._client.get_collection(self._shard_name(n), embedding_function=None) for n in numbers]
        self._shards = [chunks, *shards]
        self._next_number = max(numbers, default=0) + 1
        self._room, self._fresh = None, False

    def create(self, signature: IndexSignature) -> None:
        """Create an empty index (dropping any of the same name)."""
        self.drop()
        self._shards = [self._new_collection(f"{self.name}_chunks", signature.as_metadata())]
        self._next_number, self._room, self._fresh = 1, self._capacity(), True

    def let_go_of_full(self) -> None:
        """From now on, free each full collection's memory before starting the next (embedded store only; for
        a process that builds and serves nothing: the collections it let go of reopen when next used)."""
        self._let_go = True

    def drop(self) -> None:
        names = [self._shard_name(n) for n in self._shard_numbers()]
        for name in [*names, *(f"{self.name}{suffix}" for suffix in COLLECTION_SUFFIXES)]:
            try:
                self._client.delete_collection(name)
            except Exception:  # chromadb raises NotFoundError/ValueError by version: absent is fine
                log.debug("collection absent name=%s", name)
        self._shards = []

    def add_chunks(self, ids: list[str], vectors: np.ndarray, texts: list[str], metadatas: list[dict]) -> None:
        """Store chunks: one already stored is replaced where it is; a new one goes to the last collection,
        and to a new one when that is full."""
        stored = self._stored_in(ids)
        for number, rows in stored.items():
            self._upsert(self._shards[number], rows, ids, vectors, texts, metadatas)
        replaced = {row for rows in stored.values() for row in rows}
        new = [row for row in range(len(ids)) if row not in replaced]
        while new:
            if self._free_room() <= 0:
                self._start_collection()
            taken, new = new[: self._free_room()], new[self._free_room() :]
            self._upsert(self._shards[-1], taken, ids, vectors, texts, metadatas)
            self._room = self._free_room() - len(taken)

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for shard in self._shards:
            for lo in range(0, len(chunk_ids), MAX_BATCH):
                shard.delete(ids=list(chunk_ids[lo : lo + MAX_BATCH]))

    def count(self) -> int:
        total = 0
        for shard in self._shards:
            total += int(shard.count())
            self._after_reading()
        return total

    def sweep(self, chunk_ids: set[str]) -> int:
        """Delete stored chunks not listed (left by a re-index killed half way), and second copies of one
        chunk in another collection; how many."""
        seen: set[str] = set()
        swept = 0
        for shard in self._shards:
            stored = self._all_ids(shard)
            extra = [i for i in stored if i not in chunk_ids or i in seen]
            for lo in range(0, len(extra), MAX_BATCH):
                shard.delete(ids=extra[lo : lo + MAX_BATCH])
            seen.update(stored)
            swept += len(extra)
            self._after_reading()
        log.info("store swept name=%s chunks=%d", self.name, swept)
        return swept

    @staticmethod
    def _all_ids(collection: Any, page: int = MAX_BATCH) -> list[str]:
        total = int(collection.count())
        return [i for lo in range(0, total, page) for i in collection.get(limit=page, offset=lo, include=[])["ids"]]

    def iter_chunks(self, page: int = MAX_BATCH) -> Iterator[StoredChunk]:
        """Every stored chunk's id, text and metadata, page by page."""
        for shard in self._shards:
            for offset in range(0, int(shard.count()), page):
                batch = shard.get(limit=page, offset=offset, include=["documents", "metadatas"])
                for chunk_id, text, metadata in zip(batch["ids"], batch["documents"], batch["metadatas"], strict=True):
                    yield StoredChunk(chunk_id, text or "", dict(metadata or {}))

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest chunks by cosine similarity: (chunk_id, similarity), nearest first, from every collection."""
        if k <= 0:
            return []
        found: list[tuple[str, float]] = []
        for shard in self._shards:
            try:
                result = shard.query(query_embeddings=[vector], n_results=k, include=["distances"])
            except Exception as error:  # chromadb's errors differ by version: a dropped collection, a lost server
                raise StoreQueryError(f"the dense search of {self.name} failed: {error}") from error
            found += [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]
        return found if len(self._shards) == 1 else sorted(found, key=lambda pair: -pair[1])[:k]

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        vectors: dict[str, np.ndarray] = {}
        for shard in self._shards:
            wanted = [i for i in ids if i not in vectors]
            if not wanted:
                break
            result = shard.get(ids=wanted, include=["embeddings"])
            vectors.update(
                {i: np.asarray(v, dtype=np.float32) for i, v in zip(result["ids"], result["embeddings"], strict=True)}
            )
        return vectors

    # -- the collections ---------------------------------------------------------------------------

    def _collection_names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self._client.list_collections()]

    def _shard_name(self, number: int) -> str:
        return f"{self.name}_chunks_{number}"

    def _shard_numbers(self) -> list[int]:
        prefix = f"{self.name}_chunks_"
        tails = [name[len(prefix) :] for name in self._collection_names() if name.startswith(prefix)]
        return sorted(int(tail) for tail in tails if tail.isdigit())

    def _new_collection(self, name: str, metadata: dict[str, str | int] | None = None) -> Any:
        configuration: Any = {"hnsw": HNSW}
        return self._client.create_collection(
            name, metadata=metadata, configuration=configuration, embedding_function=None
        )

    def _capacity(self) -> int:
        return self._shard_chunks if self._shard_chunks > 0 else sys.maxsize

    def _free_room(self) -> int:
        if self._room is None:
            self._room = self._capacity() - int(self._shards[-1].count())
        return self._room

    def _start_collection(self) -> None:
        if self._let_go:
            self._let_go_of_opened()
        self._shards.append(self._new_collection(self._shard_name(self._next_number)))
        log.info("store collection started name=%s number=%d", self.name, self._next_number)
        self._next_number += 1
        self._room = self._capacity()

    def _stored_in(self, ids: list[str]) -> dict[int, list[int]]:
        """Rows of `ids` already stored, by the collection that holds them (none in an index made here)."""
        if self._fresh:
            return {}
        where: dict[int, list[int]] = {}
        row_of = {chunk_id: row for row, chunk_id in enumerate(ids)}
        for number, shard in enumerate(self._shards):
            for lo in range(0, len(ids), MAX_BATCH):
                present = shard.get(ids=ids[lo : lo + MAX_BATCH], include=[])["ids"]
                where.setdefault(number, []).extend(row_of.pop(i) for i in present if i in row_of)
        return {number: rows for number, rows in where.items() if rows}

    @staticmethod
    def _upsert(
        shard: Any, rows: list[int], ids: list[str], vectors: np.ndarray, texts: list[str], metadatas: list[dict]
    ) -> None:
        for lo in range(0, len(rows), MAX_BATCH):
            part = rows[lo : lo + MAX_BATCH]
            shard.upsert(
                ids=[ids[r] for r in part],
                embeddings=vectors[part],
                documents=[texts[r] for r in part],
                metadatas=[metadatas[r] for r in part],
            )

    def _after_reading(self) -> None:
        """Reading a collection opens it: a process that lets go of full ones lets go of it again."""
        if self._let_go and len(self._shards) > 1:
            self._let_go_of_opened()

    def _let_go_of_opened(self) -> None:
        """Close embedded Chroma's engine and start it again (the collections' handles stay valid; what they
        hold in memory is freed), then give the freed memory back. A server keeps its own memory: nothing to do."""
        api: Any = getattr(self._client, "_server", None)
        if type(api).__name__ != "RustBindingsAPI":
            return
        api.stop()
        api.start()
        give_back_free_memory()
        log.debug("store memory let go name=%s", self.name)


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

    def __init__(self, client: Any, base: str, shard_chunks: int = 0) -> None:
        self._client = client
        self.base = base
        self._shard_chunks = shard_chunks

    def index(self, generation: str) -> ChromaIndex:
        return ChromaIndex(self._client, f"{self.base}_{generation}", self._shard_chunks)

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

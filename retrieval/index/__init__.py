"""Index: `Document`s in; chunks, vectors, the lexical index and a served snapshot out.

Chunking in model tokens, the embedding backends (torch, ONNX), the Chroma adapter, snapshot folders and their
manifest, locks, and the incremental, atomic re-index."""

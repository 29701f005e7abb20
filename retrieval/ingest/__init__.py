"""Ingest: a file (or, later, a URL) in; a cleaned, dated `Document` with its sentences out.

Loaders per format, Unicode and boilerplate clean-up, sentence splitting, dates in text, name folding, and the
corpus folder itself (uploads, removals)."""

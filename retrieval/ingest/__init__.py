"""Ingest: a file or a link in; a cleaned, dated `Document` with its sentences out.

Loaders per format, web pages' main text (webpage.py, trafilatura), Unicode and boilerplate clean-up, sentence
splitting, dates in text, name folding, fetching links safely (fetch.py, httpx) and the documents added by link
(links.py), and the corpus folder itself (uploads, removals)."""

"""Loading the corpus folder: text extraction per file type, metadata, cleaning -> `Document`.

Metadata comes from front matter at the top of a text or Markdown file:

    ---
    title: Deir Ezzor: Everyone wants it
    date: 2017-06-20
    source: Analyst desk
    url: https://example.org/post
    tags: syria, deir-ez-zor
    audience: Analysts, 123456789012345678
    set: syria
    ---

or from a sidecar `NAME.EXT.meta.json` beside any file (the way to describe a PDF or an HTML page). What the
metadata does not give is taken from the text: the title from the first short line, the date from the
dateline or date line at its top (see doc_dates.py: never a date the body reports). A document's set is its
`set` key, else its top sub-folder of the corpus, else "default"; its `audience` (role ids or names) limits
who may read it (retrieval/search/scopes.py). Files whose names start with `_` or `.` are not documents.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from retrieval.errors import CorpusError
from retrieval.ingest.clean import clean_text, normalize_unicode
from retrieval.ingest.doc_dates import document_date, html_page_date, is_dateline
from retrieval.ingest.sentences import line_kind
from retrieval.ingest.webpage import extract_web_page
from retrieval.records import Document, SkippedFile

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
SIDECAR_SUFFIX = ".meta.json"
DEFAULT_SET = "default"  # the set of documents at the top of the corpus folder
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)


class UnreadableFileError(Exception):
    """A file that cannot become a document; the message says why, for the skip report."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, str]
    web_page: bool = False  # main text already extracted: the line rules for saved text pages are not needed


def is_document_path(path: Path) -> bool:
    return path.is_file() and _is_document_name(path.name)


def _is_document_name(name: str) -> bool:
    supported = os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES
    return supported and not name.startswith(("_", ".")) and not name.endswith(SIDECAR_SUFFIX)


def scan_corpus(corpus: Path, max_bytes: int) -> tuple[list[Document], list[SkippedFile]]:
    """Every readable document under `corpus`, and the files skipped with the reason."""
    files, skipped = scan_files(corpus)
    documents: list[Document] = []
    for doc_id, path in files:
        try:
            documents.append(load_document(path, doc_id, max_bytes))
        except UnreadableFileError as error:
            log.warning("skipping file=%s reason=%s", doc_id, error)
            skipped.append(SkippedFile(doc_id, str(error)))
    return documents, skipped


def scan_files(corpus: Path) -> tuple[list[tuple[str, Path]], list[SkippedFile]]:
    """Every document file under `corpus` as (document id, path), without reading them, and the files of
    types we do not read."""
    found, skipped = scan_corpus_files(corpus)
    return [(file.doc_id, file.path) for file in found], skipped


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A document file the scan found: its id (its path below the corpus), where it is (a string: a Path is
    made only for a file that is read), and whether a metadata sidecar sits beside it."""

    doc_id: str
    location: str
    has_sidecar: bool

    @property
    def path(self) -> Path:
        return Path(self.location)

    def stamp(self) -> tuple[int, ...]:
        """`file_stamp` of the file, without looking for a sidecar the scan did not see."""
        sidecar = _size_and_time(self.location + SIDECAR_SUFFIX) if self.has_sidecar else [-1, -1]
        return (*_size_and_time(self.location), *sidecar)


def scan_corpus_files(corpus: Path) -> tuple[list[CorpusFile], list[SkippedFile]]:
    """`scan_files`, as CorpusFile records."""
    if not corpus.is_dir():
        raise CorpusError(f"The corpus folder {corpus} does not exist: create it or set CORPUS_DIR in .env.")
    every = sorted(_file_parts(corpus))
    present = set(every)
    files: list[CorpusFile] = []
    skipped: list[SkippedFile] = []
    for parts in every:
        name, doc_id = parts[-1], "/".join(parts)
        if _is_document_name(name):
            sidecar = (*parts[:-1], name + SIDECAR_SUFFIX) in present
            files.append(CorpusFile(doc_id, os.path.join(corpus, *parts), sidecar))
        elif not _is_known_non_document(Path(name)):
            skipped.append(SkippedFile(doc_id, f"unsupported file type {Path(name).suffix or '(none)'}"))
    return files, skipped


def _size_and_time(location: str) -> list[int]:
    try:
        info = os.stat(location)
    except OSError:
        return [-1, -1]
    return [info.st_size, info.st_mtime_ns]


def _file_parts(folder: Path | str, within: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path parts (below the corpus) of every file under `folder`, as `rglob` finds them: sub-folders
    linked to elsewhere are not entered, linked files count. One directory read per folder, no stat per
    file (what `rglob` plus `is_file` spent most of a small re-index's time on)."""
    try:
        entries = list(os.scandir(folder))
    except OSError as error:  # a folder we may not read is passed over, as rglob does
        log.warning("folder not read folder=%s error=%s", folder, error)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _file_parts(entry.path, (*within, entry.name))
        elif entry.is_file():
            yield (*within, entry.name)


def file_stamp(path: Path) -> tuple[int, ...]:
    """The file's and its sidecar's size and modification time: equal stamps mean an unchanged document."""
    return (*_size_and_time(str(path)), *_size_and_time(f"{path}{SIDECAR_SUFFIX}"))


def file_hash(path: Path) -> str:
    """The document's content hash (the file's bytes and its sidecar's) without reading it as a document."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    return hashlib.sha256(path.read_bytes() + (sidecar.read_bytes() if sidecar.is_file() else b"")).hexdigest()


def _is_known_non_document(path: Path) -> bool:
    return path.name.startswith(("_", ".")) or path.name.endswith(SIDECAR_SUFFIX)


def load_document(path: Path, doc_id: str, max_bytes: int) -> Document:
    """One file as a cleaned `Document`, or UnreadableFileError saying why not."""
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFileError(
            f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB limit (MAX_FILE_MB)"
        )
    if size == 0:
        raise UnreadableFileError("file is empty")
    raw = path.read_bytes()
    extracted = _extractor(path.suffix.lower())(raw)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    metadata = {**extracted.metadata, **_read_sidecar(sidecar)}
    text, tags = clean_text(extracted.text, drop_boilerplate=not extracted.web_page)
    if len(re.sub(r"\W", "", text)) < 20:
        raise UnreadableFileError("no readable text in the file")
    found = document_date(
        text, metadata.get("date", ""), metadata.get("page_date", ""), path.name, metadata.get("page_guess", "")
    )
    title = metadata.get("title") or _title_from_text(text)
    text = _drop_leading_title(text, title)
    content_hash = hashlib.sha256(raw + (sidecar.read_bytes() if sidecar.is_file() else b"")).hexdigest()
    return Document(
        doc_id=doc_id,
        source=path.name,
        title=normalize_unicode(title).strip() or path.stem,
        date=found.date,
        text=text,
        url=metadata.get("url", ""),
        publisher=metadata.get("source", "") or metadata.get("publisher", ""),
        tags=_tags(metadata.get("tags", "")) or tags,
        content_hash=content_hash,
        doc_set=document_set(doc_id, metadata.get("set", "")),
        audience=audience_of(metadata.get("audience", "")),
        supersedes=str(metadata.get("supersedes", "")).strip(),
    )


def document_set(doc_id: str, named: str = "") -> str:
    """A document's set: the `set` metadata key, else its top sub-folder of the corpus, else the default set."""
    folder, slash, _ = doc_id.partition("/")
    return set_name(named) or (set_name(folder) if slash else "") or DEFAULT_SET


def set_name(value: str) -> str:
    """A set's name as compared everywhere: trimmed, lower case."""
    return value.strip().lower()


def audience_of(value: str) -> tuple[str, ...]:
    """The `audience` metadata (role ids or names, comma-separated or a list) as sorted lower-case names."""
    parts = (part.strip().strip("\"'").casefold() for part in value.strip().strip("[]").split(","))
    return tuple(sorted({part for part in parts if part}))


def _extractor(suffix: str) -> Callable[[bytes], Extracted]:
    return {
        ".txt": _extract_text,
        ".md": _extract_text,
        ".markdown": _extract_text,
        ".html": _extract_html,
        ".htm": _extract_html,
        ".pdf": _extract_pdf,
        ".docx": _extract_docx,
    }[suffix]


def extract_metadata(suffix: str, raw: bytes) -> dict[str, str]:
    """The metadata a file carries itself (front matter, a page's title/date/author, a PDF's title and date)."""
    try:
        return _extractor(suffix.lower())(raw).metadata
    except UnreadableFileError:
        return {}


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; binary content is refused."""
    head = raw[:8192]
    if b"\x00" in head:
        raise UnreadableFileError("file looks binary (it contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableFileError("file is neither UTF-8 nor Windows-1252 text") from None
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(8, len(text[:8192]) // 50):
        raise UnreadableFileError("file looks binary (too many control characters), not text")
    return text


def _extract_text(raw: bytes) -> Extracted:
    text = decode_text(raw)
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return Extracted(text, {})
    metadata: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            metadata[key.strip().lower()] = value.strip().strip("\"'")
    return Extracted(text[match.end() :], metadata)


def _extract_html(raw: bytes) -> Extracted:
    """A saved or fetched web page: its main text and the page's own title, date and author (trafilatura).
    The date its metadata declares (htmldate, no search of the text) is `page_date`; trafilatura's own date,
    which may be guessed from the text, is only `page_guess` (see doc_dates.py)."""
    html = decode_text(raw)
    page = extract_web_page(html)
    metadata = {
        key: value
        for key, value in (
            ("title", page.title),
            ("page_date", html_page_date(html)),
            ("page_guess", page.date),
            ("author", page.author),
        )
        if value
    }
    return Extracted(page.text, metadata, web_page=True)


def _extract_pdf(raw: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnreadableFileError(f"PDF could not be read ({type(error).__name__}): it may be corrupt") from None
    metadata = {}
    if info is not None and info.title:
        metadata["title"] = str(info.title)
    created = _pdf_date(info)
    if created:
        metadata["date"] = created
    return Extracted("\n\n".join(pages), metadata)


def _pdf_date(info: object) -> str:
    """The PDF's creation date from its own metadata, '' when absent or unreadable."""
    try:
        created = getattr(info, "creation_date", None)
    except (ValueError, TypeError):
        return ""
    return created.date().isoformat() if created is not None else ""


def _extract_docx(raw: bytes) -> Extracted:
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise UnreadableFileError("Word file could not be read: it may be corrupt") from None
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{namespace}t")) for p in root.iter(f"{namespace}p")]
    return Extracted("\n\n".join(paragraphs), {})


def _read_sidecar(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFileError(f"metadata file {path.name} is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise UnreadableFileError(f"metadata file {path.name} must hold a JSON object")
    return {str(k).lower(): ", ".join(str(x) for x in v) if isinstance(v, list) else str(v) for k, v in data.items()}


def _tags(value: str) -> tuple[str, ...]:
    parts = value.strip().strip("[]").split(",")
    return tuple(p.strip().strip("\"'").lower() for p in parts if p.strip())


def _title_from_text(text: str) -> str:
    """The first line near the top that is not a byline, a date, a caption or boilerplate."""
    for line in [line.strip() for line in text.strip().splitlines() if line.strip()][:6]:
        if is_dateline(line) or line_kind(line.strip("*_ ")) in ("byline", "caption", "boilerplate"):
            continue
        first = line.lstrip("#").strip().strip("*_").strip()
        return first if 0 < len(first) <= 200 else ""
    return ""


def _drop_leading_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    if title and first.lstrip("#").strip() == normalize_unicode(title).strip() and rest.strip():
        return rest.strip()
    return text

"""read_document: one file on disk -> one Document, or a DocumentRefused saying why not."""

from __future__ import annotations

import hashlib
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from geoledger.errors import DocumentRefused
from geoledger.ingest.html import parse_html
from geoledger.ingest.language import detect_language
from geoledger.ingest.pdf import parse_pdf
from geoledger.ingest.sidecar import read_sidecar
from geoledger.ingest.text import Meta, parse_text
from geoledger.links import web_url
from geoledger.models import Document

_MIB = 1024 * 1024
MAX_BYTES = 100 * _MIB

# Formats we recognise but cannot read; anything else unknown is tried as UTF-8 text.
UNSUPPORTED = frozenset((
    ".doc", ".docx", ".odt", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
    ".epub", ".mobi", ".djvu", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp",
    ".heic", ".svg", ".ico", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst",
    ".mp3", ".wav", ".ogg", ".flac", ".m4a", ".mp4", ".mov", ".avi", ".mkv", ".webm", ".exe",
    ".dll", ".so", ".dylib", ".bin", ".o", ".a", ".class", ".jar", ".pyc", ".whl", ".sqlite",
    ".sqlite3", ".db", ".parquet", ".pickle", ".pkl", ".npy",
))  # fmt: skip
_HTML = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN = frozenset({".md", ".markdown"})
_FOLDER = "is a folder, not a file (expand it with expand_paths)"


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file's bytes and its sidecar's citation fields: what parsing needs, no disk access.

    Ingest reads files in one process (to hash and skip known ones) and parses them in others,
    possibly on other machines: this is what travels between them.
    """

    path: str
    raw: bytes
    sidecar: dict[str, str]

    @property
    def content_hash(self) -> str:
        """sha256 of the bytes: what Document.content_hash holds."""
        return hashlib.sha256(self.raw).hexdigest()


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a text, Markdown, HTML or PDF file into a Document, or raise DocumentRefused."""
    return parse_raw(read_raw(path, max_bytes=max_bytes))


def read_raw(path: str | Path, *, max_bytes: int = MAX_BYTES) -> RawFile:
    """A file's bytes and sidecar fields, or DocumentRefused for what cannot be a document."""
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentRefused(where, "no such file") from None
    except PermissionError:
        raise DocumentRefused(where, "cannot read: permission denied") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentRefused(where, _FOLDER)
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; refuse before opening it.
        raise DocumentRefused(where, "not a regular file")
    if suffix in UNSUPPORTED:
        raise DocumentRefused(where, f"unsupported file type {suffix}")
    # Size comes from stat so an oversized file is refused without being loaded.
    if info.st_size > max_bytes:
        raise DocumentRefused(where, _too_large(info.st_size, max_bytes))
    raw = _read_bytes(path, max_bytes)
    if not raw:
        raise DocumentRefused(where, "empty file")
    return RawFile(path=where, raw=raw, sidecar=read_sidecar(path))


def parse_raw(file: RawFile) -> Document:
    """The Document a file's bytes hold, by its suffix (PDF, HTML, Markdown, else text)."""
    path = Path(file.path)
    where, raw, suffix = file.path, file.raw, path.suffix.lower()
    if suffix == ".pdf":
        kind = "pdf"
        text, meta = parse_pdf(raw, path=where)
    elif suffix in _HTML:
        kind = "html"
        text, meta = parse_html(raw, path=where)
    else:
        kind = "markdown" if suffix in _MARKDOWN else "text"
        text, meta = parse_text(raw, path=where, markdown=kind == "markdown")
    # A sidecar file's citation fields win over what the file says of itself.
    return _document(path, raw, text, kind, {**meta, **file.sidecar})


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """Return at most max_bytes of the file, refusing if it grew past the limit since stat."""
    where = str(path)
    try:
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except PermissionError:
        raise DocumentRefused(where, "cannot read: permission denied") from None
    except IsADirectoryError:
        raise DocumentRefused(where, _FOLDER) from None
    except OSError as e:
        reason = (e.strerror or type(e).__name__).lower()
        raise DocumentRefused(where, f"cannot read: {reason}") from None
    if len(raw) > max_bytes:
        raise DocumentRefused(where, _too_large(os.path.getsize(path), max_bytes))
    return raw


def _too_large(size: int, limit: int) -> str:
    """Say how far over the limit a file is, never rounding the size down to the limit."""
    if limit < _MIB:
        return f"file too large ({size} bytes > {limit} bytes limit)"
    return f"file too large ({_mb(size, up=True)} MB > {_mb(limit)} MB limit)"


def _mb(n: int, *, up: bool = False) -> str:
    """Format a byte count in MB with at most one decimal (rounded up when asked)."""
    tenths = n * 10 / _MIB
    tenths = math.ceil(tenths) if up else round(tenths)
    return f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def _document(path: Path, raw: bytes, text: str, kind: str, meta: Meta) -> Document:
    """Assemble the Document from raw bytes, stored text and what the file says of itself."""
    return Document(
        name=path.name,
        text=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        kind=kind,
        path=str(path),
        title=meta.get("title"),
        author=meta.get("author"),
        published_on=meta.get("published_on"),
        url=web_url(meta.get("url")),  # a javascript: or data: link is dropped, never stored
        outlet=meta.get("outlet"),
        language=detect_language(text),
        encoding=meta.get("encoding"),
    )

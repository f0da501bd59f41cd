"""HTML: the article's main text and metadata, boilerplate left out, via trafilatura."""

from __future__ import annotations

import trafilatura
from lxml import etree
from trafilatura.settings import Document as ExtractedPage

from geoledger.errors import DocumentRefused
from geoledger.ingest.encodings import decode_html
from geoledger.ingest.text import Meta

LINK_TABLE_SHARE = 0.8  # a table whose text is mostly link text is navigation, not data
# Dates only from what the page states about itself (meta tags, JSON-LD, URL), not a
# search through the article's text, which would take a figure for a date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}


def parse_html(raw: bytes, *, path: str) -> tuple[str, Meta]:
    """Return the main text of an HTML page (no comments, nav or link tables) and its metadata."""
    # The declared charset first, then UTF-8, then Serbian Windows-1250/1251; trafilatura's
    # own guess only when none of those reads the bytes.
    decoded = decode_html(raw)
    tree = trafilatura.load_html(decoded[0] if decoded else raw)
    if tree is None:
        raise DocumentRefused(path, "no main text found in HTML")
    _drop_link_tables(tree)
    found = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,  # tables of figures carry claims; link tables went above
        include_images=False,
        include_links=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    doc = found.as_dict() if isinstance(found, ExtractedPage) else {}
    text = doc.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DocumentRefused(path, "no main text found in HTML")
    meta: Meta = {
        "title": _clean(doc.get("title")),
        "author": _clean(doc.get("author")),
        "published_on": _clean(doc.get("date")),
        "url": _clean(doc.get("url")),
        "outlet": _clean(doc.get("sitename")),
        "encoding": decoded[1] if decoded else None,
    }
    return text, meta


def _drop_link_tables(tree: etree._Element) -> None:
    """Remove tables made mostly of links (related stories, site maps) before extraction."""
    for table in list(tree.iter("table")):
        text = "".join(table.itertext()).strip()
        links = sum(len("".join(a.itertext()).strip()) for a in table.iter("a"))
        if text and links >= LINK_TABLE_SHARE * len(text):
            parent = table.getparent()
            if parent is not None:
                _remove_keeping_tail(table, parent)


def _remove_keeping_tail(node: etree._Element, parent: etree._Element) -> None:
    """Remove node from parent while keeping the text that follows it."""
    tail = node.tail
    previous = node.getprevious()
    parent.remove(node)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _clean(value: object) -> str | None:
    """Return a stripped string, or None for missing or empty values."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None

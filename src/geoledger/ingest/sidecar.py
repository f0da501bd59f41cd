"""Citation fields for a document from the command line or a sidecar file beside it.

A sidecar is DOCUMENT.meta.json (article.txt -> article.txt.meta.json) holding any of
title, outlet, author, date (ISO 8601: 2024, 2024-05 or 2024-05-08) and url. What it says
wins over what the file says of itself; command-line options win over both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from geoledger.errors import DocumentRefused, InvalidInput

SUFFIX = ".meta.json"
FIELDS = {"title": "title", "outlet": "outlet", "author": "author", "date": "published_on"}
FIELDS["url"] = "url"
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


def is_sidecar(path: Path) -> bool:
    """True for a sidecar file, which describes a document and is not one."""
    return path.name.endswith(SUFFIX)


def citation_fields(given: Mapping[str, object], where: str | None = None) -> dict[str, str]:
    """Check citation fields and name them as a Document does (date -> published_on).

    where: the sidecar file's name; None for command-line options (--title …).
    """
    fields: dict[str, str] = {}
    for name, value in given.items():
        label = f"--{name}" if where is None else f"{where}: {name}"
        if value is None:
            continue
        if name not in FIELDS:
            raise InvalidInput(f"{where}: unknown field '{name}'; use {', '.join(FIELDS)}.")
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"{label} must be non-empty text.")
        value = value.strip()
        if name == "date" and not _DATE.fullmatch(value):
            raise InvalidInput(f"{label} '{value}' is not ISO 8601 (2024, 2024-05, 2024-05-08).")
        if name == "url" and not value.startswith(("http://", "https://")):
            raise InvalidInput(f"{label} '{value}' must start with http:// or https://.")
        fields[FIELDS[name]] = value
    return fields


def read_sidecar(document: Path) -> dict[str, str]:
    """The citation fields of DOCUMENT.meta.json, or {} if there is none."""
    path = document.with_name(document.name + SUFFIX)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentRefused(str(document), f"unreadable {path.name}: {exc}") from None
    if not isinstance(data, dict):
        raise DocumentRefused(str(document), f"{path.name} must hold one JSON object")
    try:
        return citation_fields(data, where=path.name)
    except InvalidInput as exc:
        raise DocumentRefused(str(document), str(exc)) from None

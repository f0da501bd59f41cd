"""Links a ledger may store and show: absolute http and https URLs only."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Browsers drop tabs and newlines inside URLs, so "java\nscript:" would still run: refuse them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def web_url(value: str | None) -> str | None:
    """value trimmed if it is an http(s) URL with a host; None for anything else."""
    if value is None:
        return None
    url = value.strip()
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced [ in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url

"""Legacy encodings Serbian (and Russian) sites still serve: a declared charset, else
Windows-1250 or -1251."""

from __future__ import annotations

import codecs
import re

from geoledger.ingest.language import detect_language, languages

# The two code pages Serbian (and Russian) pages and files were written in before UTF-8: 1250
# for the Latin script (č ć š ž đ), 1251 for the Cyrillic one.
LEGACY = {"cp1250": "Latin", "cp1251": "Cyrillic"}  # each code page and the script it writes
PLAUSIBLE_SHARE = 0.9  # of the words with non-ASCII letters, this share must be in the alphabet
_HEAD = 4096  # bytes of an HTML page searched for a declared charset
_WESTERN = frozenset({"cp1252", "iso8859-1", "ascii"})

_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def decode_legacy(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) if raw is not UTF-8 but reads in cp1250 or cp1251 as a language of
    languages.toml written in that code page's script (Serbian, Russian), else None."""
    if b"\x00" in raw or raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # UTF-16 and binary data are for other readers to recognise
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    best: tuple[float, str, str] | None = None
    for encoding, script in LEGACY.items():
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        lang = languages().get(detect_language(text) or "", {})
        # An English or Czech text is none of these; nor is a Latin text whose stray byte
        # reads as one Cyrillic letter in 1251 (€ is Ђ there).
        if lang.get("script") != script or not lang.get("alphabet"):
            continue
        share = alphabet_share(text, lang["alphabet"])
        if share < PLAUSIBLE_SHARE:
            continue
        if best is None or share > best[0]:
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def alphabet_share(text: str, alphabet: str) -> float:
    """Share of the words with non-ASCII letters that are spelt in alphabet (and ASCII)."""
    if _CONTROL.search(text):
        return 0.0
    letters = frozenset(alphabet) | frozenset(alphabet.upper())
    good = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if all(ch.isascii() or ch in letters for ch in word):
            good += 1
        else:
            bad += 1
    return good / (good + bad) if good else 0.0


def declared_charset(raw: bytes) -> str | None:
    """The Python codec an HTML page declares in a meta or XML tag, if known to Python."""
    match = _CHARSET.search(raw[:_HEAD])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").strip().lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) by the declared charset, UTF-8, or Serbian cp1250/1251; None if unsure."""
    declared = declared_charset(raw)
    if declared in _WESTERN:
        # Servers and editors label pages Western by default; a Serbian page so mislabelled
        # is read in the code page that makes it Serbian.
        legacy = decode_legacy(raw)
        if legacy:
            return legacy
    for encoding in [declared, "utf-8"] if declared else ["utf-8"]:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return decode_legacy(raw)

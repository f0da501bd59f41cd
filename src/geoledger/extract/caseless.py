"""Case-blind patterns run as case-sensitive ones over a lowered copy of the text: the same
spans, found with fewer steps.

Under IGNORECASE, CPython's regex engine tries every alternative of a cue-word alternation at
every word start, since it can only skip ahead on a literal compared as written. The same
pattern with its letters lowered, searched case-sensitively in text.lower(), skips on each
alternative's first letter: ~3x fewer steps on the metric cue families.

It is exact, not a guess: a case-blind literal or set matches a character when its simple
lowercase is in the (lowered) set, with the extra case pairs re adds ('s' and 'ſ'); here that set
is spelled out and compared against the lowered character. text.lower() lowers character by
character with that same simple mapping except where it changes the length ('İ') and for a
final sigma, so such texts are searched as they are. \\w, \\s and \\d hold of a character
exactly when they hold of its lowercase (tests/test_caseless.py checks every code point).

A case-sensitive group ('(?-i:[A-Za-z.]{1,5})') is kept as it is when each of its characters
and sets holds of a character exactly when it holds of its lowercase: then it finds in lowered
text what it finds in the text. The one character that would break that for an ASCII set, the
Kelvin sign (lowered to 'k'), makes lowered_text refuse a text.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
import sys
from collections.abc import Iterator
from functools import cache
from re import _casefix  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Character ranges wider than this are left case-blind (spelling them out would not pay).
_MAX_RANGE = 2000
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# Characters a text may not hold to be searched lowered: 'Σ' lowers by its place in a word; the
# Kelvin sign, the only non-ASCII character lowering to an ASCII one, would let '(?-i:[a-z])'
# match it. ('İ', lowering to two characters, is caught by the length.)
_REFUSED = frozenset("\u03a3\u212a")  # also spelled out in lowered_text


class _Unsupported(Exception):
    """A part of a pattern that has no lowered equivalent (a case-sensitive group)."""


def _lower_chars(code: int) -> list[int]:
    """What a case-blind literal compares a lowered character with: its lowercase and the
    extra characters re treats as the same letter."""
    if not _sre.unicode_iscased(code):
        return [code]
    low = _sre.unicode_tolower(code)
    return [low, *_casefix._EXTRA_CASES.get(low, ())]


def _lower_set(items: list[tuple[object, object]]) -> list[tuple[object, object]]:
    """The items of a case-blind [...] set as a case-sensitive set over lowered text."""
    out: list[tuple[object, object]] = []
    chars: set[int] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.update(_lower_chars(av))  # type: ignore[arg-type]
        elif op is sre.RANGE:
            lo, hi = av  # type: ignore[misc]
            if hi - lo > _MAX_RANGE:
                raise _Unsupported("wide range")
            for code in range(lo, hi + 1):
                chars.update(_lower_chars(code))
        elif op in (sre.NEGATE, sre.CATEGORY):
            out.append((op, av))
        else:
            raise _Unsupported(str(op))
    return out + [(sre.LITERAL, code) for code in sorted(chars)]


def _lower_tree(
    data: list[tuple[object, object]],
    loose: bool = False,
    negated: bool = False,
    sensitive: bool = False,
) -> list[tuple[object, object]]:
    """A parsed case-blind (sub)pattern as the case-sensitive one for lowered text. loose: a
    case-sensitive group ('(?-i:banks?)') is lowered too, which can only let more through, so
    not under a negative lookaround (negated) nor with a negation inside it (sensitive)."""
    out: list[tuple[object, object]] = []
    for op, av in data:
        if sensitive and (
            op is sre.NOT_LITERAL
            or op is sre.ASSERT_NOT
            or (op is sre.IN and any(item[0] is sre.NEGATE for item in av))  # type: ignore[attr-defined]
        ):
            raise _Unsupported("negation in a case-sensitive group")
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            codes = _lower_chars(av)  # type: ignore[arg-type]
            if len(codes) == 1:
                out.append((op, codes[0]))
            else:
                negate = [(sre.NEGATE, None)] if op is sre.NOT_LITERAL else []
                out.append((sre.IN, negate + [(sre.LITERAL, c) for c in codes]))
        elif op is sre.IN:
            out.append((op, _lower_set(av)))  # type: ignore[arg-type]
        elif op in (sre.ANY, sre.AT, sre.CATEGORY):
            out.append((op, av))
        elif op is sre.BRANCH:
            first, branches = av  # type: ignore[misc]
            subs = [_lower_sub(b, loose, negated, sensitive) for b in branches]
            out.append((op, (first, subs)))
        elif op is sre.SUBPATTERN:
            group, add_flags, del_flags, sub = av  # type: ignore[misc]
            turns_sensitive = bool(del_flags & re.IGNORECASE)
            if turns_sensitive and not sensitive and _case_closed(sub.data):
                out.append((op, av))  # the same in lowered text: kept exact
                continue
            if turns_sensitive and (not loose or negated):
                raise _Unsupported("case-sensitive group")
            lowered = _lower_sub(sub, loose, negated, sensitive or turns_sensitive)
            out.append((op, (group, add_flags & ~re.IGNORECASE, del_flags, lowered)))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, sub = av  # type: ignore[misc]
            inverts = op is sre.ASSERT_NOT
            out.append((op, (direction, _lower_sub(sub, loose, negated or inverts, sensitive))))
        elif op in _REPEATS:
            lo, hi, sub = av  # type: ignore[misc]
            out.append((op, (lo, hi, _lower_sub(sub, loose, negated, sensitive))))
        else:
            raise _Unsupported(str(op))  # back-references, conditionals, atomic groups
    return out


@cache
def _preimages() -> dict[int, frozenset[int]]:
    """A lowercase code point -> the others that lower to it in a text lowered_text accepts."""
    found: dict[int, set[int]] = {}
    for code in range(0x20000):  # every cased character lies below
        low = chr(code).lower()
        if len(low) == 1 and ord(low) != code and chr(code) not in _REFUSED:
            found.setdefault(ord(low), set()).add(code)
    return {low: frozenset(codes) for low, codes in found.items()}


def _char_closed(codes: set[int]) -> bool:
    """True when a character is in codes exactly when its lowercase is."""
    preimages = _preimages()
    return all(
        _sre.unicode_tolower(code) in codes and preimages.get(code, frozenset()) <= codes
        for code in codes
    )


def _case_closed(data: list[tuple[object, object]]) -> bool:
    """True when a parsed case-sensitive (sub)pattern finds in lowered_text(text) what it finds
    in text: each of its literals and sets holds of a character exactly when it holds of its
    lowercase (\\w, \\s, \\d and their negations do)."""
    for op, av in data:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            if not _char_closed({av}):  # type: ignore[arg-type]
                return False
        elif op is sre.IN:
            codes: set[int] = set()
            for item_op, item in av:  # type: ignore[attr-defined]
                if item_op is sre.LITERAL:
                    codes.add(item)
                elif item_op is sre.RANGE and item[1] - item[0] <= _MAX_RANGE:
                    codes.update(range(item[0], item[1] + 1))
                elif item_op not in (sre.NEGATE, sre.CATEGORY):
                    return False
            if not _char_closed(codes):
                return False
        elif op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av  # type: ignore[misc]
            if add_flags & re.IGNORECASE or not _case_closed(sub.data):
                return False
        elif op is sre.BRANCH:
            if not all(_case_closed(b.data) for b in av[1]):  # type: ignore[index]
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if not _case_closed(av[1].data):  # type: ignore[index]
                return False
        elif op in _REPEATS:
            if not _case_closed(av[2].data):  # type: ignore[index]
                return False
        elif op not in (sre.ANY, sre.AT, sre.CATEGORY):
            return False
    return True


def _lower_sub(
    sub: sre_parse.SubPattern, loose: bool, negated: bool, sensitive: bool
) -> sre_parse.SubPattern:
    return sre_parse.SubPattern(sub.state, _lower_tree(sub.data, loose, negated, sensitive))


@cache  # callers ask per call; parsing and compiling is not cheap
def lowered_pattern(rx: re.Pattern[str], *, loose: bool = False) -> re.Pattern[str] | None:
    """A case-sensitive pattern that finds in lowered_text(text) the spans case-blind rx finds
    in text; None when rx is not case-blind or has a part that cannot be lowered. loose: also
    lower case-sensitive groups, for a pattern that matches wherever rx matches (and maybe
    elsewhere): when it finds nothing, neither does rx."""
    if not rx.flags & re.IGNORECASE or rx.flags & re.ASCII:
        return None
    flags = rx.flags & ~re.IGNORECASE
    try:
        tree = sre_parse.parse(rx.pattern, rx.flags)
        lowered = sre_parse.SubPattern(tree.state, _lower_tree(tree.data, loose))
    except _Unsupported:
        return None
    tree.state.flags = flags
    compiled: re.Pattern[str] = re._compiler.compile(lowered, flags)  # type: ignore[attr-defined]
    return compiled


def lowered_text(text: str) -> str | None:
    """text.lower() when it lowers each character as a case-blind pattern compares it (the same
    length, no _REFUSED character); else None."""
    last = _last_lowered[0]
    if last[0] is text:
        return last[1]  # the stages of one document's extraction ask for the same text
    low: str | None = text.lower()
    # Substring scans for the refused characters: no per-character objects.
    if len(low) != len(text) or "\u03a3" in text or "\u212a" in text:
        low = None
    _last_lowered[0] = (text, low)
    return low


# The last text lowered and its lowered_text: held, so that its id is not reused meanwhile.
_last_lowered: list[tuple[str | None, str | None]] = [(None, None)]


class CaseBlind:
    """A case-blind pattern with its lowered twin: search, match and finditer take the text and
    its lowered_text (None: search the text itself). Matches from an exact twin give spans only
    (their group() is lowered: read the words as text[m.start() : m.end()]); with groups=True, or
    where only a loose twin exists ('(?-i:...)' inside), the twin is a sieve: rx itself is run only
    at the places the sieve finds, and what comes back are rx's own matches."""

    __slots__ = ("rx", "twin", "sieve")

    def __init__(self, rx: re.Pattern[str], *, groups: bool = False) -> None:
        self.rx = rx
        twin = lowered_pattern(rx)
        self.twin = None if groups else twin
        self.sieve = twin or lowered_pattern(rx, loose=True)
        if self.twin is None and self.sieve is not None and _may_match_empty(rx):
            self.sieve = None  # after an empty match finditer's next step is rx's own affair

    def can_match(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> bool:
        """True when rx finds a match in text[pos:endpos]."""
        return self.search(text, low, pos, endpos) is not None

    def search(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if low is None or self.sieve is None:
            return self.rx.search(text, pos, endpos)
        if self.twin is not None:
            return self.twin.search(low, pos, endpos)
        return next(self._sifted(text, low, pos, endpos), None)

    def match(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if low is None or self.sieve is None:
            return self.rx.match(text, pos, endpos)
        if self.twin is not None:
            return self.twin.match(low, pos, endpos)
        if self.sieve.match(low, pos, endpos) is None:
            return None
        return self.rx.match(text, pos, endpos)

    def finditer(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if low is None or self.sieve is None:
            return self.rx.finditer(text, pos, endpos)
        if self.twin is not None:
            return self.twin.finditer(low, pos, endpos)
        return self._sifted(text, low, pos, endpos)

    def _sifted(self, text: str, low: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        """rx.finditer(text, pos, endpos), with rx tried only where the sieve matches: at any
        other place rx cannot match either, so the leftmost match of rx is found all the same."""
        sieve, rx = self.sieve, self.rx
        assert sieve is not None
        while (hit := sieve.search(low, pos, endpos)) is not None:
            found = rx.match(text, hit.start(), endpos)
            if found is None:
                pos = hit.start() + 1
            else:
                yield found
                pos = found.end()  # never empty: such patterns have no sieve


def _may_match_empty(rx: re.Pattern[str]) -> bool:
    return bool(sre_parse.parse(rx.pattern, rx.flags).getwidth()[0] == 0)

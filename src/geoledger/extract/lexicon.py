"""Language data (lang/*.toml) and ISO 4217 names (babel) compiled into the scanner's patterns."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import babel.numbers
import cyrtranslit
from babel import Locale

from geoledger.extract.numbers import MULTIPLE_WORDS

LANGUAGES = ("en", "sr")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_WORD_RE = re.compile(r"[^\W\d_]+")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_COUNTRY_NAME_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


@cache
def _toml(name: str) -> dict[str, Any]:
    """One data file of extract/lang, parsed."""
    text = resources.files("geoledger.extract.lang").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def detect_language(text: str) -> str:
    """The language of text ('en' or 'sr') from its script and its most common words."""
    sample = text[:8000]
    cyrillic = len(_CYRILLIC_RE.findall(sample))
    if cyrillic and cyrillic > len(_ASCII_LETTER_RE.findall(sample)) * 0.4:
        return "sr"
    raw = _LATIN_WORD_RE.findall(sample)
    exact = Counter(raw)
    words: Counter[str] = Counter()
    for word, n in exact.items():  # each distinct word folded once, not each occurrence
        words[word.casefold()] += n
    counts = {}
    for code in LANGUAGES:
        lang = _toml(f"{code}.toml")
        # A one-letter word counts only as written: English 'I' is not Serbian 'i'.
        counts[code] = sum(exact[w] if len(w) == 1 else words[w] for w in lang["common_words"])
        if lang.get("letters"):
            # Letters only this language writes ('č', 'đ') weigh like a common word.
            counts[code] += len(re.findall(f"[{lang['letters']}]", sample, re.IGNORECASE))
    return max(LANGUAGES, key=lambda code: (counts[code], code == "en"))


@cache
def _symbol_context(sign: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every country word of a sign's context, and each word's currency."""
    context = _toml("currencies.toml")["symbol_context"][sign]
    code_of = {w: code for code, words in context.items() for w in words}
    return re.compile(rf"(?<![\w.])(?:{trie_regex(set(code_of))})(?![\w])"), code_of


def symbols_of(text: str) -> dict[str, tuple[str, str | None]]:
    """What each ambiguous sign ('$', '¥') means in text, with a note where it is not the
    default: the currency of the country named most often, if more often than the default's."""
    out: dict[str, tuple[str, str | None]] = {}
    for sign, context in _toml("currencies.toml")["symbol_context"].items():
        default = next(iter(context))
        out[sign] = (default, None)
        if sign not in text:
            continue
        pattern, code_of = _symbol_context(sign)
        counts: dict[str, int] = {}
        for m in pattern.finditer(text):
            counts[code_of[m.group()]] = counts.get(code_of[m.group()], 0) + 1
        if not counts:
            continue
        best = max(counts, key=lambda code: (counts[code], code == default))
        if best != default and counts[best] > counts.get(default, 0):
            note = (
                f"'{sign}' read as {best}: the text names {context[best][0]} more often than "
                f"{context[default][0]}"
            )
            out[sign] = (best, note)
    return out


def trie_regex(words: set[str]) -> str:
    """One regex matching any of words, longest first, as a character trie (fast to scan)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _norm(surface: str) -> str:
    return re.sub(r"\s+", " ", surface.strip()).casefold()


@cache
def _current_codes() -> frozenset[str]:
    """ISO codes some territory uses today (to prefer over historic ones of the same name)."""
    today = date.today()
    codes: set[str] = set()
    for territory in Locale("en").territories:
        if territory.isalpha():
            codes.update(babel.numbers.get_territory_currencies(territory, today))
    return frozenset(codes)


@cache
def iso_codes() -> frozenset[str]:
    """Every ISO 4217 code of babel's tables that is money (not metals, funds or tests)."""
    data = _toml("currencies.toml")
    excluded = set(data["excluded_codes"])
    return frozenset(
        c for c in Locale("en").currencies if len(c) == 3 and c.isalpha() and c not in excluded
    )


def minor_digits(code: str) -> int:
    """Digits of the currency's minor unit (2 for USD, 0 for JPY)."""
    return int(babel.numbers.get_currency_precision(code))


@cache
def _digit_forms(group: str, decimal: str) -> tuple[re.Pattern[str], ...]:
    """Grouped, lakh-grouped, plain and other-convention numbers, and the group separators."""
    g, d = re.escape(group), re.escape(decimal)
    return (
        re.compile(rf"\d{{1,3}}(?:(?:{g}|\s)\d{{3}})+(?:{d}\d+)?"),
        re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?"),
        re.compile(rf"\d+(?:{d}\d+)?"),
        re.compile(rf"(\d+){g}(\d{{1,2}}|\d{{4,}})"),
        re.compile(rf"{g}|\s"),
        # '2 757,5': grouped by spaces, so the other separator can only be the decimal point.
        re.compile(rf"(\d{{1,3}}(?:\s\d{{3}})+){g}(\d{{1,2}})"),
    )


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's number and money patterns, compiled, and the tables behind them."""

    code: str
    decimal: str
    group: str
    digit_num: str  # regex of a number written with digits
    word_num: str  # regex of a number written in words
    units: dict[str, float]
    multipliers: dict[str, float]
    joiners: frozenset[str]
    weak_words: frozenset[str]
    scales: dict[str, float]
    scale_re: re.Pattern[str]
    money_scale_re: re.Pattern[str]  # scale_re and the letters read only after money ('$2T')
    percent_re: re.Pattern[str]
    minus_re: re.Pattern[str]
    currency_after_re: re.Pattern[str]  # a currency written after a number (and its scale)
    currency_before: str  # regex of a currency written before a number
    money_names: dict[str, tuple[str, float]]  # normalised surface -> (ISO code, factor)
    minor_codes: dict[str, tuple[str, ...]]  # 'cents' -> the currencies it may divide ('*': any)
    money_words: frozenset[str]  # one-word currency names ('dollar', 'cents'): 'a dollar' is 1
    name_before: str | None  # regex of a currency name written before a number ('ringgit 42')
    name_ends: frozenset[str]  # the last words of those names ('ringgit', 'dollars')
    dollar_prefixes: dict[str, str]
    gate: str  # characters a token may start with
    range_sep: re.Pattern[str]  # '9 - 10', '5 to 10', '310 do 408'
    and_sep: re.Pattern[str]  # the 'and' of 'between 5 and 10'
    between_left: re.Pattern[str]  # 'between' just before a number
    and_a_half: re.Pattern[str]  # 'five and a half million', 'milijardu i po'
    ratio_sep: re.Pattern[str] | None  # 'one in three', 'nine out of ten': a share as a ratio
    times_re: re.Pattern[str]  # 'three times', '32 puta'
    times_need_comparison: bool
    multiples: dict[str, float]  # 'doubled' -> 2, 'dvostruko' -> 2
    any_noun: bool  # any word right after a number is what it counts ('54 zemlje')
    not_nouns: frozenset[str]  # ... except these
    measure_re: re.Pattern[str] | None  # physical measures after a number: no count
    length_re: re.Pattern[str] | None  # '130 hektara', '5 kilometara'
    fractions: dict[str, float]  # fractions written as nouns: 'trećinu' -> 1/3

    def parse_digits(self, text: str) -> float | None:
        """'1,234.5' -> 1234.5 in English, '12.726' -> 12726 and '1,5' -> 1.5 in Serbian."""
        if text.isascii() and text.isdigit():
            return float(text)  # the common case, without a pattern
        text = text.strip().replace("\u202f", " ").replace("\u00a0", " ")
        forms = _digit_forms(self.group, self.decimal)
        if forms[0].fullmatch(text):
            return float(forms[4].sub("", text).replace(self.decimal, "."))
        if self.group == "," and forms[1].fullmatch(text):
            return float(text.replace(",", ""))  # '12,34,567.89': lakh grouping
        if forms[2].fullmatch(text):
            return float(text.replace(self.decimal, "."))
        # The other convention where it cannot be a group: '4,5 million' in English, '1.5' in
        # Serbian (a group has three digits).
        m = forms[3].fullmatch(text) or forms[5].fullmatch(text)
        return float(f"{forms[4].sub('', m.group(1))}.{m.group(2)}") if m else None

    def parse_words(self, text: str) -> float | None:
        """'twenty-five' -> 25, 'two hundred and fifty' -> 250, 'sto dvadeset' -> 120."""
        words = [w for w in re.split(r"[\s-]+", text.casefold()) if w and w not in self.joiners]
        if not words:
            return None
        current, seen = 0.0, False
        for word in words:
            if word in self.units:
                current += self.units[word]
            elif word in self.multipliers:
                current = (current or 1) * self.multipliers[word]
            elif word in ("a", "an") and not seen:
                continue
            else:
                return None
            seen = True
        if not seen and words in (["a"], ["an"]):
            return 1.0  # the article before a scale: 'a billion'
        return current if seen else None

    def parse_number(self, text: str) -> float | None:
        """A number written with digits or in words."""
        value = self.parse_digits(text)
        return value if value is not None else self.parse_words(text)

    def scale_of(self, word: str | None) -> float:
        """The multiplier of a scale word ('billion' -> 1e9); 1 when there is none."""
        if not word:
            return 1.0
        low = _norm(word)
        return self.scales.get(low) or self.scales.get(low.rstrip("."), 1.0)

    def money_of(self, surface: str) -> tuple[str, float] | None:
        """The ISO code and factor of a currency as written ('cents' -> ('USD', 0.01))."""
        low = _norm(surface)
        found = self.money_names.get(low)
        if found is None and low.endswith("$"):
            letters = re.sub(r"[\s$]+", "", low)
            code = self.dollar_prefixes.get(letters) if letters else "USD"
            found = (code, 1.0) if code else None
        return found


def _words_with_cyrillic(words: dict[str, Any], cyrillic: str | None) -> dict[str, Any]:
    """words, plus each spelt in Cyrillic where the language has that script (cyrtranslit)."""
    out = {k.casefold(): v for k, v in words.items()}
    if cyrillic:
        out.update({cyrtranslit.to_cyrillic(k, cyrillic): v for k, v in list(out.items())})
    return out


@cache
def _sole_territories() -> dict[str, str]:
    """ISO code -> the one territory that uses it today (codes several use are left out)."""
    today = date.today()
    users: dict[str, list[str]] = {}
    for territory in Locale("en").territories:
        if territory.isalpha():
            for code in babel.numbers.get_territory_currencies(territory, today):
                users.setdefault(code, []).append(territory)
    return {code: ts[0] for code, ts in users.items() if len(ts) == 1}


def _iso_names(locales: list[str]) -> dict[str, str]:
    """Every singular and plural ISO currency name in these babel locales -> its code, and the
    same names with the country's own name for its adjective ('Malaysia ringgit' beside CLDR's
    'Malaysian ringgit'), for currencies of one country only."""
    codes, current, sole = iso_codes(), _current_codes(), _sole_territories()
    names: dict[str, str] = {}
    for name in locales:
        loc = Locale.parse(name)
        plural = loc._data["currency_names_plural"]
        for code in sorted(codes, key=lambda c: c not in current):
            forms = {loc.currencies.get(code, ""), *dict(plural.get(code, {})).values()}
            for form in forms:
                if form and " " in form.strip():  # one-word names come from the toml tables
                    names.setdefault(_norm(form), code)
            country = loc.territories.get(sole.get(code, ""), "")
            if not _COUNTRY_NAME_RE.fullmatch(country):
                continue
            for form in forms:
                words = form.split()
                if len(words) == 2:  # '<adjective> <noun>': 'Malaysian ringgit'
                    names.setdefault(_norm(f"{country} {words[1]}"), code)
    return names


@dataclass(frozen=True, slots=True)
class TableWords:
    """How a language's table headings state the unit of the rows below them (both scripts,
    lower case): 'in millions of euros', 'u hiljadama evra', '(mil. EUR)', '(%)'."""

    in_words: frozenset[str]  # 'in', 'u'
    of_words: frozenset[str]  # 'of'
    currencies: dict[str, str]  # currency names a heading writes -> ISO code
    scales: dict[str, float]  # scale words only headings write ('hiljadama'): alone a count
    percent: frozenset[str]  # a percent column: '%', 'u procentima'


@cache
def table_words(code: str) -> TableWords:
    """The table-heading words of a language (its toml's [table] part)."""
    lang = _toml(f"{code}.toml")
    table, cyr = lang.get("table", {}), lang.get("cyrillic")

    def spelt(words: list[str]) -> frozenset[str]:
        return frozenset(_words_with_cyrillic(dict.fromkeys(words, 1), cyr))

    return TableWords(
        in_words=spelt(table.get("in", [])),
        of_words=spelt(table.get("of", [])),
        currencies=_words_with_cyrillic(table.get("currencies", {}), cyr),
        scales={k: float(v) for k, v in _words_with_cyrillic(table.get("scales", {}), cyr).items()},
        percent=spelt(table.get("percent", [])),
    )


@cache
def lexicon(code: str) -> Lexicon:
    """The compiled lexicon of a language ('en', 'sr')."""
    lang = _toml(f"{code}.toml")
    cur = _toml("currencies.toml")
    table = lang.get("cyrillic")  # cyrtranslit language code of a two-script language
    units = _words_with_cyrillic(lang["units"], table)
    multipliers = _words_with_cyrillic(lang.get("multipliers", {}), table)
    money_scales = _words_with_cyrillic(lang.get("money_scales", {}), table)
    scales = {**money_scales, **_words_with_cyrillic(lang["scales"], table)}
    joiners = frozenset(_words_with_cyrillic(dict.fromkeys(lang["joiners"], 1), table))
    weak = frozenset(_words_with_cyrillic(dict.fromkeys(lang["weak_words"], 1), table))
    percent = _words_with_cyrillic(dict.fromkeys(lang["percent"]["words"], 1), table)
    minus = _words_with_cyrillic(dict.fromkeys(lang["minus_words"], 1), table)

    money: dict[str, tuple[str, float]] = {}
    for name, iso in _iso_names(lang.get("locales", [lang["locale"]])).items():
        money[name] = (iso, 1.0)
    for name, iso in _words_with_cyrillic(lang["currency_names"], table).items():
        money[name] = (iso, 1.0)
    minor_codes: dict[str, tuple[str, ...]] = {}
    for name, (iso, per) in _words_with_cyrillic(lang["minor_names"], table).items():
        codes_of = (iso,) if isinstance(iso, str) else tuple(iso)
        money[name] = (codes_of[0], 1.0 / per)
        minor_codes[name] = codes_of
    codes = iso_codes()
    aliases = cur["code_aliases"]
    for iso in (*codes, *aliases):
        money.setdefault(iso.casefold(), (aliases.get(iso, iso), 1.0))
    for sign, iso in cur["symbols"].items():
        money[sign.casefold()] = (iso, 1.0)
    code_scales = cur["code_scales"]
    common = [c.upper() for c in cur["lowercase_codes"]]
    for prefix, factor in code_scales.items():
        for iso in common:
            money[(prefix + iso).casefold()] = (aliases.get(iso, iso), float(factor))
    prefixes = {k.casefold(): v["code"] for k, v in cur["dollar_prefixes"].items()}

    g, d = re.escape(lang["group"]), re.escape(lang["decimal"])
    if lang["decimal"] == ".":
        # '4,5 million', '2 757,5 million': a comma before a scale is a decimal comma.
        other = (
            r"(?:(?<!\d\s)\d{1,3}(?:[ \u202f\u00a0]\d{3})+|\d+),\d{1,2}"
            r"(?=\s?(?:million|billion|mln|bln|bn|mn|%|per))"
        )
    else:
        other = r"\d+\.\d{1,2}(?!\d)"
    # '12,34,567.89': lakh grouping, where the language groups with commas.
    indian = r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?!\d)|" if lang["group"] == "," else ""
    digit_num = (
        rf"\d{{1,3}}(?:{g}\d{{3}})+(?:{d}\d+)?"
        # '10 000', '1 414 021 100' (space or thin space), not a phone's '+32 2 295 43 20'.
        rf"|(?<!\d\s)\d{{1,3}}(?:[ \u202f\u00a0]\d{{3}})+(?!\d|[.,]\d|\s\d)"
        rf"|{indian}{other}|\d+(?:{d}\d+)?"
    )
    unit_alt = trie_regex(set(units))
    mult_alt = trie_regex(set(multipliers)) if multipliers else None
    word = unit_alt if mult_alt is None else f"(?:{unit_alt}|{mult_alt})"
    join = ""
    if mult_alt and joiners:
        after_mult = "|".join(f"(?<={re.escape(m)})" for m in multipliers)
        join = rf"|(?:{after_mult})\s+(?:{trie_regex(set(joiners))})\s+"
    article = rf"(?:(?:a|an)\s+)(?={mult_alt})" if mult_alt and code == "en" else ""
    word_num = rf"(?:{article})?{word}(?:(?:[\s-]+{join}){word}(?![\w]))*"

    general = set(scales) - set(money_scales)
    long_scales = {s for s in general if len(s) > 2 or s.endswith(".")}
    short_scales = {s for s in general if len(s) == 2 and not s.endswith(".")}
    letter_scales = {s for s in general if len(s) == 1}
    scale_parts = [rf"\s{{0,3}}(?:{trie_regex(long_scales)})"]
    if short_scales:
        scale_parts.append(rf"\s?(?:{trie_regex(short_scales)})")
    if letter_scales:
        scale_parts.append(rf"(?:{trie_regex(letter_scales)})")
    scale_re = re.compile(rf"(?:{'|'.join(scale_parts)})(?![\w])", re.IGNORECASE)
    money_scale_re = scale_re
    if money_scales:
        scale_parts.append(rf"(?:{trie_regex(set(money_scales))})")
        money_scale_re = re.compile(rf"(?:{'|'.join(scale_parts)})(?![\w])", re.IGNORECASE)
    percent_re = re.compile(rf"\s?(?:{trie_regex(set(percent))})(?![\w])", re.IGNORECASE)
    minus_re = re.compile(rf"(?<![\w])(?:{trie_regex(set(minus))})\s+$", re.IGNORECASE)

    names = {n for n, (iso, _) in money.items() if not (n.upper() in codes or n == "rmb")}
    names -= {s.casefold() for s in cur["symbols"]}
    names -= {(p + c).casefold() for p in code_scales for c in common}
    upper_codes = set(codes) | set(aliases)
    compact = {p + c for p in code_scales for c in common}
    symbols = set(cur["symbols"])
    # A sign that ends in a letter ('Rs', 'RM') is no sign inside a word ('20 Rsomething').
    letter_symbols = {sym for sym in symbols if sym[-1:].isalpha() or sym.endswith(".")}
    plain_signs, letter_signs = trie_regex(symbols - letter_symbols), trie_regex(letter_symbols)
    # ... and keeps its case: 'RS' after a number is the Republic of Serbia, not rupees.
    sign_re = rf"(?:{plain_signs}|(?-i:{letter_signs})(?![A-Za-z]))"
    lower = set(cur["lowercase_codes"])
    words = set(cur["word_codes"])  # read after a number only: 'ALL 5 of them' is no money
    dollar_glued = {p for p in prefixes}
    dollar_spaced = {k.casefold() for k, v in cur["dollar_prefixes"].items() if v["spaced"]}
    currency_word = (
        rf"(?i:{trie_regex(names)})(?![\w])|(?-i:{trie_regex(compact | upper_codes)})(?![\w])"
        rf"|(?i:{trie_regex(lower)})(?![\w])|(?i:{trie_regex(dollar_glued)})\$|{sign_re}"
    )
    currency_after_re = re.compile(rf"(?:\s{{0,2}}|-)(?:{currency_word})", re.IGNORECASE)
    currency_before = (
        rf"(?<![\w$])(?:(?i:{trie_regex(dollar_glued)})\$|(?i:{trie_regex(dollar_spaced)})\s\$"
        rf"|(?-i:{trie_regex(compact | upper_codes - words)})(?![a-zA-Z])"
        rf"|(?i:{trie_regex(lower)})(?![a-zA-Z])"
        rf"|{sign_re})"
    )
    one_word_names = {n for n in names if " " not in n and n.isalpha()}
    name_before = None
    if lang.get("names_before_number"):
        name_before = rf"(?<![\w$])(?i:{trie_regex(names)})\s?$"
    # Letters glued to a number ('USD115', 'HK$10') pass the scanner's gate by a lookahead of
    # their own; the gate's letters are those that start words of numbers.
    starts = {w[:1] for w in (*units, *multipliers, *symbols)}
    starts |= set("ahqdtfo")  # fractions, multiples, 'a hundred'
    gate = "".join(sorted({c.casefold() for c in starts if c} | set("0123456789")))
    phrases = {
        k: (_words_with_cyrillic(dict.fromkeys(v, 1), table) if isinstance(v, list) else v)
        for k, v in lang["phrases"].items()
    }
    multiples = {**MULTIPLE_WORDS} if code == "en" else {}
    multiples.update(_words_with_cyrillic(lang.get("multiples", {}), table))
    between = trie_regex(set(phrases["between"]))
    times = trie_regex(set(phrases["times"]))
    times_re = rf"\s+(?:{times})(?![\w])"
    if code == "en":
        times_re += r"|-fold(?![\w])|\s?x(?=\s+(?:the|as|more|higher))"
    starts |= {w[:1] for w in multiples}
    gate = "".join(sorted({c.casefold() for c in starts if c} | set("0123456789")))
    counting = lang.get("counting", {})
    measures = _words_with_cyrillic(dict.fromkeys(counting.get("measures", []), 1), table)
    lengths = _words_with_cyrillic(dict.fromkeys(counting.get("lengths", []), 1), table)
    areas = _words_with_cyrillic(dict.fromkeys(counting.get("areas", []), 1), table)
    length_re = None
    if lengths or areas:
        length_re = re.compile(
            rf"(?:\s?-\s?|\s)?(?:(?P<km>{trie_regex(set(lengths))})|(?P<ha>{trie_regex(set(areas))}))"
            r"(?![\w])",
            re.IGNORECASE,
        )
    fractions = _words_with_cyrillic(lang.get("fractions", {}), table)
    starts |= {w[:1] for w in fractions}
    gate = "".join(sorted({c.casefold() for c in starts if c} | set("0123456789")))
    return Lexicon(
        code=code,
        decimal=lang["decimal"],
        group=lang["group"],
        digit_num=digit_num,
        word_num=word_num,
        units=units,
        multipliers=multipliers,
        joiners=joiners,
        weak_words=weak,
        scales=scales,
        scale_re=scale_re,
        money_scale_re=money_scale_re,
        percent_re=percent_re,
        minus_re=minus_re,
        currency_after_re=currency_after_re,
        currency_before=currency_before,
        money_names=money,
        minor_codes=minor_codes,
        money_words=frozenset(one_word_names),
        name_before=name_before,
        name_ends=frozenset(n.split()[-1] for n in names if n.split()),
        dollar_prefixes=prefixes,
        gate=gate,
        range_sep=re.compile(
            rf"\s*(?:[-–—]|(?:{trie_regex(set(phrases['range']))})(?![\w]))\s*", re.I
        ),
        and_sep=re.compile(rf"\s+(?:{trie_regex(set(phrases['and']))})\s+", re.I),
        between_left=re.compile(rf"(?<![\w])(?:{between})\s+\S{{0,4}}\s?$", re.I),
        and_a_half=re.compile(
            rf"\s+(?:{trie_regex(set(phrases['and_a_half']))})(?![\w])", re.IGNORECASE
        ),
        ratio_sep=re.compile(rf"\s+(?P<sep>{trie_regex(set(phrases['ratio']))})\s+", re.IGNORECASE)
        if phrases.get("ratio")
        else None,
        times_re=re.compile(times_re, re.IGNORECASE),
        times_need_comparison=bool(phrases["times_need_comparison"]),
        multiples=multiples,
        any_noun=bool(counting.get("any_noun", False)),
        not_nouns=frozenset(
            _words_with_cyrillic(dict.fromkeys(counting.get("not_nouns", []), 1), table)
        ),
        measure_re=re.compile(rf"\s+(?:{trie_regex(set(measures))})(?![\w])", re.I)
        if measures
        else None,
        length_re=length_re,
        fractions=fractions,
    )

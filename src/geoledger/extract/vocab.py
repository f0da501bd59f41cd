"""Per-language word data (lang/<code>_names|_metrics|_periods.toml) as lookups, in every script."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cyrtranslit

LANG_DIR = Path(__file__).parent / "lang"
# Languages written in two scripts: their data is kept in Latin and spelt in Cyrillic here
# (cyrtranslit's language code for each).
_CYRILLIC = {"sr": "sr"}


@cache
def _data(lang: str, part: str) -> dict[str, Any]:
    """One data file, parsed; a missing language names the file it looked for."""
    path = LANG_DIR / f"{lang}_{part}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LookupError(f"No {part} for language '{lang}': {path} is missing.") from None
    # Every phrase of a language's meaning files is also read in its other spellings (Serbian's
    # ijekavian 'mjeseci', 'razmjena'), listed once in its periods file.
    variants = data.get("variants") if part == "periods" else None
    if variants is None and (LANG_DIR / f"{lang}_periods.toml").exists():
        variants = _data(lang, "periods").get("variants", {})
    return _with_variants(data, variants or {})


def spellings(form: str, lang: str) -> tuple[str, ...]:
    """form as written in the data and, for two-script languages, in Cyrillic too."""
    code = _CYRILLIC.get(lang)
    if code is None:
        return (form,)
    cyrillic = cyrtranslit.to_cyrillic(form, code)
    return (form,) if cyrillic == form else (form, cyrillic)


def _all_spellings(forms: list[str], lang: str) -> tuple[str, ...]:
    """Every spelling of forms, in data order, each once."""
    return tuple(dict.fromkeys(s for form in forms for s in spellings(form, lang)))


@cache
def actor_names(lang: str) -> dict[str, str]:
    """Every form of every actor name in lang (both scripts) -> the actor's English name."""
    names: dict[str, str] = {}
    for english, entry in _data(lang, "names").items():
        for spelling in _all_spellings(entry["forms"], lang):
            names.setdefault(spelling, english)
    return names


@cache
def metric_cues(lang: str) -> dict[str, tuple[str, ...]]:
    """Metric (or metric family such as 'investment') -> its cue words in lang, both scripts."""
    return {
        metric: _all_spellings(forms, lang)
        for metric, forms in _data(lang, "metrics")["metrics"].items()
    }


def tourism_share_needs_partner(lang: str) -> bool:
    """Whether a share of tourists or stays that names no partner country (a region's, the
    domestic tourists') is 'other' in lang's texts, as its development set annotates it."""
    if lang not in cue_languages("metrics"):
        return False
    return bool(_data(lang, "metrics").get("shares", {}).get("tourism_needs_partner", False))


@cache
def modifier_cues(lang: str) -> dict[str, tuple[str, ...]]:
    """pledge / deal / total -> the words that make an investment one, in lang, both scripts."""
    return {
        name: _all_spellings(forms, lang)
        for name, forms in _data(lang, "metrics")["modifiers"].items()
    }


@dataclass(frozen=True, slots=True)
class PeriodWords:
    """A language's period vocabulary, every key in each of its scripts and lower case."""

    months: dict[str, int]  # januara -> 1
    year_words: tuple[str, ...]  # godine, god.
    relative_years: dict[str, int]  # prošle godine -> -1 (from the document's year)
    relative_months: dict[str, int]  # prošlog meseca -> -1
    parts_of_year: dict[str, str]  # u prvih šest meseci -> H1
    months_from_january: dict[str, int]  # prvih devet meseci -> 9 (January to September)
    months_so_far: dict[str, int]  # pet meseci (ove godine) -> 5: only before a year
    ranges: dict[str, tuple[str, ...]]  # from / to / between / and -> their words
    prepositions: tuple[str, ...]  # u, tokom, krajem ...
    comparisons: tuple[str, ...]  # u odnosu na, nego: the figure is a change against a period
    ago: dict[str, Any]  # before: (pre,), numbers: {deset: 10}, units: {godina: 1, deceniju: 10}
    recent: dict[str, Any]  # before: (u poslednjih,), more: (više od,), units: {godina: 1}
    # False where a change over part of a year is dated by that part alone, not from the same
    # months a year before (how the language's statistics releases state it).
    change_spans_year_before: bool = True


def _keyed(table: dict[str, list[str]], lang: str, cast: type = str) -> dict[str, Any]:
    """{value: [forms]} turned round into {spelling: value} over both scripts."""
    return {
        spelling.casefold(): cast(value)
        for value, forms in table.items()
        for spelling in _all_spellings(forms, lang)
    }


def _scalar(table: dict[str, int], lang: str) -> dict[str, int]:
    """{phrase: number} with every spelling of each phrase."""
    return {s.casefold(): n for phrase, n in table.items() for s in spellings(phrase, lang)}


def _with_variants(node: Any, variants: dict[str, str]) -> Any:
    """node (a period table) with every phrase also spelt with each variant ('mesec' ->
    'mjesec'): list items and table keys gain the variant spelling beside the data's own."""
    if not variants:
        return node

    def vary(form: str) -> str:
        for written, other in variants.items():
            form = form.replace(written, other)
        return form

    if isinstance(node, list):
        return list(dict.fromkeys([*node, *(vary(f) for f in node if isinstance(f, str))]))
    if isinstance(node, dict):
        out = {k: _with_variants(v, variants) for k, v in node.items()}
        for key, value in list(out.items()):
            out.setdefault(vary(key), value)
        return out
    return node


@cache
def period_words(lang: str) -> PeriodWords:
    """The months, year words, relative years, parts of a year and range words of lang."""
    data = _data(lang, "periods")
    return PeriodWords(
        months=_keyed(data["months"], lang, int),
        year_words=_all_spellings(data["year"]["words"], lang),
        relative_years=_scalar(data["relative_years"], lang),
        relative_months=_scalar(data["relative_months"], lang),
        parts_of_year=_keyed(data["parts_of_year"], lang),
        months_from_january=_keyed(data["months_from_january"], lang, int),
        months_so_far=_keyed(data.get("months_so_far", {}), lang, int),
        ranges={key: _all_spellings(words, lang) for key, words in data["ranges"].items()},
        prepositions=_all_spellings(data["prepositions"]["in"], lang),
        comparisons=_all_spellings(data["comparisons"]["words"], lang),
        ago={
            "before": _all_spellings(data.get("ago", {}).get("before", []), lang),
            "numbers": _scalar(data.get("ago", {}).get("numbers", {}), lang),
            "units": _scalar(data.get("ago", {}).get("units", {}), lang),
        },
        recent={
            "before": _all_spellings(data.get("recent", {}).get("before", []), lang),
            "more": _all_spellings(data.get("recent", {}).get("more", []), lang),
            "units": _scalar(data.get("recent", {}).get("units", {}), lang),
        },
        change_spans_year_before=data.get("changes", {}).get("span_from_year_before", True),
    )


def cue_languages(part: str) -> tuple[str, ...]:
    """The languages with a lang/<code>_<part>.toml file, English's rules being in the code."""
    return tuple(sorted(p.name.split("_")[0] for p in LANG_DIR.glob(f"*_{part}.toml")))


def alternation(forms: Iterable[str]) -> str:
    """One regex alternation of forms, spaces flexible, longest match preferred.

    Built as a prefix tree: a flat alternation of a thousand inflected forms makes the regex
    engine try each form at every position of a document, which cost more than half of the
    extraction time; shared prefixes are tried once.
    """
    tree: dict[str, dict] = {}
    for form in dict.fromkeys(forms):
        node = tree
        for token in _tokens(form):
            node = node.setdefault(token, {})
        node[""] = {}
    return _tree_regex(tree)


def _tokens(form: str) -> list[str]:
    """form's characters, each run of spaces one ' ' token."""
    return [
        " " if part.isspace() else ch
        for part in re.split(r"(\s+)", form.strip())
        for ch in ([part] if part.isspace() else part)
    ]


def _tree_regex(node: dict[str, dict]) -> str:
    branches = [
        (r"\s+" if token == " " else re.escape(token)) + _tree_regex(child)
        for token, child in sorted(node.items())
        if token
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy: a longer form is tried before the shorter one that ends here.
    return f"(?:{body})?" if "" in node else body


@cache
def metric_pattern(metric: str) -> str:
    """A regex alternation of every language's cue words for metric ('' when none)."""
    forms = [f for lang in cue_languages("metrics") for f in metric_cues(lang).get(metric, ())]
    return alternation(forms)


@cache
def rule_cues(lang: str) -> dict[str, tuple[str, ...]]:
    """Rule name -> the words of lang that play that rule's part (lang/<code>_cues.toml)."""
    return {name: _all_spellings(forms, lang) for name, forms in _data(lang, "cues").items()}


@cache
def cue_pattern(name: str) -> str:
    """A regex alternation of every language's words for one rule of the reader ('' when none).

    The rules are written in English; each language adds its words for the same part under the
    rule's name ('survey', 'change_before', ...), so a next language is a data file.
    """
    forms = [f for lang in cue_languages("cues") for f in rule_cues(lang).get(name, ())]
    return alternation(forms)


@cache
def cue_words(name: str) -> tuple[str, ...]:
    """Every language's words (all spellings, lower case) for one rule of the reader."""
    return tuple(f.lower() for lang in cue_languages("cues") for f in rule_cues(lang).get(name, ()))


def with_cues(pattern: str, name: str) -> str:
    """pattern, or pattern with every language's words for rule name as one more alternative."""
    extra = cue_pattern(name)
    # Whole words only: a short word ('do', 'sa') must not match inside an English one.
    return f"(?:{pattern}|(?<![\\w-])(?:{extra})(?![\\w-]))" if extra else pattern


@cache
def modifier_pattern(name: str) -> str:
    """A regex alternation of every language's pledge / deal / total words ('' when none)."""
    forms = [f for lang in cue_languages("metrics") for f in modifier_cues(lang).get(name, ())]
    return alternation(forms)

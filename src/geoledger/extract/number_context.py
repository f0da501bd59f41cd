"""Words around a number: qualifiers ('about', 'more than'), changes ('rose by') and nouns
a count counts ('145,000 Chinese tourists')."""

from __future__ import annotations

import re

from geoledger.extract.caseless import lowered_pattern
from geoledger.extract.numbers import word_set
from geoledger.extract.vocab import cue_pattern, cue_words, with_cues

QUALIFIERS = (
    ("approx", r"approximately|approx\.|about|around|some|roughly|nearly|almost|close\s+to|"
               r"circa|ca\.|an\s+estimated|estimated|~|an\s+approximate"),
    ("at_least", r"just\s+over|just\s+above|more\s+than|over|above|exceed(?:ing|s|ed)?|"
                 r"surpass(?:ing|es|ed)?|in\s+excess\s+of|"
                 r"at\s+least|upwards\s+of|up\s+from|no\s+less\s+than|a\s+minimum\s+of"),
    ("at_most", r"up\s+to|less\s+than|fewer\s+than|under|below|at\s+most|no\s+more\s+than|"
                r"just\s+under|just\s+below|a\s+maximum\s+of|not\s+more\s+than"),
    ("exact", r"as\s+many\s+as|as\s+much\s+as|only|just|exactly|a\s+total\s+of|a\s+mere"),
)  # fmt: skip
QUALIFIER_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<{name}>{with_cues(alt, f'qualifier_{name}')})" for name, alt in QUALIFIERS)
    + r")\s+(?:(?:a|an)\s+)?$",
    re.IGNORECASE,
)
_QUALIFIER_LOWERED = lowered_pattern(QUALIFIER_RE)
TRAIL_QUALIFIER_RE = re.compile(r"(?:\s+or\s+more|\+|-plus|\s+plus)(?![\w])", re.IGNORECASE)

CHANGE_NOUNS = (
    r"surge|increase|rise|jump|growth|drop|decline|fall|decrease|boost|gain|hike|cut|"
    r"reduction|loss|slump|plunge|uptick|leap|expansion|contraction|shortfall"
)
CHANGE_AFTER_RE = re.compile(
    rf"(?:\s+[\w-]+)?\s+(?:{CHANGE_NOUNS})(?![\w])(?-i:(?!\s+[A-Z][a-z]))"
    r"|\s*\(?(?:y/y|yoy|y-o-y|year[- ]on[- ]year)(?![\w])"
    # '14.6% higher than in 2023', '9.7% less than a year earlier': a change on a dated base.
    r"|\s+(?:higher|lower|more|less|up|down)\s+than\s+(?:in|a|the|last|during|at)\b"
    + (f"|\\s+(?:{cue_pattern('change_after')})(?![\\w])" if cue_pattern("change_after") else ""),
    re.IGNORECASE,
)
CHANGE_BEFORE_RE = re.compile(
    r"(?:(?:increased|increase|rose|rise|risen|grew|grown|growth|fell|fallen|dropped|declined|"
    r"decreased|jumped|climbed|surged|plunged|shrank|expanded|contracted|up|down|gain|cut)"
    r"\s+(?:by|of)|(?:an?\s+)?(?:increase|rise|drop|decline|fall|decrease|jump)\s+of|"
    r"(?:rose|risen|grew|grown|fell|fallen|dropped|declined|jumped|climbed|surged|plunged|"
    r"soared|slumped|shrank|increased|decreased)|"
    r"(?<![\w-])(?<!made\s)(?<!make\s)(?<!makes\s)(?<!making\s)(?<!took\s)(?<!take\s)"
    r"(?<!takes\s)(?<!ended\s)(?<!set\s)(?:up|down)|year-on-year|y-o-y"
    # 'A's exports grew by 18%, and B's by 9%': the verb of the change is left out.
    r"|[\w’']+['’]s\s+by"
    # Other languages: a change word, up to three words, then its link ('rast izvoza za',
    # 'povećan je za', 'rast od čak').
    + "".join(
        f"|(?<![\\w])(?:{cue_pattern(words)})\\s+(?:[\\w-]+\\s+){{0,3}}?"
        f"(?:{cue_pattern(links)})(?:\\s+(?:{cue_pattern('change_fillers') or '(?!)'}))?"
        for words, links in (
            ("change_words", "change_links"),
            ("comparative_words", "comparative_links"),
        )
        if cue_pattern(words) and cue_pattern(links)
    )
    # ... or a change verb that takes its figure with no link ('porasla je 7,6 odsto').
    + (
        f"|(?<![\\w])(?:{cue_pattern('change_verbs')})"
        f"(?:\\s+(?:{cue_pattern('change_verb_aux') or '(?!)'}))?"
        if cue_pattern("change_verbs")
        else ""
    )
    + r")\s+$",
    re.IGNORECASE,
)

# The words every match of CHANGE_BEFORE_RE ends with (before its closing whitespace): a test
# of the last word rules most left contexts out before the pattern's many lookbehinds run.
CHANGE_BEFORE_ENDS = (
    "by", "of", "rose", "risen", "grew", "grown", "fell", "fallen", "dropped", "declined",
    "jumped", "climbed", "surged", "plunged", "soared", "slumped", "shrank", "increased",
    "decreased", "up", "down", "year-on-year", "y-o-y",
)  # fmt: skip
# Other languages' change links and fillers end a match too ('rast izvoza za', 'rast od čak').
CHANGE_BEFORE_ENDS += tuple(
    w for name in ("change_links", "comparative_links", "change_fillers") for w in cue_words(name)
)
CHANGE_BEFORE_ENDS += tuple(
    w.split()[-1] for name in ("change_verbs", "change_verb_aux") for w in cue_words(name)
)


def change_before(left: str) -> bool:
    """True where left ends in words that make the number after it a change ('rose by')."""
    tail = left.rstrip()
    if tail == left or not tail.lower().endswith(CHANGE_BEFORE_ENDS):
        return False
    return bool(CHANGE_BEFORE_RE.search(left))


TIME_NOUNS = word_set(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries time times term terms quarter quarters night"
)
# Words that end in -s but are not plural nouns a count could count.
NOT_NOUNS = word_set(
    "was is has its this thus as us his hers ours yours theirs plus across always perhaps "
    "less unless whereas besides sometimes news various previous famous serious numerous "
    "does goes means series species per cent percent times analysis basis crisis process "
    "status bus gas lens canvas politics economics physics mathematics regardless "
    "nevertheless alias"
)
# Singular-looking nouns that still count people or things.
MASS_COUNT_NOUNS = word_set(
    "people personnel staff police troops aircraft cattle children men women"
)
BLOCKING_LEFT = re.compile(
    r"(?<![\w])(?:the|these|those|both|top|all\s+the|first|last|next|past|No\.|no\.|nr\.|"
    r"page|pages|p\.|pp\.|vol\.|volume|issue|article|section|chapter|paragraph|resolution|"
    r"level|phase|stage|grade|group|round|part|point|annex|table|figure|fig\.)\s+$",
    re.IGNORECASE,
)
# Nouns that a number in words counts even after 'the' ('the six drones').
FAMILIAR_COUNT_RE = re.compile(
    r"(?i)\b(?:drones?|tanks?|jets?|fighters?|missiles?|helicopters?|troops|soldiers|batteries|"
    r"vehicles|aircraft|workers|jobs|schools|students|tourists|experts|doctors)\b"
)
# Left words that only block a number that counts nothing ('the 14 agreements' counts).
DETERMINER_LEFT = re.compile(r"(?<![\w])(?:the|these|those|both|all\s+the)\s+$", re.I)
ALLOWED_AFTER_THE = re.compile(r"(?<![\w])the\s+(?:following|remaining|other|additional)\s+$", re.I)
WORD = r"[A-Za-zÀ-ž][\w'’.-]*"
# A noun may go on over one line break, not over a blank line or into an indented table row.
NOUN_PHRASE_RE = re.compile(rf"(?:(?:[ \t]+|[ \t]*\n(?![ \t]{{2}}))[ \t]?{WORD}){{1,6}}")
# A footnote number glued after a word's punctuation: 'years.7', 'tenders,8'.
GLUED_NOTE_RE = re.compile(r"(?<=[A-Za-z][.,;:])\d{1,3}$")
NUMBER_OF_RE = re.compile(
    r"number\s+of\s+(?P<np>(?:[\w-]+\s+){0,2}[\w-]+)(?P<rest>[^.;]{0,120}?)"
    r"(?:reach(?:ed|ing)?|to|at|totall?(?:ed|ing)|was|were|stood\s+at|of)\s+(?:[\w\s]{0,12}?)$",
    re.IGNORECASE,
)
PARTITIVE_RE = re.compile(
    r"(?<![\w])Of\s+(?:the|these|those|its|their|all)\s+(?P<np>[^,.;]{3,80}?),\s+$", re.IGNORECASE
)
# Words between a number and what it counts: '12 more drones', '40 additional jobs'.
COUNT_MODIFIERS = word_set("more additional new further extra other")
FUNCTION_WORDS = word_set(
    "of to in and or the a an for with by on at from as than that which who is are was were "
    "be been has have had will would can could may might should must not no its their his "
    "her our per each every such last next this that these those"
)


def is_plural_noun(word: str) -> bool:
    """True for a word that looks like a plural noun a count can count."""
    w = word.casefold().strip(".,;:’'")
    if w in MASS_COUNT_NOUNS:
        return True
    if len(w) < 4 or w in NOT_NOUNS or not w.isalpha() or not w.endswith("s"):
        return False
    return not w.endswith(("ss", "us", "ous", "is"))


def read_qualifier(left: str) -> tuple[str, int]:
    """The qualifier that ends the text before a number, and how many characters it spans."""
    tail = left[-40:]
    # ASCII lowers letter for letter: the case-sensitive scan finds the same (~2x faster).
    if _QUALIFIER_LOWERED is not None and tail.isascii():
        m = _QUALIFIER_LOWERED.search(tail.lower())
    else:
        m = QUALIFIER_RE.search(tail)
    if not m:
        return "exact", 0
    return m.lastgroup or "exact", len(m.group())


MEASURE_RE = re.compile(
    r"\s+(?:(?:cubic|square)\s+(?:metres|meters|feet|kilometres|kilometers)|tonnes?|tons?|"
    r"metric\s+tons?|barrels?|lit(?:re|er)s?|(?:kilo|mega|giga|tera)(?:watt|gram|litre|liter)"
    r"[\w-]*|kWh|MWh|GWh|TWh|MW|GW|bcm|mcm|m³|m3|kg)\b",
    re.IGNORECASE,
)


def counted_noun(text: str, pos: int) -> tuple[str | None, int]:
    """The plural noun a number counts ('145,000 Chinese tourists' -> 'tourists'), and its end."""
    m = NOUN_PHRASE_RE.match(text, pos)
    if not m:
        return None, pos
    words = list(re.finditer(WORD, m.group()))
    for i, w in enumerate(words):
        raw = GLUED_NOTE_RE.sub("", w.group())
        token = raw.rstrip(".,;:")
        low = token.casefold()
        if low in TIME_NOUNS:
            return low, pos
        # 'drones and missiles', 'reconnaissance and strike drones': a conjunction inside the
        # noun phrase goes on; any other function word ends it.
        if low in FUNCTION_WORDS and not (i and low in ("and", "or")):
            return None, pos
        if low in COUNT_MODIFIERS and i == 0:
            continue
        # Only the first word may sit right after the number; later ones must follow modifiers.
        if is_plural_noun(token) and not token[:1].isupper():
            noun = " ".join(GLUED_NOTE_RE.sub("", x.group()).rstrip(".,;:") for x in words[: i + 1])
            return noun, pos + w.end()
        if raw.endswith((".", ",", ";", ":")):
            return None, pos
        if i >= 5:
            break
    return None, pos

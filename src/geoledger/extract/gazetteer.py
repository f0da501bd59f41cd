"""Actor names, aliases, demonyms and capitals compiled into one fast matcher."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from geoledger.extract.vocab import LANG_DIR, actor_names
from geoledger.models import Actor

GEO_KINDS = frozenset({"country", "bloc", "region"})
# Kinds that can act in a claim (buy, lend, sign); authors, media and initiatives cannot.
ENTITY_KINDS = frozenset({"company", "bank", "organisation", "organization"})

# The main countries and blocs, so the extractor links actors without a ledger:
# (name, kind, region?, aliases: demonyms, capitals used for governments, short forms).
_DEFAULT_GEO: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("Serbia", "country", False,
     ("Serbia", "Serbian", "Serbians", "Serbs", "Serb", "Belgrade", "Republic of Serbia",
      "Srbija", "Srbiji")),
    ("China", "country", False,
     ("China", "Chinese", "Beijing", "PRC", "People's Republic of China", "Sino")),
    ("Russia", "country", False,
     ("Russia", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation")),
    ("United States", "country", False,
     ("United States", "US", "U.S.", "USA", "U.S.A.", "American", "Americans", "Washington",
      "United States of America")),
    ("European Union", "bloc", False, ("European Union", "EU", "E.U.", "Brussels")),
    ("NATO", "bloc", False, ("NATO", "North Atlantic Treaty Organization")),
    ("Western Balkans", "bloc", True,
     ("Western Balkans", "Western Balkan", "West Balkans", "WB6")),
    ("Germany", "country", False, ("Germany", "German", "Germans", "Berlin")),
    ("Kosovo", "country", False,
     ("Kosovo", "Kosovar", "Kosovars", "Kosovan", "Kosovans", "Pristina", "Priština")),
    ("Hungary", "country", False, ("Hungary", "Hungarian", "Hungarians", "Budapest")),
    ("Bosnia and Herzegovina", "country", False,
     ("Bosnia and Herzegovina", "Bosnia & Herzegovina", "Bosnia-Herzegovina", "Bosnia", "Bosnian",
      "Bosnians", "Sarajevo", "BiH")),
    ("Montenegro", "country", False,
     ("Montenegro", "Montenegrin", "Montenegrins", "Podgorica")),
    ("North Macedonia", "country", False,
     ("North Macedonia", "Macedonia", "Macedonian", "Macedonians", "Skopje", "RNM", "FYROM")),
    ("Albania", "country", False, ("Albania", "Albanian", "Albanians", "Tirana")),
    ("Croatia", "country", False, ("Croatia", "Croatian", "Croatians", "Croats", "Zagreb")),
    ("Slovenia", "country", False, ("Slovenia", "Slovenian", "Slovenians", "Ljubljana")),
    ("Bulgaria", "country", False, ("Bulgaria", "Bulgarian", "Bulgarians", "Sofia")),
    ("Romania", "country", False, ("Romania", "Romanian", "Romanians", "Bucharest")),
    ("Greece", "country", False, ("Greece", "Greek", "Greeks", "Athens")),
    ("Turkey", "country", False, ("Turkey", "Türkiye", "Turkish", "Turks", "Ankara")),
    ("Austria", "country", False, ("Austria", "Austrian", "Austrians", "Vienna")),
    ("Italy", "country", False, ("Italy", "Italian", "Italians", "Rome")),
    ("France", "country", False, ("France", "French", "Paris")),
    ("United Kingdom", "country", False,
     ("United Kingdom", "UK", "U.K.", "Britain", "British", "London")),
    ("Ukraine", "country", False, ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev")),
    ("Japan", "country", False, ("Japan", "Japanese", "Tokyo")),
    ("India", "country", False, ("India", "Indian", "New Delhi")),
    ("United Arab Emirates", "country", False,
     ("United Arab Emirates", "UAE", "Emirati", "Abu Dhabi")),
    ("Azerbaijan", "country", False, ("Azerbaijan", "Azerbaijani", "Baku")),
    ("Taiwan", "country", False, ("Taiwan", "Taiwanese", "Taipei")),
    ("Belarus", "country", False, ("Belarus", "Belarusian", "Belarusians", "Minsk")),
    ("Moldova", "country", False, ("Moldova", "Moldovan", "Chisinau", "Chișinău")),
    ("Poland", "country", False, ("Poland", "Polish", "Poles", "Warsaw")),
    ("Czech Republic", "country", False, ("Czech Republic", "Czechia", "Czech", "Prague")),
    ("Slovakia", "country", False, ("Slovakia", "Slovak", "Bratislava")),
    ("Netherlands", "country", False, ("Netherlands", "Dutch", "The Hague", "Holland")),
    ("Belgium", "country", False, ("Belgium", "Belgian")),
    ("Spain", "country", False, ("Spain", "Spanish", "Madrid")),
    ("Portugal", "country", False, ("Portugal", "Portuguese", "Lisbon")),
    ("Switzerland", "country", False, ("Switzerland", "Swiss", "Bern")),
    ("Sweden", "country", False, ("Sweden", "Swedish", "Stockholm")),
    ("Norway", "country", False, ("Norway", "Norwegian", "Oslo")),
    ("Denmark", "country", False, ("Denmark", "Danish", "Copenhagen")),
    ("Finland", "country", False, ("Finland", "Finnish", "Helsinki")),
    ("Cyprus", "country", False, ("Cyprus", "Cypriot", "Nicosia")),
    ("Israel", "country", False, ("Israel", "Israeli", "Israelis", "Tel Aviv")),
    ("Iran", "country", False, ("Iran", "Iranian", "Tehran")),
    ("Saudi Arabia", "country", False, ("Saudi Arabia", "Saudi", "Riyadh")),
    ("Qatar", "country", False, ("Qatar", "Qatari", "Doha")),
    ("Egypt", "country", False, ("Egypt", "Egyptian", "Cairo")),
    ("Kazakhstan", "country", False, ("Kazakhstan", "Kazakh", "Astana")),
    ("South Korea", "country", False, ("South Korea", "Korean", "Seoul")),
    ("Canada", "country", False, ("Canada", "Canadian", "Ottawa")),
    ("Brazil", "country", False, ("Brazil", "Brazilian", "Brasilia")),
    ("Eurasian Economic Union", "bloc", False,
     ("Eurasian Economic Union", "EAEU", "EEU", "Eurasian Union")),
    ("CEFTA", "bloc", False, ("CEFTA", "Central European Free Trade Agreement")),
)  # fmt: skip


def word_list(words: str) -> frozenset[str]:
    """The words of a space-separated list, case kept."""
    return frozenset(words.split())


# Plural demonyms name a country's people ('12% of Macedonians'): in a poll, who was asked.
PEOPLE = word_list(
    "Serbs Serbians Russians Americans Germans Kosovars Kosovans Hungarians Bosnians Montenegrins "
    "Macedonians Albanians Croatians Croats Slovenians Bulgarians Romanians Greeks Turks Austrians "
    "Italians Ukrainians"
)
# Lenders and state firms that recur in the region's finance, so that a text that names one
# links it without a ledger: (name, kind, home country or None for international bodies, aliases).
_DEFAULT_ORGS: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("Exim Bank of China", "bank", "China",
     ("Exim Bank of China", "Export-Import Bank of China", "China Exim Bank", "China Eximbank",
      "Chinese Exim Bank")),
    ("China Development Bank", "bank", "China", ("China Development Bank", "CDB")),
    ("European Bank for Reconstruction and Development", "bank", None,
     ("European Bank for Reconstruction and Development", "EBRD")),
    ("European Investment Bank", "bank", "European Union", ("European Investment Bank", "EIB")),
    ("World Bank", "bank", None, ("World Bank", "World Bank Group")),
    ("International Monetary Fund", "organisation", None, ("International Monetary Fund", "IMF")),
    ("Council of Europe Development Bank", "bank", None,
     ("Council of Europe Development Bank", "CEB")),
    ("Rosatom", "company", "Russia", ("Rosatom",)),
    ("Gazprom", "company", "Russia", ("Gazprom",)),
    ("Russian Railways", "company", "Russia", ("Russian Railways", "RZD")),
    ("COSCO Shipping", "company", "China", ("COSCO Shipping", "China COSCO Shipping", "COSCO")),
    ("China Road and Bridge Corporation", "company", "China",
     ("China Road and Bridge Corporation", "CRBC")),
)  # fmt: skip


@cache
def _data_orgs() -> tuple[tuple[str, str, str | None, tuple[str, ...]], ...]:
    """The agencies, funds and lenders of lang/organisations.toml, as _DEFAULT_ORGS holds them."""
    with (LANG_DIR / "organisations.toml").open("rb") as f:
        table = tomllib.load(f)
    return tuple(
        (name, entry["kind"], entry.get("country"), tuple(entry["aliases"]))
        for name, entry in table.items()
    )


# Capitals stand for governments ('Moscow donated'), but 'talks in Moscow' names a place.
CAPITALS = word_list(
    "Belgrade Beijing Moscow Washington Brussels Berlin Pristina Priština Budapest Sarajevo "
    "Podgorica Skopje Tirana Zagreb Ljubljana Sofia Bucharest Athens Ankara Vienna Rome Paris "
    "London Kyiv Kiev Tokyo Minsk Warsaw Prague Madrid Lisbon Stockholm Oslo Helsinki Baku"
)


def name_languages() -> tuple[str, ...]:
    """The languages with a names file in lang/ (sr for lang/sr_names.toml)."""
    return tuple(sorted(p.name.split("_")[0] for p in LANG_DIR.glob("*_names.toml")))


def is_capital(alias: str) -> bool:
    """True for a capital city's name ('Moscow'), which can stand for a government."""
    return alias.strip() in CAPITALS


def is_people(alias: str) -> bool:
    """True for a plural demonym that names a country's people ('Bosnians', 'Serbs')."""
    return alias.strip() in PEOPLE


@dataclass(frozen=True, slots=True)
class ActorRef:
    """What an alias points to: a display name, its kind and, for organisations, a country."""

    name: str
    kind: str
    country: str | None = None
    region: bool = False
    unnamed: bool = False  # a collective such as 'Chinese state banks (unnamed)'
    # True for countries, blocs and regions (the candidates for subject and partner); set once,
    # as every mention of every sentence asks it.
    is_geo: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_geo", self.kind in GEO_KINDS)

    @property
    def can_act(self) -> bool:
        """True for named companies, banks and organisations that can be a claim's entity."""
        return self.kind in ENTITY_KINDS and not self.unnamed


@dataclass(frozen=True, slots=True)
class Mention:
    """One alias found in text: where, which alias, and the actor it names."""

    start: int
    end: int
    alias: str
    ref: ActorRef


def _display_name(actor: Actor) -> str:
    """The name people write: the first alias (the ledger's common form), else the name."""
    if actor.aliases and actor.aliases[0].strip():
        first = actor.aliases[0].strip()
        # An all-caps acronym alias such as HUAWEI reads better as the actor's name.
        if first.isupper() and len(first) > 4 and first.casefold() == actor.name.casefold():
            return actor.name
        return first
    return actor.name


_WORD_RE = re.compile(r"\w+")
_FIRST_WORD_RE = re.compile(r"\w+")


def _norm_key(alias: str) -> str:
    """Alias key blind to case, runs of whitespace, dash kinds and apostrophe kinds."""
    key = re.sub(r"\s+", " ", alias).replace("’", "'")
    return re.sub(r"\s?[-–—]\s?", "-", key).casefold()


def _alias_pattern(alias: str) -> str:
    """A regex for one alias: exact letters, flexible whitespace and hyphens/dashes."""
    parts = re.split(r"(\s+|[-–—])", alias)
    out = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part in "-–—":
            out.append(r"\s?[-–—]\s?")
        else:
            out.append(re.escape(part).replace("'", "['’]"))
    return "".join(out)


class Gazetteer:
    """Maps aliases (names, demonyms, capitals, misspellings) to actors; longest match wins."""

    def __init__(self, refs: dict[str, ActorRef], *, home: str | None = "Serbia") -> None:
        """Build from an alias -> ActorRef table; home is the country the ledger is about."""
        # The ledger follows one country's foreign ties: that country is the default subject.
        self.home = home
        self._refs = dict(refs)
        self._folded: dict[str, ActorRef] = {}
        for alias, ref in self._refs.items():
            self._folded.setdefault(_norm_key(alias), ref)
        # Index aliases by their first word; within a word, longest alias first, so that
        # 'Statistical Office of the Republic of Serbia' beats 'Serbia'. One dictionary probe per
        # word of text is far faster than one regex alternation of hundreds of aliases.
        # Each word's patterns are compiled the first time a text holds that word: a process
        # that reads one short article compiles a few dozen of the thousands of aliases.
        self._sources: dict[str, list[tuple[str, int, ActorRef]]] = {}
        # One pattern per first word: its aliases as alternatives, longest first, each named
        # a<i> for its actor (the first alternative that matches is the alias the loop of
        # separate patterns would have found, at one match call instead of one per alias).
        self._index: dict[str, tuple[re.Pattern[str], list[ActorRef]]] = {}
        for alias in sorted(self._refs, key=len, reverse=True):
            first = _FIRST_WORD_RE.search(alias)
            if first is None:
                continue
            # Short all-caps aliases (US, EU, UK) must keep their case: 'us' is a pronoun.
            flags = 0 if alias.isupper() or len(alias) <= 3 else re.IGNORECASE
            # Matching starts at a word, so leading punctuation of an alias is not required.
            source = _alias_pattern(alias[first.start() :]) + r"(?![\w&])"
            key = first.group().casefold()
            self._sources.setdefault(key, []).append((source, flags, self._refs[alias]))

    def _patterns_of(self, key: str) -> tuple[re.Pattern[str], list[ActorRef]] | None:
        """The compiled alias pattern of one first word and the actor of each alternative
        (None if no alias starts with it)."""
        found = self._index.get(key)
        if found is None:
            sources = self._sources.get(key)
            if sources is None:
                return None
            joined = "|".join(
                f"(?P<a{i}>(?{'i' if flags & re.IGNORECASE else '-i'}:{src}))"
                for i, (src, flags, _ref) in enumerate(sources)
            )
            found = (re.compile(joined), [ref for _src, _flags, ref in sources])
            self._index[key] = found
        return found

    @classmethod
    def default(cls, *, home: str | None = "Serbia") -> Gazetteer:
        """The built-in table of main countries and blocs with demonyms and capitals."""
        refs: dict[str, ActorRef] = {}
        for name, kind, region, aliases in _DEFAULT_GEO:
            ref = ActorRef(name=name, kind=kind, region=region)
            for alias in aliases:
                refs.setdefault(alias, ref)
        for name, kind, country, aliases in (*_DEFAULT_ORGS, *_data_orgs()):
            ref = ActorRef(name=name, kind=kind, country=country)
            for alias in aliases:
                refs.setdefault(alias, ref)
        # Other languages' names (every case, every script) link to the same actors, so a
        # Serbian claim about 'Kine' and an English one about 'China' name one country.
        by_name = {ref.name: ref for ref in refs.values()}
        for lang in name_languages():
            for alias, english in actor_names(lang).items():
                if english in by_name:
                    refs.setdefault(alias, by_name[english])
        return cls(refs, home=home)

    @classmethod
    def from_actors(cls, actors: Iterable[Actor], *, base: Gazetteer | None = None) -> Gazetteer:
        """Gazetteer of the ledger's actors on top of base (the default table unless given)."""
        base = base if base is not None else cls.default()
        home = base.home
        refs = dict(base._refs)
        by_name = {ref.name.casefold(): ref for ref in refs.values()}
        seen: dict[tuple[str, str], ActorRef] = {}
        for actor in actors:
            known = by_name.get(actor.name.casefold())
            again = seen.get((actor.name.casefold(), actor.kind))
            if actor.kind in GEO_KINDS and known is not None:
                ref = known  # the ledger's aliases add to the built-in country, not replace it
            elif again is not None:
                # The same actor from the bundled dataset and from the ledger (whose aliases may
                # come back in another order): one display name, the first one met.
                ref = again
            else:
                country = (actor.country or "").split(";")[0].strip() or None
                if country is None and known is not None and known.kind == actor.kind:
                    # The ledger's 'European Commission' with no country: the built-in table's.
                    country = known.country
                ref = ActorRef(
                    name=_display_name(actor),
                    kind=actor.kind,
                    country=country,
                    unnamed="unnamed" in actor.name.casefold(),
                )
                seen[(actor.name.casefold(), actor.kind)] = ref
            for alias in (actor.name, *actor.aliases):
                alias = alias.strip()
                if alias and not re.fullmatch(r"[\W\d_]+", alias):
                    refs[alias] = ref
        return cls(refs, home=home)

    def lookup(self, alias: str) -> ActorRef | None:
        """The actor an exact alias names, or None."""
        return self._refs.get(alias) or self._folded.get(_norm_key(alias))

    def find(self, text: str) -> list[Mention]:
        """Every non-overlapping alias in text, longest first, in text order."""
        out: list[Mention] = []
        index, sources, patterns_of = self._index, self._sources, self._patterns_of
        pos = 0
        # Most words start no alias: one set probe each, in a comprehension (~3x the loop).
        # Each hit keeps its folded word, so the loop below does not fold it again.
        starts = [
            (w.start(), key)
            for w in _WORD_RE.finditer(text)
            if (key := w.group().casefold()) in sources
        ]
        for start, key in starts:
            if start < pos or (start and text[start - 1] == "&"):
                continue
            entries = index.get(key) or patterns_of(key)
            if not entries:
                continue
            rx, refs = entries
            m = rx.match(text, start)
            if m:
                out.append(Mention(start, m.end(), m.group(), refs[int((m.lastgroup or "a0")[1:])]))
                pos = m.end()
        return out

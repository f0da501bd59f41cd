"""Organisation names the gazetteer does not know, proposed as new actors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoledger.extract.gazetteer import Gazetteer
from geoledger.extract.sentences import Layout
from geoledger.models import ProposedActor

_CAP = r"(?:[A-Z][\w&’'.-]*|of|and|for|the|de|&)"
_SUFFIX = (
    r"(?:Group|Bank|Company|Corporation|Corp\.?|Holding|Holdings|Ltd\.?|Inc\.?|LLC|PLC|plc|"
    r"d\.o\.o\.|AG|GmbH|S\.A\.|Fund|Agency|Authority|Ministry|Institute|Centre|Center|Council|"
    r"Commission|Organisation|Organization|Association|Foundation|Enterprises?|Industries|"
    r"Construction|Engineering|Energy|Mining|Motors|Telecom|Airlines|Railways?|Steel|Aviation|"
    r"Aerospace|Defence|Defense|Systems|Technologies|Automotive|Pharma|Oil|Petroleum|Power)"
)
# 'China Road and Bridge Corporation', 'Ministry of Finance', 'Exim Bank of China'.
_ORG_RE = re.compile(
    rf"\b(?:[A-Z][\w&’'.-]*\s+(?:(?:[A-Z][\w&’'.-]*|and|of|for|&)\s+){{0,4}})?{_SUFFIX}(?:\s+of(?:\s+the)?\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,2}})?"
    rf"|\b(?:Ministry|Bank|Fund|Agency)\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*){{0,3}}"
)
# 'Chinese car-parts maker Minth', 'state-owned arms trader Yugoimport': a descriptor then a name.
_DESCRIBED_RE = re.compile(
    r"\b(?:maker|makers|manufacturer|producer|company|firm|group|giant|carmaker|miner|lender|"
    r"operator|supplier|builder|contractor|developer|conglomerate|trader|exporter|retailer|"
    r"insurer|investor)\s+(?P<name>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,2})"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:The|A|An|This|In|On|At|By|For|From|With|Only|Both|Its|Their|[A-Z][\w-]*['’]s)\s+)+"
)


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organisation-like name found in text."""

    start: int
    end: int
    name: str
    kind: str


def _kind(name: str) -> str:
    """A guess at the kind of an organisation from its name."""
    if re.search(r"\bBank\b", name):
        return "bank"
    if re.search(r"\b(?:Ministry|Agency|Authority|Council|Commission|Institute|Centre|Center|"
                 r"Organi[sz]ation|Association|Foundation|Fund)\b", name):  # fmt: skip
        return "organisation"
    return "company"


def find_org_names(text: str) -> list[OrgName]:
    """Capitalised names ending in an organisation word ('... Group', 'Ministry of ...')."""
    out = []
    for m in _ORG_RE.finditer(text):
        raw = m.group()
        lead = _LEADING_NOISE.match(raw)
        start = m.start() + (lead.end() if lead else 0)
        name = text[start : m.end()].strip()
        name = re.sub(r"\s+", " ", name)
        if len(name.split()) < 2 and not re.match(r"[A-Z]{2,}", name):
            continue
        out.append(OrgName(start, m.end(), name, _kind(name)))
    for m in _DESCRIBED_RE.finditer(text):
        s, e = m.span("name")
        if not any(o.start <= s < o.end for o in out):
            out.append(OrgName(s, e, m.group("name"), "company"))
    out.sort(key=lambda o: o.start)
    return out


def propose_actors(
    doc_name: str, lay: Layout, spans: list[tuple[int, int]], gazetteer: Gazetteer
) -> list[ProposedActor]:
    """Organisations the gazetteer does not know, named in the sentences that hold claims."""
    seen: set[str] = set()
    out: list[ProposedActor] = []
    for lo, hi in spans:
        text = lay.text[lo:hi]
        orgs = find_org_names(text)
        if not orgs:
            continue  # most sentences name none: no need to look their actors up
        # A country inside an organisation's name ('China Road and Bridge') does not make it known.
        known = [(m.start, m.end) for m in gazetteer.find(text) if not m.ref.is_geo]
        for org in orgs:
            if any(s < org.end and org.start < e for s, e in known):
                continue
            if gazetteer.lookup(org.name) is not None or org.name.casefold() in seen:
                continue
            seen.add(org.name.casefold())
            span = lay.to_doc(lo + org.start, lo + org.end)
            out.append(
                ProposedActor(
                    name=org.name,
                    kind=org.kind,
                    doc=doc_name,
                    start=span[0] if span else None,
                    end=span[1] if span else None,
                )
            )
    return out

"""The four-powers index over the ledger: read actors, claims and events, score, shape as JSON."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.analysis import index as engagement
from geoledger.analysis.index import IndexResult
from geoledger.errors import InvalidInput
from geoledger.models import Actor, Claim
from geoledger.numbers import amount
from geoledger.pipeline import usd_of
from geoledger.pipeline.review import aggregation_claims
from geoledger.store import reconciled

DEFAULT_PARTNERS = ("China", "European Union", "Russia", "United States")


def _usd(claim: Claim) -> float | None:
    """The claim's value in USD, or None where there is no rate (then it is left out)."""
    conversion = usd_of(claim)
    return None if conversion is None else conversion.amount_usd


def aggregation_evidence(
    conn: Connection, pairs: tuple[str, Sequence[str]] | None = None
) -> tuple[list[Claim], dict[str, dict[str, Any]]]:
    """The claims the index may use and, per claim id used, the fact it stands for.

    pipeline.review decides which facts are fit for aggregation (aggregation.v1); each enters
    once, through its best claim, and cites every live claim of the fact. Unfit facts (pledges,
    undated, disagreeing, failing a check) stay out. pairs (subject, partners: actor ledger
    names) reads only the facts keyed to those pairs, an index range each, instead of every
    fit fact of the ledger; the index looks at no other claim.
    """
    if pairs is None:
        chosen = aggregation_claims(conn)
        found = reconciled.fact_records(conn, reconciled.Selection(), fit_only=True)
    else:
        from geoledger.pipeline.stored import ensure_reconciled

        ensure_reconciled(conn)
        found = [
            item
            for partner in pairs[1]
            for item in reconciled.pair_facts(
                conn, pairs[0], partner, metric_family="", fit_only=True
            )
        ]
        ids = [record["best"]["claim"] for _, record in found if record["best"] is not None]
        by_id = {c.id: c for c in reconciled.claims_by_ids(conn, ids)}
        chosen = [by_id[i] for i in ids if i in by_id]
    facts = {
        record["best"]["claim"]: {
            "key": record["key"],
            "claims": sorted(v["claim"] for v in record["versions"] if v["status"] != "rejected"),
        }
        for _, record in found
        if record["best"] is not None
    }
    return chosen, facts


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


UNEVEN = 3.0  # evidence_balance.v1: flag when one partner has 3× the evidence of another


def evidence_balance(partners: list[dict[str, Any]]) -> dict[str, Any]:
    """How much evidence each partner's score rests on, and a warning when it is uneven."""
    counts = {
        p["partner"]: len({e for d in p["domains"] for i in d["indicators"] for e in i["evidence"]})
        for p in partners
    }
    for p in partners:
        p["evidence_count"] = counts[p["partner"]]
    scored = {p["partner"]: counts[p["partner"]] for p in partners if p["score"] is not None}
    warning = None
    if len(scored) >= 2:
        most = max(scored, key=lambda k: scored[k])
        least = min(scored, key=lambda k: scored[k])
        if scored[least] == 0 or scored[most] / scored[least] >= UNEVEN:
            warning = (
                f"Uneven evidence: {most}'s score rests on {scored[most]} claims and events, "
                f"{least}'s on {scored[least]}; scores follow how much was written as well as "
                "what happened. Compare with care."
            )
    return {"evidence_counts": counts, "evidence_warning": warning}


def index_record(result: IndexResult) -> dict[str, Any]:
    """An IndexResult in the JSON shape of issue 6; missing scores are None, never 0."""
    record: dict[str, Any] = {
        "subject": result.subject,
        "year": result.year,
        "method": result.method,
        "partners": [
            {
                "partner": p.partner,
                "score": _round(p.score, 1),
                "rank": p.rank,
                "coverage": round(p.coverage, 3),
                "domains": [
                    {
                        "domain": d.domain,
                        "score": _round(d.score, 1),
                        "coverage": round(d.coverage, 3),
                        "indicators": [
                            {
                                "id": i.id,
                                "value": _round(i.value, 4),
                                "unit": i.unit,
                                "normalized": _round(i.normalized, 1),
                                "weight": i.weight,
                                "evidence": list(i.evidence),
                            }
                            for i in d.indicators
                        ],
                    }
                    for d in p.domains
                ],
            }
            for p in result.partners
        ],
        "weights": {
            "domains": dict(result.domain_weights),
            "indicators": dict(result.indicator_weights),
        },
        "sensitivity": None,
    }
    record.update(evidence_balance(record["partners"]))
    sens = result.sensitivity
    if sens is not None:
        record["sensitivity"] = {
            "runs": sens.runs,
            "ranks": {
                p: {str(r): round(s, 4) for r, s in ranks.items()}
                for p, ranks in sens.ranks.items()
            },
            "score_ranges": {
                p: [_round(low, 1), _round(high, 1)] for p, (low, high) in sens.score_ranges.items()
            },
            "leave_one_domain_out": {
                domain: {p: _round(s, 1) for p, s in scores.items()}
                for domain, scores in sens.leave_one_out.items()
            },
        }
    return record


def _with_fact_claims(record: dict[str, Any], facts: dict[str, dict[str, Any]]) -> None:
    """Replace each fact's best claim in the evidence lists by all the fact's claims."""
    for partner in record["partners"]:
        for domain in partner["domains"]:
            for indicator in domain["indicators"]:
                ids: set[str] = set()
                for ident in indicator["evidence"]:
                    ids.update(facts[ident]["claims"] if ident in facts else [ident])
                indicator["evidence"] = sorted(ids)


def _evidence_table(
    conn: Connection, record: dict[str, Any], facts: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Each id the record cites, with what it is, which sources state it, and its fact."""
    cited = {
        e
        for p in record["partners"]
        for d in p["domains"]
        for i in d["indicators"]
        for e in i["evidence"]
    }
    fact_of = {c: info["key"] for info in facts.values() for c in info["claims"]}
    table: dict[str, dict[str, Any]] = {}
    for claim in sorted(reconciled.claims_by_ids(conn, cited), key=lambda c: c.id or ""):
        if claim.id is not None:
            table[claim.id] = {
                "type": "claim",
                "sources": [claim.source_id] if claim.source_id else [],
                "label": f"{claim.metric} {claim.period or 'undated'}: "
                f"{amount(claim.value, claim.unit)}"
                + (f" ({claim.object})" if claim.object else ""),
                "fact": fact_of.get(claim.id),
            }
    for event in store.list_events(conn):
        if event.id in cited:
            table[event.id] = {
                "type": "event",
                "sources": list(event.sources),
                "label": f"{event.date or 'undated'} {event.kind}/{event.domain}: "
                + (event.summary or ""),
            }
    return dict(sorted(table.items()))


def _index_inputs(
    conn: Connection, subject: str, partners: Sequence[str] | None
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The keyword arguments of analysis.index.compute_index read from the ledger, and facts."""
    subject_actor = store.get_actor(conn, subject)
    partner_actors: list[Actor] = []
    for name in list(partners) if partners else list(DEFAULT_PARTNERS):
        actor = store.get_actor(conn, name)
        if actor.id == subject_actor.id:
            raise InvalidInput(f"'{name}' is the subject itself; a partner must be another actor.")
        if actor.id not in {a.id for a in partner_actors}:
            partner_actors.append(actor)
    from geoledger.pipeline.review import name_map
    from geoledger.reconcile import canonical

    names = name_map(conn)
    ledger_names = [canonical(a.name, names) or a.name for a in (subject_actor, *partner_actors)]
    claims, facts = aggregation_evidence(conn, (ledger_names[0], ledger_names[1:]))
    inputs = {
        "subject": subject_actor,
        "partners": partner_actors,
        "actors": store.list_actors(conn),
        "claims": claims,
        "events": store.list_events(conn),
    }
    return inputs, facts


def _checked_year(year: int | None) -> int | None:
    if year is not None and not 1900 <= year <= 2100:
        raise InvalidInput(f"--year {year}: give a four-digit year such as 2024.")
    return year


def compute_index_result(
    conn: Connection,
    subject: str,
    *,
    year: int | None = None,
    partners: Sequence[str] | None = None,
    weights_file: Path | None = None,
    indicators_file: Path | None = None,
    with_sensitivity: bool = False,
) -> IndexResult:
    """The index as compute_index makes it, but unrounded and with claim ids, not fact claims."""
    definition = engagement.load_definition(indicators_file, weights=weights_file)
    inputs, _ = _index_inputs(conn, subject, partners)
    return engagement.compute_index(
        **inputs,
        definition=definition,
        to_usd=_usd,
        year=_checked_year(year),
        with_sensitivity=with_sensitivity,
    )


def compute_index(
    conn: Connection,
    subject: str,
    *,
    year: int | None = None,
    partners: Sequence[str] | None = None,
    weights_file: Path | None = None,
    indicators_file: Path | None = None,
    trend: bool = False,
) -> dict[str, Any]:
    """The engagement index of subject's partners as a JSON-ready dict, optionally with trend.

    With the bundled definition it is kept in the ledger's view cache until the ledger changes
    (any write to claims, sources, actors or events moves the stamp), so only the first read
    after a change computes it.
    """
    _checked_year(year)
    if weights_file is None and indicators_file is None:
        from geoledger.pipeline.stored import cached_view

        return cached_view(
            conn,
            ("index", subject, year, list(partners or ()), trend),
            lambda: _compute_index(conn, subject, year=year, partners=partners, trend=trend),
        )
    return _compute_index(
        conn,
        subject,
        year=year,
        partners=partners,
        weights_file=weights_file,
        indicators_file=indicators_file,
        trend=trend,
    )


EVIDENCE_SHOWN = 20  # evidence ids listed per indicator by the API and the pages


def bounded_index(record: dict[str, Any], shown: int | None = None) -> dict[str, Any]:
    """record (compute_index's) with each indicator's evidence cut to its first shown ids.

    The evidence of a score grows with the ledger (every claim of every fact it rests on:
    1.2 MB of JSON at 100 k claims); a page or an API answer lists a bounded number of them.
    Each indicator and domain keeps how many it rests on (evidence_total), the partners their
    evidence_count, and the evidence table describes the ids listed.
    """
    shown = EVIDENCE_SHOWN if shown is None else shown
    bounded = copy.deepcopy({k: v for k, v in record.items() if k != "evidence"})
    listed: set[str] = set()
    for partner in bounded["partners"]:
        for domain in partner["domains"]:
            domain["evidence_total"] = len({e for i in domain["indicators"] for e in i["evidence"]})
            for indicator in domain["indicators"]:
                indicator["evidence_total"] = len(indicator["evidence"])
                indicator["evidence"] = indicator["evidence"][:shown]
                listed.update(indicator["evidence"])
    evidence = record.get("evidence", {})
    bounded["evidence"] = {e: evidence[e] for e in sorted(listed) if e in evidence}
    return bounded


def index_view(
    conn: Connection,
    subject: str,
    *,
    year: int | None = None,
    trend: bool = False,
    shown: int | None = None,
) -> dict[str, Any]:
    """bounded_index of compute_index, kept in the view cache beside it: a read after the
    first loads the bounded record alone, not the whole evidence."""
    from geoledger.pipeline.stored import cached_view

    _checked_year(year)
    shown = EVIDENCE_SHOWN if shown is None else shown
    return cached_view(
        conn,
        ("index-view", subject, year, trend, shown),
        lambda: bounded_index(compute_index(conn, subject, year=year, trend=trend), shown),
    )


def _compute_index(
    conn: Connection,
    subject: str,
    *,
    year: int | None = None,
    partners: Sequence[str] | None = None,
    weights_file: Path | None = None,
    indicators_file: Path | None = None,
    trend: bool = False,
) -> dict[str, Any]:
    definition = engagement.load_definition(indicators_file, weights=weights_file)
    inputs, facts = _index_inputs(conn, subject, partners)
    result = engagement.compute_index(
        **inputs, definition=definition, to_usd=_usd, year=year, with_sensitivity=True
    )
    record = index_record(result)
    _with_fact_claims(record, facts)
    record["evidence"] = _evidence_table(conn, record, facts)
    if trend:
        rows = []
        for each in engagement.evidence_years(**inputs):
            yearly = engagement.compute_index(
                **inputs, definition=definition, to_usd=_usd, year=each, with_sensitivity=False
            )
            if all(d.score is None for p in yearly.partners for d in p.domains):
                continue
            # A year where fewer than two partners have an overall score compares nothing:
            # a lone partner would "win" at 100 for want of others' evidence. It is a gap.
            lone = sum(p.score is not None for p in yearly.partners) < 2
            rows.append(
                {
                    "year": each,
                    "partners": [
                        {
                            "partner": p.partner,
                            "score": None if lone else _round(p.score, 1),
                            "rank": None if lone else p.rank,
                            "coverage": round(p.coverage, 3),
                            "domains": {d.domain: _round(d.score, 1) for d in p.domains},
                        }
                        for p in yearly.partners
                    ],
                }
            )
        record["trend"] = rows
    return record

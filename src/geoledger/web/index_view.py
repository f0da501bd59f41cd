"""The engagement index page: heat table, trend, and the weights calculator's data."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection

from geoledger.analysis import index as engagement
from geoledger.analysis.index import IndexDefinition
from geoledger.errors import InvalidInput
from geoledger.pipeline.index import compute_index_result
from geoledger.report import charts
from geoledger.web import views

PREFIX = "w_"  # query parameters w_<domain> and w_<indicator id> carry the weights
HEAT_RGB = (29, 78, 216)  # the accent colour; index.js shades cells with the same rule
HEAT_BASE, HEAT_SPAN = 0.06, 0.54  # at most about half-tone, so dark text stays readable


def parse_weights(
    params: Iterable[tuple[str, str]], definition: IndexDefinition
) -> tuple[dict[str, float], dict[str, float]]:
    """Domain and indicator weights from w_* query parameters; blanks keep the default."""
    known = {i.id for i in definition.indicators}
    domains: dict[str, float] = {}
    indicators: dict[str, float] = {}
    for key, text in params:
        if not key.startswith(PREFIX) or not text.strip():
            continue
        name = key.removeprefix(PREFIX)
        if name not in engagement.INDEX_DOMAINS and name not in known:
            raise InvalidInput(
                f"{key}: no such weight; use w_ and a domain "
                f"({', '.join(engagement.INDEX_DOMAINS)}) or an indicator id from indicators.toml."
            )
        try:
            weight = float(text)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or not 0 <= weight <= engagement.MAX_WEIGHT:
            raise InvalidInput(
                f"{key}={text}: a weight must be a number from 0 to {engagement.MAX_WEIGHT}, "
                "such as 0.25."
            )
        (domains if name in engagement.INDEX_DOMAINS else indicators)[name] = weight
    return domains, indicators


def weights_toml(domains: Mapping[str, float], indicators: Mapping[str, float]) -> str:
    """A weights file ([domains], [indicators]) as `geoledger index --weights` reads it."""
    lines = ["[domains]", *(f"{d} = {w!r}" for d, w in domains.items())]
    lines += ["[indicators]", *(f'"{i}" = {w!r}' for i, w in indicators.items())]
    return "\n".join(lines) + "\n"


def index_context(
    conn: Connection,
    subject: str = views.SUBJECT,
    year: int | None = None,
    params: Iterable[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Everything /index shows, scored with the weights in params (else the shipped ones)."""
    defaults = engagement.default_definition()
    domains, indicators = parse_weights(params, defaults)
    with tempfile.TemporaryDirectory(prefix="geoledger-weights-") as folder:
        weights_file = None
        if domains or indicators:
            # compute_index reads weights from a file, like `geoledger index --weights`.
            weights_file = Path(folder) / "weights.toml"
            weights_file.write_text(weights_toml(domains, indicators), encoding="utf-8")
        shown = views.engagement(conn, subject, year, weights_file=weights_file, trend=True)
        definition = engagement.load_definition(weights=weights_file)
        # The same index unrounded, so the page's calculator reproduces the server to the digit.
        precise = precise_scores(conn, subject, year, weights_file)
    index = shown["index"]
    links = [("subject", subject)] if subject != views.SUBJECT else []
    links += [(PREFIX + d, repr(w)) for d, w in domains.items()]
    links += [(PREFIX + i, repr(w)) for i, w in indicators.items()]
    return {
        **shown,
        "heat": heat_rows(index),
        "trend_svg": trend_chart(index, links),
        "trend_missing": [
            p["partner"]
            for p in index["partners"]
            if all(_score_of(row, p["partner"]) is None for row in index.get("trend", []))
        ],
        "calculator": calculator_data(precise, definition, index),
        "weights": {
            "domains": [
                (d, definition.domain_weights[d], defaults.domain_weights[d])
                for d in engagement.INDEX_DOMAINS
            ],
            "indicators": [
                (i.id, i.domain, i.weight, d.weight)
                for i, d in zip(definition.indicators, defaults.indicators, strict=True)
            ],
        },
        "custom": bool(domains or indicators),
        "custom_indicators": bool(indicators),
    }


def heat_style(score: float | None) -> str:
    """A cell's shade: deeper for a higher score; none where there is no score."""
    if score is None:
        return ""
    alpha = HEAT_BASE + HEAT_SPAN * score / 100
    return f"background: rgba({HEAT_RGB[0]}, {HEAT_RGB[1]}, {HEAT_RGB[2]}, {alpha:.3f})"


def heat_rows(index: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per partner, best rank first: overall score and a cell per domain."""
    rows = []
    for position, partner in enumerate(index["partners"]):
        cells = []
        for domain in partner["domains"]:
            evidence = {e for i in domain["indicators"] for e in i["evidence"]}
            present = any(i["normalized"] is not None for i in domain["indicators"])
            cells.append(
                {
                    "domain": domain["domain"],
                    "score": domain["score"],
                    "coverage_pct": _pct(domain["coverage"]),
                    # Evidence held at weight 0 is not "no evidence": say which it is.
                    "state": "score"
                    if domain["score"] is not None
                    else ("unweighted" if present else "none"),
                    "evidence": domain.get("evidence_total", len(evidence)),
                    "href": f"#{partner['slug']}-{domain['domain']}",
                    "style": heat_style(domain["score"]),
                }
            )
        rows.append(
            {
                "partner": partner["partner"],
                "slug": partner["slug"],
                "rank": partner["rank"],
                "score": partner["score"],
                "coverage_pct": _pct(partner["coverage"]),
                "cells": cells,
                "order": position,
            }
        )
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["order"]))


def _pct(share: float) -> str:
    # The same two roundings index.js makes: to 3 places (as the JSON has it), then percent.
    return f"{round(share, 3) * 100:.0f}"


def _score_of(row: Mapping[str, Any], partner: str) -> float | None:
    return next((p["score"] for p in row["partners"] if p["partner"] == partner), None)


def trend_chart(index: Mapping[str, Any], links: list[tuple[str, str]]) -> str:
    """The overall score per year as a line per partner; a year without a score is a gap."""
    rows = index.get("trend", [])
    years = [str(row["year"]) for row in rows]
    series = []
    for position, partner in enumerate(index["partners"]):
        name = partner["partner"]
        points: list[charts.Point | None] = []
        for row in rows:
            score = _score_of(row, name)
            if score is None:
                points.append(None)
                continue
            found = next(p for p in row["partners"] if p["partner"] == name)
            query = urlencode([("year", str(row["year"])), *links])
            tip = f"{name} {row['year']}: {score} (coverage {_pct(found['coverage'])} %)"
            points.append(charts.Point(score, f"/index?{query}#{partner['slug']}", tip))
        if any(p is not None for p in points):
            color = views.POWER_COLORS.get(name, charts.PALETTE[position % len(charts.PALETTE)])
            pattern = views.POWER_PATTERNS.get(name, "")
            series.append(charts.Series(name, points, color, style="line", pattern=pattern))
    return charts.bar_chart(
        f"Engagement with {index['subject']} by year ({index['method']})",
        "score 0–100",
        years,
        series,
        height=300,
    )


def precise_scores(
    conn: Connection, subject: str, year: int | None, weights_file: Path | None
) -> list[dict[str, Any]]:
    """Each partner's unrounded normalised indicator values ({partner, normalized}); with the
    shipped weights kept in the view cache until the ledger changes, as the index is."""

    def compute() -> list[dict[str, Any]]:
        result = compute_index_result(conn, subject, year=year, weights_file=weights_file)
        return [
            {
                "partner": p.partner,
                "normalized": {i.id: i.normalized for d in p.domains for i in d.indicators},
            }
            for p in result.partners
        ]

    if weights_file is not None:
        return compute()
    from geoledger.pipeline.stored import cached_view

    return cached_view(conn, ("index-precise", subject, year), compute)


def calculator_data(
    precise: list[dict[str, Any]], definition: IndexDefinition, index: Mapping[str, Any]
) -> dict[str, Any]:
    """What index.js needs to rescore in the page: unrounded normalised values and weights."""
    slugs = {p["partner"]: p["slug"] for p in index["partners"]}
    return {
        "domains": list(engagement.INDEX_DOMAINS),
        "minCoverage": definition.min_coverage,
        "domainWeights": {d: float(definition.domain_weights[d]) for d in engagement.INDEX_DOMAINS},
        "indicators": [
            {"id": i.id, "domain": i.domain, "weight": i.weight} for i in definition.indicators
        ],
        "partners": [{**p, "slug": slugs[p["partner"]]} for p in precise],
        "heat": {"rgb": HEAT_RGB, "base": HEAT_BASE, "span": HEAT_SPAN},
    }

"""Indicator definitions: parse indicators.toml (or a user's copy) and weight overrides."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from geoledger.errors import InvalidInput

METHOD_ID = "engagement_index.v1"
DOMAINS = ("economy", "politics", "security", "technology", "soft_power")
FORMULAS = ("latest_value", "sum_usd", "count_distinct_objects", "count_events")
NORMALISATIONS = ("max", "fixed")
DIRECTIONS = ("higher", "lower")
PERTURBATIONS = ("uniform", "dirichlet")
# The ledger's event domains, folded into the index's five (see docs/index-method.md).
EVENT_DOMAINS = {
    "economy": "economy",
    "finance": "economy",
    "politics": "politics",
    "security": "security",
    "technology": "technology",
    "culture": "soft_power",
    "health": "soft_power",
}
_ID = re.compile(r"[a-z][a-z0-9_]*\.v\d+")


# --- definitions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator as indicators.toml defines it."""

    id: str
    domain: str
    formula: str
    unit: str
    weight: float
    direction: str = "higher"
    normalisation: str = "max"
    scale: tuple[float, float] = (0.0, 100.0)
    window_years: int | None = None  # evidence ending in the last N years; None: all years
    why: str = ""
    metrics: tuple[str, ...] = ()
    object_contains: str | None = None
    kinds: tuple[str, ...] = ()
    exclude_kinds: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    partner_roles: tuple[str, ...] = ()
    exclude_roles: tuple[str, ...] = ()
    with_any: tuple[str, ...] = ()
    bilateral: bool = False
    statements: bool = True
    distinct: str = "event"  # event | month


@dataclass(frozen=True, slots=True)
class SensitivitySettings:
    """How the weights are perturbed: uniform ±spread per weight, or Dirichlet around them."""

    runs: int = 1000
    seed: int = 6
    method: str = "uniform"
    spread: float = 0.5
    concentration: float = 20.0
    leave_one_out: bool = True  # also rescore with each domain's weight set to zero


@dataclass(frozen=True, slots=True)
class IndexDefinition:
    """Every indicator, the domain weights and the sensitivity settings."""

    indicators: tuple[Indicator, ...]
    domain_weights: Mapping[str, float]
    sensitivity: SensitivitySettings = SensitivitySettings()
    version: str = METHOD_ID
    min_coverage: float = 0.0  # an overall score needs at least this coverage, else None


def _tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InvalidInput(f"{where}: expected a string or a list of strings, got {value!r}.")


def _indicator(raw: Mapping[str, Any], where: str) -> Indicator:
    """Check one [[indicator]] table and turn it into an Indicator."""
    ident = str(raw.get("id", ""))
    where = f"{where}, indicator {ident or '(no id)'}"
    if not _ID.fullmatch(ident):
        raise InvalidInput(f"{where}: id must look like name.v1.")
    checks = (
        ("domain", DOMAINS),
        ("formula", FORMULAS),
        ("normalisation", NORMALISATIONS),
        ("direction", DIRECTIONS),
    )
    for key, allowed in checks:
        value = raw.get(key, {"normalisation": "max", "direction": "higher"}.get(key))
        if value not in allowed:
            raise InvalidInput(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}.")
    weight = raw.get("weight")
    if not isinstance(weight, int | float) or weight < 0:
        raise InvalidInput(f"{where}: weight must be a number >= 0.")
    scale = raw.get("scale", [0, 100])
    if len(scale) != 2 or not scale[0] < scale[1]:
        raise InvalidInput(f"{where}: scale must be [low, high] with low < high.")
    if raw["formula"] != "count_events" and not raw.get("metrics"):
        raise InvalidInput(f"{where}: formula {raw['formula']} needs metrics.")
    window = raw.get("window_years")
    if window is not None and (not isinstance(window, int) or window < 1):
        raise InvalidInput(f"{where}: window_years must be a whole number >= 1.")
    distinct = raw.get("distinct", "event")
    if distinct not in ("event", "month"):
        raise InvalidInput(f"{where}: distinct must be event or month.")
    return Indicator(
        id=ident,
        domain=raw["domain"],
        formula=raw["formula"],
        unit=str(raw.get("unit", "")),
        weight=float(weight),
        direction=raw.get("direction", "higher"),
        normalisation=raw.get("normalisation", "max"),
        scale=(float(scale[0]), float(scale[1])),
        window_years=window,
        why=str(raw.get("why", "")),
        metrics=_tuple(raw.get("metrics"), where),
        object_contains=raw.get("object_contains"),
        kinds=_tuple(raw.get("kinds"), where),
        exclude_kinds=_tuple(raw.get("exclude_kinds"), where),
        domains=_tuple(raw.get("domains"), where),
        partner_roles=_tuple(raw.get("partner_roles"), where),
        exclude_roles=_tuple(raw.get("exclude_roles"), where),
        with_any=_tuple(raw.get("with_any"), where),
        bilateral=bool(raw.get("bilateral", False)),
        statements=bool(raw.get("statements", True)),
        distinct=distinct,
    )


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{where}: not valid TOML ({exc}).") from exc


def parse_definition(text: str, *, where: str = "indicators.toml") -> IndexDefinition:
    """Parse an indicators file (the shipped one or a user's copy) into an IndexDefinition."""
    data = _read_toml(text, where)
    indicators = tuple(_indicator(raw, where) for raw in data.get("indicator", []))
    if not indicators:
        raise InvalidInput(f"{where}: no [[indicator]] tables.")
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise InvalidInput(f"{where}: indicator ids repeat: {', '.join(sorted(ids))}.")
    weights = _domain_weights(data.get("domains", {}), where)
    missing = [d for d in DOMAINS if d not in weights]
    if missing:
        raise InvalidInput(f"{where}: [domains] has no weight for {', '.join(missing)}.")
    raw_sens = data.get("sensitivity", {})
    sens = SensitivitySettings(
        runs=int(raw_sens.get("runs", 1000)),
        seed=int(raw_sens.get("seed", 6)),
        method=str(raw_sens.get("method", "uniform")),
        spread=float(raw_sens.get("spread", 0.5)),
        concentration=float(raw_sens.get("concentration", 20.0)),
        leave_one_out=bool(raw_sens.get("leave_one_out", True)),
    )
    if sens.method not in PERTURBATIONS or sens.runs < 0 or not 0 <= sens.spread < 1:
        raise InvalidInput(
            f"{where}: [sensitivity] needs method uniform or dirichlet, runs >= 0, 0 <= spread < 1."
        )
    min_coverage = data.get("min_coverage", 0.0)
    if not isinstance(min_coverage, int | float) or not 0 <= min_coverage <= 1:
        raise InvalidInput(f"{where}: min_coverage must be a number from 0 to 1.")
    return IndexDefinition(
        indicators, weights, sens, str(data.get("version", METHOD_ID)), float(min_coverage)
    )


def _domain_weights(raw: Mapping[str, Any], where: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for domain, weight in raw.items():
        if domain not in DOMAINS:
            raise InvalidInput(f"{where}: unknown domain {domain!r}; use {', '.join(DOMAINS)}.")
        if not isinstance(weight, int | float) or weight < 0:
            raise InvalidInput(f"{where}: weight of domain {domain} must be a number >= 0.")
        weights[domain] = float(weight)
    return weights


def default_definition() -> IndexDefinition:
    """The indicators, weights and sensitivity settings that ship with geoledger."""
    text = (resources.files("geoledger.analysis") / "indicators.toml").read_text(encoding="utf-8")
    return parse_definition(text)


def with_weights(definition: IndexDefinition, text: str, *, where: str) -> IndexDefinition:
    """Override weights from a TOML text with [domains] and/or [indicators] (id = weight)."""
    data = _read_toml(text, where)
    unknown = set(data) - {"domains", "indicators", "sensitivity"}
    if unknown:
        raise InvalidInput(
            f"{where}: unknown table(s) {', '.join(sorted(unknown))}; "
            "a weights file has [domains] and [indicators]."
        )
    domain_weights = {
        **definition.domain_weights,
        **_domain_weights(data.get("domains", {}), where),
    }
    by_id = {i.id: i for i in definition.indicators}
    overrides = data.get("indicators", {})
    for ident, weight in overrides.items():
        if ident not in by_id:
            raise InvalidInput(f"{where}: no indicator {ident!r}; see indicators.toml for ids.")
        if not isinstance(weight, int | float) or weight < 0:
            raise InvalidInput(f"{where}: weight of {ident} must be a number >= 0.")
    indicators = tuple(
        replace(i, weight=float(overrides[i.id])) if i.id in overrides else i
        for i in definition.indicators
    )
    sens = definition.sensitivity
    if "sensitivity" in data:
        sens = replace(sens, **{k: v for k, v in data["sensitivity"].items() if k != "method"})
    return replace(
        definition, indicators=indicators, domain_weights=domain_weights, sensitivity=sens
    )


def load_definition(path: Path | None = None, *, weights: Path | None = None) -> IndexDefinition:
    """The shipped definition or a user's indicators file, with a weights file applied."""
    definition = default_definition()
    if path is not None:
        definition = parse_definition(_read(path), where=str(path))
    if weights is not None:
        definition = with_weights(definition, _read(weights), where=str(weights))
    return definition


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror}).") from exc

"""Indicator definitions: parse indicators.toml (or a user's copy) and weight overrides."""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from geoledger.errors import InvalidInput

METHOD_ID = "engagement_index.v1"
# The index's five domains (models.DOMAINS are the ledger's event domains; see EVENT_DOMAINS).
INDEX_DOMAINS = ("economy", "politics", "security", "technology", "soft_power")
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


# Weights are relative, so any size would do; the bound keeps their sums and draws finite.
MAX_WEIGHT = 1_000_000
MAX_RUNS = 100_000  # about a minute of random runs; more would only look like a hang


def _is_number(value: object) -> bool:
    """True for a finite int or float; TOML's true and false are not numbers here."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _shown(value: object) -> str:
    """value as TOML writes it (true, "many", nan), for messages about a file's values."""
    if isinstance(value, bool | str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return repr(value)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_weight(value: object, where: str) -> float:
    """value as a weight, or InvalidInput saying where: a finite number from 0 to MAX_WEIGHT."""
    if not _is_number(value) or not 0 <= value <= MAX_WEIGHT:  # type: ignore[operator]
        raise InvalidInput(f"{where} must be a number from 0 to {MAX_WEIGHT}, got {_shown(value)}.")
    return float(value)  # type: ignore[arg-type]


def _table(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    """data[key] as a TOML table ({} when absent), or InvalidInput naming the key."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise InvalidInput(f"{where}: {key} must be a table ([{key}]), got {_shown(value)}.")
    return value


def _tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InvalidInput(f"{where}: expected a string or a list of strings, got {value!r}.")


def _flag(raw: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}: {key} must be true or false, got {_shown(value)}.")
    return value


def _indicator(raw: Any, where: str) -> Indicator:
    """Check one [[indicator]] table and turn it into an Indicator."""
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: each indicator must be an [[indicator]] table.")
    ident = str(raw.get("id", ""))
    where = f"{where}, indicator {ident or '(no id)'}"
    if not _ID.fullmatch(ident):
        raise InvalidInput(f"{where}: id must look like name.v1.")
    checks = (
        ("domain", INDEX_DOMAINS),
        ("formula", FORMULAS),
        ("normalisation", NORMALISATIONS),
        ("direction", DIRECTIONS),
    )
    for key, allowed in checks:
        value = raw.get(key, {"normalisation": "max", "direction": "higher"}.get(key))
        if value not in allowed:
            raise InvalidInput(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}.")
    weight = check_weight(raw.get("weight"), f"{where}: weight")
    scale = raw.get("scale", [0, 100])
    if not (
        isinstance(scale, list)
        and len(scale) == 2
        and all(_is_number(s) for s in scale)
        and scale[0] < scale[1]
    ):
        raise InvalidInput(f"{where}: scale must be [low, high] with low < high.")
    if raw["formula"] != "count_events" and not raw.get("metrics"):
        raise InvalidInput(f"{where}: formula {raw['formula']} needs metrics.")
    window = raw.get("window_years")
    if window is not None and (not _is_whole(window) or window < 1):
        raise InvalidInput(f"{where}: window_years must be a whole number >= 1.")
    distinct = raw.get("distinct", "event")
    if distinct not in ("event", "month"):
        raise InvalidInput(f"{where}: distinct must be event or month.")
    object_contains = raw.get("object_contains")
    if object_contains is not None and not isinstance(object_contains, str):
        raise InvalidInput(f"{where}: object_contains must be a string.")
    return Indicator(
        id=ident,
        domain=raw["domain"],
        formula=raw["formula"],
        unit=str(raw.get("unit", "")),
        weight=weight,
        direction=raw.get("direction", "higher"),
        normalisation=raw.get("normalisation", "max"),
        scale=(float(scale[0]), float(scale[1])),
        window_years=window,
        why=str(raw.get("why", "")),
        metrics=_tuple(raw.get("metrics"), where),
        object_contains=object_contains,
        kinds=_tuple(raw.get("kinds"), where),
        exclude_kinds=_tuple(raw.get("exclude_kinds"), where),
        domains=_tuple(raw.get("domains"), where),
        partner_roles=_tuple(raw.get("partner_roles"), where),
        exclude_roles=_tuple(raw.get("exclude_roles"), where),
        with_any=_tuple(raw.get("with_any"), where),
        bilateral=_flag(raw, "bilateral", False, where),
        statements=_flag(raw, "statements", True, where),
        distinct=distinct,
    )


# Each [sensitivity] setting: its test and the rule a refusal states.
_SENSITIVITY: dict[str, tuple[Any, str]] = {
    "runs": (lambda v: _is_whole(v) and 0 <= v <= MAX_RUNS, f"a whole number from 0 to {MAX_RUNS}"),
    "seed": (_is_whole, "a whole number"),
    "method": (lambda v: v in PERTURBATIONS, f"one of {', '.join(PERTURBATIONS)}"),
    "spread": (lambda v: _is_number(v) and 0 <= v < 1, "a number from 0 to below 1"),
    "concentration": (
        lambda v: _is_number(v) and 0 < v <= MAX_WEIGHT,
        f"a number above 0, at most {MAX_WEIGHT}",
    ),
    "leave_one_out": (lambda v: isinstance(v, bool), "true or false"),
}


def _sensitivity(
    raw: Mapping[str, Any], base: SensitivitySettings, where: str
) -> SensitivitySettings:
    """base with the settings of a [sensitivity] table applied, each checked against its rule."""
    for key, value in raw.items():
        if key not in _SENSITIVITY:
            raise InvalidInput(
                f"{where}: [sensitivity] has no setting {key!r}; use {', '.join(_SENSITIVITY)}."
            )
        valid, rule = _SENSITIVITY[key]
        if not valid(value):
            raise InvalidInput(f"{where}: [sensitivity] {key} must be {rule}, got {_shown(value)}.")
    floats = ("spread", "concentration")
    settings: dict[str, Any] = {k: float(v) if k in floats else v for k, v in raw.items()}
    return replace(base, **settings)


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{where}: not valid TOML ({exc}).") from exc


def parse_definition(text: str, *, where: str = "indicators.toml") -> IndexDefinition:
    """Parse an indicators file (the shipped one or a user's copy) into an IndexDefinition."""
    data = _read_toml(text, where)
    tables = data.get("indicator", [])
    if not isinstance(tables, list):
        raise InvalidInput(f"{where}: indicator must be a list of [[indicator]] tables.")
    indicators = tuple(_indicator(raw, where) for raw in tables)
    if not indicators:
        raise InvalidInput(f"{where}: no [[indicator]] tables.")
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise InvalidInput(f"{where}: indicator ids repeat: {', '.join(sorted(ids))}.")
    weights = _domain_weights(_table(data, "domains", where), where)
    missing = [d for d in INDEX_DOMAINS if d not in weights]
    if missing:
        raise InvalidInput(f"{where}: [domains] has no weight for {', '.join(missing)}.")
    sens = _sensitivity(_table(data, "sensitivity", where), SensitivitySettings(), where)
    min_coverage = data.get("min_coverage", 0.0)
    if not _is_number(min_coverage) or not 0 <= min_coverage <= 1:
        raise InvalidInput(f"{where}: min_coverage must be a number from 0 to 1.")
    return IndexDefinition(
        indicators, weights, sens, str(data.get("version", METHOD_ID)), float(min_coverage)
    )


def _domain_weights(raw: Mapping[str, Any], where: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for domain, weight in raw.items():
        if domain not in INDEX_DOMAINS:
            raise InvalidInput(
                f"{where}: unknown domain {domain!r}; use {', '.join(INDEX_DOMAINS)}."
            )
        weights[domain] = check_weight(weight, f"{where}: [domains] {domain}")
    return weights


def default_definition() -> IndexDefinition:
    """The indicators, weights and sensitivity settings that ship with geoledger."""
    text = (resources.files("geoledger.analysis") / "indicators.toml").read_text(encoding="utf-8")
    return parse_definition(text)


def _indicator_weights(raw: Mapping[str, Any], known: set[str], where: str) -> dict[str, float]:
    """The [indicators] table of a weights file: indicator id -> checked weight."""
    weights: dict[str, float] = {}
    for ident, weight in raw.items():
        if isinstance(weight, dict) and len(weight) == 1:
            # TOML reads an unquoted trade_share.v1 = 1 as a table trade_share holding v1.
            raise InvalidInput(
                f'{where}: [indicators] {ident}: quote ids, as in "{ident}.{next(iter(weight))}" '
                "= 1."
            )
        if ident not in known:
            raise InvalidInput(f"{where}: no indicator {ident!r}; see indicators.toml for ids.")
        weights[ident] = check_weight(weight, f"{where}: [indicators] {ident}")
    return weights


def with_weights(definition: IndexDefinition, text: str, *, where: str) -> IndexDefinition:
    """Override weights from a TOML text with [domains] and/or [indicators] (id = weight)."""
    data = _read_toml(text, where)
    unknown = set(data) - {"domains", "indicators", "sensitivity"}
    if unknown:
        raise InvalidInput(
            f"{where}: unknown table(s) {', '.join(sorted(unknown))}; "
            "a weights file has [domains], [indicators] and [sensitivity]."
        )
    domain_weights = {
        **definition.domain_weights,
        **_domain_weights(_table(data, "domains", where), where),
    }
    overrides = _indicator_weights(
        _table(data, "indicators", where), {i.id for i in definition.indicators}, where
    )
    indicators = tuple(
        replace(i, weight=overrides[i.id]) if i.id in overrides else i
        for i in definition.indicators
    )
    sens = _sensitivity(_table(data, "sensitivity", where), definition.sensitivity, where)
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
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8.") from exc

"""Schema fuzzing of the whole API, writes included: no generated request gets a 5xx.

One test per operation, so `-n 2` spreads them over two processes; the full run sends the
issue's 20,000 requests, an equal share per operation, each against its own ledger.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from geoledger.api import create_app
from geoledger.config import Settings
from reliability.harness import FULL, TOKEN, count, integrity_problems

AUTH = {"Authorization": f"Bearer {TOKEN}"}
# GEOLEDGER_FUZZ_REQUESTS sets another total (a probe of a few operations, say).
REQUESTS = int(os.environ.get("GEOLEDGER_FUZZ_REQUESTS") or count(150, 20_000))
MAX_ROUNDS = 50  # an operation whose inputs hypothesis exhausts is asked again, this often


def operation_labels() -> list[str]:
    """Every operation of the API's OpenAPI document, e.g. 'POST /api/claims'."""
    app = create_app(Settings(database_url="sqlite://", api_token=TOKEN))
    schema = schemathesis.openapi.from_dict(app.openapi())
    return sorted(result.ok().label for result in schema.get_all_operations())


LABELS = operation_labels()


@pytest.mark.parametrize("label", LABELS)
def test_no_fuzzed_request_gets_a_server_error(bundled_db: Path, label: str) -> None:
    url = f"sqlite:///{bundled_db}"
    app = create_app(Settings(database_url=url, user="fuzzer", api_token=TOKEN))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    (operation,) = [
        result.ok() for result in schema.get_all_operations() if result.ok().label == label
    ]
    share = math.ceil(REQUESTS / len(LABELS))
    sent = {"requests": 0}

    def fuzz_round(examples: int, seed: int) -> None:
        @hypothesis.seed(seed)
        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not FULL,
            database=None,
        )
        def call(case: Any) -> None:
            sent["requests"] += 1
            case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

        call()

    # Hypothesis stops early once it has tried every input an operation takes (one without
    # parameters has a single one); such an operation is fuzzed again with other seeds.
    for seed in range(MAX_ROUNDS if FULL else 1):
        if sent["requests"] >= share:
            break
        fuzz_round(share - sent["requests"], seed)
    print(f"fuzzed {label}: {sent['requests']} requests, no 5xx")
    assert sent["requests"] >= 1
    assert integrity_problems(url) == []

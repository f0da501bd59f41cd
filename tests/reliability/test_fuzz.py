"""Schema fuzzing of the whole API, writes included: no generated request gets a 5xx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from geoledger.api import create_app
from geoledger.config import Settings
from reliability.harness import FULL, TOKEN, count, integrity_problems

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_no_fuzzed_request_gets_a_server_error(bundled_db: Path) -> None:
    url = f"sqlite:///{bundled_db}"
    app = create_app(Settings(database_url=url, user="fuzzer", api_token=TOKEN))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    per_operation = max(1, count(150, 20_000) // len(operations))
    sent = {"requests": 0}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=per_operation,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not FULL,
            database=None,
        )
        def call(case: Any) -> None:
            sent["requests"] += 1
            case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

        call()
    print(f"fuzzed {sent['requests']} requests over {len(operations)} operations")
    assert sent["requests"] >= len(operations)
    assert integrity_problems(url) == []

"""USD normalisation speed: conversions per second after warm-up, cold start included.

.venv/bin/python benchmarks/bench_currency.py
"""

from __future__ import annotations

import time


def main() -> None:
    started = time.perf_counter()
    from geoledger.analysis.currency import to_usd

    to_usd(1.0, "EUR", "2023")
    cold = time.perf_counter() - started
    periods = [str(y) for y in range(2010, 2026)] + ["2024-07-01", "2023-H1", "2019/2021"]
    currencies = ["EUR", "CNY", "RSD", "USD", "GBP"]
    args = [(float(i), currencies[i % 5], periods[i % len(periods)]) for i in range(100_000)]
    for a in args[:500]:
        to_usd(*a)
    started = time.perf_counter()
    for a in args:
        to_usd(*a)
    warm = time.perf_counter() - started
    print(f"first conversion (loads the ECB history): {cold:.2f} s")
    print(f"100,000 conversions after warm-up: {warm:.3f} s ({len(args) / warm:,.0f} a second)")


if __name__ == "__main__":
    main()

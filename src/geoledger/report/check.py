"""A text check as Markdown an editor can paste into their notes: one line per figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geoledger.reconcile.figures import show_amount

VERDICT_WORDS = {
    "agrees": "agrees",
    "differs_within_rounding": "differs within rounding",
    "differs": "differs",
    "new": "new",
    "unclear": "unclear",
}


# Counts read as sentences: "1 agrees", "3 agree".
PLURALS = {
    "agrees": "agree",
    "differs_within_rounding": "differ within rounding",
    "differs": "differ",
    "new": "new",
    "unclear": "unclear",
}


def figure_label(figure: Mapping[str, Any]) -> str:
    """What a figure means, in words: metric, subject–partner, entity, period."""
    key = figure["key"]
    pair = "–".join(x for x in (key.get("subject"), key.get("partner")) if x)
    parts = [key["metric"], pair, key.get("entity") or "", key.get("period") or "undated"]
    return ", ".join(p for p in parts if p)


def counts_line(counts: Mapping[str, int]) -> str:
    """'12 figures: 3 agree, 1 differs within rounding, …' with every verdict named."""
    total = sum(counts.values())
    said = ", ".join(f"{n} {(VERDICT_WORDS if n == 1 else PLURALS)[v]}" for v, n in counts.items())
    return f"{total} figure{'s' * (total != 1)}: {said}."


def _evidence(figure: Mapping[str, Any]) -> str:
    pieces = []
    for item in figure.get("evidence", []):
        amount = show_amount(item["value"], item["unit"])
        if item.get("value_max") is not None:
            amount = (
                f"{show_amount(item['value'], None)}–{show_amount(item['value_max'], item['unit'])}"
            )
        title = item.get("source_title") or item.get("source") or "unknown source"
        cite = f"[{title}]({item['source_url']})" if item.get("source_url") else title
        pieces.append(f"{amount} ({item['status']}, {VERDICT_WORDS[item['relation']]}) — {cite}")
    return "; ".join(pieces)


def check_markdown(report: Mapping[str, Any]) -> str:
    """The check as Markdown: a heading, the counts, and one table row per figure."""
    doc = report["document"]
    name = doc.get("title") or doc["name"]
    lines = [
        f"## Figures in “{name}” checked against the ledger",
        "",
        counts_line(report["counts"]),
        "",
        "| # | figure | means | verdict | why | ledger sources |",
        "|---|---|---|---|---|---|",
    ]
    for n, figure in enumerate(report["figures"], 1):
        cells = [
            str(n),
            f"“{figure['surface']}”",
            figure_label(figure),
            f"**{VERDICT_WORDS[figure['verdict']]}**",
            figure["reason"],
            _evidence(figure) or "—",
        ]
        lines.append(
            "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
        )
    return "\n".join(lines) + "\n"

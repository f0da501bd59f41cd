"""The ledger's storage: SQLAlchemy tables, migrations, and save_/get_/list_ functions."""

from geoledger.store.engine import describe, make_engine, schema_version
from geoledger.store.ledger import (
    ClaimFilter,
    actor_name_keys,
    claim_id_for,
    count_rows,
    find_actor_ids,
    free_source_id,
    get_actor,
    get_claim,
    get_source,
    list_actors,
    list_claims,
    list_events,
    list_history,
    list_issues,
    list_sources,
    now_utc,
    save_actor,
    save_claim,
    save_event,
    save_issues,
    save_source,
    search_sources,
    source_titles,
    update_claim,
)

__all__ = [
    "ClaimFilter", "actor_name_keys", "claim_id_for", "count_rows", "describe",
    "find_actor_ids", "free_source_id", "get_actor", "get_claim", "get_source", "list_actors",
    "list_claims", "list_events", "list_history", "list_issues", "list_sources",
    "make_engine", "now_utc", "save_actor", "save_claim", "save_event", "save_issues",
    "save_source", "schema_version", "search_sources", "source_titles", "update_claim",
]  # fmt: skip

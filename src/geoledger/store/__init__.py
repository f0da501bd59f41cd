"""The ledger's storage: SQLAlchemy tables, migrations, and save_/get_/list_ functions."""

from geoledger.store.engine import (
    STATISTICS_GROWTH,
    describe,
    make_engine,
    refresh_statistics,
    schema_version,
)
from geoledger.store.files import FileRecord, file_records, save_file_records
from geoledger.store.history import (
    corrected_claim_ids,
    list_acceptances,
    list_history,
    list_recent_reviews,
    lock_claim,
    update_claim,
)
from geoledger.store.ledger import (
    ClaimFilter,
    actor_name_keys,
    attach_source_text,
    claim_id_for,
    claim_version,
    content_hashes,
    count_rows,
    find_actor_ids,
    find_source_by_url,
    free_source_id,
    get_actor,
    get_claim,
    get_source,
    insert_sources,
    list_actors,
    list_claims,
    list_events,
    list_issues,
    list_sources,
    now_utc,
    propose_actor,
    save_actor,
    save_claim,
    save_claims,
    save_event,
    save_issues,
    save_source,
    source_hashes_by_id,
    source_ids_by_hash,
    source_titles,
)
from geoledger.store.locks import lock_document
from geoledger.store.lookup import (
    list_claims_for_keys,
)
from geoledger.store.reconciled import source_titles_of
from geoledger.store.search import (
    matching_claim_ids,
    matching_claim_ids_listed,
    matching_source_ids,
    search_sources,
    source_snippets,
)

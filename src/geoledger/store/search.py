"""Full-text search: SQLite's FTS5 tables, PostgreSQL's text search, one behaviour."""

from __future__ import annotations

from sqlalchemy import Connection, text


def _fts_query(text_: str) -> str:
    # Quote every word so user text never hits FTS5 query syntax (AND, -, :, quotes).
    words = ["".join(ch for ch in w if ch.isalnum() or ch in "-.") for w in text_.split()]
    return " ".join(f'"{w}"' for w in words if w)


# PostgreSQL's text search, folded to lower case without accents as SQLite's FTS5 does; the
# expressions match the GIN indexes of migration 0002 so that the indexes are used.
_FOLD_FROM = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž"
_FOLD_TO = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz"


def _pg_fold(expression: str) -> str:
    return f"translate(lower({expression}), '{_FOLD_FROM}', '{_FOLD_TO}')"


_PG_SOURCES_VECTOR = (
    "to_tsvector('simple', " + _pg_fold("coalesce(title, '') || ' ' || coalesce(text, '')") + ")"
)
_PG_CLAIMS_VECTOR = (
    "to_tsvector('simple', "
    + _pg_fold(
        "coalesce(surface, '') || ' ' || coalesce(metric, '') || ' ' || coalesce(subject, '') "
        "|| ' ' || coalesce(partner, '') || ' ' || coalesce(entity, '') || ' ' || "
        "coalesce(object, '') || ' ' || coalesce(note, '')"
    )
    + ")"
)
_PG_QUERY = "plainto_tsquery('simple', " + _pg_fold("CAST(:q AS text)") + ")"


def matching_claim_ids(conn: Connection, text_: str, *, limit: int | None = None) -> list[str]:
    """Ids of claims whose fields (surface, metric, actors, object, note) match text_'s words.

    With limit, at most that many, the first the index yields (a word every claim holds
    would otherwise list the whole ledger).
    """
    cut = "" if limit is None else f" LIMIT {int(limit)}"
    if conn.dialect.name == "sqlite":
        query = _fts_query(text_)
        if not query:
            return []
        direct = conn.execute(
            text(
                "SELECT c.id FROM claims_fts f JOIN claims c ON c.rowid = f.rowid "
                "WHERE claims_fts MATCH :q" + cut
            ),
            {"q": query},
        ).scalars()
        return sorted(set(direct))
    rows = conn.execute(
        text(f"SELECT id FROM claims WHERE {_PG_CLAIMS_VECTOR} @@ {_PG_QUERY}" + cut),
        {"q": text_},
    ).scalars()
    return sorted(set(rows))


def search_sources(conn: Connection, text_: str, *, limit: int = 20) -> list[tuple[str, str]]:
    """(source id, snippet) of sources whose title or text match the words of text_."""
    if conn.dialect.name == "sqlite":
        query = _fts_query(text_)
        if not query:
            return []
        rows = conn.execute(
            text(
                "SELECT s.id, snippet(sources_fts, 1, '[', ']', ' … ', 12) FROM sources_fts f "
                "JOIN sources s ON s.rowid = f.rowid WHERE sources_fts MATCH :q "
                "ORDER BY rank LIMIT :n"
            ),
            {"q": query, "n": limit},
        )
        return [(r[0], r[1] or "") for r in rows]
    rows = conn.execute(
        text(
            f"SELECT id, ts_headline('simple', coalesce(text, title, ''), {_PG_QUERY}, "
            "'StartSel=[, StopSel=], MaxWords=20') FROM sources "
            f"WHERE {_PG_SOURCES_VECTOR} @@ {_PG_QUERY} LIMIT :n"
        ),
        {"q": text_, "n": limit},
    )
    return [(r[0], r[1] or "") for r in rows]

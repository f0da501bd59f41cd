"""Full-text search: SQLite's FTS5 tables, PostgreSQL's text search, one behaviour.

Both sides of a search are folded to lower-case Latin without accents (store/fold.py), so a
Cyrillic query finds Latin text and the reverse; snippets are cut from the text as written.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, false, or_, text

from geoledger.store.fold import fold_text, snippet

SNIPPET_TOKENS = 12


def _query_words(text_: str) -> list[str]:
    # Only letters, digits, '-' and '.' of each word: user text never hits FTS5 query syntax.
    words = (("".join(ch for ch in w if ch.isalnum() or ch in "-.")) for w in text_.split())
    return [fold_text(w) for w in words if w]


def _fts_query(words: list[str]) -> str:
    return " ".join(f'"{w}"' for w in words)


# PostgreSQL folds in SQL what SQLite's triggers fold in Python; the expressions match the GIN
# indexes of migration 0006 so that the indexes are used.
_MULTI = (("Љ", "lj"), ("Њ", "nj"), ("Џ", "dz"), ("љ", "lj"), ("њ", "nj"), ("џ", "dz"))
_FROM = (
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀ"
    "āĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦĨĩĪīĬĭĮįİĲĴĵĶķĹĺĻļĽľĿŁ"
    "łŃńŅņŇňŊŌōŎŏŐőŒŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžЀЁЂ"
    "ЃЄЅІЇЈЋЌЍЎАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрс"
    "туфхцчшѐёђѓїјћќѝў"
)
_TO = (
    "aaaaaaæceeeeiiiidnoooooouuuuyþaaaaaaceeeeiiiidnoooooouuuuyya"
    "aaaaaccccccccddddeeeeeeeeeegggggggghhħiiiiiiiiiĳjjkkllllllŀl"
    "lnnnnnnŋooooooœrrrrrrssssssssttttŧuuuuuuuuuuuuwwyyyzzzzzzееd"
    "гєѕііjcкиуabvgdezziиklmnoprstufhccsщъыьэюяabvgdezziиklmnoprs"
    "tufhccsееdгіjcкиу"
)


def _pg_fold(expression: str) -> str:
    for letter, latin in _MULTI:
        expression = f"replace({expression}, '{letter}', '{latin}')"
    return f"translate(lower({expression}), '{_FROM}', '{_TO}')"


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
_PG_QUERY = "plainto_tsquery('simple', CAST(:q AS text))"


def pg_fold_sql(expression: str) -> str:
    """The SQL PostgreSQL folds an expression with; it must agree with fold_text."""
    return _pg_fold(expression)


def matching_claim_ids(conn: Connection, text_: str, *, limit: int | None = None) -> list[str]:
    """Ids of claims whose fields (surface, metric, actors, object, note) match text_'s words.

    With limit, at most that many, the first the index yields (a word every claim holds
    would otherwise list the whole ledger).
    """
    words = _query_words(text_)
    if not words:
        return []
    cut = "" if limit is None else f" LIMIT {int(limit)}"
    if conn.dialect.name == "sqlite":
        sql = (
            "SELECT c.id FROM claims_fts f JOIN claims c ON c.rowid = f.rowid "
            "WHERE claims_fts MATCH :q" + cut
        )
        rows = conn.execute(text(sql), {"q": _fts_query(words)}).scalars()
    else:
        sql = f"SELECT id FROM claims WHERE {_PG_CLAIMS_VECTOR} @@ {_PG_QUERY}" + cut
        rows = conn.execute(text(sql), {"q": " ".join(words)}).scalars()
    return sorted(set(rows))


SOURCES_SEARCHED = 10_000  # sources whose claims a claim search also picks, best first


def search_condition(conn: Connection, text_: str, *, indexed: bool = True) -> Any:
    """A condition on claims: its fields match text_'s words, or its source is one of the
    SOURCES_SEARCHED best matching sources (what ClaimFilter.search picks), as subqueries of
    the text indexes, so that the database reads only the matches it needs.

    indexed=False: SQLite tests each row it walks against the matches (`+x` reads no index)
    rather than reading the matches and sorting them (a word in half the ledger)."""
    words = _query_words(text_)
    if not words:
        return false()
    if conn.dialect.name == "sqlite":
        query, plain = _fts_query(words), "" if indexed else "+"
        claims = text(
            f"{plain}claims.rowid IN "
            "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH :claims_q)"
        ).bindparams(claims_q=query)
        sources = text(
            f"{plain}claims.source_id IN (SELECT s.id FROM sources_fts f JOIN sources s "
            "ON s.rowid = f.rowid WHERE sources_fts MATCH :sources_q ORDER BY rank "
            f"LIMIT {SOURCES_SEARCHED})"
        ).bindparams(sources_q=query)
    else:
        query = " ".join(words)
        claims = text(
            f"claims.id IN (SELECT id FROM claims WHERE {_PG_CLAIMS_VECTOR} @@ "
            "plainto_tsquery('simple', CAST(:claims_q AS text)))"
        ).bindparams(claims_q=query)
        sources = text(
            f"claims.source_id IN (SELECT s.id FROM sources s WHERE {_PG_SOURCES_VECTOR} @@ "
            f"plainto_tsquery('simple', CAST(:sources_q AS text)) LIMIT {SOURCES_SEARCHED})"
        ).bindparams(sources_q=query)
    return or_(claims, sources)


def matching_claim_ids_listed(conn: Connection, text_: str, *, limit: int) -> list[str]:
    """The ids matching_claim_ids(limit=limit) finds, in the claims' listing order.

    Ids only, ordered in the database (source, place in the source, id), so that a caller
    pages through them and reads only the claims of its page.
    """
    words = _query_words(text_)
    if not words:
        return []
    if conn.dialect.name == "sqlite":
        hits = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q LIMIT :n"
        sql = f"SELECT id FROM claims WHERE rowid IN ({hits})"
        params = {"q": _fts_query(words), "n": int(limit)}
    else:
        hits = f"SELECT id FROM claims WHERE {_PG_CLAIMS_VECTOR} @@ {_PG_QUERY} LIMIT :n"
        sql = f"SELECT id FROM claims WHERE id IN ({hits})"
        params = {"q": " ".join(words), "n": int(limit)}
    order = " ORDER BY source_id, start IS NOT NULL, start, id"
    return list(conn.execute(text(sql + order), params).scalars())


def source_snippets(conn: Connection, text_: str, ids: list[str]) -> dict[str, str]:
    """{source id: snippet} for the sources ids (found by text_), as search_sources cuts them."""
    if not ids:
        return {}
    marks = ", ".join(f":s{i}" for i in range(len(ids)))
    rows = conn.execute(
        text(f"SELECT id, title, text FROM sources WHERE id IN ({marks})"),
        {f"s{i}": source_id for i, source_id in enumerate(ids)},
    )
    return {r[0]: _snippet(text_, r[1], r[2]) for r in rows}


def matching_source_ids(conn: Connection, text_: str, *, limit: int = 20) -> list[str]:
    """Ids of sources whose title or text match the words of text_, best first on SQLite."""
    return [row[0] for row in _matching_sources(conn, text_, limit=limit, with_text=False)]


def search_sources(conn: Connection, text_: str, *, limit: int = 20) -> list[tuple[str, str]]:
    """(source id, snippet) of sources whose title or text match the words of text_."""
    return [
        (source_id, _snippet(text_, title, body))
        for source_id, title, body in _matching_sources(conn, text_, limit=limit, with_text=True)
    ]


def _snippet(text_: str, title: str | None, body: str | None) -> str:
    words = [re.sub(r"^[-.]+|[-.]+$", "", w) for w in _query_words(text_)]
    cut = snippet(body or "", words, tokens=SNIPPET_TOKENS) or snippet(
        title or "", words, tokens=SNIPPET_TOKENS
    )
    if not cut:  # matched as the index splits words, not as the snippet does: the opening
        opening = (body or title or "").split()
        cut = " ".join(opening[:SNIPPET_TOKENS]) + (" …" if len(opening) > SNIPPET_TOKENS else "")
    return cut


def _matching_sources(
    conn: Connection, text_: str, *, limit: int, with_text: bool
) -> list[tuple[str, str | None, str | None]]:
    words = _query_words(text_)
    if not words:
        return []
    columns = "s.id, s.title, s.text" if with_text else "s.id, NULL, NULL"
    if conn.dialect.name == "sqlite":
        sql = (
            f"SELECT {columns} FROM sources_fts f JOIN sources s ON s.rowid = f.rowid "
            "WHERE sources_fts MATCH :q ORDER BY rank LIMIT :n"
        )
        params = {"q": _fts_query(words), "n": limit}
    else:
        sql = f"SELECT {columns} FROM sources s WHERE {_PG_SOURCES_VECTOR} @@ {_PG_QUERY} LIMIT :n"
        params = {"q": " ".join(words), "n": limit}
    return [(r[0], r[1], r[2]) for r in conn.execute(text(sql), params)]

"""Review claims one transaction each, printing each id once it is committed (for kill tests).

Usage: python reviewer.py DB_URL CLAIM_ID...  (accepts candidates, rejects the rest)
"""

from __future__ import annotations

import sys

from geoledger.pipeline import review
from geoledger.store import get_claim, make_engine


def main(url: str, claim_ids: list[str]) -> None:
    engine = make_engine(url, create=False)
    for claim_id in claim_ids:
        with engine.begin() as conn:
            claim = get_claim(conn, claim_id)
            if claim.status == "accepted":
                review.reject_claim(conn, claim_id, who="reviewer", why="kill test")
            else:
                review.accept_claim(conn, claim_id, who="reviewer", why="kill test")
        print(claim_id, flush=True)  # only after the commit: an acknowledgement
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

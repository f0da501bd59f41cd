"""Document -> sentences -> claims (+ issues, proposed actors); pure functions, no I/O."""

from geoledger.extract.claims import claim_to_json, explain_claims, extract_claims
from geoledger.extract.gazetteer import Gazetteer

__all__ = ["Gazetteer", "claim_to_json", "explain_claims", "extract_claims"]

"""Ingest: a path becomes a Document whose text claim offsets point into."""

from geoledger.ingest.paths import expand_paths
from geoledger.ingest.read import MAX_BYTES, read_document

__all__ = ["MAX_BYTES", "expand_paths", "read_document"]

"""The reliability suite (see README.md)."""

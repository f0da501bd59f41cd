"""The exception tree: every message says what, where, and what to do."""


class GeoledgerError(Exception):
    """Base of every error geoledger raises on purpose."""


class NotFound(GeoledgerError):
    """A row asked for by id or name does not exist."""


class InvalidInput(GeoledgerError):
    """An argument or a value a user gave is not usable."""


class DocumentRefused(GeoledgerError):
    """A document could not be read; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        # A newline in a file name must not forge a second line of output.
        shown = "".join(
            c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in path
        )
        super().__init__(f"{shown}: {reason}")
        self.path = path
        self.reason = reason


class ConflictingWrite(GeoledgerError):
    """A row changed under us; the caller should re-read and try again."""

"""geoledger: a ledger of checkable facts about a country's foreign ties."""

__version__ = "0.1.0"

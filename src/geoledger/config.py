"""Settings: where the ledger lives. Read from arguments, then GEOLEDGER_* variables."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    """The per-user folder that holds the default SQLite ledger."""
    return Path(os.environ.get("GEOLEDGER_DATA_DIR") or platformdirs.user_data_dir("geoledger"))


def database_url(db: str | None = None) -> str:
    """Turn --db (a path or a SQLAlchemy URL), GEOLEDGER_DB, or the default into a URL."""
    raw = db or os.environ.get("GEOLEDGER_DB")
    if not raw:
        return f"sqlite:///{default_data_dir() / 'ledger.db'}"
    if "://" in raw:
        if raw.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            return "postgresql+psycopg://" + raw[len("postgresql://") :]
        return raw
    return f"sqlite:///{Path(raw).expanduser()}"


def _login_name() -> str:
    """The operating system's name for who runs geoledger, for the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER: still log something
        return "anonymous"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    user: str = "anonymous"
    api_token: str | None = None

    @classmethod
    def from_env(cls, db: str | None = None, user: str | None = None) -> Settings:
        """Settings from arguments first, then the environment."""
        return cls(
            database_url=database_url(db),
            user=user or os.environ.get("GEOLEDGER_USER") or _login_name(),
            api_token=os.environ.get("GEOLEDGER_TOKEN"),
        )

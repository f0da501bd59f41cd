"""The HTTP app: the REST API under /api/ and the dashboard pages, from one process."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from geoledger import __version__
from geoledger.api import check, read, write
from geoledger.api.errors import install_error_handlers
from geoledger.config import Settings
from geoledger.store import make_engine


def create_app(settings: Settings, *, engine: Engine | None = None) -> FastAPI:
    """The API and dashboard over settings' ledger; a missing token is made up for this run."""
    engine = engine or make_engine(settings.database_url, create=False)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="geoledger",
        version=__version__,
        description="A ledger of checkable facts about Serbia's foreign ties. "
        "Reads are open; writes need the bearer token `geoledger serve` prints.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.api_token = settings.api_token or secrets.token_urlsafe(24)
    install_error_handlers(app)
    app.include_router(read.router)
    app.include_router(write.router)
    app.include_router(check.router)

    from geoledger.web import install_web

    install_web(app)
    return app


__all__ = ["create_app"]

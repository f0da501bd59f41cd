"""Screenshots of every dashboard page at 1366 and 390 px, from the bundled ledger.

Usage (or `make screenshots`):
    python tools/screenshots.py                 # artifacts/screenshots/<page>-<width>.png
    python tools/screenshots.py --out DIR       # somewhere else

It loads the bundled China–Serbia dataset into a temporary SQLite ledger, serves it with
uvicorn on a free localhost port, and photographs each page in Debian's Chromium (through
Playwright). The two pictures the README shows are refreshed in docs/ as well.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from geoledger import pipeline, store
from geoledger.api import create_app
from geoledger.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTHS = (1366, 390)
PAGES = {
    "overview": "/",
    "index": "/index",
    "trade": "/trade",
    "money": "/money",
    "politics": "/politics",
    "security": "/security",
    "technology": "/technology",
    "soft-power": "/soft-power",
    "events": "/events",
    "actors": "/actors",
    "actor": "/actors/Zijin%20Mining",
    "sources": "/sources",
    "claims": "/claims",
    "claims-table": "/claims?partner=China&sort=usd&order=desc",
    "claim": "/claims/c014",
    "facts": "/facts",
    "facts-table": "/facts?metric=trade.exports&order=desc",
    "conflicts": "/conflicts",
    "conflicts-table": "/conflicts?verdict=conflict",
    "check": "/check",
    "search": "/search?q=Zijin",
    "review": "/review",
    "not-found": "/no-such-page",
    "docs": "/docs",
}
README = {
    "overview-1366.png": "screenshot-overview-1366.png",
    "trade-390.png": "screenshot-trade-390.png",
    "claims-table-1366.png": "screenshot-claims-table-1366.png",
    "claims-table-390.png": "screenshot-claims-table-390.png",
}


def free_port() -> int:
    """A TCP port on localhost that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def shoot(base: str, out: Path) -> int:
    """Photograph every page at every width into out; return how many pictures were made."""
    made = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path)
                if name == "docs":
                    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=15_000)
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                made += 1
            context.close()
        browser.close()
    return made


def main() -> int:
    """Serve the bundled ledger, take the screenshots, refresh the README's two."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    out = parser.parse_args().out
    if not Path(CHROMIUM).exists():
        print(f"No Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/ledger.db"
        engine = store.make_engine(url)
        pipeline.load_dataset(engine)
        engine.dispose()
        app = create_app(Settings(database_url=url, user="screenshots", api_token="unused"))
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            made = shoot(f"http://127.0.0.1:{server.config.port}", out)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    for shot, name in README.items():
        shutil.copyfile(out / shot, ROOT / "docs" / name)
    print(f"{made} screenshots in {out}; README pictures refreshed in docs/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

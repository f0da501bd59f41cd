"""Extraction on a Dask cluster: the ExtractionPool that `geoledger ingest --cluster` uses.

The ingesting process reads and hashes every file whose size or mtime changed since it was
last ingested (the others are skipped unread), sends the bytes of new ones to the workers,
and writes what comes back in input order, alone. Workers only parse and extract, which is
pure: a task retried after its worker died gives the same result, and the writer
stores a document once by its content hash, so a lost worker loses and duplicates nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from geoledger.errors import InvalidInput
from geoledger.extract import Gazetteer
from geoledger.ingest.read import RawFile
from geoledger.pipeline.ingest import ResultLike, extract_files

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_LOCAL_WORKERS = 2
TASK_RETRIES = 3  # beyond the scheduler's own rescheduling when a worker dies
_LOCAL = re.compile(r"local(?::(\d+))?")
_SCHEDULER = re.compile(r"(tcp|tls|ws|wss)://[^\s/]+:\d+")


def parse_cluster(spec: str) -> tuple[str, int | str]:
    """("local", workers) for local[:N], ("scheduler", address) for tcp://HOST:PORT."""
    spec = spec.strip()
    if match := _LOCAL.fullmatch(spec):
        workers = int(match.group(1) or DEFAULT_LOCAL_WORKERS)
        if workers < 1:
            raise InvalidInput(f"--cluster {spec}: a local cluster needs at least 1 worker.")
        return "local", workers
    if _SCHEDULER.fullmatch(spec):
        return "scheduler", spec
    raise InvalidInput(
        f"--cluster {spec!r}: use local, local:N (N worker processes here) "
        "or a scheduler address such as tcp://HOST:8786."
    )


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InvalidInput(
            "--cluster needs Dask: pip install 'geoledger[cluster]' (dask[distributed])."
        ) from None
    return distributed


class DaskPool:
    """Extraction as Dask tasks, one per chunk of files, the gazetteer sent to each worker once."""

    def __init__(
        self, client: Client, gazetteer: Gazetteer, *, owned: tuple[Any, ...] = ()
    ) -> None:
        self.client = client
        self._owned = owned  # the client and LocalCluster open() started, closed with the pool
        threads = client.nthreads()
        self.workers = max(1, sum(threads.values()))
        # Broadcast once; a worker that joins later fetches it from a peer like any input.
        [self._gazetteer] = client.scatter([gazetteer], broadcast=True, hash=False)

    @classmethod
    def open(cls, spec: str, gazetteer: Gazetteer) -> DaskPool:
        """A pool on a new LocalCluster (local[:N]) or on the scheduler at a tcp:// address."""
        distributed = _import_distributed()
        kind, value = parse_cluster(spec)
        if kind == "local":
            cluster = distributed.LocalCluster(
                n_workers=int(value),
                threads_per_worker=1,  # extraction holds the GIL: one process per core
                processes=True,
                dashboard_address=":0",  # any free port: never fails on a taken 8787
            )
            client = distributed.Client(cluster)
            return cls(client, gazetteer, owned=(client, cluster))
        try:
            client = distributed.Client(str(value), timeout="20s")
        except OSError as exc:
            raise InvalidInput(f"--cluster {value}: no Dask scheduler answers ({exc}).") from None
        return cls(client, gazetteer, owned=(client,))

    def submit(self, files: Sequence[RawFile], key: str) -> ResultLike:
        # The key names the chunk's first bytes, so a retry is told from a new chunk.
        future: ResultLike = self.client.submit(
            extract_files,
            list(files),
            self._gazetteer,
            key=f"geoledger-extract-{key}",
            retries=TASK_RETRIES,
            pure=False,
        )
        return future

    def close(self) -> None:
        """Close the client and cluster open() started; a client given by the caller stays."""
        for thing in self._owned:
            thing.close()


__all__ = ["DaskPool", "parse_cluster"]

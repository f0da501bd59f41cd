"""expand_paths: command-line arguments (files, folders, globs) -> the files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from geoledger.errors import DocumentRefused
from geoledger.ingest.sidecar import is_sidecar

_GLOB_CHARS = frozenset("*?[")


def expand_paths(args: Sequence[str]) -> tuple[list[Path], list[DocumentRefused]]:
    """Expand files, folders (recursive, hidden skipped) and globs into sorted unique files."""
    found: dict[str, Path] = {}
    refusals: list[DocumentRefused] = []
    for arg in args:
        # A name that exists is taken literally even if it contains glob characters.
        if os.path.lexists(arg) or not _GLOB_CHARS & set(arg):
            candidates = [arg]
        else:
            candidates = sorted(glob.glob(arg, recursive=True))
            if not candidates:
                refusals.append(DocumentRefused(arg, "no file matches this pattern"))
                continue
        for candidate in candidates:
            path = Path(candidate)
            if path.is_dir():
                files = list(_walk(path))
            elif path.is_file():
                files = [path]
            elif os.path.lexists(path):
                refusals.append(DocumentRefused(candidate, _why_not_file(path)))
                continue
            else:
                refusals.append(DocumentRefused(candidate, "no such file"))
                continue
            for file in files:
                if not is_sidecar(file):  # it describes a document; it is not one
                    found.setdefault(os.path.realpath(file), file)
    return sorted(found.values()), refusals


def _walk(folder: Path) -> Iterator[Path]:
    """Yield the regular files under folder, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and path.is_file():
                yield path


def _why_not_file(path: Path) -> str:
    """Name what a path that exists but is no regular file or folder is."""
    return "no such file (broken link)" if path.is_symlink() else "not a regular file"

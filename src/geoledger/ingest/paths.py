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
                files = _walk(path)
            elif path.is_file():
                files = iter([(path, os.path.realpath(path))])
            elif os.path.lexists(path):
                refusals.append(DocumentRefused(candidate, _why_not_file(path)))
                continue
            else:
                refusals.append(DocumentRefused(candidate, "no such file"))
                continue
            for file, real in files:
                if not is_sidecar(file):  # it describes a document; it is not one
                    found.setdefault(real, file)
    return sorted(found.values()), refusals


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    """(path, real path) of the regular files under folder, hidden files and folders skipped.

    As os.walk: a link to a folder is not followed. One scandir a folder and no stat for a
    plain file (the listing says what it is), so a folder of 100,000 files lists in a second.
    """
    real_folder = os.path.realpath(folder)
    stack = [(str(folder), real_folder)]
    while stack:
        shown, real = stack.pop()
        try:
            with os.scandir(shown) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue  # unreadable or vanished folder: os.walk skips it too
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    if os.path.isfile(entry.path):
                        yield Path(entry.path), os.path.realpath(entry.path)
                elif entry.is_dir():
                    folders.append((entry.path, os.path.join(real, entry.name)))
                elif entry.is_file():
                    yield Path(entry.path), os.path.join(real, entry.name)
            except OSError:
                continue
        stack.extend(reversed(folders))


def _why_not_file(path: Path) -> str:
    """Name what a path that exists but is no regular file or folder is."""
    return "no such file (broken link)" if path.is_symlink() else "not a regular file"

"""Which files a command was given: paths as they are, the workbooks in folders, glob matches.

Only the standard library: the command line decides with :func:`is_bulk` whether it is
validating one file or many before it imports anything else.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from govstat.errors import GovstatError

SUFFIXES = (".xlsx", ".xlsm")
"""What a folder is searched for: the files the readers know."""

_GLOB_CHARS = frozenset("*?[")


def _lock(path: Path) -> bool:
    return path.name.startswith("~$")


def _wanted(path: Path) -> bool:
    """A workbook in a folder: not hidden, not an Excel lock file (~$name.xlsx)."""
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".") and not _lock(path)


def _in_folder(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / name for name in sorted(files) if _wanted(Path(name))]
    return found


def expand(inputs: Iterable[str | Path]) -> list[Path | GovstatError]:
    """Files as given, the workbooks in folders (recursively, sorted), and glob matches.

    A path that does not exist is kept (reading it says so); a glob that matches nothing is
    a :class:`GovstatError` in its place. A file named twice is read once.
    """
    out: list[Path | GovstatError] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)

    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            for found in _in_folder(path):
                add(found)
        elif not path.exists() and _GLOB_CHARS & set(text):
            # glob.glob, not Path.glob: the pattern may be absolute or climb with ..
            matches = sorted(glob.glob(text, recursive=True))  # noqa: PTH207
            # Excel's lock files (~$name.xlsx) match *.xlsx too, but hold no table.
            files = [Path(m) for m in matches if Path(m).is_file() and not _lock(Path(m))]
            for match in [Path(m) for m in matches if Path(m).is_dir()]:
                files += _in_folder(match)
            if not files:
                out.append(
                    GovstatError("没有与此模式匹配的文件 (no file matches this pattern)", file=text)
                )
            for found in files:
                add(found)
        else:
            add(path)
    return out


def is_bulk(inputs: Sequence[str | Path]) -> bool:
    """Several inputs, a folder or a glob: the summary rather than one file's report."""
    if len(inputs) != 1:
        return True
    text = str(inputs[0])
    path = Path(text)
    return path.is_dir() or (not path.exists() and bool(_GLOB_CHARS & set(text)))


__all__ = ["SUFFIXES", "expand", "is_bulk"]

"""Which files a command was given: paths as they are, the readable files in folders, globs.

Only the standard library: the command line decides with :func:`is_bulk` whether it is
validating one file or many before it imports anything else.
"""

from __future__ import annotations

import glob
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from govstat.errors import GovstatError

SUFFIXES: tuple[str, ...] = (
    ".xlsx",
    ".xlsm",
    ".xls",
    ".xlsb",
    ".ods",
    ".csv",
    ".tsv",
    ".docx",
    ".doc",
    ".wps",
    ".et",
    ".html",
    ".htm",
    ".mhtml",
    ".mht",
    ".pdf",
    ".txt",
    ".md",
    # Pictures of a table, read by OCR (govstat[ocr]).
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".bmp",
)
"""What a folder is searched for: the extensions of the formats the readers know. (A file
named on its own is read whatever its extension: the readers tell formats by content.)"""

SkipReason = Literal["hidden", "lock", "page_folder", "other_format"]
"""Why a file or folder met in a folder or a glob was not checked."""

_GLOB_CHARS = frozenset("*?[")
_PAGE_SUFFIXES = (".htm", ".html", ".mht", ".mhtml")


@dataclass
class Expansion:
    """The files a command was given, and what it passed over in folders and globs."""

    files: list[Path | GovstatError] = field(default_factory=list)
    """The files to check, in order; a glob or folder with nothing to check is an error here."""
    skipped: Counter[SkipReason] = field(default_factory=Counter)


def _lock(path: Path) -> bool:
    """Excel's and WPS's lock file (~$name.xlsx), or LibreOffice's (.~lock.name.xlsx#)."""
    return path.name.startswith("~$") or (
        path.name.startswith(".~lock.") and path.name.endswith("#")
    )


def _why_skipped(path: Path) -> SkipReason | None:
    """Why a file met in a folder or a glob is not checked; None when it is."""
    if _lock(path):
        return "lock"
    if path.name.startswith("."):
        return "hidden"
    if path.suffix.lower() not in SUFFIXES:
        return "other_format"
    return None


def _page_folder(folder: Path) -> bool:
    """The folder a browser or Word saves beside a web page (page_files, page.files)."""
    for marker in ("_files", ".files"):
        if folder.name.endswith(marker):
            stem = folder.name[: -len(marker)]
            if any((folder.parent / (stem + s)).is_file() for s in _PAGE_SUFFIXES):
                return True
    return False


def _in_folder(folder: Path, found: Expansion) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                found.skipped["hidden"] += 1
            elif _page_folder(Path(root) / name):
                found.skipped["page_folder"] += 1
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            reason = _why_skipped(Path(name))
            if reason is None:
                files.append(Path(root) / name)
            else:
                found.skipped[reason] += 1
    return files


def collect(inputs: Iterable[str | Path]) -> Expansion:
    """Files as given, the readable files in folders (recursively, sorted), glob matches.

    A path that does not exist is kept (reading it says so); a glob or a folder with nothing
    to check is a :class:`GovstatError` in its place. A file named twice is read once. Hidden
    files, lock files, the folders saved beside web pages and files of other formats met in
    a folder or a glob are counted in :attr:`Expansion.skipped` by reason.
    """
    found = Expansion()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for item in inputs:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            files = _in_folder(path, found)
            if not files:
                found.files.append(
                    GovstatError(
                        "文件夹中没有可检查的文件 (no file to check in this folder)", file=text
                    )
                )
            for file in files:
                add(file)
        elif not path.exists() and _GLOB_CHARS & set(text):
            # glob.glob, not Path.glob: the pattern may be absolute or climb with ..
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]  # noqa: PTH207
            files = []
            for match in matches:
                if match.is_dir():
                    if _page_folder(match):
                        found.skipped["page_folder"] += 1
                    else:
                        files += _in_folder(match, found)
                elif (reason := _why_skipped(match)) is None:
                    files.append(match)
                else:
                    found.skipped[reason] += 1
            if not files:
                found.files.append(
                    GovstatError(
                        "没有与此模式匹配的可检查文件 (no file to check matches this pattern)",
                        file=text,
                    )
                )
            for file in files:
                add(file)
        else:
            add(path)
    return found


def expand(inputs: Iterable[str | Path]) -> list[Path | GovstatError]:
    """The files of :func:`collect`, without what it skipped."""
    return collect(inputs).files


_SKIP_WORDS: dict[SkipReason, tuple[str, str]] = {
    "hidden": ("个隐藏文件或文件夹", "hidden files or folders"),
    "lock": ("个锁定文件（~$ 或 .~lock）", "lock files (~$, .~lock)"),
    "page_folder": ("个网页附属文件夹（_files）", "folders saved beside web pages (_files)"),
    "other_format": ("个其他格式的文件", "files of other formats"),
}


def describe_skipped(skipped: Mapping[str, int], lang: str) -> str:
    """What was skipped, by reason, in one phrase: ``跳过 3 个：2 个隐藏文件或文件夹，…``."""
    parts = [(reason, skipped[reason]) for reason in _SKIP_WORDS if skipped.get(reason)]
    if not parts:
        return ""
    total = sum(n for _, n in parts)
    if lang == "zh":
        return f"跳过 {total} 个：" + "，".join(f"{n} {_SKIP_WORDS[r][0]}" for r, n in parts)
    return f"skipped {total}: " + ", ".join(f"{n} {_SKIP_WORDS[r][1]}" for r, n in parts)


def is_bulk(inputs: Sequence[str | Path]) -> bool:
    """Several inputs, a folder or a glob: the summary rather than one file's report."""
    if len(inputs) != 1:
        return True
    text = str(inputs[0])
    path = Path(text)
    return path.is_dir() or (not path.exists() and bool(_GLOB_CHARS & set(text)))


__all__ = [
    "SUFFIXES",
    "Expansion",
    "SkipReason",
    "collect",
    "describe_skipped",
    "expand",
    "is_bulk",
]

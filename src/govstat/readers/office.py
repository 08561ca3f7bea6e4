"""Old Word and WPS documents (.doc, .wps), read by converting them with LibreOffice.

No Python library reads the binary Word format well; LibreOffice does. When ``soffice`` (or
``libreoffice``) is on PATH, the file is copied into a private temporary folder (the input
is never touched), converted there headless to .docx with its own user profile (so that
conversions running in parallel do not collide on LibreOffice's lock), under a time limit
(the whole process group is killed when it runs over), and the .docx is read by the Word
reader. Cells are named as in any Word file; the file named is the original.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from govstat.errors import GovstatError
from govstat.readers.grid import Book

CONVERT_SECONDS = 45.0
"""How long a conversion may take (LibreOffice's first start with a fresh profile takes a
few seconds); below govstat's own limit on checking one file."""

_PROGRAMS = ("soffice", "libreoffice")


def office_program() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for program in _PROGRAMS:
        found = shutil.which(program)
        if found:
            return found
    return None


def _missing(name: str) -> GovstatError:
    return GovstatError(
        "这是旧版 Word/WPS 文档：需安装 LibreOffice（apt-get install libreoffice-writer）"
        "才能读取，或在 Word、WPS 中另存为 .docx "
        "(an old Word/WPS document: install LibreOffice (apt-get install libreoffice-writer) "
        "to read it, or save it as .docx)",
        file=name,
    )


def convert_with_office(
    path: Path, target: str, filter_name: str, seconds: float = CONVERT_SECONDS
) -> tuple[Path, Path]:
    """Convert ``path`` to ``target`` (a suffix: docx, xlsx) in a fresh temporary folder.

    Returns the converted file and the folder, which the caller removes. Raises
    :class:`GovstatError` when LibreOffice is absent, fails or runs over ``seconds``.
    """
    name = str(path)
    program = office_program()
    if program is None:
        raise _missing(name)
    scratch = Path(tempfile.mkdtemp(prefix="govstat-office-"))
    try:
        source = scratch / f"input{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, source)
        command = [
            program,
            f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            f"{target}:{filter_name}",
            "--outdir",
            str(scratch / "out"),
            str(source),
        ]
        _run(command, seconds, name)
        produced = scratch / "out" / f"{source.stem}.{target}"
        if not produced.is_file():
            raise GovstatError(
                "LibreOffice 未能转换此文件（文件可能已损坏，或未安装 LibreOffice Writer）："
                f"请在 Word 或 WPS 中另存为 .{target} (LibreOffice could not convert the file: "
                f"it may be damaged, or LibreOffice Writer is not installed; save it as .{target})",
                file=name,
            )
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return produced, scratch


def _run(command: list[str], seconds: float, name: str) -> None:
    """Run LibreOffice in its own process group, killing the group on a timeout or error."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # its own chatter never reaches govstat's stderr
        start_new_session=True,
    )
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        raise GovstatError(
            f"LibreOffice 转换超过 {seconds:.0f} 秒，已停止 "
            f"(converting with LibreOffice took longer than {seconds:.0f} s and was stopped)",
            file=name,
        ) from None
    finally:
        if process.poll() is None:  # timed out, or govstat's own deadline struck
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def read_old_word(path: Path) -> Book:
    """A .doc or .wps document, through LibreOffice's .docx, named as the original."""
    from govstat.readers.word import read_docx

    name = str(path)
    converted, scratch = convert_with_office(path, "docx", "MS Word 2007 XML")
    try:
        book = read_docx(converted)
    except GovstatError as error:
        raise GovstatError(error.zh, error.en, file=name, where=error.where) from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    book.path = name
    return book

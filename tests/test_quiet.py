"""Nothing stray on the terminal: the libraries' warnings and log lines never reach stderr."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from govstat.bulk import validate_many
from govstat.readers import LIBRARY_LOGGERS, read_book

BROKEN_FONT = (
    b"<< /Type /Font /Subtype /Type1 /BaseFont /GovstatBroken /FirstChar 32 /LastChar 126 "
    b"/Widths [ /x ] /FontDescriptor << /Type /FontDescriptor /FontName /GovstatBroken "
    b"/FontBBox [ 0 0 /broken ] /Flags 32 >> >>"
)


def broken_font_pdf() -> bytes:
    """A one-page PDF whose font has a FontBBox of three items and a bad width: pdfminer
    logs a warning for each when it reads the page."""
    stream = b"BT /F1 12 Tf 72 700 Td (no statistics table here) Tj ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        BROKEN_FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@pytest.fixture
def noisy_pdf(tmp_path: Path) -> Path:
    """The broken-font PDF, checked to make pdfminer log when read without govstat (where
    pdfminer is installed: govstat's PDF reader is PDFium now, which must stay quiet too)."""
    path = tmp_path / "broken-font.pdf"
    path.write_bytes(broken_font_pdf())
    try:
        from pdfminer.high_level import extract_text
    except ImportError:
        return path
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logging.getLogger("pdfminer").addHandler(handler)
    try:
        extract_text(str(path))
    finally:
        logging.getLogger("pdfminer").removeHandler(handler)
    assert any("FontBBox" in r.getMessage() or "width" in r.getMessage() for r in records)
    return path


def test_a_pdf_with_a_broken_font_prints_only_govstats_line(noisy_pdf: Path) -> None:
    """pdfminer's font warnings stay off stderr: the one line there is govstat's own."""
    result = subprocess.run(
        [sys.executable, "-m", "govstat", "validate", str(noisy_pdf)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "GOVSTAT_DEBUG": ""},
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"govstat: {noisy_pdf}"), result.stderr


def test_bulk_workers_are_quiet_too(noisy_pdf: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """In the worker processes of a bulk run, nothing of the libraries reaches stderr."""
    copy = noisy_pdf.with_name("copy.pdf")
    copy.write_bytes(noisy_pdf.read_bytes())
    summary = validate_many([noisy_pdf, copy], jobs=2)
    assert [row.status for row in summary.files] == ["unreadable", "unreadable"]
    assert capfd.readouterr().err == ""


def test_reading_silences_library_warnings_and_logs_then_restores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever reader runs, a library's warning or log line is swallowed at the reading
    boundary, and the loggers' levels are as before afterwards."""
    import govstat.readers as readers

    def noisy_reader(path: Path) -> object:
        warnings.warn("openpyxl-like: an extension is not supported", UserWarning, stacklevel=1)
        for name in LIBRARY_LOGGERS:
            logging.getLogger(f"{name}.inner").warning("a library's own chatter")
        raise readers.GovstatError("no table", file=str(path))

    monkeypatch.setitem(readers._READERS, "text", noisy_reader)
    path = tmp_path / "notes.txt"
    path.write_text("text", encoding="utf-8")
    levels = [logging.getLogger(name).level for name in LIBRARY_LOGGERS]
    with warnings.catch_warnings():
        warnings.simplefilter("always")  # what a user's -W default would show
        with pytest.raises(readers.GovstatError):
            read_book(path)
    assert capsys.readouterr().err == ""
    assert [logging.getLogger(name).level for name in LIBRARY_LOGGERS] == levels


def test_files_read_in_threads_at_once_leave_filters_and_levels_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Overlapping reads in several threads (a web server) restore the warning filters and
    logger levels once the last one ends, not one thread's copy taken mid-read."""
    import threading

    import govstat.readers as readers

    barrier = threading.Barrier(4)

    def overlapping_reader(path: Path) -> object:
        barrier.wait(timeout=10)  # all four are inside the quiet block at once
        raise readers.GovstatError("no table", file=str(path))

    monkeypatch.setitem(readers._READERS, "text", overlapping_reader)
    path = tmp_path / "notes.txt"
    path.write_text("text", encoding="utf-8")
    filters = list(warnings.filters)
    levels = [logging.getLogger(name).level for name in LIBRARY_LOGGERS]

    def read() -> None:
        with pytest.raises(readers.GovstatError):
            read_book(path)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert list(warnings.filters) == filters
    assert [logging.getLogger(name).level for name in LIBRARY_LOGGERS] == levels

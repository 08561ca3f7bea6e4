"""Fuzzing: generated tables in every layout read back as generated, and mutated files end in
a value, a finding or one GovstatError, never another exception, a hang or a write.

- **Generated tables** (hypothesis): form 2014's table with random figures, written as .xlsx
  (figures as numbers or text, merged title and header cells), .csv (UTF-8 or GBK), a web
  page (line breaks, spans), a Word table and tab-separated or Markdown text, with label noise
  (stray spaces, full- or half-width brackets and digits, line breaks), blank rows and junk
  cells. Each reader must give back every figure.
- **Mutations**: bytes of every example flipped, cut or duplicated, and the same done to each
  XML part inside the zip containers (.xlsx, .docx, .ods).

The default run holds a few hundred cases; ``python -m pytest -m slow`` runs the same
properties over 10,000+ cases. A crash found is kept under ``tests/data/crashers/`` (see
``test_reliability.py``, which runs every file there).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govstat
from govstat.deadline import deadline
from support import EXAMPLES, load_example

EX = load_example("make_examples")
ROWS: list[tuple[str, str, str]] = EX.SEED_ROWS
VALUE_ROWS = [i for i, (_, unit, _) in enumerate(ROWS) if unit != "——"]
CASE_SECONDS = 20.0
"""A case that takes longer is a hang (each takes well under a second)."""

FAST, SLOW = 20, 1_100
"""Tables per layout: the default run (100 in all), and the slow run (``-m slow``: 5,500).
Mutations take two and a half times as many per property (100 and 5,000 in all)."""


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- generated tables -----------------------------------------------------------------------

_FULL = str.maketrans("()0123456789.", "（）０１２３４５６７８９．")
_HALF = str.maketrans("（）", "()")


def noisy(label: str, rnd: random.Random, breaks: bool) -> str:
    """A label as clerks type it: stray spaces, the other width of brackets and digits, a line
    break inside."""
    text = label
    width = rnd.choice(["same", "half", "full"])
    if width == "half":
        text = text.translate(_HALF)
    elif width == "full":
        text = text.translate(_FULL)
    for _ in range(rnd.randint(0, 2)):
        at = rnd.randint(0, len(text))
        text = text[:at] + rnd.choice([" ", "　", "  "]) + text[at:]
    if breaks and len(text) > 4 and rnd.random() < 0.3:
        at = rnd.randint(2, len(text) - 1)
        text = text[:at] + "\n" + text[at:]
    return text


def junk(rnd: random.Random) -> str:
    return "".join(rnd.choice("备注说明填表XYZxyz#*-_/ ") for _ in range(rnd.randint(1, 12)))


def table(rnd: random.Random, breaks: bool = True) -> tuple[list[list[str]], dict[int, int]]:
    """A form-2014 table as rows of cells: title, header, the 64 rows with random figures and
    noisy labels, blank rows here and there, a junk note beside the title; and the figures by
    row index. (One seed drawn by hypothesis, the rest from it: drawing every label through
    hypothesis would cost more than reading the table.)"""
    figures = {i: rnd.choice([0, rnd.randint(0, 99), rnd.randint(0, 99_999)]) for i in VALUE_ROWS}
    rows: list[list[str]] = [["政府信息公开情况统计表", "", ""], ["（2018 年度）", "", ""]]
    rows.append([f"填报单位：{EX.AGENCY}", "", junk(rnd)])
    rows.append(["统计指标", "单位", "统计数"])
    blanks = {rnd.randrange(len(ROWS)) for _ in range(rnd.randint(0, 3))}
    for i, (label, unit, _) in enumerate(ROWS):
        if i in blanks:
            rows.append(["", "", ""])
        value = str(figures[i]) if i in figures else ""
        rows.append([noisy(label, rnd, breaks), unit, value])
    rows.append(["", "", ""])
    rows += [[line, "", ""] for line in EX.FOOTER]
    return rows, figures


def write_xlsx(rows: list[list[str]], path: Path, rnd: random.Random) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    as_text = rnd.random() < 0.5
    for row in rows:
        sheet.append([_cell(c, as_text) for c in row])
    for r in (1, 2):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    book.save(path)


def _cell(text: str, as_text: bool) -> object:
    if text == "":
        return None
    return int(text) if text.isdigit() and not as_text else text


def write_csv(rows: list[list[str]], path: Path, rnd: random.Random) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    encoding = rnd.choice(["utf-8", "utf-8-sig", "gb18030"])
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_html(rows: list[list[str]], path: Path, rnd: random.Random) -> None:
    out = ["<html><body><table border=1>"]
    for r, row in enumerate(rows):
        cells = [html.escape(c).replace("\n", "<br>") for c in row]
        if r < 2:
            out.append(f"<tr><td colspan=3>{cells[0]}</td></tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def write_docx(rows: list[list[str]], path: Path, rnd: random.Random) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=3)
    for row, cells in zip(rows, table.rows, strict=True):
        for text, cell in zip(row, cells.cells, strict=True):
            if text:
                cell.text = text
    first = table.rows[0].cells
    first[0].merge(first[2])
    document.save(str(path))


def write_text(rows: list[list[str]], path: Path, rnd: random.Random) -> None:
    pipes = rnd.random() < 0.5
    lines = ["东湖市商务局2018年政府信息公开工作年度报告", ""]
    for r, row in enumerate(rows):
        cells = [c.replace("\n", "") for c in row]  # a line break would end the text row
        if pipes:
            lines.append("| " + " | ".join(cells) + " |")
            if r == 3:
                lines.append("| --- | --- | --- |")
        else:
            lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


WRITERS: dict[str, tuple[str, Callable[[list[list[str]], Path, random.Random], None]]] = {
    "xlsx": (".xlsx", write_xlsx),
    "csv": (".csv", write_csv),
    "html": (".html", write_html),
    "docx": (".docx", write_docx),
    "text": (".txt", write_text),
}


def _read_back(layout: str, seed: int, folder: Path) -> None:
    rnd = random.Random(seed)
    rows, figures = table(rnd, breaks=layout != "text")
    suffix, write = WRITERS[layout]
    path = folder / f"generated{suffix}"
    write(rows, path, rnd)
    with deadline(str(path), CASE_SECONDS):
        read = govstat.read_table(path, "2014")
    form_rows = _value_indicators()
    for i, figure in figures.items():
        value = read.values[form_rows[i]]
        assert value.state == "number" and value.number == figure, (layout, ROWS[i][0], value)


def _value_indicators() -> list[str]:
    from govstat.forms import get_form

    return [ind.id for ind in get_form("2014").indicators][: len(ROWS)]


SEEDS = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize("layout", list(WRITERS))
@_settings(FAST)
@given(seed=SEEDS)
def test_generated_tables_read_back_as_generated(layout: str, seed: int, tmp_path: Path) -> None:
    """A generated table, in each layout with its label noise, blank rows, merges and junk,
    reads back with every figure it was given."""
    _read_back(layout, seed, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("layout", list(WRITERS))
@_settings(SLOW)
@given(seed=SEEDS)
def test_generated_tables_read_back_as_generated_many(
    layout: str, seed: int, tmp_path: Path
) -> None:
    """The same over 1,100 tables per layout (5,500 in all)."""
    _read_back(layout, seed, tmp_path)


# --- mutations ------------------------------------------------------------------------------

SOURCES = sorted(
    p
    for folder in (EXAMPLES, Path(__file__).parent / "data")
    for p in folder.iterdir()
    if p.suffix in {".xlsx", ".xls", ".ods", ".docx", ".html", ".csv", ".pdf", ".txt"}
)
CONTAINERS = [p for p in SOURCES if p.suffix in {".xlsx", ".docx", ".ods"}]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with bytes flipped, a stretch cut out, or a stretch duplicated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        if not out:
            break
        kind = draw(st.sampled_from(["flip", "cut", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(out) - 1))
        length = draw(st.integers(1, max(1, min(len(out) - at, 64))))
        if kind == "flip":
            out[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del out[at : at + length]
        elif kind == "duplicate":
            out[at:at] = out[at : at + length]
        else:
            del out[at:]
    return bytes(out)


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _ends_cleanly(path: Path) -> None:
    """Reading and checking ``path`` gives a report or one GovstatError line; the file and its
    folder are left as they were. Anything else fails, with the mutant kept to reproduce it."""
    before = _fingerprint(path)
    listing = sorted(path.parent.iterdir())
    try:
        with deadline(str(path), CASE_SECONDS):  # a hang ends as a GovstatError: that is clean
            govstat.validate(path, hints=False)
    except govstat.GovstatError as error:
        assert "\n" not in str(error)
    except BaseException as error:
        kept = _keep(path)
        raise AssertionError(f"{type(error).__name__}: {error} (mutant kept: {kept})") from error
    assert _fingerprint(path) == before
    assert sorted(path.parent.iterdir()) == listing


def _keep(path: Path) -> Path:
    """Copy a crashing mutant where it can be added to tests/data/crashers/."""
    folder = Path(os.environ.get("GOVSTAT_CRASHERS", "/tmp/govstat-crashers"))
    folder.mkdir(parents=True, exist_ok=True)
    data = path.read_bytes()
    kept = folder / f"{hashlib.sha256(data).hexdigest()[:12]}{path.suffix}"
    kept.write_bytes(data)
    return kept


def _mutate_file(data: st.DataObject, folder: Path) -> None:
    source = data.draw(st.sampled_from(SOURCES))
    path = folder / f"mutant{source.suffix}"
    path.write_bytes(data.draw(mutated(source.read_bytes())))
    _ends_cleanly(path)


def _mutate_part(data: st.DataObject, folder: Path) -> None:
    source = data.draw(st.sampled_from(CONTAINERS))
    with zipfile.ZipFile(source) as archive:
        infos = archive.infolist()
        parts = {i.filename: archive.read(i) for i in infos}
    xml = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    target = data.draw(st.sampled_from(xml))
    parts[target] = data.draw(mutated(parts[target]))
    path = folder / f"mutant{source.suffix}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    _ends_cleanly(path)


@_settings(FAST * 5 // 2)
@given(data=st.data())
def test_mutated_files_end_cleanly(data: st.DataObject, tmp_path: Path) -> None:
    """Any example with bytes flipped, cut or duplicated ends in a report or one GovstatError,
    within the time limit, and is left as it was."""
    _mutate_file(data, tmp_path)


@_settings(FAST * 5 // 2)
@given(data=st.data())
def test_mutated_xml_parts_end_cleanly(data: st.DataObject, tmp_path: Path) -> None:
    """Any XML part of a workbook, Word file or .ods changed the same way, then zipped again,
    ends in a report or one GovstatError."""
    _mutate_part(data, tmp_path)


@pytest.mark.slow
@_settings(SLOW * 5 // 2 - 250)
@given(data=st.data())
def test_mutated_files_end_cleanly_many(data: st.DataObject, tmp_path: Path) -> None:
    """The same over 2,500 mutated files."""
    _mutate_file(data, tmp_path)


@pytest.mark.slow
@_settings(SLOW * 5 // 2 - 250)
@given(data=st.data())
def test_mutated_xml_parts_end_cleanly_many(data: st.DataObject, tmp_path: Path) -> None:
    """The same over 2,500 mutated XML parts."""
    _mutate_part(data, tmp_path)

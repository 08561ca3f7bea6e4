"""The work behind the page, run in worker processes: check an upload, check an edited table,
render downloads.

Each function is given plain data and answers plain data (pickled across the process
boundary): a :class:`GovstatError` comes back as a :class:`Failure` holding its one line, with
the upload's generated path replaced by the name the clerk knows. Each check runs under
validate's time limit (:mod:`govstat.deadline`), which acts in a worker's main thread.
"""

from __future__ import annotations

import dataclasses
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govstat.errors import GovstatError
from govstat.model import FilledTable, Lang, Report, Severity, Value


@dataclass
class Failure:
    """What went wrong, in one line: the answer of a check that could not be done."""

    message: str


@dataclass
class Checked:
    """A checked table: the table (with last year's attached), its report and its layout;
    and the table as read in each language (what the reader says is worded as it reads), so
    that the page can switch language without the file, which is deleted once read."""

    table: FilledTable
    report: Report
    layout: list[dict[str, Any]]
    read: dict[str, FilledTable] = dataclasses.field(default_factory=dict)


def init_worker() -> None:
    """A worker ignores Ctrl+C (the server stops it), builds the forms and imports what every
    check needs once, before the first file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import importlib

    from govstat.forms import all_forms

    all_forms()
    for module in ("govstat.api", "govstat.recognise", "govstat.localise", "govstat.report.layout"):
        importlib.import_module(module)


def ready() -> None:
    """Nothing: submitted once per worker to start it."""


def _named(error: GovstatError, names: dict[str, str]) -> Failure:
    """The error's line with every generated path replaced by its upload's name."""
    text = str(error)
    for path, name in names.items():
        text = text.replace(path, name)
    return Failure(text)


def layout(table: FilledTable, lang: Lang) -> list[dict[str, Any]]:
    """The official layout of the table as plain data: lines, and bands of boxes."""
    from govstat.report.layout import Band, page

    parts: list[dict[str, Any]] = []
    for part in page(table, lang):
        if isinstance(part, Band):
            rows = [[dataclasses.asdict(box) for box in row] for row in part.rows]
            parts.append({"kind": "band", "rows": rows, "widths": part.widths})
        else:
            parts.append({"kind": "line", "text": part.text, "style": part.style})
    return parts


def _checked(table: FilledTable, lang: Lang) -> Checked:
    from govstat.api import build_report

    report = build_report(table, lang)
    return Checked(table, report, layout(table, lang))


def check_upload(
    path: str, name: str, previous: tuple[str, str] | None, lang: Lang, form: str | None = None
) -> Checked | Failure:
    """Read and check an uploaded file (and last year's, given as path and name)."""
    from govstat.api import read_table, with_previous
    from govstat.deadline import deadline

    names = {path: name, **({previous[0]: previous[1]} if previous else {})}

    def read(language: Lang) -> FilledTable:
        table = read_table(path, form, language).model_copy(update={"source": name})
        if previous is None:
            return table
        last = read_table(previous[0], None, language)
        return with_previous(table, last.model_copy(update={"source": previous[1]}), language)

    try:
        with deadline(name):
            tables: dict[str, FilledTable] = {lang: read(lang)}
            other: Lang = "en" if lang == "zh" else "zh"
            tables[other] = read(other)
            checked = _checked(tables[lang], lang)
    except GovstatError as error:
        return _named(error, names)
    checked.read = tables
    return checked


def edited(table: FilledTable, changes: dict[str, str]) -> FilledTable:
    """The table with the values the clerk typed in place of those read (read as a reader
    reads a cell's text), each keeping its cell; what the reader said about an edited cell
    alone is dropped."""
    from govstat.forms import get_form
    from govstat.values import parse_text

    form = get_form(table.form)
    values = dict(table.values)
    for indicator, text in changes.items():
        if not form.has_indicator(indicator):
            raise GovstatError(f"表式 {form.id} 没有指标 {indicator} (no such cell: {indicator})")
        parsed = parse_text(text)
        old = values.get(indicator)
        values[indicator] = Value.of(indicator, parsed, old.cell if old is not None else None)
    reading = [
        f for f in table.reading if not f.cells or any(c.indicator not in changes for c in f.cells)
    ]
    return table.model_copy(update={"values": values, "reading": reading})


def recheck(table: FilledTable, changes: dict[str, str], lang: Lang) -> Checked | Failure:
    """Check ``table`` with the clerk's ``changes`` (indicator → text typed)."""
    from govstat.deadline import deadline

    try:
        with deadline(table.source):
            return _checked(edited(table, changes), lang)
    except GovstatError as error:
        return Failure(str(error))


def render(table: FilledTable, report: Report | None, kind: str, lang: Lang, out: str) -> None:
    """Write a download to ``out``: ``xlsx`` the table as the official workbook, ``docx`` the
    report in Word (the table, then its findings), ``html`` the report as validate prints it,
    ``template`` the blank template of the table's form."""
    if kind == "xlsx":
        from govstat.report.xlsx import write_xlsx

        write_xlsx(table, out, lang)
    elif kind == "template":
        from govstat.forms import get_form
        from govstat.template import write_template

        write_template(get_form(table.form), out)
    elif kind == "html":
        from govstat.fileio import write_text_atomic
        from govstat.report.html import report_html

        assert report is not None
        write_text_atomic(out, report_html([report], lang))
    elif kind == "docx":
        assert report is not None
        _write_word_report(table, report, lang, Path(out))
    else:  # pragma: no cover - the routes name the kinds
        raise ValueError(kind)


def _write_word_report(table: FilledTable, report: Report, lang: Lang, path: Path) -> None:
    """The Word report: the table in the official layout, then the summary and each finding
    with its cells and hints, as the console report words them."""
    from govstat.fileio import write_atomic
    from govstat.forms import get_form
    from govstat.report.console import summary_line
    from govstat.report.docx import build_docx
    from govstat.report.findings import cell_line, hint_line, ordered_findings
    from govstat.report.words import word

    form = get_form(report.form)
    document = build_docx(table, lang)
    document.add_heading(word("findings", lang), level=2)
    document.add_paragraph(f"{word('file', lang)}: {report.file}")
    document.add_paragraph(summary_line(report, lang))
    for finding in ordered_findings(report):
        label = finding.severity.label(lang) if finding.checkable else word("not_checkable", lang)
        style = "List Number"
        paragraph = document.add_paragraph(style=style)
        head = paragraph.add_run(f"[{label}] {finding.rule}  ")
        head.bold = finding.checkable and finding.severity is Severity.error
        paragraph.add_run(finding.message)
        for cell in finding.cells:
            document.add_paragraph(cell_line(cell, lang, form), style="List Bullet")
        if finding.hints:
            document.add_paragraph(word("hints", lang)).runs[0].italic = True
            for hint in finding.hints:
                document.add_paragraph(hint_line(hint, lang), style="List Bullet 2")
    if not any(f.checkable for f in report.findings):
        document.add_paragraph(word("clean", lang))
    write_atomic(path, lambda tmp: document.save(str(tmp)))


def compile_tables(tables: list[FilledTable], name: str, lang: Lang) -> Checked | Failure:
    """The sum of units' tables, checked; refused, as ``compile`` refuses them, for units of
    different forms or one unit given twice."""
    from govstat.compile import duplicate_units, mixed_forms, sum_tables

    if len({t.form for t in tables}) > 1:
        return Failure(str(mixed_forms(tables)))
    twice = duplicate_units(tables)
    if twice is not None:
        return Failure(str(twice))
    try:
        languages: tuple[Lang, Lang] = ("zh", "en")
        sums = {language: sum_tables(tables, language)[0] for language in languages}
    except GovstatError as error:
        return Failure(str(error))
    read: dict[str, FilledTable] = {
        k: v.model_copy(update={"source": name}) for k, v in sums.items()
    }
    checked = _checked(read[lang], lang)
    checked.read = read
    return checked

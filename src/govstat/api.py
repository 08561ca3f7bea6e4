"""The library's front door: read, recognise, check, and build the report of one file.

Everything the command line does goes through here, so ``import govstat`` can do it too.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from govstat.engine import check
from govstat.errors import GovstatError
from govstat.forms import FORM_MODULES, get_form
from govstat.model import Counts, FilledTable, Lang, Report, ReportValue, Severity, ValueKind
from govstat.readers import read_book
from govstat.recognise import is_label, recognise_all


def read_table(
    path: str | Path, form: str | None = None, lang: Lang = "zh", sheet: str | None = None
) -> FilledTable:
    """Read a file and place its values on the rows of ``form`` (recognised when None): the
    first table of a workbook that holds several (:func:`read_tables`), or the one on
    ``sheet``."""
    return read_tables(path, form, lang, sheet)[0]


def read_tables(
    path: str | Path, form: str | None = None, lang: Lang = "zh", sheet: str | None = None
) -> list[FilledTable]:
    """Every table of a file, in order: one for most files, one per table for a workbook
    holding several (last year's and this year's on two sheets); with ``sheet``, the table on
    that sheet."""
    return read_report(path, form, lang, sheet)[0]


def read_report(
    path: str | Path, form: str | None = None, lang: Lang = "zh", sheet: str | None = None
) -> tuple[list[FilledTable], list[str]]:
    """:func:`read_tables`, and the report's running text outside its tables, paragraph by
    paragraph (empty for a file that holds only tables)."""
    if form is not None and form not in FORM_MODULES:
        known = ", ".join(FORM_MODULES)
        raise GovstatError(
            f"未知表式 {form}（已知：{known}） (unknown form {form}; known: {known})"
        )
    book = read_book(path, is_label)  # a long sheet is read until its tables are behind
    tables = recognise_all(book, form, lang, sheet)
    if book.prose or book.titles or any(s.doubts for s in book.sheets):
        # A whole report or a PDF: metadata from its text, its prose checked, its doubts named.
        from govstat.prose import with_document

        tables = [with_document(table, book, lang) for table in tables]
    return tables, [paragraph.text for paragraph in book.prose]


def build_report(table: FilledTable, lang: Lang = "zh", hints: bool = True) -> Report:
    """Check a table and bundle values, findings and counts into a :class:`Report`.

    With ``hints``, each error finding carries suggestions of which cells to change
    (:mod:`govstat.localise`); the solver is loaded only for a table with an error.
    """
    form = get_form(table.form)
    findings = check(table, lang, form)
    notes = list(table.notes)
    if hints and any(f.checkable and f.severity is Severity.error for f in findings):
        from govstat.localise import add_hints

        findings, hint_notes = add_hints(table, findings, lang, form)
        notes += hint_notes
    counts = Counts.of(findings)
    values = []
    for ind in form.indicators:
        value = table.values[ind.id]
        if not ind.official and value.state == "missing":
            continue  # a row real tables add, not in this one
        values.append(
            ReportValue(
                indicator=ind.id,
                number=ind.number,
                table=ind.table_title,
                label=ind.label,
                column=ind.column_label,
                unit=value.note if ind.kind is ValueKind.amount and value.note else ind.unit,
                header=ind.is_header,
                state=value.state,
                value=value.number,
                text=value.display(ind.kind),
                cell=value.cell,
            )
        )
    return Report(
        file=table.source,
        form=form.id,
        form_title=form.title,
        sheet=table.sheet,
        signals=table.signals,
        previous=table.previous.source if table.previous else None,
        notes=notes,
        metadata=table.metadata,
        values=values,
        findings=findings,
        counts=counts,
    )


def validate(
    path: str | Path,
    form: str | None = None,
    lang: Lang = "zh",
    previous: str | Path | None = None,
    hints: bool = True,
    sheet: str | None = None,
) -> Report:
    """Read, recognise and check one file; with ``previous`` (last year's table), also the
    carry-over rules; with ``hints``, suggestions of which cells are wrong under each error.
    A workbook holding several tables gives the first (a note says so), or the one on
    ``sheet``; :func:`validate_all` checks each. Raises :class:`GovstatError` when a file
    cannot be read."""
    table = read_table(path, form, lang, sheet)
    if previous is not None:
        table = with_previous(table, read_table(previous, None, lang), lang)
    return build_report(table, lang, hints)


def validate_all(
    path: str | Path,
    form: str | None = None,
    lang: Lang = "zh",
    previous: str | Path | None = None,
    hints: bool = True,
    sheet: str | None = None,
) -> list[Report]:
    """One report per table of the file (:func:`read_tables`), each naming its sheet; for a
    file of one table, ``[validate(path)]``."""
    tables = read_tables(path, form, lang, sheet)
    if previous is not None:
        last = read_table(previous, None, lang)
        tables = [with_previous(table, last, lang) for table in tables]
    return [build_report(table, lang, hints) for table in tables]


def with_previous(table: FilledTable, previous: FilledTable, lang: Lang = "zh") -> FilledTable:
    """Attach last year's table, with a note when it cannot feed any carry-over rule."""
    from govstat.rules import PREVIOUS

    form, last = get_form(table.form), get_form(previous.form)
    wanted = {i[len(PREVIOUS) :] for r in form.rules for i in r.inputs() if i.startswith(PREVIOUS)}
    shared = {i for i in wanted if last.has_indicator(i)}
    notes = list(table.notes)
    if not wanted:
        notes.append(
            f"{form.id} 表式没有跨年度结转规则，上年统计表未参与检查"
            if lang == "zh"
            else f"form {form.id} has no carry-over rules; last year's table was not used"
        )
    elif not shared:
        notes.append(
            f"上年统计表为 {last.id} 表式，与 {form.id} 表式没有可结转比对的数据"
            if lang == "zh"
            else f"last year's table is on form {last.id}, which has nothing to carry over "
            f"into form {form.id}"
        )
    year, last_year = table.metadata.year, previous.metadata.year
    if year is not None and last_year is not None and last_year != year - 1:
        notes.append(
            f"上年统计表的年度为 {last_year}，本表为 {year}"
            if lang == "zh"
            else f"last year's table is for {last_year}, this one for {year}"
        )
    return table.model_copy(update={"previous": previous, "notes": notes})


def to_model(table: FilledTable) -> BaseModel:
    """The table as an instance of the form's typed model (see ``govstat schema``).

    Raises :class:`GovstatError` naming the cells that do not fit their type, for a table
    that ``validate`` reports under rule ``<form>-0-01``.
    """
    from govstat.types import form_model

    form = get_form(table.form)
    values: dict[str, object] = {}
    for ind in form.value_indicators():
        value = table.values[ind.id]
        if value.state == "number":
            values[ind.id] = value.number
        elif value.state == "mark":
            values[ind.id] = "——"
        elif value.state in ("invalid", "formula_without_value"):
            values[ind.id] = value.raw  # refused below, with the cell named
    model = form_model(form)
    try:
        return model.model_validate(
            {"form": form.id, "metadata": table.metadata.model_dump(), "values": values}
        )
    except ValidationError as error:
        bad = []
        for problem in error.errors():
            indicator = str(problem["loc"][-1]) if len(problem["loc"]) > 1 else ""
            if indicator in table.values:
                cell = table.values[indicator].cell
                bad.append(f"{cell or indicator} {form.indicator(indicator).label}")
        raise GovstatError(
            "以下单元格不符合其类型 (cells that do not fit their type): "
            + "; ".join(sorted(set(bad))),
            file=table.source,
        ) from error

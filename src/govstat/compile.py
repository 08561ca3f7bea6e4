"""Compiling (汇总) the tables of many units into one table, and checking a regional table.

A region's or a ministry's report is the cell-by-cell sum of its units' tables. How each
kind of cell adds up:

- **numbers** add up (a signed 本年增/减 too); a sum written ``620余`` makes the total
  approximate; sums of money written with their unit (``251000元``, ``25.1万元``) add up in 元
  when the units differ;
- **a unit's cell without a number** (blank, an empty mark such as ——, text, a formula
  never computed, or the row left out) is never read as 0: the compiled cell is the sum of
  the units that have a number, and the cell is listed as a :class:`Gap` naming every unit
  that has none and what it holds. A cell no unit has a number in stays blank (—— when
  every unit marked it);
- **a group's subtotal row** (（三）不予公开 …) is summed only when every unit filled it;
  otherwise it is left out, as most tables leave it out, and the rules check its rows.

Units of different forms are never summed. A unit with errors blocks the compilation unless
``allow_errors``; an unreadable unit always does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from govstat.bulk import FileSummary, summarise, unreadable
from govstat.errors import GovstatError
from govstat.forms import Form, get_form
from govstat.model import (
    CellRef,
    Counts,
    FilledTable,
    Indicator,
    Lang,
    Metadata,
    Number,
    Severity,
    Value,
    ValueKind,
    ValueState,
)
from govstat.paths import expand
from govstat.rules import short_label


class UnitCell(BaseModel):
    """One unit's content of one cell: what a gap or a difference points at."""

    file: str
    state: ValueState
    text: str = Field(description="The value as printed; empty when blank.")
    cell: CellRef | None = None


class Gap(BaseModel):
    """A compiled cell summed over fewer units than there are: the others hold no number."""

    indicator: str
    name: str
    units: list[UnitCell]


class Compilation(BaseModel):
    """The outcome of compiling: the units, the compiled table, and what it could not sum."""

    status: Literal["compiled", "blocked", "refused"]
    """compiled: the table was summed; blocked: units with errors (see ``allow_errors``);
    refused: an unreadable unit, units of different forms, or one unit given twice (see
    ``reason``)."""
    reason: str | None = None
    form: str | None = None
    units: list[FileSummary]
    table: FilledTable | None = None
    gaps: list[Gap] = Field(default_factory=list)
    counts: Counts | None = Field(default=None, description="Findings on the compiled table.")
    tables: list[FilledTable] = Field(default_factory=list, exclude=True)
    """The units' tables, in the order of ``units``, for :func:`check_against`."""

    @property
    def blocking(self) -> list[FileSummary]:
        """The units that stop the compilation: with errors, or unreadable."""
        return [u for u in self.units if u.status != "ok"]


# Summing ---------------------------------------------------------------------------------------


def _name(ind: Indicator, lang: Lang) -> str:
    """The cell's name as findings word it: 予以公开（自然人）."""
    if lang == "en":
        return ind.name("en")
    row = short_label(ind.label)
    return f"{row}（{ind.column_label}）" if row and ind.column_label else row or ind.name(lang)


def _unit_cell(table: FilledTable, value: Value | None, kind: ValueKind) -> UnitCell:
    if value is None:
        return UnitCell(file=table.source, state="missing", text="")
    return UnitCell(file=table.source, state=value.state, text=value.display(kind), cell=value.cell)


_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}


def _add(ind: Indicator, numbers: list[Value]) -> Value | None:
    """The sum of values that all hold a number; None when amounts in unknown units differ."""
    notes = {v.note for v in numbers} if ind.kind is ValueKind.amount else {None}
    note = next(iter(notes)) if len(notes) == 1 else "元"
    if len(notes) > 1 and not notes <= set(_YUAN):
        return None
    total = Decimal(0)
    for value in numbers:
        assert value.number is not None
        mixed = len(notes) > 1 and value.note is not None
        total += value.number * (_YUAN[value.note or "元"] if mixed else Decimal(1))
    return Value(
        indicator=ind.id,
        state="number",
        number=total,
        raw=None,
        approximate=any(v.approximate for v in numbers),
        note=note,
    )


def sum_tables(tables: Sequence[FilledTable], lang: Lang = "zh") -> tuple[FilledTable, list[Gap]]:
    """The cell-by-cell sum of tables of one form, and the cells some units left without a
    number (see the module's documentation for how each kind of cell adds up)."""
    if not tables:
        raise GovstatError("没有可汇总的单位 (no unit to compile)")
    forms = {t.form for t in tables}
    if len(forms) > 1:
        raise mixed_forms(tables)
    form = get_form(tables[0].form)
    values: dict[str, Value] = {}
    gaps: list[Gap] = []
    for ind in form.indicators:
        cells = [t.values.get(ind.id) for t in tables]
        numbers = [v for v in cells if v is not None and v.has_number]
        if ind.is_header:
            values[ind.id] = Value(indicator=ind.id, state="blank")
            continue
        if ind.subtotal and len(numbers) < len(tables):
            values[ind.id] = Value(indicator=ind.id, state="missing")
            continue
        if not numbers:
            values[ind.id] = _empty(ind, cells)
            continue
        total = _add(ind, numbers)
        if total is None:
            values[ind.id] = Value(indicator=ind.id, state="blank")
        else:
            values[ind.id] = total
        if len(numbers) < len(tables) or total is None:
            gaps.append(
                Gap(
                    indicator=ind.id,
                    name=_name(ind, lang),
                    units=[
                        _unit_cell(t, v, ind.kind)
                        for t, v in zip(tables, cells, strict=True)
                        if total is None or v is None or not v.has_number
                    ],
                )
            )
    compiled = FilledTable(
        form=form.id,
        source="",
        metadata=Metadata(year=_common_year(tables)),
        values=values,
        signals=[
            f"由 {len(tables)} 个单位的统计表汇总"
            if lang == "zh"
            else f"compiled from {len(tables)} units"
        ],
        notes=[_gap_note(g, lang) for g in gaps],
    )
    return compiled, gaps


def _empty(ind: Indicator, cells: list[Value | None]) -> Value:
    """A cell no unit has a number in: left out, marked —— by all, or blank."""
    states = {v.state if v is not None else "missing" for v in cells}
    if states == {"missing"}:
        return Value(indicator=ind.id, state="missing")
    if states == {"mark"}:
        return Value(indicator=ind.id, state="mark", raw="——")
    return Value(indicator=ind.id, state="blank")


def _common_year(tables: Sequence[FilledTable]) -> int | None:
    years = {t.metadata.year for t in tables}
    return years.pop() if len(years) == 1 else None


def _gap_note(gap: Gap, lang: Lang) -> str:
    files = (
        "、".join(u.file for u in gap.units)
        if lang == "zh"
        else ", ".join(u.file for u in gap.units)
    )
    if lang == "zh":
        return f"{gap.name}：{files} 没有数值，只合计了其余单位"
    return f"{gap.name}: no number in {files}; only the other units are summed"


def mixed_forms(tables: Iterable[FilledTable | FileSummary]) -> GovstatError:
    """Refusal to sum units of different forms, saying which file is which form."""
    by_form: dict[str, list[str]] = {}
    for item in tables:
        form = item.form
        file = item.source if isinstance(item, FilledTable) else item.file
        by_form.setdefault(form or "?", []).append(file)
    listing = "; ".join(f"{form}: {', '.join(files)}" for form, files in sorted(by_form.items()))
    return GovstatError(
        f"不能汇总不同表式的统计表 — {listing}",
        f"cannot compile tables of different forms — {listing}",
    )


def duplicate_units(tables: Iterable[FilledTable]) -> GovstatError | None:
    """Refusal to sum one unit twice: tables of the same 填报单位 and year, with their files.

    Tables whose 填报单位 was not read cannot be told apart and are not compared."""
    seen: dict[tuple[str, int | None], list[str]] = {}
    for table in tables:
        agency = table.metadata.agency
        if agency and agency.strip():
            key = ("".join(agency.split()), table.metadata.year)
            seen.setdefault(key, []).append(table.source)
    twice = [(key, files) for key, files in seen.items() if len(files) > 1]
    if not twice:
        return None
    listing = "; ".join(
        f"{agency}{f' {year}' if year else ''}: {', '.join(files)}"
        for (agency, year), files in twice
    )
    return GovstatError(
        f"同一单位同一年度的统计表出现了不止一次，不能重复汇总 — {listing}",
        f"a unit is given more than once for the same year — {listing}",
    )


# Compiling ------------------------------------------------------------------------------------


def _read_unit(job: tuple[str, str | None, Lang]) -> tuple[FileSummary, FilledTable | None]:
    """Read and check one unit (in a worker): its summary row, and its table if readable."""
    from govstat.api import read_table
    from govstat.engine import check

    file, form, lang = job
    try:
        table = read_table(file, form, lang)
    except GovstatError as error:
        return unreadable(file, error, lang), None
    except Exception as error:  # one bad unit never ends the run: it is named as unreadable
        return unreadable(file, error, lang), None
    return summarise(file, table, check(table, lang), Severity.error), table


def compile_units(
    inputs: Iterable[str | Path],
    form: str | None = None,
    lang: Lang = "zh",
    allow_errors: bool = False,
    agency: str | None = None,
    allow_duplicates: bool = False,
    jobs: int | None = None,
) -> Compilation:
    """Read and validate every unit (files, folders, globs), then sum them into one table.

    Units holding the same 填报单位 and year (see :func:`duplicate_units`) refuse the
    compilation unless ``allow_duplicates``: they would be counted twice. More than a few
    units are read in ``jobs`` worker processes (the usable cores when None).

    Never raises for a bad unit: the :class:`Compilation` says what stopped it. Its table
    is None unless ``status`` is ``compiled``.
    """
    from govstat.api import build_report
    from govstat.bulk import run_in_workers

    ordered: list[FileSummary | None] = []  # in the order given; None until read
    tables: list[FilledTable] = []
    files: list[tuple[str, str | None, Lang]] = []
    for item in expand(inputs):
        if isinstance(item, GovstatError):
            ordered.append(unreadable(item.file or "", item, lang))
        else:
            ordered.append(None)
            files.append((str(item), form, lang))
    # In worker processes when there are many (see govstat.bulk.run_in_workers: SIGINT and
    # SIGTERM end them and raise Interrupted here).
    slots = [i for i, unit in enumerate(ordered) if unit is None]
    results = run_in_workers(_read_unit, files, jobs if len(files) > 8 else 1)
    try:
        for slot, (summary, table) in zip(slots, results, strict=True):
            ordered[slot] = summary
            if table is not None:
                tables.append(table)
    finally:
        results.close()  # the workers end here, whatever stopped the loop
    units = [unit for unit in ordered if unit is not None]
    result = Compilation(status="refused", units=units, tables=tables)
    if not units:
        result.reason = "没有可汇总的单位 (no unit to compile)"
        return result
    bad = [u for u in units if u.status == "unreadable"]
    if bad:
        names = ", ".join(u.file for u in bad)
        result.reason = f"无法读取的单位 (units that cannot be read): {names}"
        return result
    forms = {t.form for t in tables}
    if len(forms) > 1:
        result.reason = str(mixed_forms(tables))
        return result
    result.form = tables[0].form
    twice = None if allow_duplicates else duplicate_units(tables)
    if twice is not None:
        result.reason = str(
            GovstatError(
                f"{twice.zh}；确属不同单位请加 --allow-duplicates",
                f"{twice.en}; --allow-duplicates sums them as different units",
            )
        )
        return result
    if not allow_errors and any(u.status == "fail" for u in units):
        result.status = "blocked"
        return result
    compiled, gaps = sum_tables(tables, lang)
    if agency:
        compiled.metadata.agency = agency
    result.status = "compiled"
    result.table = compiled
    result.gaps = gaps
    result.counts = build_report(compiled, lang).counts
    return result


# Checking a regional table ----------------------------------------------------------------------


class Difference(BaseModel):
    """A cell of the regional table that is not the sum of its units."""

    indicator: str
    name: str
    cell: CellRef | None = Field(description="The cell in the regional table.")
    region: str = Field(description="The regional table's value as printed.")
    compiled: str = Field(description="The sum of the units' values.")
    difference: Number | None = Field(default=None, description="Region minus the sum.")
    units: list[UnitCell] = Field(
        description="The units behind the cell: those holding a number other than 0, and "
        "those holding no number."
    )
    zero_units: int = Field(default=0, description="How many more units hold 0.")


class Comparison(BaseModel):
    """A regional table against the sum of its units."""

    region: str
    form: str
    units: int
    differences: list[Difference]


def _comparable(ind: Indicator, value: Value | None) -> Decimal | None:
    """The number to compare, in 元 for an amount written with its unit."""
    if value is None or not value.has_number or value.number is None:
        return None
    if ind.kind is ValueKind.amount and value.note in _YUAN:
        return value.number * _YUAN[value.note]
    return value.number


def check_against(region: FilledTable, compilation: Compilation, lang: Lang = "zh") -> Comparison:
    """Every cell where ``region`` differs from the sum of the compiled units, with the units
    behind it. Raises :class:`GovstatError` when the forms differ or nothing was compiled."""
    compiled = compilation.table
    if compiled is None:
        raise GovstatError("没有汇总结果可比对 (nothing was compiled to compare with)")
    if region.form != compiled.form:
        raise GovstatError(
            f"汇总表为 {region.form} 表式，各单位为 {compiled.form} 表式 "
            f"(the regional table is on form {region.form}, the units on form {compiled.form})",
            file=region.source,
        )
    form: Form = get_form(compiled.form)
    differences = []
    for ind in form.value_indicators():
        mine, theirs = region.values.get(ind.id), compiled.values.get(ind.id)
        if theirs is None or theirs.state == "missing":
            continue  # a subtotal or row the units do not print: the region's rules check it
        a, b = _comparable(ind, mine), _comparable(ind, theirs)
        if a is None and b is None:
            continue  # neither holds a number (blank, ——): nothing to sum, nothing to differ
        if a is not None and b is not None and a == b:
            continue
        behind = []
        zeros = 0
        for table in compilation.tables:
            value = table.values.get(ind.id)
            if value is not None and value.has_number and value.number == 0:
                zeros += 1
            else:
                behind.append(_unit_cell(table, value, ind.kind))
        differences.append(
            Difference(
                indicator=ind.id,
                name=_name(ind, lang),
                cell=mine.cell if mine is not None else None,
                region=mine.display(ind.kind) if mine is not None else "",
                compiled=theirs.display(ind.kind),
                difference=a - b if a is not None and b is not None else None,
                units=behind,
                zero_units=zeros,
            )
        )
    return Comparison(
        region=region.source,
        form=form.id,
        units=len(compilation.tables),
        differences=differences,
    )

"""Reading every report of the folders in worker processes (as ``validate`` does, through
:mod:`govstat.paths` and :func:`govstat.bulk.parallel_map`), each into a small
:class:`~govstat.assess.model.Collected`: never the whole table."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from govstat.assess.figures import KEY_FIGURES
from govstat.assess.indicators import indicator_cells
from govstat.assess.model import Collected, Kept
from govstat.bulk import nothing_to_check, parallel_map
from govstat.errors import GovstatError
from govstat.model import Counts, FilledTable, Lang, Severity
from govstat.paths import collect as find_files


@cache
def _kept_cells(
    form_id: str,
) -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """For a form: the cells whose numbers are kept, those whose places are (a jump names
    them), the carry-over rules' cells, and the value cells in order."""
    from govstat.forms import get_form
    from govstat.rules import PREVIOUS

    form = get_form(form_id)
    placed = {cell for figure in KEY_FIGURES for cell in figure.inputs(form_id)}
    numbers = set(indicator_cells(form_id)) | placed
    carry: set[str] = set()
    for rule in form.rules:
        inputs = rule.inputs()
        if any(i.startswith(PREVIOUS) for i in inputs):
            carry.update(i.removeprefix(PREVIOUS) for i in inputs)
    # Last year's cells of a form are read by the next form's rules too (2019 → 2021).
    from govstat.forms import all_forms

    for other in all_forms():
        for rule in other.rules:
            carry.update(
                i.removeprefix(PREVIOUS)
                for i in rule.inputs()
                if i.startswith(PREVIOUS) and form.has_indicator(i.removeprefix(PREVIOUS))
            )
    order = tuple(i.id for i in form.value_indicators() if i.official)
    return frozenset(numbers), frozenset(placed), frozenset(carry), order


def collect_one(job: tuple[str, Lang]) -> list[Collected]:
    """Read and check one file in a worker: a report for each table it holds (a workbook may
    hold last year's and this year's). A file that cannot be read is a row that says why,
    never the end of the run."""
    from govstat.api import read_report

    file, lang = job
    try:
        tables, prose = read_report(file, None, lang)
        several = len(tables) > 1
        return [_collected(file, table, prose, lang, several) for table in tables]
    except Exception as error:  # one bad file never ends the run; its row says why
        message = (
            str(error) if isinstance(error, GovstatError) else f"{type(error).__name__}: {error}"
        )
        return [
            Collected(file=file, status="unreadable", message=message.removeprefix(f"{file}: "))
        ]


def _collected(
    file: str, table: FilledTable, prose: list[str], lang: Lang, several: bool
) -> Collected:
    from govstat.engine import check
    from govstat.forms import get_form

    findings = check(table, lang)
    form = get_form(table.form)
    numbers_kept, placed, carry_kept, order = _kept_cells(table.form)
    cells = []
    filled = 0
    for indicator_id in order:
        value = table.values.get(indicator_id)
        if value is None:
            cells.append("")
            continue
        filled += value.has_number
        cells.append(sys.intern(value.display(form.indicator(indicator_id).kind)))
    numbers = {}
    places = {}
    for indicator_id in numbers_kept:
        value = table.values.get(indicator_id)
        if value is not None and value.has_number and value.number is not None:
            numbers[indicator_id] = value.number
            if value.cell is not None and indicator_id in placed:
                places[indicator_id] = value.cell
    carry = {i: table.values[i] for i in carry_kept if i in table.values}
    failing = sorted({f.rule for f in findings if f.checkable and f.severity is Severity.error})
    return Collected(
        file=file,
        sheet=table.sheet if several else None,
        status="fail" if failing else "ok",
        form=table.form,
        agency=table.metadata.agency,
        year=table.metadata.year,
        counts=Counts.of(findings),
        failing=failing,
        cells=tuple(cells),
        filled=filled,
        numbers=numbers,
        kept=Kept(carry=carry, places=places).pack(),
        prose=prose,
    )


def collect(
    inputs: Iterable[str | Path],
    lang: Lang = "zh",
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Collected], dict[str, int]]:
    """Every report of ``inputs`` (files, folders of every format the readers know, globs),
    in the order found, and what the folders held that was skipped, by reason. Raises
    :class:`GovstatError` when there is no report at all."""
    expanded = find_files(inputs)
    skipped: dict[str, int] = dict(sorted(expanded.skipped.items()))
    if not any(isinstance(item, Path) for item in expanded.files):
        raise nothing_to_check(expanded.files, skipped)
    rows: list[Collected | None] = []
    files: list[tuple[str, Lang]] = []
    for item in expanded.files:
        if isinstance(item, GovstatError):
            rows.append(Collected(file=item.file or "", status="unreadable", message=item.args[0]))
        else:
            rows.append(None)
            files.append((str(item), lang))
    total, done = len(rows), len(rows) - len(files)
    if progress is not None:
        progress(done, total)
    results = parallel_map(collect_one, files, jobs)
    out: list[Collected] = []
    for row in rows:
        if row is not None:
            out.append(row)
            continue
        for report in next(results):
            # Strings come back from a worker as new objects: one copy of each "0" and of
            # each indicator id is enough.
            report.cells = tuple(map(sys.intern, report.cells))
            report.numbers = {sys.intern(k): v for k, v in report.numbers.items()}
            out.append(report)
        done += 1
        if progress is not None:
            progress(done, total)
    return out, skipped

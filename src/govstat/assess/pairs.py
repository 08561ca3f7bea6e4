"""Pairs of years: each unit's consecutive years, checked with the forms' own carry-over rules
(上年结转 against last year's 结转下年度继续办理, 现行有效件数 carried forward) as
``validate --previous`` checks them, naming the cells in both files."""

from __future__ import annotations

from govstat.api import with_previous
from govstat.assess.model import AssessFinding, Collected, Pair
from govstat.forms import get_form
from govstat.model import CellInvolved, FilledTable, Lang, Metadata
from govstat.rules import PREVIOUS, Context


def _table(report: Collected) -> FilledTable:
    """The cells the carry-over rules read, as a table of their own."""
    assert report.form is not None
    return FilledTable(
        form=report.form,
        source=report.file,
        metadata=Metadata(agency=report.agency, year=report.year),
        values=report.carry(),
    )


def check_pair(
    agency: str, last: Collected, this: Collected, lang: Lang
) -> tuple[Pair, list[AssessFinding]]:
    """The carry-over findings of one pair of consecutive years."""
    assert last.year is not None and this.year is not None and this.form is not None
    table = with_previous(_table(this), _table(last), lang)
    form = get_form(this.form)
    context = Context(form, table.values, lang, table.metadata, table.previous)
    findings = []
    for rule in form.rules:
        if not any(i.startswith(PREVIOUS) for i in rule.inputs()):
            continue
        for finding in rule.evaluate(context):
            cells = [_with_file(cell, this.file) for cell in finding.cells]
            findings.append(
                AssessFinding(
                    rule=finding.rule,
                    severity=finding.severity,
                    checkable=finding.checkable,
                    agency=agency,
                    year=this.year,
                    file=this.file,
                    message=finding.message,
                    cells=cells,
                    other_file=last.file,
                )
            )
    pair = Pair(
        agency=agency,
        previous_year=last.year,
        year=this.year,
        previous_file=last.file,
        file=this.file,
        findings=sum(f.checkable for f in findings),
        notes=table.notes,
    )
    return pair, findings


def _with_file(cell: CellInvolved, file: str) -> CellInvolved:
    """This year's cells name their file too, as last year's do."""
    if cell.cell is None or cell.cell.file is not None:
        return cell
    return cell.model_copy(update={"cell": cell.cell.model_copy(update={"file": file})})

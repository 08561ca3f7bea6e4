"""The assessment as a workbook (openpyxl): a sheet of reports, of findings with their cells,
of indicators by unit and year, of rankings; headers frozen, filters on, widths that fit."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from govstat.assess.indicators import RATES
from govstat.assess.model import Assessment
from govstat.assess.words import word


def _width(value: object) -> int:
    """Display width: a Chinese character takes two columns."""
    text = "" if value is None else str(value)
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def write_workbook(result: Assessment, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = result.lang

    def w(key: str) -> str:
        return word(key, lang)

    book = Workbook()
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")

    def sheet(title: str, heads: list[str], rows: list[list[object]]) -> None:
        ws = book.create_sheet(title)
        ws.append(heads)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = ws.dimensions
        for index, _ in enumerate(heads, start=1):
            letter = get_column_letter(index)
            widest = max(_width(c.value) for c in ws[letter])
            ws.column_dimensions[letter].width = min(80, widest + 2)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)

    default = book.active
    assert default is not None
    book.remove(default)
    sheet(
        w("reports"),
        [
            w(k)
            for k in (
                "file",
                "agency",
                "as_read",
                "year",
                "form",
                "errors",
                "warnings",
                "info",
                "status",
                "message",
            )
        ],
        [
            [
                r.where,
                r.agency,
                r.agency_as_read,
                r.year,
                r.form,
                r.counts.error,
                r.counts.warning,
                r.counts.info,
                w(r.status),
                r.message or "",
            ]
            for r in result.reports
        ],
    )
    rows: list[list[object]] = []
    for f in result.findings:
        cells = "\n".join(
            f"{c.cell.describe(lang) if c.cell else '—'}  {c.label}"
            + (f"（{c.column}）" if c.column else "")
            + f" = {c.value}"
            for c in f.cells
        )
        other = f.other_agency or ""
        if f.other_file:
            other = f"{other}\n{f.other_file}".strip()
        severity = f.severity.label(lang) + ("" if f.checkable else w("not_checkable"))
        rows.append([f.rule, severity, f.agency, f.year, f.message, f.file or "", cells, other])
    sheet(
        w("findings"),
        [w(k) for k in ("rule", "severity", "agency", "year", "message", "file", "cells", "other")],
        rows,
    )
    names = {rate.id: rate.name(lang) for rate in RATES}
    sheet(
        w("indicators"),
        [w(k) for k in ("agency", "year", "indicator", "value", "numerator", "denominator")]
        + ["%"],
        [
            [
                v.agency,
                v.year,
                names[v.id],
                v.text,
                float(v.numerator) if v.numerator is not None else None,
                float(v.denominator) if v.denominator is not None else None,
                round(v.value * 100, 1) if v.value is not None else None,
            ]
            for v in result.indicators
        ],
    )
    sheet(
        w("rankings"),
        [w("indicator"), w("year"), w("rank"), w("agency"), w("value")],
        [
            [r.name, r.year or "", e.rank, e.agency, e.text]
            for r in result.rankings
            for e in r.entries
        ],
    )
    sep = "、" if lang == "zh" else ", "
    sheet(
        w("units"),
        [w(k) for k in ("agency", "years", "missing_years", "parent")],
        [
            [
                u.agency,
                sep.join(map(str, u.years)),
                sep.join(map(str, u.missing_years)),
                u.parent or "",
            ]
            for u in result.units
        ],
    )
    book.save(path)

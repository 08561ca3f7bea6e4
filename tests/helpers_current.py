"""Shared helpers for the tests of forms 2019 and 2021: consistent tables, perturbations,
expected findings, and workbook writers for the layouts real reports use.

The figures come from ``examples/current_forms.py`` (loaded by path, with ``examples/`` on
``sys.path`` as ``make_examples.py`` expects), so the tests and the example workbooks share
one copy of the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import govstat
from govstat.forms import get_form
from govstat.model import FilledTable, Finding, Value
from govstat.values import parse_cell
from support import load_example

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONSISTENT = EXAMPLES / "2023-form2021.xlsx"
ERRORS = EXAMPLES / "2023-form2021-errors.xlsx"
PREVIOUS = EXAMPLES / "2022-form2021.xlsx"
FORM2019 = EXAMPLES / "2020-form2019.xlsx"
SEED = EXAMPLES / "2018-seed.xlsx"


CF = load_example("current_forms")
F2021 = get_form("2021")
F2019 = get_form("2019")

APPLICANT_IDS = ["natural", "commercial", "research", "nonprofit", "legal", "other"]
COLUMN_IDS = [*APPLICANT_IDS, "total"]
COLUMN_LABELS = dict(
    zip(
        COLUMN_IDS,
        ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        strict=True,
    )
)
SHEET_COLUMN = dict(zip(COLUMN_IDS, "DEFGHIJ", strict=True))
"""Where each column of table 三 stands in the example workbooks (labels over A:C)."""

REFUSED = [
    "refused_secret",
    "refused_law",
    "refused_security",
    "refused_third_party",
    "refused_internal",
    "refused_process",
    "refused_enforcement",
    "refused_query",
]
UNABLE = ["unable_not_held", "unable_not_existing", "unable_unclear"]
NOT_PROCESSED = [
    "not_processed_petition",
    "not_processed_repeat",
    "not_processed_publication",
    "not_processed_massive",
    "not_processed_confirm",
]
OTHER_2021 = ["other_no_correction", "other_no_fee", "other_other"]
OUTCOMES_2021 = ["disclosed", "partly", *REFUSED, *UNABLE, *NOT_PROCESSED, *OTHER_2021]
OUTCOMES_2019 = ["disclosed", "partly", *REFUSED, *UNABLE, *NOT_PROCESSED, "other"]
T3_ROWS_2021 = ["new", "carried", *OUTCOMES_2021, "total", "carry_next"]
T3_ROWS_2019 = ["new", "carried", *OUTCOMES_2019, "total", "carry_next"]
T4_CASES = ["review", "direct", "after"]
T4_PARTS = ["upheld", "corrected", "other", "pending"]
T4_IDS = [f"t4.{case}_{part}" for case in T4_CASES for part in [*T4_PARTS, "total"]]


def t3(row: str, column: str) -> str:
    return f"t3.{row}.{column}"


# ---------------------------------------------------------------- FilledTables in Python


@cache
def _example_table(path: Path) -> FilledTable:
    return govstat.read_table(path)


def consistent(form_id: str) -> FilledTable:
    """The consistent example of a form, as read (2023-form2021.xlsx, 2020-form2019.xlsx)."""
    table = _example_table(CONSISTENT if form_id == "2021" else FORM2019)
    assert table.form == form_id
    return table.model_copy(deep=True)


def value_like(old: Value, content: Any) -> Value:
    """A Value for ``content`` in ``old``'s cell, parsed as the reader parses cells."""
    parsed = parse_cell(content)
    return Value(
        indicator=old.indicator,
        state=parsed.state,
        number=parsed.number,
        raw=parsed.raw,
        approximate=parsed.approximate,
        note=parsed.note,
        cell=old.cell,
    )


def perturb(
    table: FilledTable, changes: dict[str, Any] | None = None, **update: Any
) -> FilledTable:
    """A copy of ``table`` with some cells replaced; ``None`` blanks a cell."""
    values = dict(table.values)
    for ident, content in (changes or {}).items():
        assert ident in values, ident
        values[ident] = value_like(values[ident], content)
    return table.model_copy(update={"values": values, **update})


# ---------------------------------------------------------------- expected findings


@dataclass(frozen=True)
class Expect:
    """One expected finding: rule, severity, numbers, the cells it names, checkability."""

    rule: str
    severity: str
    cells: Sequence[str]
    reported: int | str | None = None
    computed: int | str | None = None
    difference: int | str | None = None
    checkable: bool = True


def _dec(x: int | str | None) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def summary(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.rule,
        finding.severity.value,
        finding.checkable,
        finding.reported,
        finding.computed,
        finding.difference,
        [c.indicator for c in finding.cells],
    )


def expected(e: Expect) -> tuple[Any, ...]:
    return (
        e.rule,
        e.severity,
        e.checkable,
        _dec(e.reported),
        _dec(e.computed),
        _dec(e.difference),
        list(e.cells),
    )


# ---------------------------------------------------------------- workbooks

T3Row = tuple[str, str, str, list[Any]]
NOTE: str = CF.NOTE
APPLICANTS: list[str] = CF.APPLICANTS


def t3_rows(rows: list[T3Row] | None = None, **values: list[Any]) -> list[T3Row]:
    """CF.T3_2021 (or ``rows``) with the six applicant values of some rows replaced, by the
    row's last label: ``t3_rows(**{"（一）予以公开": [...]})``."""
    out = []
    for first, second, third, old in rows or CF.T3_2021:
        label = third or second or first
        out.append((first, second, third, list(values.pop(label, old))))
    assert not values, values
    return out


def with_total(values: Sequence[Any]) -> list[Any]:
    return [*values, sum(v for v in values if isinstance(v, int))]


def write_t3(
    sheet: Worksheet,
    rows: list[T3Row],
    *,
    label_columns: int = 3,
    head_rows: int = 3,
    corner: str | None = NOTE,
    heads: Sequence[str] | None = None,
    subtotals: dict[str, list[Any]] | None = None,
    totals: dict[str, Any] | None = None,
    vertical_groups: bool = False,
    labels: dict[str, str] | None = None,
    title: str | None = "三、收到和处理政府信息公开申请情况",
) -> dict[str, int]:
    """Table 三 in one of the layouts real reports use; returns the sheet row of each label.

    ``label_columns`` 3 spreads labels over A:C as the example does (groups merged down their
    rows); 1 prints every label, group labels included, in column A on a row of its own.
    ``head_rows`` 3 (申请人情况 / 法人或其他组织 / 商业企业…), 2 or 1. ``subtotals`` prints a
    group row (by its label, e.g. （三）不予公开) with these seven values. ``totals`` overrides
    the 总计 cell of a row (by label; None leaves it blank). ``vertical_groups`` writes the
    group labels one character per line. ``labels`` replaces printed labels and heads.
    """
    labels = labels or {}
    subtotals = subtotals or {}
    totals = totals or {}
    heads = list(heads or ["申请人情况", "自然人", "法人或其他组织", *APPLICANTS, "总计"])
    heads = [labels.get(h, h) for h in heads]
    top_heads = heads[0]
    natural, organisation = heads[1], heads[2]
    leaves, total = heads[3:8], heads[8]
    width = label_columns
    if title:
        sheet.append([title])
    top = sheet.max_row + 1
    pad = [None] * (width - 1)
    if head_rows == 3:
        sheet.append([corner, *pad, top_heads])
        sheet.append([None, *pad, natural, organisation, None, None, None, None, total])
        sheet.append([None, *pad, None, *leaves])
        sheet.merge_cells(start_row=top, start_column=width + 1, end_row=top, end_column=width + 7)
        sheet.merge_cells(
            start_row=top + 1, start_column=width + 1, end_row=top + 2, end_column=width + 1
        )
        sheet.merge_cells(
            start_row=top + 1, start_column=width + 2, end_row=top + 1, end_column=width + 6
        )
        sheet.merge_cells(
            start_row=top + 1, start_column=width + 7, end_row=top + 2, end_column=width + 7
        )
    elif head_rows == 2:
        sheet.append([corner, *pad, natural, organisation, None, None, None, None, total])
        sheet.append([None, *pad, None, *leaves])
        sheet.merge_cells(
            start_row=top, start_column=width + 1, end_row=top + 1, end_column=width + 1
        )
        sheet.merge_cells(start_row=top, start_column=width + 2, end_row=top, end_column=width + 6)
        sheet.merge_cells(
            start_row=top, start_column=width + 7, end_row=top + 1, end_column=width + 7
        )
    else:
        sheet.append([corner, *pad, natural, *leaves, total])
    if width > 1 and head_rows > 1:
        sheet.merge_cells(
            start_row=top, start_column=1, end_row=top + head_rows - 1, end_column=width
        )

    def shown(label: str) -> str | None:
        if not label:
            return None
        text = labels.get(label, label)
        if vertical_groups and label in GROUP_LABELS:
            return "\n".join(text)
        return text

    def numbers(label: str, values: list[Any]) -> list[Any]:
        full = with_total(values)
        if label in totals:
            full[-1] = totals[label]
        return full

    where: dict[str, int] = {}
    results_rows: list[int] = []
    group_rows: dict[str, list[int]] = {}
    in_results = False
    group: str | None = None
    for first, second, third, values in rows:
        last = third or second or first
        if width == 1:
            for heading in (first, second):
                if heading and heading != last:
                    sheet.append([shown(heading), *subtotals.get(heading, [])])
                    where[heading] = sheet.max_row
            sheet.append([shown(last), *numbers(last, values)])
            where[last] = sheet.max_row
            continue
        if first and not second and not third:  # 一、二、四: one label over A:C
            in_results, group = False, None
            sheet.append([shown(first), None, None, *numbers(last, values)])
            where[last] = sheet.max_row
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=3
            )
            continue
        a = shown(first)
        if first:
            in_results = True
            where[first] = sheet.max_row + 1
        b = shown(second)
        if second and third:  # the first row of a group
            group = second
            where[second] = sheet.max_row + 1
            if second in subtotals:  # its printed subtotal: a row of its own, over B:C
                sheet.append([a, b, None, *subtotals[second]])
                sheet.merge_cells(
                    start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=3
                )
                results_rows.append(sheet.max_row)
                a = b = None
                group = None
        elif second:
            group = None
        sheet.append([a, b, shown(third), *numbers(last, values)])
        row = sheet.max_row
        where[last] = row
        if second and not third:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        if in_results:
            results_rows.append(row)
        if group and third:
            group_rows.setdefault(group, []).append(row)
    if width == 3:
        spans = [(1, results_rows)] + [(2, r) for r in group_rows.values()]
        for col, span in spans:
            if len(span) > 1:
                sheet.merge_cells(
                    start_row=min(span), start_column=col, end_row=max(span), end_column=col
                )
    sheet.append([])
    return where


GROUP_LABELS = {
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
}


def write_t2(sheet: Worksheet, blocks: list[Any], labels: dict[str, str] | None = None) -> None:
    """Table 二 as the example writes it, with some labels replaced."""
    labels = labels or {}
    renamed = [
        (
            title,
            [labels.get(h, h) for h in heads],
            [(labels.get(label, label), values) for label, values in rows],
        )
        for title, heads, rows in blocks
    ]
    CF.write_table2(sheet, renamed)


def write_t4(sheet: Worksheet, values: Sequence[Any] = CF.T4_2023) -> None:
    CF.write_table4(sheet, list(values))


def report_title(year: int) -> str:
    return f"{CF.AGENCY}{year}年政府信息公开工作年度报告"


def workbook(
    path: Path,
    *,
    year: int = 2023,
    table2: list[Any] | None = None,
    table3: list[T3Row] | None = None,
    table4: Sequence[Any] | None = None,
    layout: str = "one-sheet",
    t2_labels: dict[str, str] | None = None,
    **t3_options: Any,
) -> dict[str, int]:
    """A report workbook of form 2021 (by default) with the example's figures.

    ``layout``: ``one-sheet`` (title, the three tables one under another), ``notes`` (the
    same with headings and notes between the tables), ``sheets`` (each table on its own sheet).
    Returns the sheet row of each label of table 三.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    sheet.append([report_title(year)])
    if layout == "notes":
        sheet.append(["一、总体情况"])
        sheet.append(["本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。"])
    write_t2(sheet, table2 if table2 is not None else CF.T2_2021, t2_labels)
    if layout == "notes":
        sheet.append(["注：本表统计期限为本年度1月1日至12月31日。"])
        sheet.append([])
        sheet.append(["（二）依申请公开情况"])
        sheet.append(["本年度共收到政府信息公开申请49件，均已按时答复。"])
    t3_sheet = sheet
    if layout == "sheets":
        t3_sheet = book.create_sheet("表三")
    where = write_t3(t3_sheet, table3 if table3 is not None else CF.T3_2021, **t3_options)
    t4_sheet = sheet
    if layout == "sheets":
        t4_sheet = book.create_sheet("表四")
    elif layout == "notes":
        sheet.append(["注：申请人情况按申请人类别分别统计。"])
        sheet.append([])
    write_t4(t4_sheet, table4 if table4 is not None else CF.T4_2023)
    t4_sheet.append([])
    t4_sheet.append(["注：行政复议、行政诉讼数量含上年度结转数量。"])
    book.save(path)
    return where


# ---------------------------------------------------------------- the example's cells, by id

# Row and column ids of the spec's tables, in printed order, with the example's labels; these
# name the cells independently of the form declarations under test.
T2_IDS: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "2021": {
        "第二十条第（一）项": (["regulations", "normative"], ["issued", "repealed", "valid"]),
        "第二十条第（五）项": (["licensing"], ["decisions"]),
        "第二十条第（六）项": (["penalties", "enforcement"], ["decisions"]),
        "第二十条第（八）项": (["fees"], ["amount"]),
    },
    "2019": {
        "第二十条第（一）项": (["regulations", "normative"], ["made", "published", "total"]),
        "第二十条第（五）项": (
            ["licensing", "other_services"],
            ["last_year", "change", "decisions"],
        ),
        "第二十条第（六）项": (["penalties", "enforcement"], ["last_year", "change", "decisions"]),
        "第二十条第（八）项": (["fees"], ["last_year", "change"]),
        "第二十条第（九）项": (["procurement"], ["projects", "amount"]),
    },
}
BLOCK_IDS = {
    "第二十条第（一）项": "t2_1",
    "第二十条第（五）项": "t2_5",
    "第二十条第（六）项": "t2_6",
    "第二十条第（八）项": "t2_8",
    "第二十条第（九）项": "t2_9",
}
T4_LABELS = {
    "review": "行政复议",
    "direct": "行政诉讼·未经复议直接起诉",
    "after": "行政诉讼·复议后起诉",
}
T4_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def cf_blocks(form_id: str) -> list[Any]:
    return list(CF.T2_2021 if form_id == "2021" else CF.T2_2019)


def cf_t3(form_id: str) -> list[T3Row]:
    return list(CF.T3_2021 if form_id == "2021" else CF.t3_2019(CF.T3_2021))


def t3_row_ids(form_id: str) -> list[str]:
    return T3_ROWS_2021 if form_id == "2021" else T3_ROWS_2019


def t3_labels(form_id: str) -> dict[str, str]:
    """Row id → the example's printed label of that row of table 三."""
    rows = cf_t3(form_id)
    ids = t3_row_ids(form_id)
    return {
        ident: third or second or first
        for ident, (first, second, third, _) in zip(ids, rows, strict=True)
    }


def expected_numbers(
    form_id: str,
    table2: list[Any] | None = None,
    table3: list[T3Row] | None = None,
    table4: Sequence[Any] | None = None,
    totals: dict[str, Any] | None = None,
) -> dict[str, Decimal | None]:
    """Indicator id → the number written into the example (None for a blank cell).

    Table 三's rows are those of form 2019 when there are 23 of them (one row （六）其他处理);
    ``totals`` overrides the 总计 of rows, by label, as :func:`write_t3` does."""
    out: dict[str, Decimal | None] = {}
    for title, _, rows in table2 if table2 is not None else cf_blocks(form_id):
        row_ids, column_ids = T2_IDS[form_id][title]
        for row_id, (_, values) in zip(row_ids, rows, strict=True):
            for column_id, content in zip(column_ids, values, strict=True):
                out[f"{BLOCK_IDS[title]}.{row_id}.{column_id}"] = parse_cell(content).number
    rows3 = table3 if table3 is not None else cf_t3(form_id)
    row_ids = T3_ROWS_2021 if len(rows3) == len(T3_ROWS_2021) else T3_ROWS_2019
    for row_id, (first, second, third, values) in zip(row_ids, rows3, strict=True):
        full = with_total(values)
        if (third or second or first) in (totals or {}):
            full[-1] = (totals or {})[third or second or first]
        for column_id, content in zip(COLUMN_IDS, full, strict=True):
            out[t3(row_id, column_id)] = None if content is None else Decimal(content)
    for ident, content in zip(T4_IDS, table4 if table4 is not None else CF.T4_2023, strict=True):
        out[ident] = parse_cell(content).number
    return out


class Layout:
    """Where each cell of a form-2019/2021 report workbook stands, found by scanning the
    workbook's text with openpyxl (not with govstat's reader)."""

    def __init__(self, path: Path, form_id: str) -> None:
        from openpyxl import load_workbook

        sheet = load_workbook(path).active
        assert sheet is not None
        self.sheet = sheet.title
        self.form_id = form_id
        self.rows: dict[str, int] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    self.rows.setdefault(cell.value, cell.row)
        self.t4_row = self.rows["结果维持"] + 1
        self.path = path

    def has(self, ident: str) -> bool:
        """Whether the workbook prints this cell (a group's subtotal row it does not)."""
        table, row_id, *_ = ident.split(".")
        return table != "t3" or row_id in t3_labels(self.form_id)

    def cell(self, ident: str) -> tuple[str, str, str]:
        """(row label, column label, address) of an indicator in this workbook."""
        from openpyxl.utils import get_column_letter

        table, row_id, *rest = ident.split(".")
        if table == "t4":
            case, part = row_id.split("_", 1)
            index = T4_IDS.index(ident)
            return (
                T4_LABELS[case],
                T4_COLUMN_LABELS[part],
                f"{get_column_letter(index + 1)}{self.t4_row}",
            )
        column_id = rest[0]
        if table == "t3":
            label = t3_labels(self.form_id)[row_id]
            return label, COLUMN_LABELS[column_id], f"{SHEET_COLUMN[column_id]}{self.rows[label]}"
        for title, heads, rows in cf_blocks(self.form_id):
            if BLOCK_IDS[title] != table:
                continue
            row_ids, column_ids = T2_IDS[self.form_id][title]
            label = rows[row_ids.index(row_id)][0]
            index = column_ids.index(column_id)
            return label, heads[index], f"{get_column_letter(index + 2)}{self.rows[label]}"
        raise KeyError(ident)


@cache
def layout(form_id: str) -> Layout:
    return Layout(CONSISTENT if form_id == "2021" else FORM2019, form_id)

"""The blank register of requests (依申请公开登记台账) that ``govstat compile --register`` reads.

Sheet 台账: one header row and a row per request, with drop-down lists for 申请人类型,
是否上年结转, 办理状态 and 办理结果 (the result rows of table 三 of the form). Sheet 填写说明
says what each column takes; a hidden sheet holds the lists.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from govstat.errors import GovstatError
from govstat.fileio import write_atomic
from govstat.forms import get_form
from govstat.register import APPLICANTS, COLUMNS, REGISTER_FORMS, outcome_rows

ROWS = 1000
"""Rows offered the drop-down lists."""

HEADS: list[tuple[str, int]] = [
    ("序号", 6),
    (COLUMNS["received"][0], 12),
    ("申请人姓名或名称", 20),
    (COLUMNS["applicant"][0], 14),
    ("申请内容", 40),
    (COLUMNS["carried"][0], 12),
    (COLUMNS["status"][0], 10),
    (COLUMNS["outcome"][0], 46),
    ("答复日期", 12),
    ("备注", 20),
]


def outcome_choices(form: str) -> list[str]:
    """The 办理结果 spellings the drop-down offers: group and row, as table 三 prints them."""
    out = []
    for _, label, group in outcome_rows(get_form(form)):
        out.append(f"{group} {label}" if group else label)
    return [*out, "结转下年度"]


def write_register_template(path: str | Path, form: str = "2021") -> None:
    """Write the blank register for table 三 of ``form`` to ``path`` atomically."""
    if form not in REGISTER_FORMS:
        raise GovstatError(
            f"台账只用于 {', '.join(REGISTER_FORMS)} 表式，不用于 {form} 表式 "
            f"(a register is for forms {', '.join(REGISTER_FORMS)} only; not {form})"
        )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    shade = PatternFill("solid", fgColor="D9D9D9")
    for col, (head, width) in enumerate(HEADS, start=1):
        cell = sheet.cell(1, col, head)
        cell.font = Font(bold=True)
        cell.fill = shade
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"

    lists = book.create_sheet("选项")
    choices = {
        COLUMNS["applicant"][0]: [spellings[0] for spellings in APPLICANTS.values()],
        COLUMNS["carried"][0]: ["是", "否"],
        COLUMNS["status"][0]: ["办结", "结转"],
        COLUMNS["outcome"][0]: outcome_choices(form),
    }
    heads = [h for h, _ in HEADS]
    for index, (head, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            lists.cell(row, index, value)
        rule = DataValidation(
            type="list",
            formula1=f"'选项'!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=head,
            error="请从下拉列表中选择 (choose from the list)",
        )
        target = get_column_letter(heads.index(head) + 1)
        rule.add(f"{target}2:{target}{ROWS + 1}")
        sheet.add_data_validation(rule)
    lists.sheet_state = "hidden"
    for letter in ("B", "I"):  # 收到日期, 答复日期
        for row in range(2, ROWS + 2):
            sheet[f"{letter}{row}"].number_format = "yyyy-mm-dd"

    notes = book.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 100
    for line in _instructions(form):
        notes.append([line])
    book.move_sheet(notes, offset=-1)
    book.active = book.index(sheet)
    write_atomic(path, lambda tmp: book.save(tmp))


def _instructions(form: str) -> list[str]:
    applicants = "、".join("/".join(s) for s in APPLICANTS.values())
    return [
        "依申请公开登记台账：每件申请填一行，"
        f"govstat compile --register 据此生成 {form} 表式表三。",
        "",
        f"申请人类型（必填）：{applicants}。",
        "办理结果（办结的申请必填）：从下拉列表选择表三的办理结果；也可只写末级名称，"
        "如「属于国家秘密」；仍在办理的申请填「结转下年度」或留空。",
        "办理状态（可不填）：办结、结转；不填时有办理结果即为办结，否则为结转。",
        "是否上年结转（可不填）：是、否；不填时按收到日期判断（早于报告年度即为上年结转）。",
        "收到日期：如 2023-01-05；「是否上年结转」未填时必填。",
        "其余各列（序号、申请人姓名或名称、申请内容、答复日期、备注）供登记用，不参与统计。",
    ]

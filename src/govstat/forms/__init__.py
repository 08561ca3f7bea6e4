"""The official forms, declared as data, and the registry that finds them by id.

A form is its tables (rows, columns and the labels printed on them) and its rules. Adding a
version of the tables is one new module here that builds a :class:`Form`, plus its entry in
:data:`FORM_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache, cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict

from govstat.model import Indicator, Severity, Text, ValueKind
from govstat.rules import (
    PreviousAgency,
    ReaderRule,
    Relation,
    Rule,
    TableFilled,
    Unlikely,
)

FORM_MODULES = {
    "2014": "govstat.forms.form2014",
    "2019": "govstat.forms.form2019",
    "2021": "govstat.forms.form2021",
}
"""Form id → module defining ``FORM``; imported only when the form is asked for."""


class Row(BaseModel):
    """One printed row of a table."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    en: str
    level: int = 0
    unit: str = ""
    kind: ValueKind = ValueKind.count
    optional: bool = False
    aliases: tuple[str, ...] = ()
    """Other wordings real tables use for this row (read with a 〈form〉-F-01 note)."""
    subtotal_of: tuple[str, ...] = ()
    """For a group row that some tables fill with the group's sum: the ids of its rows."""
    replaced_by: tuple[str, ...] = ()
    """Rows some tables print instead of this one: when any of them is there, this row's
    absence is no finding (（六）其他处理 as one row or as three)."""
    official: bool = True
    """False for a row the form does not print but real tables add; read when present,
    never required, not printed by templates."""


class Column(BaseModel):
    """One value column of a matrix, with the header labels above it."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    en: str
    path: tuple[str, ...] = ()
    """Labels of the header cells above this one, outermost first."""
    kind: ValueKind | None = None
    """Overrides the rows' kind (table 二: 本年收费金额 is money, 本年增/减 signed)."""
    unit: str | None = None
    aliases: tuple[str, ...] = ()


class Table(BaseModel):
    """One table of a form: a list of labelled rows, a matrix, or a strip of cells.

    - ``list``: label | unit | value, one value per row (form 2014).
    - ``matrix``: row labels down the left, column headers on top (table 三, the blocks of 二).
    - ``strip``: one row of values under a multi-level header, no row label (table 四).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    en: str
    layout: Literal["list", "matrix", "strip"]
    rows: list[Row]
    columns: list[Column]
    anchor: str | None = None
    """A title printed above the table that places it (第二十条第（一）项)."""
    corner: str | None = None
    """The head of the row-label column (信息内容), or the note printed in the corner."""
    section: str | None = None
    """The heading a report prints above a group of tables (二、主动公开政府信息情况)."""

    def cell_id(self, row: str, column: str) -> str:
        if self.layout == "list":
            return row
        if self.layout == "strip":
            return f"{self.id}.{column}"
        return f"{self.id}.{row}.{column}"


class Form(BaseModel):
    """One official version of the statistics tables."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    source: Text
    years: str
    report_years: tuple[int, int]
    """The report years this form is meant for (inclusive); another year is 〈form〉-F-02."""
    tables: list[Table]
    rules: list[Rule]
    header_labels: list[str] = []
    """The column heads of a list table as printed, e.g. 统计指标 | 单位 | 统计数."""

    @cached_property
    def indicators(self) -> list[Indicator]:
        """Every value cell (and every header row of a list table), in printed order."""
        built: list[Indicator] = []
        for table in self.tables:
            parents: list[Row] = []
            for row in table.rows:
                while parents and parents[-1].level >= row.level:
                    parents.pop()
                parent = parents[-1].id if parents else None
                if table.layout == "list" or row.kind is not ValueKind.header:
                    parents.append(row)  # a matrix's group heading has no cells to point at
                if table.layout == "list":
                    built.append(_indicator(table, row, None, _next(built, row), parent))
                    continue
                if row.kind is ValueKind.header:
                    continue  # a group row of a matrix carries no numbers
                for column in table.columns:
                    built.append(_indicator(table, row, column, _next(built, row), parent))
        return built

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {ind.id: ind for ind in self.indicators}

    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    @cached_property
    def _cells_by_row(self) -> dict[tuple[str, str], list[str]]:
        rows: dict[tuple[str, str], list[str]] = {}
        for ind in self.indicators:
            rows.setdefault((ind.table, ind.row), []).append(ind.id)
        return rows

    def row_cells(self, indicator_id: str) -> list[str]:
        """The ids of every cell in the same row of the same table."""
        ind = self.indicator(indicator_id)
        return self._cells_by_row[(ind.table, ind.row)]

    @cached_property
    def _value_indicators(self) -> list[Indicator]:
        return [ind for ind in self.indicators if not ind.is_header]

    def value_indicators(self) -> list[Indicator]:
        """Every cell that holds a number (a new list; the rules ask for it many times)."""
        return list(self._value_indicators)

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @cached_property
    def _rules_by_input(self) -> dict[str, list[Rule]]:
        index: dict[str, dict[str, Rule]] = {}
        for rule in self.rules:
            for ident in rule.inputs():
                index.setdefault(ident, {}).setdefault(rule.id, rule)
        return {ident: list(rules.values()) for ident, rules in index.items()}

    def rules_reading(self, indicator_id: str) -> list[Rule]:
        """The rules that take this indicator as an input (one entry per rule id)."""
        return self._rules_by_input.get(indicator_id, [])


def _next(built: list[Indicator], row: Row) -> int:
    """The printed position of the next cell: rows the form does not print get 0."""
    return sum(1 for i in built if i.official) + 1 if row.official else 0


def _indicator(
    table: Table, row: Row, column: Column | None, number: int, parent: str | None
) -> Indicator:
    kind = (column.kind if column else None) or row.kind
    unit = (column.unit if column else None) or row.unit
    # A strip has no row label: its cells are named by the heads above the column.
    label = "·".join(column.path) if table.layout == "strip" and column else row.label
    return Indicator(
        id=table.cell_id(row.id, column.id if column else ""),
        number=number,
        label=label,
        en=row.en,
        unit=unit,
        kind=kind,
        level=row.level,
        parent=table.cell_id(parent, column.id if column else "") if parent else None,
        optional=row.optional,
        subtotal=bool(row.subtotal_of),
        replaced_by=tuple(table.cell_id(r, column.id if column else "") for r in row.replaced_by),
        official=row.official,
        table=table.id,
        table_title=table.title,
        row=row.id,
        column=column.id if column else None,
        column_label=column.label if column else None,
        column_en=column.en if column else None,
    )


def rows(
    table: Iterable[tuple[str, int, str, str, str]], optional: Iterable[str] = ()
) -> list[Row]:
    """Build the rows of a list table from ``(id, level, label, unit, english)`` lines.

    A unit of ``——`` makes a header row and 万元 a decimal; every other unit counts.
    """
    optional = set(optional)
    kinds = {"——": ValueKind.header, "万元": ValueKind.money}
    return [
        Row(
            id=ident,
            level=level,
            label=label,
            en=en,
            unit=unit,
            kind=kinds.get(unit, ValueKind.count),
            optional=ident in optional,
        )
        for ident, level, label, unit, en in table
    ]


def sum_equals(
    rule_id: str, severity: str, total: str, parts: list[str], zh: str, en: str, **names: Text
) -> Relation:
    """``total = Σ parts``: the commonest rule of these tables."""
    return Relation(
        id=rule_id,
        severity=severity,
        title=Text(zh=zh, en=en),
        left=[total],
        op="==",
        right=parts,
        **names,
    )


def reader_rules(form_id: str) -> list[ReaderRule]:
    """The findings a reader can make, under this form's id prefix."""

    def rule(code: str, severity: str, zh: str, en: str, mzh: str, men: str) -> ReaderRule:
        return ReaderRule(
            id=f"{form_id}-{code}",
            severity=severity,
            title=Text(zh=zh, en=en),
            message=Text(zh=mzh, en=men),
        )

    return [
        rule(
            "R-01",
            "warning",
            "表中缺少本表式的某一行",
            "a row of the form is missing from the table",
            "表中找不到「{label}」这一行，相关规则无法检查",
            "the row “{label}” is not in the table; the rules it takes part in cannot be checked",
        ),
        rule(
            "R-02",
            "warning",
            "表中有一行无法对应到本表式的任何指标",
            "a row of the table matches no indicator",
            "「{label}」无法对应到本表式的任何指标，其数值未被读取",
            "“{label}” matches no indicator of the form; its value was not read",
        ),
        rule(
            "R-03",
            "error",
            "公式单元格没有保存计算结果",
            "a formula cell has no saved result",
            "「{label}」是公式 {formula}，但文件中没有保存计算结果："
            "请在 Excel 或 WPS 中打开并保存后再检查",
            "“{label}” holds the formula {formula} with no saved result: "
            "open and save the file in Excel or WPS, then check again",
        ),
        rule(
            "R-04",
            "warning",
            "PDF 中有文字无法确定属于哪一列，未读取",
            "text of a PDF row could not be placed in a column for sure and was not read",
            "「{label}」所在行的「{found}」无法确定属于哪一列，未读取：请核对原表",
            "“{found}” on the row “{label}” could not be placed in a column for sure and "
            "was not read: check the original",
        ),
        rule(
            "R-05",
            "warning",
            "表旁有数字：统计数右侧一列、不在任何表头之下，未读取",
            "a number beside the table: right of the value column, under no header, not read",
            "「{label}」一行的统计数右侧有数字 {value}，不在任何表头之下，未读取："
            "请核对是否填错了列",
            "a number {value} stands right of the value column on the row “{label}”, under "
            "no header, and was not read: check it was not typed into the wrong column",
        ),
        rule(
            "T-01",
            "warning",
            "年度报告正文中的数字或表述与统计表不符（「余」「多」按下限）",
            "a figure or a statement of the report's text disagrees with its table "
            '(figures written as "more than" count as lower bounds)',
            "正文「{quote}」{claim}，但统计表中{name}为 {value}",
            "the text “{quote}” {claim}, but the table has {name} = {value}",
        ),
        rule(
            "F-01",
            "info",
            "标签与官方表述不同",
            "a label differs from the official wording",
            "「{found}」与官方表述「{label}」不同，按后者读取",
            "“{found}” differs from the official wording “{label}”; read as the latter",
        ),
    ]


def filled_rules(form_id: str) -> list[Rule]:
    """An empty or mostly blank table (E-01, E-02) and last year's table of another agency
    (F-03): rules of every form."""
    return [
        TableFilled(
            id=f"{form_id}-E-01",
            severity=Severity.error,
            title=Text(
                zh="表中至少有一个数字（未填写的表不能通过检查）",
                en="the table holds at least one number (an unfilled table does not pass)",
            ),
        ),
        TableFilled(
            id=f"{form_id}-E-02",
            severity=Severity.warning,
            most_blank=0.25,
            title=Text(
                zh="未填写的数值单元格不超过四分之一",
                en="no more than a quarter of the value cells are blank",
            ),
        ),
        PreviousAgency(
            id=f"{form_id}-F-03",
            severity=Severity.warning,
            title=Text(
                zh="上年统计表与本表的填报单位相同（比较时不计全角半角、空格）",
                en="last year's table is of the same agency (compared ignoring full/half "
                "width and spaces)",
            ),
        ),
    ]


@cache
def get_form(form_id: str) -> Form:
    """The form with this id; raises KeyError for an unknown id."""
    module = importlib.import_module(FORM_MODULES[form_id])
    form: Form = module.FORM
    return form


def all_forms() -> list[Form]:
    return [get_form(form_id) for form_id in FORM_MODULES]


__all__ = [
    "FORM_MODULES",
    "Column",
    "Form",
    "ReaderRule",
    "Relation",
    "Row",
    "Table",
    "Unlikely",
    "all_forms",
    "filled_rules",
    "get_form",
    "reader_rules",
    "rows",
    "sum_equals",
]

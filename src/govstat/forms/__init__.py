"""The official forms, declared as data, and the registry that finds them by id.

A form is its indicators (the printed rows) and its rules. Adding a version of the table is
one new module here that builds a :class:`Form`, plus its entry in :data:`FORM_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache, cached_property

from pydantic import BaseModel, ConfigDict

from govstat.model import Indicator, Text, ValueKind
from govstat.rules import ReaderRule, Relation, Rule, Unlikely

FORM_MODULES = {"2014": "govstat.forms.form2014"}
"""Form id → module defining ``FORM``; imported only when the form is asked for."""


class Form(BaseModel):
    """One official version of the statistics table."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    source: Text
    years: str
    indicators: list[Indicator]
    rules: list[Rule]
    header_labels: list[str]
    """The column heads of the table as printed, e.g. 统计指标 | 单位 | 统计数."""

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {ind.id: ind for ind in self.indicators}

    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def value_indicators(self) -> list[Indicator]:
        return [ind for ind in self.indicators if not ind.is_header]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def rules_reading(self, indicator_id: str) -> list[Rule]:
        """The rules that take this indicator as an input (one entry per rule id)."""
        seen: dict[str, Rule] = {}
        for rule in self.rules:
            if indicator_id in rule.inputs():
                seen.setdefault(rule.id, rule)
        return list(seen.values())


def rows(
    table: Iterable[tuple[str, int, str, str, str]], optional: Iterable[str] = ()
) -> list[Indicator]:
    """Build indicators from ``(id, level, label, unit, english)`` lines in printed order.

    A unit of ``——`` makes a header row and 万元 a decimal; every other unit counts. The parent
    of a row is the nearest row above it with a lower level.
    """
    optional = set(optional)
    built: list[Indicator] = []
    for number, (ident, level, label, unit, en) in enumerate(table, start=1):
        parent = next((p.id for p in reversed(built) if p.level < level), None)
        kind = {"——": ValueKind.header, "万元": ValueKind.money}.get(unit, ValueKind.count)
        built.append(
            Indicator(
                id=ident,
                number=number,
                label=label,
                en=en,
                unit=unit,
                kind=kind,
                level=level,
                parent=parent,
                optional=ident in optional,
            )
        )
    return built


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
            "F-01",
            "info",
            "标签与官方表述不同",
            "a label differs from the official wording",
            "「{found}」与官方表述「{label}」不同，按后者读取",
            "“{found}” differs from the official wording “{label}”; read as the latter",
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
    "Form",
    "ReaderRule",
    "Relation",
    "Unlikely",
    "all_forms",
    "get_form",
    "reader_rules",
    "rows",
    "sum_equals",
]

"""Rules as data: each kind of rule is a small pydantic model that knows how to check itself.

A form lists its rules once (see :mod:`govstat.forms`); that single declaration gives the
evaluation, the messages in both languages, the cells a finding points at, and the line in
``govstat rules``. The engine only loops over them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from govstat.labels import norm
from govstat.model import (
    CellInvolved,
    FilledTable,
    Finding,
    Indicator,
    Lang,
    Metadata,
    Severity,
    Text,
    Value,
    format_number,
)
from govstat.types import type_error

if TYPE_CHECKING:
    from govstat.forms import Form

Op = Literal["==", "<=", ">=", ">", "<"]


PREVIOUS = "prev:"
"""Prefix of an indicator id that means: this cell of last year's table."""


class Context:
    """What a rule sees: the form, the values read, the metadata, last year's table if
    given, and the language of the messages."""

    def __init__(
        self,
        form: Form,
        values: Mapping[str, Value],
        lang: Lang,
        metadata: Metadata | None = None,
        previous: FilledTable | None = None,
    ) -> None:
        self.form = form
        self.values = values
        self.lang = lang
        self.metadata = metadata or Metadata()
        self.previous = previous

    def _source(self, indicator_id: str) -> tuple[Form, Mapping[str, Value], str, str | None]:
        """The form, values and plain id an id refers to: this year's or last year's."""
        if indicator_id.startswith(PREVIOUS):
            from govstat.forms import get_form

            assert self.previous is not None
            plain = indicator_id[len(PREVIOUS) :]
            return get_form(self.previous.form), self.previous.values, plain, self.previous.source
        return self.form, self.values, indicator_id, None

    def value(self, indicator_id: str) -> Value:
        if not indicator_id.startswith(PREVIOUS):  # the common case, first
            found = self.values.get(indicator_id)
            return found if found is not None else Value(indicator=indicator_id, state="missing")
        if self.previous is None:
            return Value(indicator=indicator_id, state="missing")
        _, values, plain, _ = self._source(indicator_id)
        return values.get(plain) or Value(indicator=plain, state="missing")

    def knows(self, indicator_id: str) -> bool:
        """Whether the id names a cell of the form it refers to (last year's may differ)."""
        if indicator_id.startswith(PREVIOUS) and self.previous is None:
            return False
        form, _, plain, _ = self._source(indicator_id)
        return form.has_indicator(plain)

    def involved(self, indicator_id: str) -> CellInvolved:
        val = self.value(indicator_id)
        cell = val.cell
        if not self.knows(indicator_id):
            return CellInvolved(indicator=indicator_id, label=indicator_id, cell=None, value="")
        form, _, plain, source = self._source(indicator_id)
        ind = form.indicator(plain)
        if source is not None and cell is not None:
            cell = cell.model_copy(update={"file": source})
        return CellInvolved(
            indicator=indicator_id,
            label=ind.label,
            column=ind.column_label,
            cell=cell,
            value=val.display(ind.kind),
        )

    def name(self, indicator_id: str) -> str:
        last_year = indicator_id.startswith(PREVIOUS)
        prefix = ("上年" if self.lang == "zh" else "last year's ") if last_year else ""
        plain = indicator_id.removeprefix(PREVIOUS)
        if self.knows(indicator_id):
            form = self._source(indicator_id)[0]
        elif self.form.has_indicator(plain):
            form = self.form  # no table of last year at hand: its cell has this form's name
        else:
            return prefix + plain
        ind = form.indicator(plain)
        if self.lang == "zh":
            row = short_label(ind.label)
            column = ind.column_label
            name = f"{row}（{column}）" if row and column else (row or column or "")
        else:
            name = ind.name("en")
        return prefix + name

    def may_skip(self, indicator_id: str) -> bool:
        """Whether an empty input means "not printed" rather than "missing": an optional row
        the table leaves out, or a group's subtotal left empty."""
        if not self.knows(indicator_id):
            return False
        form, values, plain, _ = self._source(indicator_id)
        ind = form.indicator(plain)
        state = self.value(indicator_id).state

        def printed(cell_id: str) -> bool:
            value = values.get(cell_id)
            return value is not None and value.state != "missing"

        if state == "missing":
            # Left out: an optional row, a group's subtotal, a row the form does not print,
            # or a row the table replaces by another.
            return (
                ind.optional
                or ind.subtotal
                or not ind.official
                or any(map(printed, ind.replaced_by))
            )
        if ind.subtotal and state in ("blank", "mark"):
            # A group's subtotal row left empty is not printed; one filled in part is.
            row = form.row_cells(plain)
            return not any((v := values.get(c)) is not None and v.has_number for c in row)
        return False


_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．]|其中[:：])+"
)
_PAREN_TAIL = re.compile(r"[（(][^（()）]*[)）]$")


def short_label(label: str) -> str:
    """A label without its numbering and its trailing note: （三）申请答复数 → 申请答复数."""
    short = _PAREN_TAIL.sub("", _PREFIX.sub("", label.strip()))
    return short.strip() or label


def signed(number: Decimal) -> str:
    return ("+" if number > 0 else "") + format_number(number)


class RuleBase(BaseModel):
    """What every rule declares: id, severity, and what it checks in both languages."""

    model_config = ConfigDict(frozen=True)

    id: str
    severity: Severity
    title: Text = Field(description="What the rule checks, in a sentence.")

    def evaluate(self, ctx: Context) -> list[Finding]:
        raise NotImplementedError

    def inputs(self) -> list[str]:
        """The indicators the rule reads; a blank one makes it not checkable."""
        return []

    def relation(self, form: Form, lang: Lang) -> str:
        """The rule as a formula over labels, for ``govstat rules``."""
        return self.title.get(lang)

    def finding(
        self, ctx: Context, message: str, cells: Iterable[str], **numbers: Decimal
    ) -> Finding:
        return Finding(
            rule=self.id,
            severity=self.severity,
            message=message,
            cells=[ctx.involved(c) for c in cells],
            **numbers,
        )

    def not_checkable(
        self, ctx: Context, blanks: list[str], cells: list[str] | None = None
    ) -> Finding:
        names = (
            "、".join(ctx.name(b) for b in blanks)
            if ctx.lang == "zh"
            else ", ".join(ctx.name(b) for b in blanks)
        )
        # Blank, an empty mark, text, a formula never computed, or a row the table lacks.
        message = (
            f"无法检查：{names} 没有数值"
            if ctx.lang == "zh"
            else f"not checkable: {names} holds no number"
        )
        finding = self.finding(ctx, message, self.inputs() if cells is None else cells)
        return finding.model_copy(update={"checkable": False})


def _term_sign(term: str) -> tuple[int, str]:
    return (-1, term[1:]) if term.startswith("-") else (1, term)


class Either(BaseModel):
    """A term that is the sum of ``parts`` when the table prints them, else their ``subtotal``.

    For a group a table may print either row by row or as one row: form 2021's （六）其他处理
    has three rows, but some form-2021 tables keep form 2019's single row.
    """

    model_config = ConfigDict(frozen=True)

    parts: list[str]
    subtotal: str


Term = Annotated[str | Either, Field(union_mode="left_to_right")]


class Relation(RuleBase):
    """``Σ left  op  Σ right``; a term written ``-id`` is subtracted.

    A rule that reads last year's table (ids prefixed ``prev:``) applies only when that table
    is given. A rule over an optional row (a printed subtotal, rows 15 and 17 of form 2014)
    applies only when the row holds numbers.
    """

    kind: Literal["relation"] = "relation"
    left: list[Term]
    op: Op
    right: list[Term]
    left_name: Text | None = Field(default=None, description="How to name the left side.")
    right_name: Text | None = Field(default=None, description="How to name the right side.")
    message: Text | None = Field(default=None, description="Overrides the default message.")

    def inputs(self) -> list[str]:
        ids: list[str] = []
        for term in (*self.left, *self.right):
            if isinstance(term, Either):
                ids += [*term.parts, term.subtotal]
            else:
                ids.append(_term_sign(term)[1])
        return ids

    def _resolve(self, ctx: Context, terms: list[Term]) -> list[str]:
        """Signed ids actually summed: an Either becomes its parts or its subtotal."""
        out: list[str] = []
        for term in terms:
            if not isinstance(term, Either):
                out.append(term)
            elif any(ctx.value(p).state != "missing" for p in term.parts):
                out += term.parts
            else:
                out.append(term.subtotal)
        return out

    def _side_name(self, ctx: Context, terms: list[str], name: Text | None) -> str:
        if name is not None:
            return name.get(ctx.lang)
        out = ""
        for term in terms:
            sign, ind = _term_sign(term)
            joiner = (" − " if sign < 0 else " + ") if out else ("−" if sign < 0 else "")
            out += joiner + ctx.name(ind)
        return out

    def relation(self, form: Form, lang: Lang) -> str:
        ctx = Context(form, {}, lang)
        op = {"==": "=", "<=": "≤", ">=": "≥", ">": ">", "<": "<"}[self.op]
        left = self._side_name(ctx, self._resolve(ctx, self.left), None)
        right = self._side_name(ctx, self._resolve(ctx, self.right), None)
        return f"{left} {op} {right}"

    def _applies(self, ctx: Context) -> tuple[list[str], list[str], list[str]] | None:
        """The signed ids of each side and the ids read, or None when the rule does not apply."""
        left_terms = self._resolve(ctx, self.left)
        right_terms = self._resolve(ctx, self.right)
        used = [_term_sign(t)[1] for t in (*left_terms, *right_terms)]
        if any(i.startswith(PREVIOUS) and not ctx.knows(i) for i in used):
            # A carry-over rule with no last year's table, or one of another form that has
            # no such cell (form 2019 has no 现行有效件数): nothing to compare with.
            return None
        return left_terms, right_terms, used

    def linear(self, ctx: Context) -> list[tuple[int, str]] | None:
        """The relation as ``Σ sign·value  op  0`` (left terms +, right terms −), when it is
        checked on ``ctx``'s values; None when :meth:`evaluate` passes it over or finds it not
        checkable. Error localisation (:mod:`govstat.localise`) reads the rules through this."""
        applies = self._applies(ctx)
        if applies is None:
            return None
        left_terms, right_terms, used = applies
        if not all(ctx.value(i).has_number for i in used):
            return None
        out = []
        for side, terms in ((1, left_terms), (-1, right_terms)):
            for term in terms:
                sign, ind = _term_sign(term)
                out.append((side * sign, ind))
        return out

    def evaluate(self, ctx: Context) -> list[Finding]:
        applies = self._applies(ctx)
        if applies is None:
            return []
        left_terms, right_terms, used = applies
        blanks = [i for i in used if not ctx.value(i).has_number]
        if any(ctx.may_skip(i) for i in blanks):
            return []  # an optional row or subtotal not printed: nothing to check
        if blanks:
            return [self.not_checkable(ctx, blanks, used)]
        left = self._sum(ctx, left_terms)
        right = self._sum(ctx, right_terms)
        if _holds(left, self.op, right):
            return []
        template = self.message or _DEFAULT_MESSAGES[self.op]
        message = template.get(ctx.lang).format(
            left=self._side_name(ctx, left_terms, self.left_name),
            right=self._side_name(ctx, right_terms, self.right_name),
            reported=format_number(left),
            computed=format_number(right),
            difference=signed(left - right),
            gap=format_number(abs(left - right)),
        )
        return [
            self.finding(ctx, message, used, reported=left, computed=right, difference=left - right)
        ]

    @staticmethod
    def _sum(ctx: Context, terms: list[str]) -> Decimal:
        total = Decimal(0)
        for term in terms:
            sign, ind = _term_sign(term)
            number = ctx.value(ind).number
            assert number is not None  # evaluate() checked every input has a number
            total += sign * number
        return total


def _holds(left: Decimal, op: Op, right: Decimal) -> bool:
    return {
        "==": left == right,
        "<=": left <= right,
        ">=": left >= right,
        ">": left > right,
        "<": left < right,
    }[op]


_DEFAULT_MESSAGES: dict[str, Text] = {
    "==": Text(
        zh="{left}为 {reported}，但{right}合计为 {computed}（相差 {difference}）",
        en="{left} is {reported}, but {right} add up to {computed} (difference {difference})",
    ),
    "<=": Text(
        zh="{left}为 {reported}，大于{right}的 {computed}（多 {gap}）",
        en="{left} is {reported}, more than {right} at {computed} (by {gap})",
    ),
    ">=": Text(
        zh="{left}为 {reported}，小于{right}的 {computed}（少 {gap}）",
        en="{left} is {reported}, less than {right} at {computed} (by {gap})",
    ),
}


class Condition(BaseModel):
    """One comparison of a cell with a constant, as in ``举办各类培训班数 = 0``."""

    model_config = ConfigDict(frozen=True)

    indicator: str
    op: Op
    value: Decimal


class Unlikely(RuleBase):
    """Fires when every condition holds at once: a combination worth a human look."""

    kind: Literal["unlikely"] = "unlikely"
    when: list[Condition]
    message: Text

    def inputs(self) -> list[str]:
        return [c.indicator for c in self.when]

    def relation(self, form: Form, lang: Lang) -> str:
        ctx = Context(form, {}, lang)
        op = {"==": "=", "<=": "≤", ">=": "≥", ">": ">", "<": "<"}
        joiner = "，且 " if lang == "zh" else ", and "
        return joiner.join(
            f"{ctx.name(c.indicator)} {op[c.op]} {format_number(c.value)}" for c in self.when
        )

    def evaluate(self, ctx: Context) -> list[Finding]:
        blanks = [i for i in self.inputs() if not ctx.value(i).has_number]
        if blanks:
            return [self.not_checkable(ctx, blanks)]
        numbers = {c.indicator: ctx.value(c.indicator).number for c in self.when}
        if not all(_holds(numbers[c.indicator] or Decimal(0), c.op, c.value) for c in self.when):
            return []
        fields = {c.indicator: format_number(numbers[c.indicator] or Decimal(0)) for c in self.when}
        return [self.finding(ctx, self.message.get(ctx.lang).format(**fields), self.inputs())]


def _in_tables(ctx: Context, tables: list[str] | None) -> list[Indicator]:
    return [i for i in ctx.form.value_indicators() if tables is None or i.table in tables]


class CellTypes(RuleBase):
    """Every value cell holds what its unit allows (non-negative; integer counts)."""

    kind: Literal["cell-types"] = "cell-types"
    tables: list[str] | None = Field(default=None, description="Only these tables' cells.")

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings = []
        for ind in _in_tables(ctx, self.tables):
            val = ctx.value(ind.id)
            problem = _cell_problem(ind, val)
            if problem is None:
                continue
            text = (
                _CELL_PROBLEMS[problem]
                .get(ctx.lang)
                .format(name=ctx.name(ind.id), raw=val.raw or val.display(), unit=ind.unit)
            )
            findings.append(self.finding(ctx, text, [ind.id]))
        return findings


def _cell_problem(ind: Indicator, val: Value) -> str | None:
    if val.state == "invalid":
        return "text"
    if val.has_number and val.number is not None:
        return type_error(ind.kind, val.number)
    return None


_CELL_PROBLEMS: dict[str, Text] = {
    "text": Text(zh="{name}填的是「{raw}」，不是数字", en="{name} holds “{raw}”, not a number"),
    "negative": Text(zh="{name}为 {raw}，不能为负数", en="{name} is {raw}; it cannot be negative"),
    "fraction": Text(
        zh="{name}为 {raw}，以「{unit}」计应为整数",
        en="{name} is {raw}; counted in {unit} it must be a whole number",
    ),
}


class HeadersEmpty(RuleBase):
    """A section header row carries no number."""

    kind: Literal["headers-empty"] = "headers-empty"

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings = []
        for ind in ctx.form.indicators:
            val = ctx.value(ind.id)
            if not ind.is_header or val.state not in ("number", "invalid"):
                continue
            message = (
                f"「{ind.label}」是标题行，不应填写数字，却填了 {val.display()}"
                if ctx.lang == "zh"
                else f"“{ind.en}” is a header row and carries no number, but holds {val.display()}"
            )
            findings.append(self.finding(ctx, message, [ind.id]))
        return findings


class ValuesPresent(RuleBase):
    """A value row left blank (or marked ——) is missing, which is not 0."""

    kind: Literal["values-present"] = "values-present"
    tables: list[str] | None = Field(default=None, description="Only these tables' cells.")

    def evaluate(self, ctx: Context) -> list[Finding]:
        findings = []
        if not any(ctx.value(i.id).has_number for i in ctx.form.value_indicators()):
            return []  # an empty table is one finding (TableFilled), not one per cell
        for ind in _in_tables(ctx, self.tables):
            val = ctx.value(ind.id)
            if val.state not in ("blank", "mark") or ctx.may_skip(ind.id):
                continue
            rules = ", ".join(r.id for r in ctx.form.rules_reading(ind.id)) or "—"
            shown = f"「{val.raw}」" if val.state == "mark" else "空白"
            message = (
                f"{ctx.name(ind.id)}为{shown}：未填不等于 0，相关规则（{rules}）无法检查"
                if ctx.lang == "zh"
                else f"{ctx.name(ind.id)} is "
                + (f"“{val.raw}”" if val.state == "mark" else "blank")
                + f": missing is not 0, and the rules it takes part in ({rules}) cannot be checked"
            )
            findings.append(self.finding(ctx, message, [ind.id]))
        return findings


class TableFilled(RuleBase):
    """A table is filled in: one holding no number at all is not a pass (an unfilled
    template); with ``most_blank``, more than that share of its value cells blank is worth a
    look, with the count."""

    kind: Literal["table-filled"] = "table-filled"
    most_blank: float | None = Field(
        default=None,
        description="Fire when more than this share of the value cells is blank; "
        "None: when no cell holds a number.",
    )

    def evaluate(self, ctx: Context) -> list[Finding]:
        cells = [i for i in ctx.form.value_indicators() if not ctx.may_skip(i.id)]
        numbers = sum(1 for i in cells if ctx.value(i.id).has_number)
        if self.most_blank is None:
            if numbers or not cells:
                return []
            message = (
                f"表中没有任何数字：{len(cells)} 个数值单元格均未填写，未填写的表不能通过检查"
                if ctx.lang == "zh"
                else f"the table holds no number: none of its {len(cells)} value cells is "
                "filled, and an unfilled table does not pass"
            )
            return [self.finding(ctx, message, [])]
        blank = sum(1 for i in cells if ctx.value(i.id).state in ("blank", "missing"))
        if not numbers or blank <= self.most_blank * len(cells):
            return []  # an empty table is the error above, not this warning too
        message = (
            f"{len(cells)} 个数值单元格中有 {blank} 个未填写，超过四分之一：请核对是否漏填"
            if ctx.lang == "zh"
            else f"{blank} of the {len(cells)} value cells are blank, more than a quarter: "
            "check that nothing was left out"
        )
        if self.most_blank != 0.25:
            share = f"{self.most_blank:.0%}"
            message = message.replace("超过四分之一", f"超过 {share}").replace(
                "more than a quarter", f"more than {share}"
            )
        return [self.finding(ctx, message, [])]


def same_agency(first: str, second: str) -> bool:
    """Whether two agency names are the same once width, spaces and punctuation are folded."""
    return norm(first) == norm(second)


class PreviousAgency(RuleBase):
    """Last year's table is the same agency's: another agency's is not last year's."""

    kind: Literal["previous-agency"] = "previous-agency"

    def evaluate(self, ctx: Context) -> list[Finding]:
        if ctx.previous is None:
            return []
        this, last = ctx.metadata.agency, ctx.previous.metadata.agency
        if not this or not last or same_agency(this, last):
            return []
        message = (
            f"上年统计表（{ctx.previous.source}）的填报单位是「{last}」，本表是「{this}」："
            "上年的文件可能选错了"
            if ctx.lang == "zh"
            else f"last year's table ({ctx.previous.source}) is of “{last}”, this one of "
            f"“{this}”: last year's file may be the wrong one"
        )
        return [self.finding(ctx, message, [])]


class ReportYear(RuleBase):
    """The report's year is one the form is meant for (a 2022 report on form 2019 is not)."""

    kind: Literal["report-year"] = "report-year"

    def evaluate(self, ctx: Context) -> list[Finding]:
        year = ctx.metadata.year
        first, last = ctx.form.report_years
        if year is None or first <= year <= last:
            return []
        span = f"{first}–{last}" if last < 9999 else f"{first}"
        message = (
            f"报告年度为 {year}，但所用表式 {ctx.form.id} 适用于 {span} 年度报告"
            + ("" if last < 9999 else "及以后")
            if ctx.lang == "zh"
            else f"the report is for {year}, but form {ctx.form.id} is meant for the reports of "
            + (span if last < 9999 else f"{first} onwards")
        )
        return [self.finding(ctx, message, [])]


class ReaderRule(RuleBase):
    """A finding the reader makes while placing rows; declared here so it is listed and named."""

    kind: Literal["reader"] = "reader"
    message: Text

    def evaluate(self, ctx: Context) -> list[Finding]:
        return []  # the reader reports these; see govstat.recognise


Rule = Annotated[
    Relation
    | Unlikely
    | CellTypes
    | HeadersEmpty
    | ValuesPresent
    | TableFilled
    | PreviousAgency
    | ReportYear
    | ReaderRule,
    Field(discriminator="kind"),
]

"""The form's rules as spreadsheet formulas: a template that checks itself while it is filled.

Each :class:`~govstat.rules.Relation` and :class:`~govstat.rules.Unlikely` of the form becomes
one check, generated from the rule object itself (its terms, operator and conditions) and the
cells the template printed them in. A check is written three times:

- a row of the check block to the right of the tables: rule id, severity, what it checks, and
  a result cell ``=IF(COUNT(…)<n,"",IF(…,"✓","✗"))``: empty while an input is blank (a blank
  cell is missing, not 0, as ``govstat validate`` says), ✓ when the rule holds, ✗ when not;
- a conditional format that paints the rule's first cell (the total, or the part that
  exceeds its whole) red while the rule fails;
- a term of the summary cells above the block, which count the failing and the not yet
  checkable rules.

Rules over last year's table (``prev:``) and over rows the template does not print (a group's
subtotal row) have no formula; the checks of cell types are the cells' data validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.formatting.rule import FormulaRule, Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from govstat.forms import Form
from govstat.model import Lang, Severity, Text, format_number
from govstat.rules import PREVIOUS, Either, Relation, Term, Unlikely
from govstat.template.paint import BOLD, BORDER, CENTER, Painter

PASS = "✓"
FAIL = "✗"
RED = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
RED_FONT = Font(bold=True, color="9C0006")

_OP = {"==": "=", "<=": "<=", ">=": ">=", ">": ">", "<": "<"}
_SHOWN_OP = {"==": "=", "<=": "≤", ">=": "≥", ">": ">", "<": "<"}

WORDS: dict[str, Text] = {
    "heading": Text(zh="规则检查（随填随查）", en="Rule checks (live)"),
    "failing": Text(zh="不成立的规则", en="Rules failing"),
    "unchecked": Text(zh="尚不能检查", en="Not yet checkable"),
    "rule": Text(zh="规则", en="Rule"),
    "severity": Text(zh="级别", en="Severity"),
    "what": Text(zh="检查内容", en="What it checks"),
    "result": Text(zh="结果", en="Result"),
    "legend": Text(
        zh="✓ 成立　✗ 不成立（相关单元格标红）　空白：有单元格未填，暂不能检查",
        en="✓ holds  ✗ fails (its cell turns red)  blank: a cell is not filled yet",
    ),
}


@dataclass(frozen=True)
class Check:
    """One rule relation over the template's cells, as formulas."""

    rule: str
    severity: Severity
    what: Text
    inputs: tuple[str, ...]
    """The coordinates the relation reads (each must hold a number for it to be checkable)."""
    holds: str
    """A formula expression, true when the relation holds."""
    mark: str
    """The coordinate painted red while the relation fails."""

    def result_formula(self) -> str:
        cells = ",".join(self.inputs)
        return f'=IF(COUNT({cells})<{len(self.inputs)},"",IF({self.holds},"{PASS}","{FAIL}"))'

    def failing_formula(self) -> str:
        """True while every input holds a number and the relation fails (for the red cell)."""
        cells = ",".join(_absolute(c) for c in self.inputs)
        holds = self.holds
        for coordinate in sorted(self.inputs, key=len, reverse=True):
            holds = holds.replace(coordinate, _absolute(coordinate))
        return f"AND(COUNT({cells})={len(self.inputs)},NOT({holds}))"


def _red_when(formula: str, font: bool = False) -> Rule:
    """A conditional format painting its cells red while ``formula`` is true."""
    rule: Rule = FormulaRule(  # type: ignore[no-untyped-call]
        formula=[formula], fill=RED, font=RED_FONT if font else None
    )
    return rule


def _absolute(coordinate: str) -> str:
    letters = coordinate.rstrip("0123456789")
    return f"${letters}${coordinate[len(letters) :]}"


def _resolve(terms: list[Term], addresses: Mapping[str, str]) -> list[str] | None:
    """Signed indicator ids of the terms as the template prints them (an Either becomes its
    rows when printed, else its subtotal row); None when a term has no cell in the template."""
    out: list[str] = []
    for term in terms:
        if isinstance(term, Either):
            if all(p in addresses for p in term.parts):
                out += term.parts
            elif term.subtotal in addresses:
                out.append(term.subtotal)
            else:
                return None
        else:
            plain = term.removeprefix("-")
            if plain.startswith(PREVIOUS) or plain not in addresses:
                return None
            out.append(term)
    return out


def _sum(terms: list[str], addresses: Mapping[str, str]) -> str:
    text = ""
    for term in terms:
        negative = term.startswith("-")
        cell = addresses[term.removeprefix("-")]
        text += ("-" if negative else ("+" if text else "")) + cell
    return text or "0"


def checks(form: Form, addresses: Mapping[str, str]) -> list[Check]:
    """Every relation of the form the template can check, in the form's order."""
    found: list[Check] = []
    for rule in form.rules:
        if isinstance(rule, Relation):
            left = _resolve(rule.left, addresses)
            right = _resolve(rule.right, addresses)
            if left is None or right is None:
                continue
            difference = f"ROUND(({_sum(left, addresses)})-({_sum(right, addresses)}),6)"
            inputs = tuple(addresses[t.removeprefix("-")] for t in (*left, *right))
            what = Text(
                zh=rule.relation(form, "zh"),
                en=rule.relation(form, "en"),
            )
            found.append(
                Check(
                    rule=rule.id,
                    severity=rule.severity,
                    what=what,
                    inputs=inputs,
                    holds=f"{difference}{_OP[rule.op]}0",
                    mark=inputs[0],
                )
            )
        elif isinstance(rule, Unlikely):
            if any(c.indicator not in addresses for c in rule.when):
                continue
            inputs = tuple(addresses[c.indicator] for c in rule.when)
            # The rule fires when every condition holds: it holds when one does not.
            fires = ",".join(
                f"{addresses[c.indicator]}{_OP[c.op]}{_constant(c.value)}" for c in rule.when
            )
            found.append(
                Check(
                    rule=rule.id,
                    severity=rule.severity,
                    what=Text(zh=rule.relation(form, "zh"), en=rule.relation(form, "en")),
                    inputs=inputs,
                    holds=f"NOT(AND({fires}))",
                    mark=inputs[0],
                )
            )
    return found


def _constant(value: Decimal) -> str:
    return format_number(value)


@dataclass(frozen=True)
class CheckBlock:
    """Where the check block stands: the summary cells and one result cell per check."""

    column: int
    """The block's first column: the columns from here on are not the form's."""
    failing: str
    unchecked: str
    results: list[tuple[Check, str]]


def write_checks(
    paint: Painter, form: Form, column: int, row: int, lang: Lang = "zh"
) -> CheckBlock:
    """Write the check block with its top left at (``row``, ``column``), the conditional
    formats on the table's cells, and the summary cells; return where they are."""
    sheet = paint.sheet
    found = checks(form, paint.addresses)
    # The result stands beside the rule id; what the rule checks comes last, free to run on.
    rule_col, severity_col, result_col, what_col = column, column + 1, column + 2, column + 3
    plain = Alignment(vertical="center")
    paint.box(row, column, WORDS["heading"].get(lang), font=BOLD, border=False)
    first = row + 5
    last = first + len(found) - 1
    span = (
        f"${get_column_letter(result_col)}${first}:${get_column_letter(result_col)}${last}"
        if found
        else None
    )
    failing = sheet.cell(row + 1, result_col)
    unchecked = sheet.cell(row + 2, result_col)
    paint.box(row + 1, column, WORDS["failing"].get(lang), cols=2, align=plain)
    paint.box(row + 2, column, WORDS["unchecked"].get(lang), cols=2, align=plain)
    for cell in (failing, unchecked):
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center")
        cell.font = BOLD
    failing.value = f'=COUNTIF({span},"{FAIL}")' if span else 0
    unchecked.value = (
        f'=ROWS({span})-COUNTIF({span},"{PASS}")-COUNTIF({span},"{FAIL}")' if span else 0
    )
    paint.box(row + 3, column, WORDS["legend"].get(lang), align=plain, border=False)
    heads = ("rule", "severity", "result", "what")
    for offset, key in enumerate(heads):
        paint.box(row + 4, column + offset, WORDS[key].get(lang), shade=True, font=BOLD)
    results = []
    for index, check in enumerate(found):
        at = first + index
        paint.box(at, rule_col, check.rule)
        paint.box(at, severity_col, check.severity.label(lang), align=CENTER)
        result = paint.box(at, result_col, align=CENTER)
        paint.box(at, what_col, check.what.get(lang), align=plain, border=False)
        result.value = check.result_formula()
        results.append((check, result.coordinate))
        sheet.conditional_formatting.add(
            check.mark,
            _red_when(check.failing_formula(), font=True),
        )
    if span:
        sheet.conditional_formatting.add(
            span.replace("$", ""),
            _red_when(f'{get_column_letter(result_col)}{first}="{FAIL}"'),
        )
        sheet.conditional_formatting.add(
            failing.coordinate,
            _red_when(f"{failing.coordinate}>0", font=True),
        )
    paint.width(rule_col, 11)
    paint.width(severity_col, 6)
    paint.width(result_col, 7)
    return CheckBlock(column, failing.coordinate, unchecked.coordinate, results)

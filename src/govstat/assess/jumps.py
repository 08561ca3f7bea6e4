"""A-01: a key figure that changes from last year by more than a ratio **and** by more than
an absolute floor (:mod:`govstat.assess.settings`), both stated in the finding."""

from __future__ import annotations

from decimal import Decimal

from govstat.assess import settings
from govstat.assess.figures import KEY_FIGURES
from govstat.assess.model import AssessFinding, Collected
from govstat.assess.rules import RULES
from govstat.forms import get_form
from govstat.model import CellInvolved, Indicator, Lang, format_number
from govstat.rules import short_label


def is_jump(
    last: Decimal,
    this: Decimal,
    ratio: Decimal = settings.JUMP_RATIO,
    floor: Decimal = settings.JUMP_FLOOR,
) -> bool:
    """More than ``ratio`` times (or less than its reciprocal) and by more than ``floor``."""
    if abs(this - last) <= floor:
        return False
    low, high = min(last, this), max(last, this)
    return low == 0 or high / low > ratio


def jumps(agency: str, last: Collected, this: Collected, lang: Lang) -> list[AssessFinding]:
    """Every key figure of a pair of years that jumps."""
    rule = RULES["A-01"]
    out = []
    for figure in KEY_FIGURES:
        before = figure.value(last.form, last.numbers)
        now = figure.value(this.form, this.numbers)
        if before is None or now is None or not is_jump(before, now):
            continue
        times = (
            (f"{now / before:.1f} 倍" if lang == "zh" else f"{now / before:.1f} times")
            if before
            else ("由 0 起" if lang == "zh" else "from 0")
        )
        a, b = format_number(before), format_number(now)
        ratio, floor = format_number(settings.JUMP_RATIO), format_number(settings.JUMP_FLOOR)
        if lang == "zh":
            message = (
                f"{figure.zh}由上年的 {a} 变为 {b}（{times}，相差 {format_number(now - before)}）；"
                f"阈值：超过 {ratio} 倍且相差超过 {floor}"
            )
        else:
            message = (
                f"{figure.en} went from {a} last year to {b} ({times}, by "
                f"{format_number(now - before)}); thresholds: more than {ratio} times and by "
                f"more than {floor}"
            )
        cells = [
            *_cells(
                figure.inputs(last.form or ""),
                last,
                "上年" if lang == "zh" else "last year: ",
                lang,
            ),
            *_cells(figure.inputs(this.form or ""), this, "", lang),
        ]
        out.append(
            AssessFinding(
                rule=rule.id,
                severity=rule.severity,
                agency=agency,
                year=this.year,
                file=this.file,
                message=message,
                cells=cells,
                other_file=last.file,
            )
        )
    return out


def _cells(ids: list[str], report: Collected, prefix: str, lang: Lang) -> list[CellInvolved]:
    """The cells of a figure in one report, each with its file."""
    form = get_form(report.form or "")
    out = []
    for indicator_id in ids:
        number = report.numbers.get(indicator_id)
        place = report.place(indicator_id)
        cell = place.model_copy(update={"file": report.file}) if place else None
        out.append(
            CellInvolved(
                indicator=indicator_id,
                label=prefix + _name(form.indicator(indicator_id), lang),
                cell=cell,
                value=format_number(number) if number is not None else "",
            )
        )
    return out


def _name(ind: Indicator, lang: Lang) -> str:
    """本年新收政府信息公开申请数量（总计）: the row without its numbering, and its column."""
    if lang == "en":
        return ind.name("en")
    row = short_label(ind.label)
    return f"{row}（{ind.column_label}）" if ind.column_label else row

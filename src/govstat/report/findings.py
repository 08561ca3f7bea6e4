"""What every validation report shares: findings in reading order, cell names, hint lines,
and the severity a finding must reach to count as a failure."""

from __future__ import annotations

from govstat.forms import Form
from govstat.model import CellInvolved, Finding, Hint, Lang, Report, Severity
from govstat.report.words import translate, word
from govstat.rules import PREVIOUS

SEVERITIES = (Severity.error, Severity.warning, Severity.info)


def ordered_findings(report: Report) -> list[Finding]:
    """Findings as every report lists them: errors, warnings, notes, then the not checkable."""
    checked = [f for s in SEVERITIES for f in report.findings if f.checkable and f.severity is s]
    return checked + [f for f in report.findings if not f.checkable]


def cell_name(cell: CellInvolved, lang: Lang = "zh", form: Form | None = None) -> str:
    """The row's official label, with the column's in brackets for a matrix cell; in English
    the form's English name of the cell."""
    plain = cell.indicator.removeprefix(PREVIOUS)
    if lang == "en" and form is not None and form.has_indicator(plain):
        return form.indicator(plain).name("en")
    return f"{cell.label}（{cell.column}）" if cell.column else cell.label


def cell_line(cell: CellInvolved, lang: Lang, form: Form | None = None) -> str:
    """``统计表!C34 （三）申请答复数 = 5``: where, what, and the value as printed."""
    where = cell.cell.describe(lang) if cell.cell else "—"
    value = cell.value if cell.value != "" else word("blank", lang)
    return f"{where} {cell_name(cell, lang, form)} = {value}"


def form_title(form: Form, lang: Lang) -> str:
    """``2014《政府信息公开情况统计表》``, or ``2014 (Government information …)``."""
    if lang == "zh":
        return f"{form.id}《{form.title}》"
    return f"{form.id} ({translate(form, form.title, lang)})"


def hint_line(hint: Hint, lang: Lang) -> str:
    """A hint in one line, with the changes it suggests: a suggestion, never a correction."""
    joiner = "；" if lang == "zh" else "; "
    changes = joiner.join(
        f"{change.cell.describe(lang) if change.cell else change.indicator} {change.label}"
        + (f"（{change.column}）" if change.column else "")
        + f" {'' if change.reported is None else change.reported} → "
        f"{word('change_to', lang)} {change.suggested}"
        for change in hint.changes
    )
    return (
        hint.message
        + (f"（{changes}）" if lang == "zh" and changes else "")
        + (f" ({changes})" if lang == "en" and changes else "")
    )

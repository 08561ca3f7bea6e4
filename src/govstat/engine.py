"""The rule engine: every rule of the form over a FilledTable, every finding collected."""

from __future__ import annotations

from decimal import Decimal

from govstat.forms import Form, get_form
from govstat.model import FilledTable, Finding, Lang, format_number
from govstat.rules import Context


def check(table: FilledTable, lang: Lang = "zh", form: Form | None = None) -> list[Finding]:
    """All findings for ``table``: the reader's first, then each rule's, in declaration order.

    When ``table.previous`` holds last year's table, the carry-over rules compare with it.
    """
    form = form or get_form(table.form)
    context = Context(form, table.values, lang, table.metadata, table.previous)
    findings = list(table.reading)
    for rule in form.rules:
        findings.extend(rule.evaluate(context))
    return [_with_doubt(f, lang) for f in findings]


def _with_doubt(finding: Finding, lang: Lang) -> Finding:
    """A finding resting on a cell that OCR read with a low score says so: the scan may hold
    another number than the one read."""
    doubtful = [c.cell for c in finding.cells if c.cell is not None and c.cell.doubtful]
    if not doubtful:
        return finding
    places = "、".join(
        f"{c.describe(lang)} {format_number(Decimal(str(c.confidence)))}" for c in doubtful
    )
    note = (
        f"（识别置信度低：{places}，请先对照原件核对）"
        if lang == "zh"
        else f" (read by OCR with low confidence: {places}; check the scan first)"
    )
    return finding.model_copy(update={"message": finding.message + note})

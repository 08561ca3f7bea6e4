"""The rule engine: every rule of the form over a FilledTable, every finding collected."""

from __future__ import annotations

from govstat.forms import Form, get_form
from govstat.model import FilledTable, Finding, Lang
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
    return findings

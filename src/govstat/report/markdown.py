"""Markdown: the validation report as a document to paste into an issue, a wiki or a mail."""

from __future__ import annotations

from collections.abc import Sequence

from govstat.forms import Form, get_form
from govstat.model import Finding, Lang, Report, Severity
from govstat.report.console import summary_line
from govstat.report.findings import SEVERITIES, cell_line, form_title, hint_line
from govstat.report.words import word

_MARK = {Severity.error: "✗", Severity.warning: "!", Severity.info: "i"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _finding(finding: Finding, lang: Lang, mark: str, form: Form) -> list[str]:
    lines = [f"- {mark} **{finding.rule}** {_cell(finding.message)}"]
    lines += [f"  - `{_cell(cell_line(c, lang, form))}`" for c in finding.cells]
    if finding.hints:
        lines.append(f"  - *{word('hints', lang)}*")
        lines += [f"    - {_cell(hint_line(h, lang))}" for h in finding.hints]
    return lines


def _report(report: Report, lang: Lang, level: str) -> list[str]:
    form = get_form(report.form)
    sep = "：" if lang == "zh" else ": "
    meta = report.metadata
    lines = [f"{level} {word('report', lang)}", ""]
    lines.append(f"- {word('file', lang)}{sep}`{report.file}`")
    if report.sheet:
        lines.append(f"- {word('sheet', lang)}{sep}{report.sheet}")
    lines.append(f"- {word('form', lang)}{sep}{form_title(form, lang)}")
    lines.append(f"- {word('agency', lang)}{sep}{meta.agency or '—'}")
    lines.append(f"- {word('year', lang)}{sep}{meta.year or '—'}")
    lines.append(f"- {word('date', lang)}{sep}{meta.date or '—'}")
    if report.previous:
        lines.append(f"- {word('previous', lang)}{sep}`{report.previous}`")
    lines += [f"- {word('signals', lang)}{sep}{s}" for s in report.signals]
    lines += [f"- {word('notes', lang)}{sep}{n}" for n in report.notes]
    lines += ["", f"**{summary_line(report, lang)}**", ""]
    sub = level + "#"
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.checkable and f.severity is severity]
        if group:
            lines += [f"{sub} {severity.label(lang)} ({len(group)})", ""]
            for finding in group:
                lines += _finding(finding, lang, _MARK[severity], form)
            lines.append("")
    unchecked = [f for f in report.findings if not f.checkable]
    if unchecked:
        lines += [f"{sub} {word('not_checkable', lang)} ({len(unchecked)})", ""]
        for finding in unchecked:
            lines += _finding(finding, lang, "?", form)
        lines.append("")
    if not any(f.checkable for f in report.findings):
        lines += [word("clean", lang), ""]
    return lines


def report_markdown(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """The findings of each report, grouped by severity, with their cells and hints."""
    level = "#" if len(reports) == 1 else "##"
    lines: list[str] = []
    for report in reports:
        lines += _report(report, lang, level)
    return "\n".join(lines).rstrip("\n") + "\n"

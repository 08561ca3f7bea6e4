"""The validation report for people: findings grouped by severity, with their cells."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.text import Text as RichText

from govstat.model import Finding, Lang, Report, Severity

_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
_MARK = {Severity.error: "✗", Severity.warning: "!", Severity.info: "i"}

_WORDS = {
    "file": {"zh": "文件", "en": "File"},
    "sheet": {"zh": "工作表", "en": "sheet"},
    "form": {"zh": "表式", "en": "Form"},
    "agency": {"zh": "填报单位", "en": "Agency"},
    "year": {"zh": "年度", "en": "Year"},
    "date": {"zh": "填报日期", "en": "Date"},
    "not_checkable": {"zh": "无法检查", "en": "not checkable"},
    "clean": {"zh": "未发现问题", "en": "no findings"},
    "blank": {"zh": "（空白）", "en": "(blank)"},
    "previous": {"zh": "上年统计表", "en": "Last year's table"},
    "note": {"zh": "说明", "en": "Note"},
}


def word(key: str, lang: Lang) -> str:
    return _WORDS[key][lang]


def summary_line(report: Report, lang: Lang) -> str:
    c = report.counts
    if lang == "zh":
        return (
            f"共 {c.error} 个错误，{c.warning} 个警告，{c.info} 个提示；"
            f"{c.not_checkable} 项规则因缺少数据无法检查"
        )
    return (
        f"errors: {c.error}, warnings: {c.warning}, notes: {c.info}; "
        f"checks not possible for missing data: {c.not_checkable}"
    )


def _finding_lines(finding: Finding, lang: Lang, style: str, mark: str) -> list[RichText]:
    head = RichText.assemble(
        ("  " + mark + " ", style), (finding.rule, "bold"), "  ", finding.message
    )
    lines = [head]
    for cell in finding.cells:
        where = cell.cell.describe(lang) if cell.cell else "—"
        value = cell.value if cell.value != "" else word("blank", lang)
        pad = " " * max(1, 18 - cell_len(where))  # sheet names may be double-width Chinese
        label = f"{cell.label}（{cell.column}）" if cell.column else cell.label
        lines.append(RichText(f"      {where}{pad}{label} = {value}", style="dim"))
    return lines


def print_report(report: Report, console: Console, lang: Lang = "zh") -> None:
    """Print a report as a person reads it."""
    sep = "：" if lang == "zh" else ": "
    sheet = (
        f"（{word('sheet', lang)}「{report.sheet}」）"
        if lang == "zh"
        else (f" (sheet “{report.sheet}”)")
    )
    console.print(f"{word('file', lang)}{sep}{escape(report.file)}{escape(sheet)}")
    console.print(f"{word('form', lang)}{sep}{report.form}《{escape(report.form_title)}》")
    for signal in report.signals:
        console.print(RichText(f"  · {signal}", style="dim"))
    if report.previous:
        console.print(f"{word('previous', lang)}{sep}{escape(report.previous)}")
    meta = report.metadata
    parts = [
        f"{word('agency', lang)}{sep}{meta.agency or '—'}",
        f"{word('year', lang)}{sep}{meta.year or '—'}",
        f"{word('date', lang)}{sep}{meta.date or '—'}",
    ]
    console.print(escape("  ".join(parts)))
    for note in report.notes:
        console.print(RichText(f"{word('note', lang)}{sep}{note}", style="yellow"))
    console.print()
    for severity in (Severity.error, Severity.warning, Severity.info):
        group = [f for f in report.findings if f.checkable and f.severity is severity]
        if not group:
            continue
        console.print(RichText(f"{severity.label(lang)} ({len(group)})", style=_STYLE[severity]))
        for finding in group:
            for line in _finding_lines(finding, lang, _STYLE[severity], _MARK[severity]):
                console.print(line)
        console.print()
    unchecked = [f for f in report.findings if not f.checkable]
    if unchecked:
        console.print(RichText(f"{word('not_checkable', lang)} ({len(unchecked)})", style="dim"))
        for finding in unchecked:
            for line in _finding_lines(finding, lang, "dim", "?"):
                console.print(line)
        console.print()
    if not any(f.checkable for f in report.findings):
        console.print(RichText(word("clean", lang), style="green"))
    console.print(summary_line(report, lang))

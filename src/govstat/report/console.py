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
    "hint": {"zh": "建议（仅供参考）", "en": "suggestion (not a correction)"},
    "hints": {
        "zh": "建议（仅供参考）：改动最少的改法，按可能性排序",
        "en": "suggestions (not corrections): the fewest changes, likeliest first",
    },
    "hints_above": {
        "zh": "建议（仅供参考）：见上文 {rule} 下的建议",
        "en": "suggestions (not corrections): as under {rule} above",
    },
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


def _finding_lines(
    finding: Finding, lang: Lang, style: str, mark: str, seen: dict[str, str] | None = None
) -> list[RichText]:
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
    return lines + _hint_lines(finding, lang, {} if seen is None else seen)


def _hint_lines(finding: Finding, lang: Lang, seen: dict[str, str]) -> list[RichText]:
    """The hints under a finding; hints already printed under another finding are referred to."""
    if not finding.hints:
        return []
    key = "\n".join(h.message for h in finding.hints)
    if key in seen:
        return [RichText("      " + word("hints_above", lang).format(rule=seen[key]), "green")]
    seen[key] = finding.rule
    if len(finding.hints) == 1:
        sep = "：" if lang == "zh" else ": "
        return [RichText(f"      {word('hint', lang)}{sep}{finding.hints[0].message}", "green")]
    lines = [RichText(f"      {word('hints', lang)}", "green")]
    lines += [RichText(f"        {h.rank}. {h.message}", "green") for h in finding.hints]
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
    seen: dict[str, str] = {}
    for severity in (Severity.error, Severity.warning, Severity.info):
        group = [f for f in report.findings if f.checkable and f.severity is severity]
        if not group:
            continue
        console.print(RichText(f"{severity.label(lang)} ({len(group)})", style=_STYLE[severity]))
        for finding in group:
            for line in _finding_lines(finding, lang, _STYLE[severity], _MARK[severity], seen):
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

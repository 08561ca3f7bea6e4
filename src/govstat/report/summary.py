"""The summary of a bulk validation: one row per file, as text, JSON, CSV or Markdown.

Columns: file, form, errors, warnings, status (and, in JSON and CSV, infos, cells not
checkable, agency, year and why an unreadable file could not be read).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from govstat.bulk import FileSummary, Summary
from govstat.model import Lang

HEADS = {
    "zh": ("文件", "表式", "错误", "警告", "状态"),
    "en": ("file", "form", "errors", "warnings", "status"),
}
_STATUS = {
    "zh": {"ok": "通过", "fail": "未通过", "unreadable": "无法读取"},
    "en": {"ok": "ok", "fail": "fail", "unreadable": "unreadable"},
}


def status_text(row: FileSummary, lang: Lang) -> str:
    """The status as the tables print it; an unreadable file says why."""
    word = _STATUS[lang][row.status]
    if row.status == "unreadable" and row.message:
        return f"{word}：{row.message}" if lang == "zh" else f"{word}: {row.message}"
    return word


def cells(row: FileSummary, lang: Lang) -> list[str]:
    readable = row.status != "unreadable"
    return [
        row.file,
        row.form or "—",
        str(row.errors) if readable else "—",
        str(row.warnings) if readable else "—",
        status_text(row, lang),
    ]


def totals_line(summary: Summary, lang: Lang) -> str:
    t = summary.totals
    if lang == "zh":
        return (
            f"共 {t.files} 个文件：{t.ok} 个通过，{t.fail} 个未通过，{t.unreadable} 个无法读取；"
            f"合计 {t.errors} 个错误，{t.warnings} 个警告"
        )
    return (
        f"{t.files} files: {t.ok} ok, {t.fail} failing, {t.unreadable} unreadable; "
        f"{t.errors} errors and {t.warnings} warnings in all"
    )


def render_text(summary: Summary, lang: Lang = "zh") -> str:
    """An aligned plain-text table (wide characters counted as two columns)."""
    from rich.cells import cell_len

    rows = [list(HEADS[lang]), *(cells(r, lang) for r in summary.files)]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        padded = [
            # numbers right-aligned, text left-aligned; the status column is not padded
            (" " * (w - cell_len(c)) + c) if i in (2, 3) else (c + " " * (w - cell_len(c)))
            for i, (c, w) in enumerate(zip(row[:4], widths, strict=True))
        ]
        lines.append("  ".join([*padded, row[4]]).rstrip())
    lines += ["", totals_line(summary, lang)]
    return "\n".join(lines) + "\n"


def render_json(summary: Summary, lang: Lang = "zh") -> str:
    return summary.model_dump_json(indent=2) + "\n"


_CSV_FIELDS = [
    "file",
    "form",
    "agency",
    "year",
    "errors",
    "warnings",
    "info",
    "not_checkable",
    "status",
    "message",
]


_CSV_HEADS = {
    "zh": ["文件", "表式", "填报单位", "年度", "错误", "警告", "提示", "无法检查", "状态", "说明"],
    "en": _CSV_FIELDS,
}


def render_csv(summary: Summary, lang: Lang = "zh") -> str:
    """For a spreadsheet: heads and status words in ``lang`` (the CLI adds the BOM or the
    encoding Excel needs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_HEADS[lang])
    for row in summary.files:
        values = row.model_dump(include=set(_CSV_FIELDS))
        values["status"] = _STATUS[lang][row.status]
        writer.writerow(["" if values[f] is None else values[f] for f in _CSV_FIELDS])
    return buffer.getvalue()


def findings_text(summary: Summary, lang: Lang = "zh") -> str:
    """Each file's findings under its name (``validate -v`` of many files)."""
    lines = []
    for row in summary.files:
        if row.findings:
            lines.append(row.file)
            lines += [f"  {f.rule}  {f.severity.label(lang)}  {f.message}" for f in row.findings]
    return "\n".join(lines) + ("\n" if lines else "")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(summary: Summary, lang: Lang = "zh") -> str:
    lines = [
        "| " + " | ".join(HEADS[lang]) + " |",
        "| --- | --- | ---: | ---: | --- |",
        *("| " + " | ".join(_md(c) for c in cells(r, lang)) + " |" for r in summary.files),
        "",
        totals_line(summary, lang),
    ]
    return "\n".join(lines) + "\n"


SUMMARY_RENDERERS: dict[str, Callable[[Summary, Lang], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "md": render_markdown,
}

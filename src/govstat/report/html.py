"""HTML: the table as a standalone, print-ready page, and the validation report drawn on it.

Both pages are one file with their style inline: no script, no font, nothing fetched, so they
read the same offline, in a mail attachment or printed. The table is the official layout
(:mod:`govstat.report.layout`); in the report each cell a finding names is coloured by the
worst severity naming it and links to those findings, and each finding links to its cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from govstat.forms import Form, get_form
from govstat.model import FilledTable, Finding, Lang, Report, Severity
from govstat.report.console import summary_line
from govstat.report.findings import cell_name, form_title, hint_line, ordered_findings
from govstat.report.layout import Band, Line, Part, filled_of, page
from govstat.report.words import word

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "WenQuanYi Micro Hei", SimSun, sans-serif; font-size: 10.5pt; color: #111; margin: 1.5em;
  line-height: 1.45; }
h1 { font-size: 16pt; text-align: center; margin: 0.4em 0; }
h2 { font-size: 12pt; margin: 1.2em 0 0.4em; }
p.line { margin: 0.15em 0; }
table.form { border-collapse: collapse; margin: 0.4em 0 1em; page-break-inside: auto; }
table.form td, table.form th { border: 1px solid #555; padding: 2px 6px; vertical-align: middle; }
table.form tr { page-break-inside: avoid; }
table.form .shade { background: #d9d9d9; }
table.form th { font-weight: bold; text-align: center; }
table.form th.left { text-align: left; }
table.form td.value { text-align: right; min-width: 4.5em; font-variant-numeric: tabular-nums; }
table.form td.mark { text-align: center; }
table.form td.center { text-align: center; }
td.sev-error { background: #ffc7ce; outline: 2px solid #c00000; outline-offset: -2px; }
td.sev-warning { background: #ffeb9c; outline: 2px solid #b8860b; outline-offset: -2px; }
td.sev-info { background: #ddebf7; outline: 2px solid #2f75b5; outline-offset: -2px; }
td a.ref { font-size: 7.5pt; vertical-align: super; margin-left: 2px; color: #333; }
:target { box-shadow: 0 0 0 3px #222 inset; }
.meta { color: #333; }
.signals { color: #666; font-size: 9pt; }
.summary { font-weight: bold; }
ol.findings { padding-left: 1.8em; }
ol.findings li { margin: 0.35em 0; }
.badge { display: inline-block; padding: 0 0.4em; border-radius: 3px; font-size: 9pt;
  color: #fff; margin-right: 0.4em; }
.badge.error { background: #c00000; } .badge.warning { background: #b8860b; }
.badge.info { background: #2f75b5; } .badge.unchecked { background: #888; }
.rule { font-family: monospace; margin-right: 0.5em; }
ul.cells { margin: 0.15em 0; padding-left: 1.2em; color: #444; font-size: 9.5pt; }
.hints { border-left: 3px solid #888; padding-left: 0.6em; margin: 0.3em 0; color: #444; }
.hints .head { font-style: italic; }
footer { color: #888; font-size: 8pt; margin-top: 2em; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
"""


def _document(title: str, body: str, lang: Lang) -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}"
        f"<footer>{escape(word('generated', lang))}</footer>\n</body>\n</html>\n"
    )


def _anchor(indicator: str, prefix: str = "") -> str:
    return f"{prefix}cell-{indicator}"


def _band_html(band: Band, marks: dict[str, tuple[Severity, list[int]]], prefix: str = "") -> str:
    out = ['<table class="form">']
    for row in band.rows:
        out.append("<tr>")
        for box in row:
            classes = []
            if box.shade:
                classes.append("shade")
            attrs = ""
            if box.rowspan > 1:
                attrs += f' rowspan="{box.rowspan}"'
            if box.colspan > 1:
                attrs += f' colspan="{box.colspan}"'
            text = escape(box.text).replace("\n", "<br>")
            if box.role in ("value", "mark"):
                classes.append(box.role)
                if box.indicator is not None:
                    attrs += f' id="{escape(_anchor(box.indicator, prefix))}"'
                    attrs += f' data-indicator="{escape(box.indicator)}"'
                    if box.indicator in marks:
                        severity, numbers = marks[box.indicator]
                        classes.append(f"sev-{severity.value}")
                        text += "".join(
                            f'<a class="ref" href="#{prefix}finding-{n}">{n}</a>' for n in numbers
                        )
            elif box.align == "center":
                classes.append("center")
            if box.indent:
                attrs += f' style="padding-left:{0.4 + box.indent * 1.2:.1f}em"'
            if box.role == "head" and box.align != "center":
                classes.append("left")
            tag = "th" if box.role == "head" else "td"
            if classes:
                attrs = f' class="{" ".join(classes)}"' + attrs
            out.append(f"<{tag}{attrs}>{text}</{tag}>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _parts_html(
    parts: list[Part],
    marks: dict[str, tuple[Severity, list[int]]],
    title_level: str = "h1",
    prefix: str = "",
) -> str:
    out = []
    for part in parts:
        if isinstance(part, Band):
            out.append(_band_html(part, marks, prefix))
        elif part.style == "title":
            out.append(f"<{title_level}>{escape(part.text)}</{title_level}>")
        elif part.style == "heading":
            out.append(f"<h2>{escape(part.text)}</h2>")
        else:
            out.append(f'<p class="line">{escape(part.text)}</p>')
    return "\n".join(out) + "\n"


def render_html(filled: FilledTable, lang: Lang = "zh") -> str:
    """The filled table as a standalone page in the official layout."""
    parts = page(filled, lang)
    title = next((p.text for p in parts if isinstance(p, Line) and p.style == "title"), "")
    return _document(title, _parts_html(parts, {}), lang)


def _marks(findings: list[Finding]) -> dict[str, tuple[Severity, list[int]]]:
    """Indicator → the worst severity of the checkable findings naming it, and their numbers."""
    marks: dict[str, tuple[Severity, list[int]]] = {}
    for number, finding in enumerate(findings, start=1):
        if not finding.checkable:
            continue
        for cell in finding.cells:
            if cell.cell is not None and cell.cell.file is not None:
                continue  # a cell of last year's table
            severity, numbers = marks.get(cell.indicator, (finding.severity, []))
            if finding.severity.rank > severity.rank:
                severity = finding.severity
            if number not in numbers:
                numbers.append(number)
            marks[cell.indicator] = (severity, numbers)
    return marks


def _finding_html(
    number: int, finding: Finding, lang: Lang, in_table: set[str], prefix: str, form: Form
) -> str:
    kind = finding.severity.value if finding.checkable else "unchecked"
    label = finding.severity.label(lang) if finding.checkable else word("not_checkable", lang)
    out = [
        f'<li id="{prefix}finding-{number}" class="finding {kind}">'
        f'<span class="badge {kind}">{escape(label)}</span>'
        f'<span class="rule">{escape(finding.rule)}</span>{escape(finding.message)}'
    ]
    if finding.cells:
        out.append('<ul class="cells">')
        for cell in finding.cells:
            where = escape(str(cell.cell)) if cell.cell else "—"
            if cell.indicator in in_table and (cell.cell is None or cell.cell.file is None):
                where = f'<a href="#{escape(_anchor(cell.indicator, prefix))}">{where}</a>'
            value = cell.value if cell.value != "" else word("blank", lang)
            name = cell_name(cell, lang, form)
            out.append(f"<li>{where} {escape(name)} = {escape(value)}</li>")
        out.append("</ul>")
    if finding.hints:
        out.append(f'<div class="hints"><div class="head">{escape(word("hints", lang))}</div><ul>')
        out += [f"<li>{escape(hint_line(hint, lang))}</li>" for hint in finding.hints]
        out.append("</ul></div>")
    out.append("</li>")
    return "\n".join(out)


def _report_body(report: Report, lang: Lang, prefix: str) -> str:
    form = get_form(report.form)
    findings = ordered_findings(report)
    sep = "：" if lang == "zh" else ": "
    meta = report.metadata
    heading = "h2" if prefix else "h1"
    out = [f'<section class="report"><{heading}>{escape(word("report", lang))}</{heading}>']
    lines = [
        f"{word('file', lang)}{sep}{report.file}"
        + (f"（{word('sheet', lang)}「{report.sheet}」）" if report.sheet and lang == "zh" else "")
        + (f" ({word('sheet', lang)} “{report.sheet}”)" if report.sheet and lang == "en" else ""),
        f"{word('form', lang)}{sep}{form_title(form, lang)}",
        f"{word('agency', lang)}{sep}{meta.agency or '—'}　{word('year', lang)}{sep}"
        f"{meta.year or '—'}　{word('date', lang)}{sep}{meta.date or '—'}",
    ]
    if report.previous:
        lines.append(f"{word('previous', lang)}{sep}{report.previous}")
    out += [f'<p class="meta">{escape(line)}</p>' for line in lines]
    out += [f'<p class="signals">· {escape(signal)}</p>' for signal in report.signals]
    out += [
        f'<p class="meta">{escape(word("notes", lang))}{sep}{escape(n)}</p>' for n in report.notes
    ]
    out.append(f'<p class="summary">{escape(summary_line(report, lang))}</p>')
    marks = _marks(findings)
    parts = page(filled_of(report), lang, header_values=True)
    out.append(f"<h2>{escape(word('table', lang))}</h2>")
    out.append(f'<p class="signals">{escape(word("legend", lang))}</p>')
    out.append(_parts_html(parts, marks, title_level="h2", prefix=prefix))
    in_table = {
        box.indicator
        for part in parts
        if isinstance(part, Band)
        for row in part.rows
        for box in row
        if box.indicator
    }
    out.append(f"<h2>{escape(word('findings', lang))}</h2>")
    if not any(f.checkable for f in findings):
        out.append(f"<p>{escape(word('clean', lang))}</p>")
    if findings:
        out.append('<ol class="findings">')
        out += [
            _finding_html(n, f, lang, in_table, prefix, form)
            for n, f in enumerate(findings, start=1)
        ]
        out.append("</ol>")
    out.append("</section>\n")
    return "\n".join(out)


def report_html(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """The validation report: each file's table with its failing cells marked, and its
    findings linked to them."""
    # With several files each keeps its own numbering; its anchors carry its place.
    several = len(reports) > 1
    body = "".join(
        _report_body(r, lang, f"f{i}-" if several else "") for i, r in enumerate(reports, 1)
    )
    title = word("report", lang) + (f" — {reports[0].file}" if len(reports) == 1 else "")
    return _document(title, body, lang)

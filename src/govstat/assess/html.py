"""The assessment as one self-contained page: no script, nothing fetched, every chart an
inline SVG drawn here (findings by rule and by unit, each indicator by unit and year, the
jumps, the tables alike); it prints on A4."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from govstat.assess.indicators import RATES
from govstat.assess.model import Assessment
from govstat.assess.rules import KINDS, RULES
from govstat.assess.words import thresholds, word
from govstat.model import Lang

FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',sans-serif"
COLOURS = {"error": "#c0392b", "warning": "#d68910", "info": "#2e86c1"}
YEAR_COLOURS = ["#5b8ff9", "#5ad8a6", "#f6bd16", "#e8684a", "#6dc8ec", "#9270ca"]

CSS = f"""
@page {{ size: A4; margin: 14mm; }}
body {{ font-family: {FONT}; font-size: 13px; color: #222; max-width: 180mm; margin: 0 auto; }}
h1 {{ font-size: 20px; }} h2 {{ font-size: 16px; border-bottom: 1px solid #ccc; margin-top: 24px; }}
h3 {{ font-size: 14px; margin: 14px 0 4px; }}
table {{ border-collapse: collapse; width: 100%; margin: 6px 0; }}
th, td {{ border: 1px solid #ccc; padding: 2px 5px; text-align: left; vertical-align: top; }}
th {{ background: #eef2f7; }}
td.num {{ text-align: right; }}
.chart {{ break-inside: avoid; page-break-inside: avoid; margin: 6px 0; }}
.chart svg {{ max-width: 100%; height: auto; }}
.sev-error {{ color: {COLOURS["error"]}; }} .sev-warning {{ color: {COLOURS["warning"]}; }}
.sev-info {{ color: {COLOURS["info"]}; }}
.cells {{ font-size: 11px; color: #555; }}
.note {{ color: #555; font-size: 12px; }}
tr {{ break-inside: avoid; }}
"""


def bar_chart(
    rows: list[tuple[str, float, str, str]], title: str, max_value: float | None = None
) -> str:
    """Horizontal bars: (label, value, text beside the bar, colour)."""
    if not rows:
        return ""
    width, label_w, bar_w, row_h = 640, 250, 300, 20
    top = max(max_value or 0, *(v for _, v, _, _ in rows)) or 1
    height = row_h * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{escape(FONT)}" font-size="12">'
    ]
    for n, (label, value, text, colour) in enumerate(rows):
        y = 5 + n * row_h
        length = max(1.0, bar_w * value / top) if value else 0
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 6}" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{y + 14}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return (
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{"".join(parts)}</figure>'
    )


def assessment_html(result: Assessment) -> str:
    lang = result.lang

    def w(key: str) -> str:
        return word(key, lang)

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(w('title'))}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(w('title'))}</h1>",
        f'<p class="note">{escape(w("thresholds"))}{"：" if lang == "zh" else ": "}'
        f"{escape(thresholds(result.settings, lang))}</p>",
        f"<p>{escape(w('reports'))} {len(result.reports)} · {escape(w('units'))} "
        f"{len(result.units)} · {escape(w('pairs'))} {len(result.pairs)} · "
        f"{escape(w('findings'))} {len(result.findings)}</p>",
    ]
    # Findings by rule and by unit.
    out.append(f"<h2>{escape(w('findings'))}</h2>")
    by_rule = result.findings_by_rule()
    severity = {f.rule: f.severity for f in result.findings}
    out.append(
        bar_chart(
            [
                (f"{rule} {_rule_name(rule, lang)}", n, str(n), COLOURS[severity[rule].value])
                for rule, n in by_rule.items()
            ],
            w("by_rule"),
        )
    )
    out.append(
        bar_chart(
            [(unit, n, str(n), "#7f8c8d") for unit, n in result.findings_by_unit().items()],
            w("by_unit"),
        )
    )
    # The jumps: last year's figure against this year's.
    jumps = [f for f in result.findings if f.rule == "A-01"]
    if jumps:
        out.append(f"<h3>{escape(w('jumps'))}</h3>")
        for finding in jumps:
            cells = list(finding.cells)
            rows = []
            half = len(cells) // 2
            for part, colour, year in (
                (cells[:half], "#aab7c4", (finding.year or 1) - 1),
                (cells[half:], COLOURS["warning"], finding.year),
            ):
                total = sum(float(c.value or 0) for c in part)
                rows.append((f"{finding.agency} {year}", total, f"{total:g}", colour))
            out.append(bar_chart(rows, finding.message))
    # Tables alike.
    alike = [f for f in result.findings if f.rule in ("A-02", "A-03")]
    if alike:
        out.append(f"<h3>{escape(w('same_tables'))}</h3>")
        rows = []
        for finding in alike:
            other = finding.other_agency or f"{finding.agency} {(finding.year or 1) - 1}"
            share = finding.share or 0
            rows.append(
                (
                    f"{finding.agency} {finding.year} ↔ {other}",
                    share * 100,
                    f"{share:.1%}",
                    COLOURS["warning"],
                )
            )
        out.append(bar_chart(rows, w("share_alike"), 100))
    out.append(_findings_table(result))
    # Indicators by unit and year.
    out.append(f"<h2>{escape(w('indicators'))}</h2>")
    years = sorted({v.year for v in result.indicators})
    colours = {year: YEAR_COLOURS[n % len(YEAR_COLOURS)] for n, year in enumerate(years)}
    legend = " ".join(f'<span style="color:{colours[y]}">■</span> {y}' for y in years)
    out.append(f'<p class="note">{legend}</p>')
    for rate in RATES:
        rated = [v for v in result.indicators if v.id == rate.id]
        if not rated:
            continue
        by_unit: dict[str, list[tuple[int, float | None, str]]] = defaultdict(list)
        for v in rated:
            by_unit[v.agency].append((v.year, v.value, v.text))
        rows = []
        for unit, entries in by_unit.items():
            for year, value, text in sorted(entries):
                rows.append((f"{unit} {year}", (value or 0) * 100, text, colours[year]))
        out.append(bar_chart(rows, rate.name(lang), 100))
    out.append(_rankings(result))
    out.append(_reports_table(result))
    out.append("</body></html>\n")
    return "\n".join(part for part in out if part)


def _rule_name(rule: str, lang: Lang) -> str:
    """What kind of check a rule is: 雷同, 汇总…; a form's rule over two years is a carry-over."""
    found = RULES.get(rule)
    if found is not None:
        return KINDS[found.kind].get(lang)
    return "结转" if lang == "zh" else "carry-over"


def _findings_table(result: Assessment) -> str:
    lang = result.lang

    def w(key: str) -> str:
        return word(key, lang)

    rows = [
        f"<table><thead><tr><th>{w('rule')}</th><th>{w('agency')}</th><th>{w('year')}</th>"
        f"<th>{w('message')}</th></tr></thead><tbody>"
    ]
    for f in result.findings:
        cells = "<br>".join(
            escape(
                f"{c.cell.describe(lang) if c.cell else '—'}  {c.label}"
                + (f"（{c.column}）" if c.column else "")
                + f" = {c.value}"
            )
            for c in f.cells
        )
        other = escape(f.other_file or "")
        detail = (
            f'<div class="cells">{cells}{"<br>↔ " + other if other and not cells else ""}</div>'
        )
        sev = f.severity.value if f.checkable else "info"
        rows.append(
            f'<tr><td class="sev-{sev}">{escape(f.rule)}</td><td>{escape(f.agency)}</td>'
            f"<td>{f.year or ''}</td><td>{escape(f.message)}{detail}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _rankings(result: Assessment) -> str:
    lang = result.lang
    out = [f"<h2>{escape(word('rankings', lang))}</h2>"]
    for ranking in result.rankings:
        if not ranking.entries:
            continue
        year = f" {ranking.year}" if ranking.year else ""
        order = word(f"better_{ranking.better}", lang)
        out.append(f"<h3>{escape(ranking.name)}{year}（{escape(order)}）</h3><table><tbody>")
        out += [
            f'<tr><td class="num">{e.rank}</td><td>{escape(e.agency)}</td>'
            f"<td>{escape(e.text)}</td></tr>"
            for e in ranking.entries
        ]
        out.append("</tbody></table>")
        if ranking.unranked:
            sep = "、" if lang == "zh" else ", "
            out.append(
                f'<p class="note">{escape(word("unranked", lang))}：'
                f"{escape(sep.join(ranking.unranked))}</p>"
            )
    return "".join(out)


def _reports_table(result: Assessment) -> str:
    lang = result.lang

    def w(key: str) -> str:
        return word(key, lang)

    heads = ("file", "agency", "year", "form", "errors", "warnings", "status")
    out = [f"<h2>{escape(w('reports'))}</h2><table><thead><tr>"]
    out += [f"<th>{escape(w(h))}</th>" for h in heads]
    out.append("</tr></thead><tbody>")
    for r in result.reports:
        out.append(
            f"<tr><td>{escape(r.where)}</td><td>{escape(r.agency or '—')}</td>"
            f"<td>{r.year or ''}</td>"
            f"<td>{r.form or ''}</td><td class='num'>{r.counts.error}</td>"
            f"<td class='num'>{r.counts.warning}</td><td>{escape(w(r.status))}"
            f"{escape('：' + r.message) if r.message else ''}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


__all__ = ["assessment_html", "bar_chart"]

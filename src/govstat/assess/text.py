"""The assessment on the console (rich): reports, units, pairs, findings with their cells,
indicators and rankings."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from govstat.assess.model import Assessment
from govstat.assess.words import thresholds, word
from govstat.model import Severity

_MARK = {Severity.error: "✗", Severity.warning: "!", Severity.info: "i"}
_STYLE = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "blue"}


def print_assessment(result: Assessment, console: Console) -> None:
    lang = result.lang

    def w(key: str) -> str:
        return word(key, lang)

    console.print(f"[bold]{w('title')}[/bold]")
    console.print(
        f"{w('thresholds')}：{thresholds(result.settings, lang)}"
        if lang == "zh"
        else f"{w('thresholds')}: {thresholds(result.settings, lang)}"
    )
    console.print()
    reports = Table(title=f"{w('reports')} ({len(result.reports)})", title_justify="left", box=None)
    for key in ("file", "agency", "year", "form", "errors", "warnings", "status"):
        reports.add_column(w(key), justify="right" if key in ("errors", "warnings") else "left")
    for row in result.reports:
        reports.add_row(
            row.where,
            row.agency or "—",
            str(row.year or "—"),
            row.form or "—",
            str(row.counts.error),
            str(row.counts.warning),
            w(row.status) + (f"：{row.message}" if row.message else ""),
        )
    console.print(reports)
    if result.skipped:
        from govstat.paths import describe_skipped

        console.print(describe_skipped(result.skipped, lang), markup=False)
    console.print()
    units = Table(title=f"{w('units')} ({len(result.units)})", title_justify="left", box=None)
    for key in ("agency", "years", "missing_years", "parent"):
        units.add_column(w(key))
    sep = "、" if lang == "zh" else ", "
    for unit in result.units:
        units.add_row(
            unit.agency,
            sep.join(map(str, unit.years)) or "—",
            sep.join(map(str, unit.missing_years)) or "",
            unit.parent or "",
        )
    console.print(units)
    console.print()
    pairs = Table(title=f"{w('pairs')} ({len(result.pairs)})", title_justify="left", box=None)
    for key in ("agency", "previous_year", "year", "carry_findings"):
        pairs.add_column(w(key))
    for pair in result.pairs:
        pairs.add_row(pair.agency, str(pair.previous_year), str(pair.year), str(pair.findings))
    console.print(pairs)
    console.print()
    console.print(f"[bold]{w('findings')} ({len(result.findings)})[/bold]")
    if not result.findings:
        console.print(f"  {w('no_findings')}")
    for finding in result.findings:
        mark = _MARK[finding.severity] if finding.checkable else "·"
        where = f"{finding.agency} {finding.year or ''}".strip()
        style = _STYLE[finding.severity] if finding.checkable else "dim"
        line = f"  {mark} {finding.rule}  {where}  {finding.message}"
        console.print(line, markup=False, style=style)
        if finding.file:
            console.print(f"      {finding.file}", markup=False, style="dim")
        for cell in finding.cells:
            place = cell.cell.describe(lang) if cell.cell else "—"
            label = cell.label + (f"（{cell.column}）" if cell.column and lang == "zh" else "")
            label += f" ({cell.column})" if cell.column and lang == "en" else ""
            console.print(f"      {place}  {label} = {cell.value}", markup=False)
        if finding.other_file and not finding.cells:
            console.print(f"      ↔ {finding.other_file}", markup=False)
    console.print()
    indicators = Table(title=w("indicators"), title_justify="left", box=None)
    for key in ("agency", "year", "indicator", "value"):
        indicators.add_column(w(key))
    from govstat.assess.indicators import RATES

    names = {rate.id: rate.name(lang) for rate in RATES}
    for value in result.indicators:
        indicators.add_row(value.agency, str(value.year), names[value.id], value.text)
    console.print(indicators)
    console.print()
    console.print(f"[bold]{w('rankings')}[/bold]")
    for ranking in result.rankings:
        if not ranking.entries:
            continue
        year = f" {ranking.year}" if ranking.year else ""
        order = w(f"better_{ranking.better}")
        console.print(
            f"  {ranking.name}{year}（{order}）"
            if lang == "zh"
            else f"  {ranking.name}{year} ({order})",
            markup=False,
        )
        for entry in ranking.entries:
            console.print(f"    {entry.rank}. {entry.agency}  {entry.text}", markup=False)
        if ranking.unranked:
            sep = "、" if lang == "zh" else ", "
            console.print(
                f"    {w('unranked')}：{sep.join(ranking.unranked)}"
                if lang == "zh"
                else f"    {w('unranked')}: {sep.join(ranking.unranked)}",
                markup=False,
            )

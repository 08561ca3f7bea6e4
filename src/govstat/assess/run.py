"""The assessment put together: collect the reports, tell the units and years, pair the
years, and run every check, indicator and ranking on them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from govstat.assess import completeness, settings
from govstat.assess.collect import collect
from govstat.assess.indicators import rate_values
from govstat.assess.jumps import jumps
from govstat.assess.model import (
    AssessFinding,
    Assessment,
    Collected,
    IndicatorValue,
    Pair,
    ReportRow,
    Settings,
    Unit,
)
from govstat.assess.pairs import check_pair
from govstat.assess.rankings import rankings
from govstat.assess.rules import RULES
from govstat.assess.sameness import copies, prose_alike, repeated
from govstat.assess.units import UnitList, agency_key, read_units, tidy
from govstat.model import CellInvolved, Counts, Lang, Severity, format_number


def assess(
    inputs: Iterable[str | Path],
    units: str | Path | None = None,
    lang: Lang = "zh",
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    fail_on: Severity = Severity.error,
    min_count: int = settings.MIN_COUNT,
) -> Assessment:
    """Assess every report of ``inputs`` (files, folders, globs); ``units`` is the CSV of
    the units expected (see :func:`govstat.assess.units.read_units`). Raises
    :class:`~govstat.errors.GovstatError` only for a bad list of units or no report at all;
    a bad report is a row of its own."""
    listed = read_units(units) if units is not None else None
    collected, skipped = collect(inputs, lang, jobs, progress)
    result = Assessor(collected, listed, lang, fail_on, min_count).run()
    result.skipped = skipped
    return result


class Assessor:
    """One run's state: reports by unit and year, and the findings as they come."""

    def __init__(
        self,
        collected: list[Collected],
        listed: UnitList | None,
        lang: Lang,
        fail_on: Severity,
        min_count: int,
    ) -> None:
        self.collected = collected
        self.listed = listed
        self.lang = lang
        self.fail_on = fail_on
        self.min_count = min_count
        self.findings: list[AssessFinding] = []
        self.keys: dict[str, str | None] = {}
        self.names: dict[str, str] = {}
        self.spellings: dict[str, list[str]] = {}
        self.by_unit: dict[str, dict[int, Collected]] = defaultdict(dict)

    # Who and when ------------------------------------------------------------------------

    def _assign(self) -> None:
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for report in self.collected:
            if report.status == "unreadable":
                continue
            if not report.agency or report.year is None:
                self.keys[report.where] = None
                continue
            key = agency_key(report.agency)
            self.keys[report.where] = key
            spellings[key][report.agency] += 1
        listed = self.listed.units if self.listed else {}
        for key, names in spellings.items():
            usual = tidy(names.most_common(1)[0][0])
            self.names[key] = listed[key].name if key in listed else usual
        for key, info in listed.items():
            self.names.setdefault(key, info.name)
        self.spellings = {key: sorted(names) for key, names in spellings.items()}
        for report in sorted(self.collected, key=lambda r: r.where):
            if report.status == "unreadable":
                continue
            found = self.keys.get(report.where)
            if found is None:
                self._add(
                    "A-12",
                    report,
                    report.agency or "?",
                    "读不出" + ("单位" if not report.agency else "年度") + "，不与其他年度配对"
                    if self.lang == "zh"
                    else f"no {'agency' if not report.agency else 'year'} found: not paired",
                )
                continue
            assert report.year is not None
            key = found
            first = self.by_unit[key].get(report.year)
            if first is None:
                self.by_unit[key][report.year] = report
            else:
                self._add(
                    "A-13",
                    report,
                    self.names[key],
                    f"{report.year} 年度已有报告 {first.where}，本表未参与比对"
                    if self.lang == "zh"
                    else f"{first.where} is already this unit's report of {report.year}: "
                    "this one is left out",
                )

    def _add(self, rule_id: str, report: Collected, agency: str, message: str) -> None:
        rule = RULES[rule_id]
        self.findings.append(
            AssessFinding(
                rule=rule.id,
                severity=rule.severity,
                agency=agency,
                year=report.year,
                file=report.file,
                message=message,
            )
        )

    # Checks --------------------------------------------------------------------------------

    def _pairs(self) -> list[Pair]:
        pairs = []
        prose_pairs = []
        for key, years in sorted(self.by_unit.items()):
            agency = self.names[key]
            for year in sorted(years):
                last, this = years.get(year - 1), years[year]
                if last is None or last.form is None or this.form is None:
                    continue
                pair, found = check_pair(agency, last, this, self.lang)
                pairs.append(pair)
                self.findings += found
                self.findings += jumps(agency, last, this, self.lang)
                self.findings += repeated(agency, last, this, self.lang)
                if this.prose and last.prose:
                    prose_pairs.append((agency, this, agency, last, True))
        # Other units' reports of the same year, text against text.
        by_year: dict[int, list[tuple[str, Collected]]] = defaultdict(list)
        for key, years in self.by_unit.items():
            for year, report in years.items():
                if report.prose:
                    by_year[year].append((self.names[key], report))
        for group in by_year.values():
            for n, (agency, report) in enumerate(group):
                for other_agency, other in group[n + 1 :]:
                    prose_pairs.append((agency, report, other_agency, other, False))
                    prose_pairs.append((other_agency, other, agency, report, False))
        self.findings += prose_alike(prose_pairs, self.lang)
        return pairs

    def _copies(self) -> None:
        primaries, agencies = [], []
        for key, years in self.by_unit.items():
            for report in years.values():
                primaries.append(report)
                agencies.append(self.names[key])
        self.findings += copies(primaries, agencies, self.lang)

    def _completeness(self) -> None:
        published = self.listed.published if self.listed else {}
        for key, years in self.by_unit.items():
            agency = self.names[key]
            for year, report in years.items():
                self.findings += completeness.blank_table(report, agency, self.lang)
                self.findings += completeness.report_form(report, agency, self.lang)
                self.findings += completeness.late(
                    report, agency, published.get((key, year)), self.lang
                )

    def _units(self) -> list[Unit]:
        all_years = sorted({y for years in self.by_unit.values() for y in years})
        listed = self.listed.units if self.listed else {}
        units = []
        for key in sorted(set(self.by_unit) | set(listed), key=lambda k: self.names[k]):
            years = sorted(self.by_unit.get(key, {}))
            info = listed.get(key)
            missing = [y for y in all_years if y not in years] if info is not None else []
            for year in missing:
                rule = RULES["A-10"]
                self.findings.append(
                    AssessFinding(
                        rule=rule.id,
                        severity=rule.severity,
                        agency=self.names[key],
                        year=year,
                        file=None,
                        message=f"没有 {year} 年度的报告"
                        if self.lang == "zh"
                        else f"no report for {year}",
                    )
                )
            units.append(
                Unit(
                    agency=self.names[key],
                    key=key,
                    spellings=self.spellings.get(key, []),
                    years=years,
                    missing_years=missing,
                    parent=info.parent if info else None,
                    type=info.type if info else None,
                    listed=info is not None,
                )
            )
        return units

    def _parents(self) -> None:
        """A-11: each parent's table against the sum of its children present."""
        if self.listed is None:
            return
        children: dict[str, list[str]] = defaultdict(list)
        for key, info in self.listed.units.items():
            if info.parent:
                children[agency_key(info.parent)].append(key)
        for parent, kids in sorted(children.items()):
            for year, report in sorted(self.by_unit.get(parent, {}).items()):
                present = [self.by_unit[k][year] for k in kids if year in self.by_unit.get(k, {})]
                missing = [self.names[k] for k in kids if year not in self.by_unit.get(k, {})]
                self.findings += parent_check(
                    self.names[parent], report, present, missing, self.lang
                )

    def _indicators(self) -> list[IndicatorValue]:
        out = []
        for key, years in sorted(self.by_unit.items(), key=lambda kv: self.names[kv[0]]):
            for _, report in sorted(years.items()):
                out += rate_values(report, self.names[key], self.lang, self.min_count)
        return out

    def run(self) -> Assessment:
        self._assign()
        pairs = self._pairs()
        self._copies()
        self._completeness()
        units = self._units()
        self._parents()
        indicators = self._indicators()
        self.findings.sort(key=lambda f: (f.agency, f.year or 0, f.rule, f.file or ""))
        ranked = rankings(
            indicators, self.findings, [u.agency for u in units if u.years], self.lang
        )
        reports = [self._row(r) for r in sorted(self.collected, key=self._order)]
        return Assessment(
            lang=self.lang,
            fail_on=self.fail_on,
            settings=Settings(
                jump_ratio=settings.JUMP_RATIO,
                jump_floor=settings.JUMP_FLOOR,
                same_share=settings.SAME_SHARE,
                same_min_cells=settings.SAME_MIN_CELLS,
                prose_share=settings.PROSE_SHARE,
                blank_share=settings.BLANK_SHARE,
                min_count=self.min_count,
            ),
            reports=reports,
            units=units,
            pairs=pairs,
            findings=self.findings,
            indicators=indicators,
            rankings=ranked,
            exit_status=self._exit_status(),
        )

    def _order(self, report: Collected) -> tuple[str, int, str]:
        key = self.keys.get(report.where)
        return (self.names.get(key, "") if key else "\uffff", report.year or 0, report.where)

    def _row(self, report: Collected) -> ReportRow:
        key = self.keys.get(report.where)
        return ReportRow(
            file=report.file,
            sheet=report.sheet,
            agency=self.names.get(key) if key else None,
            agency_as_read=report.agency,
            year=report.year,
            form=report.form,
            counts=report.counts,
            status=report.status
            if report.status == "unreadable"
            else ("fail" if _fails(report.counts, self.fail_on) else "ok"),
            message=report.message,
            whole_report=bool(report.prose),
        )

    def _exit_status(self) -> int:
        """validate's: 2 if a report could not be read, 1 if anything reaches --fail-on."""
        if any(r.status == "unreadable" for r in self.collected):
            return 2
        own = any(_fails(r.counts, self.fail_on) for r in self.collected)
        return 1 if own or any(f.fails(self.fail_on) for f in self.findings) else 0


def _fails(counts: Counts, fail_on: Severity) -> bool:
    """Whether a report's own findings reach ``fail_on``."""
    at_or_above = {"error": counts.error, "warning": counts.warning, "info": counts.info}
    return any(n for name, n in at_or_above.items() if Severity(name).rank >= fail_on.rank)


def parent_check(
    parent: str, report: Collected, children: list[Collected], missing: list[str], lang: Lang
) -> list[AssessFinding]:
    """A-11 for one parent and year, as ``compile --check-against`` compares: each cell that
    is not the sum of the children present. When children lack the year's report, a finding
    names them and the differences are shown as not checkable: nothing is passed."""
    from govstat.api import read_table
    from govstat.compile import check_against, compile_units
    from govstat.errors import GovstatError

    rule = RULES["A-11"]

    def finding(
        message: str, cells: list[CellInvolved] | None = None, checkable: bool = True
    ) -> AssessFinding:
        return AssessFinding(
            rule=rule.id,
            severity=rule.severity,
            checkable=checkable,
            agency=parent,
            year=report.year,
            file=report.file,
            message=message,
            cells=cells or [],
        )

    out = []
    if missing:
        # The sum of the children present is still shown, but proves nothing either way.
        names = "、".join(missing) if lang == "zh" else ", ".join(missing)
        out.append(
            finding(
                f"无法确认汇总表：{names} 没有 {report.year} 年度报告，只与其余 {len(children)} "
                "个下级单位的合计比对"
                if lang == "zh"
                else f"cannot be confirmed: {names} have no report for {report.year}; compared "
                f"with the sum of the other {len(children)} children only",
                checkable=False,
            )
        )
    if not children:
        return out
    compilation = compile_units([c.file for c in children], None, lang, allow_errors=True)
    try:
        if compilation.status == "refused":
            raise GovstatError(compilation.reason or "")
        region = read_table(report.file, None, lang, report.sheet)
        comparison = check_against(region, compilation, lang)
    except GovstatError as error:
        return [*out, finding(f"未比对 (not compared): {error}", checkable=False)]
    for diff in comparison.differences:
        cells = [
            CellInvolved(
                indicator=diff.indicator,
                label=diff.name,
                cell=diff.cell.model_copy(update={"file": report.file}) if diff.cell else None,
                value=diff.region,
            )
        ]
        cells += [
            CellInvolved(
                indicator=diff.indicator,
                label=diff.name,
                cell=u.cell.model_copy(update={"file": u.file}) if u.cell else None,
                value=u.text,
            )
            for u in diff.units
        ]
        gap = f"（相差 {format_number(diff.difference)}）" if diff.difference is not None else ""
        gap_en = f" (by {format_number(diff.difference)})" if diff.difference is not None else ""
        out.append(
            finding(
                f"{diff.name}：汇总表为 {diff.region or '（空白）'}，"
                f"{len(children)} 个下级单位合计为 {diff.compiled or '（空白）'}{gap}"
                if lang == "zh"
                else f"{diff.name}: the parent's table says {diff.region or '(blank)'}, its "
                f"{len(children)} children add up to {diff.compiled or '(blank)'}{gap_en}",
                cells,
                checkable=not missing,
            )
        )
    return out

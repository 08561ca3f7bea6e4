"""Sameness: a table identical or nearly identical to another unit's of the same year (A-02)
or to the unit's own of last year (A-03); a section of a whole report's text nearly the same
as last year's or another unit's (A-04). Scoring sheets deduct points for
「与往年或与其他单位雷同」."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from govstat.assess import settings
from govstat.assess.completeness import SECTIONS, sections
from govstat.assess.model import AssessFinding, Collected
from govstat.assess.rules import RULES
from govstat.model import Lang

_EMPTY = frozenset({"", "0", "——", "—", "-", "无"})


def informative(cells: tuple[str, ...]) -> int:
    """How many cells hold something other than blank, 0 or an empty mark."""
    return sum(cell not in _EMPTY for cell in cells)


def differing(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def nearly_same(a: Collected, b: Collected) -> int | None:
    """How many cells differ when two tables of one form are nearly the same, else None."""
    if a.form != b.form or len(a.cells) != len(b.cells) or not a.cells:
        return None
    filled = min(informative(a.cells), informative(b.cells))
    if filled < settings.SAME_MIN_CELLS:
        return None
    allowed = max(1, int(settings.SAME_SHARE * filled))
    differ = differing(a.cells, b.cells)
    return differ if differ <= allowed else None


BANDS = 12
"""Tables are compared only when one band of cells (every 12th cell) is the same: a table
with at most 11 cells changed keeps at least one band intact, so no near copy is missed
among hundreds of tables without comparing every pair."""


def candidates(reports: list[Collected]) -> set[tuple[int, int]]:
    """Index pairs of reports (same form) that share an informative band of cells."""
    buckets: dict[tuple[str | None, int, tuple[str, ...]], list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        for band in range(BANDS):
            cells = report.cells[band::BANDS]
            if informative(cells):
                buckets[report.form, band, cells].append(index)
    pairs = set()
    for members in buckets.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pairs.add((i, j))
    return pairs


def _message(rule: str, differ: int, other: str, lang: Lang, year: int | None) -> str:
    if rule == "A-02":
        if lang == "zh":
            return f"统计表与{other}同年度的" + (
                "完全相同" if not differ else f"几乎相同：只有 {differ} 个单元格不同"
            )
        return f"the table is the same as {other}'s of the same year" + (
            "" if not differ else f" but for {differ} cells"
        )
    if lang == "zh":
        return f"统计表与本单位 {year} 年度的" + (
            "完全相同" if not differ else f"几乎相同：只有 {differ} 个单元格不同"
        )
    return f"the table is the same as the unit's own of {year}" + (
        "" if not differ else f" but for {differ} cells"
    )


def copies(reports: list[Collected], agencies: list[str], lang: Lang) -> list[AssessFinding]:
    """A-02 for each pair of units whose tables of a year are nearly the same (both named)."""
    rule = RULES["A-02"]
    out = []
    by_year: dict[int | None, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        by_year[report.year].append(index)
    for indices in by_year.values():
        group = [reports[i] for i in indices]
        for i, j in sorted(candidates(group)):
            a, b = group[i], group[j]
            name_a, name_b = agencies[indices[i]], agencies[indices[j]]
            if name_a == name_b:
                continue
            differ = nearly_same(a, b)
            if differ is None:
                continue
            share = 1 - differ / max(1, len(a.cells))
            for this, other, mine, theirs in ((a, b, name_a, name_b), (b, a, name_b, name_a)):
                out.append(
                    AssessFinding(
                        rule=rule.id,
                        severity=rule.severity,
                        agency=mine,
                        year=this.year,
                        file=this.file,
                        message=_message("A-02", differ, theirs, lang, this.year),
                        other_agency=theirs,
                        other_file=other.file,
                        share=round(share, 4),
                    )
                )
    return out


def repeated(agency: str, last: Collected, this: Collected, lang: Lang) -> list[AssessFinding]:
    """A-03: this year's table is last year's."""
    differ = nearly_same(last, this)
    if differ is None:
        return []
    rule = RULES["A-03"]
    return [
        AssessFinding(
            rule=rule.id,
            severity=rule.severity,
            agency=agency,
            year=this.year,
            file=this.file,
            message=_message("A-03", differ, agency, lang, last.year),
            other_file=last.file,
            share=round(1 - differ / max(1, len(this.cells)), 4),
        )
    ]


# Prose ---------------------------------------------------------------------------------------


def _shingles(text: str) -> set[int]:
    size = settings.SHINGLE
    return {hash(text[i : i + size]) for i in range(max(0, len(text) - size + 1))}


def section_texts(report: Collected) -> dict[int, set[int]]:
    """A whole report's sections long enough to compare, as shingles."""
    out: dict[int, set[int]] = {}
    for section in sections(report.prose):
        if section.index >= 0 and len(section.body) >= settings.PROSE_MIN_CHARS:
            out.setdefault(section.index, set()).update(_shingles(section.body))
    return out


def shared(a: set[int], b: set[int]) -> float:
    """The share of ``a``'s text that also stands in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def prose_alike(
    pairs: Iterable[tuple[str, Collected, str, Collected, bool]], lang: Lang
) -> list[AssessFinding]:
    """A-04 for (agency, report, other agency, other report, same unit last year) pairs."""
    rule = RULES["A-04"]
    out = []
    cache: dict[str, dict[int, set[int]]] = {}

    def texts(report: Collected) -> dict[int, set[int]]:
        if report.where not in cache:
            cache[report.where] = section_texts(report)
        return cache[report.where]

    for agency, this, other_agency, other, own in pairs:
        mine, theirs = texts(this), texts(other)
        for index in sorted(mine.keys() & theirs.keys()):
            share = shared(mine[index], theirs[index])
            if share < settings.PROSE_SHARE:
                continue
            name = SECTIONS[index][0] if lang == "zh" else SECTIONS[index][1]
            whose = (
                (f"本单位 {other.year} 年度报告" if own else f"{other_agency}同年度报告")
                if lang == "zh"
                else (
                    f"the unit's own report of {other.year}" if own else f"{other_agency}'s report"
                )
            )
            message = (
                f"「{name}」的文字有 {share:.0%} 与{whose}相同"
                if lang == "zh"
                else f"{share:.0%} of the text of “{name}” is also in {whose}"
            )
            out.append(
                AssessFinding(
                    rule=rule.id,
                    severity=rule.severity,
                    agency=agency,
                    year=this.year,
                    file=this.file,
                    message=message,
                    other_agency=None if own else other_agency,
                    other_file=other.file,
                    share=round(share, 4),
                )
            )
    return out

"""Rankings of the units within the folder: by each indicator in each year (only rates over
at least the minimum count), and by their findings."""

from __future__ import annotations

from collections import defaultdict

from govstat.assess.indicators import RATES
from govstat.assess.model import AssessFinding, IndicatorValue, RankEntry, Ranking
from govstat.model import Lang


def _ranked(values: list[tuple[str, float, str]], better: str) -> list[RankEntry]:
    """Competition ranking (1, 2, 2, 4): equal values share a rank."""
    ordered = sorted(values, key=lambda v: (-v[1] if better == "higher" else v[1], v[0]))
    out: list[RankEntry] = []
    for position, (agency, value, text) in enumerate(ordered, start=1):
        rank = out[-1].rank if out and out[-1].value == value else position
        out.append(RankEntry(rank=rank, agency=agency, value=value, text=text))
    return out


def rankings(
    indicators: list[IndicatorValue], findings: list[AssessFinding], units: list[str], lang: Lang
) -> list[Ranking]:
    out = []
    by_rate: dict[tuple[str, int], list[IndicatorValue]] = defaultdict(list)
    for value in indicators:
        by_rate[value.id, value.year].append(value)
    for rate in RATES:
        for year in sorted({y for (i, y) in by_rate if i == rate.id}):
            values = by_rate[rate.id, year]
            ranked = [
                (v.agency, v.value, v.text) for v in values if v.ranked and v.value is not None
            ]
            out.append(
                Ranking(
                    id=rate.id,
                    name=rate.name(lang),
                    year=year,
                    better=rate.better,
                    entries=_ranked(
                        [(a, float(v), t) for a, v, t in ranked if v is not None], rate.better
                    ),
                    unranked=sorted(v.agency for v in values if not v.ranked),
                )
            )
    counts = dict.fromkeys(units, 0)
    for finding in findings:
        if finding.checkable:
            counts[finding.agency] = counts.get(finding.agency, 0) + 1
    noun = "个问题" if lang == "zh" else " findings"
    out.append(
        Ranking(
            id="findings",
            name="发现的问题" if lang == "zh" else "findings",
            year=None,
            better="lower",
            entries=_ranked([(a, float(n), f"{n}{noun}") for a, n in counts.items()], "lower"),
        )
    )
    return out

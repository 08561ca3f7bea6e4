"""Indicators, each defined once: a rate with its numerator and denominator over the
figures of each form, printed ``15.0%（3/20）``; shown but not ranked below
:data:`~govstat.assess.settings.MIN_COUNT`, and never computed from a table whose own error
rules fail (the rate says which rule to fix first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from govstat.assess import settings
from govstat.assess.figures import CURRENT, Figure
from govstat.assess.model import Collected, IndicatorValue, percent
from govstat.model import Lang, format_number


@dataclass(frozen=True)
class Rate:
    id: str
    zh: str
    en: str
    numerator: Figure
    denominator: Figure
    better: Literal["higher", "lower"]
    """Which way ranks first."""

    def name(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def _both(*cells: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(CURRENT, cells)


_REFUSED = tuple(
    f"t3.refused_{part}.total"
    for part in (
        "secret",
        "law",
        "security",
        "third_party",
        "internal",
        "process",
        "enforcement",
        "query",
    )
)
_UNABLE = tuple(f"t3.unable_{part}.total" for part in ("not_held", "not_existing", "unclear"))
_ANSWERED = Figure(
    "answered",
    "办理结果总计",
    "requests answered",
    {"2014": ("replies",), **_both("t3.total.total")},
)

RATES: list[Rate] = [
    Rate(
        "disclosed_share",
        "予以公开率（予以公开+部分公开）",
        "share disclosed (in full or in part)",
        Figure(
            "disclosed",
            "予以公开+部分公开",
            "disclosed in full or in part",
            {
                "2014": ("replies_already_public", "replies_disclosed", "replies_partly_disclosed"),
                **_both("t3.disclosed.total", "t3.partly.total"),
            },
        ),
        _ANSWERED,
        "higher",
    ),
    Rate(
        "refused_share",
        "不予公开率",
        "share refused",
        Figure(
            "refused", "不予公开", "refused", {"2014": ("replies_refused",), **_both(*_REFUSED)}
        ),
        _ANSWERED,
        "lower",
    ),
    Rate(
        "unable_share",
        "无法提供率",
        "share that could not be provided",
        Figure(
            "unable",
            "无法提供",
            "could not be provided",
            {"2014": ("replies_not_this_agency", "replies_not_exist"), **_both(*_UNABLE)},
        ),
        _ANSWERED,
        "lower",
    ),
    Rate(
        "carried_share",
        "结转下年度率",
        "share carried over to next year",
        Figure("carry_next", "结转下年度继续办理", "carried over", _both("t3.carry_next.total")),
        Figure(
            "pending",
            "本年新收+上年结转",
            "received and carried in",
            _both("t3.new.total", "t3.carried.total"),
        ),
        "lower",
    ),
    Rate(
        "review_corrected",
        "行政复议纠错率",
        "correction rate of reviews",
        Figure(
            "review_corrected",
            "行政复议结果纠正",
            "reviews corrected",
            {"2014": ("reviews_corrected",), **_both("t4.review_corrected")},
        ),
        Figure(
            "review_decided",
            "行政复议总计−尚未审结",
            "reviews decided",
            {"2014": ("reviews",), **_both("t4.review_total", "-t4.review_pending")},
        ),
        "lower",
    ),
    Rate(
        "lawsuit_corrected",
        "行政诉讼纠错率",
        "correction rate of lawsuits",
        Figure(
            "lawsuit_corrected",
            "行政诉讼结果纠正",
            "lawsuits corrected",
            {"2014": ("lawsuits_corrected",), **_both("t4.direct_corrected", "t4.after_corrected")},
        ),
        Figure(
            "lawsuit_decided",
            "行政诉讼总计−尚未审结",
            "lawsuits decided",
            {
                "2014": ("lawsuits",),
                **_both(
                    "t4.direct_total", "t4.after_total", "-t4.direct_pending", "-t4.after_pending"
                ),
            },
        ),
        "lower",
    ),
]


def rate_values(
    report: Collected, agency: str, lang: Lang, min_count: int = settings.MIN_COUNT
) -> list[IndicatorValue]:
    """Every rate of one report (those its form defines)."""
    assert report.year is not None
    out = []
    for rate in RATES:
        if report.form not in rate.numerator.cells:
            continue
        blocked = sorted(set(report.failing))
        numerator = rate.numerator.value(report.form, report.numbers)
        denominator = rate.denominator.value(report.form, report.numbers)
        value: float | None = None
        ranked = False
        if blocked:
            rules = "、".join(blocked) if lang == "zh" else ", ".join(blocked)
            text = (
                f"未计算：须先修正 {rules}" if lang == "zh" else f"not computed: fix {rules} first"
            )
        elif numerator is None or denominator is None:
            text = (
                "未计算：相关单元格没有数值"
                if lang == "zh"
                else "not computed: cells hold no number"
            )
        elif denominator == 0:
            text = "—" + _parts(format_number(numerator), "0", lang)
        else:
            value = float(numerator / denominator)
            text = percent(numerator, denominator, lang)
            ranked = denominator >= min_count
            if not ranked:
                text += (
                    f"，少于 {min_count} 件不排名"
                    if lang == "zh"
                    else f", under {min_count}: not ranked"
                )
        out.append(
            IndicatorValue(
                agency=agency,
                year=report.year,
                id=rate.id,
                file=report.file,
                numerator=numerator if not blocked else None,
                denominator=denominator if not blocked else None,
                value=value,
                text=text,
                ranked=ranked,
                blocked_by=blocked,
            )
        )
    return out


def _parts(numerator: str, denominator: str, lang: Lang) -> str:
    return f"（{numerator}/{denominator}）" if lang == "zh" else f" ({numerator}/{denominator})"


def indicator_cells(form: str) -> set[str]:
    """The cells every rate of ``form`` reads."""
    cells: set[str] = set()
    for rate in RATES:
        cells.update(rate.numerator.inputs(form))
        cells.update(rate.denominator.inputs(form))
    return cells


__all__ = ["RATES", "Rate", "indicator_cells", "rate_values"]

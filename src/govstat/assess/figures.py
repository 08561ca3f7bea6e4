"""Figures defined once as data: a name and, for each form, the cells whose sum it is
(a cell id prefixed ``-`` is subtracted). Key figures (A-01) and the indicators' numerators
and denominators are such figures, so a unit's figure of 2020 (form 2019) and 2021 (form
2021) compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from govstat.model import Lang

_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
CURRENT = ("2019", "2021")
"""Forms 2019 and 2021 share table 三 and table 四."""


@dataclass(frozen=True)
class Figure:
    id: str
    zh: str
    en: str
    cells: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Form id → the cells added up (``-id`` subtracted)."""

    def name(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def value(self, form: str | None, numbers: dict[str, Decimal]) -> Decimal | None:
        """The figure of a table, or None when the form lacks it or a cell holds no number."""
        terms = self.cells.get(form or "")
        if not terms:
            return None
        total = Decimal(0)
        for term in terms:
            number = numbers.get(term.lstrip("-"))
            if number is None:
                return None
            total += -number if term.startswith("-") else number
        return total

    def inputs(self, form: str) -> list[str]:
        return [term.lstrip("-") for term in self.cells.get(form, ())]


def _current(*cells: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(CURRENT, cells)


_APPLICANT_ZH = {
    "natural": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal": "法律服务机构",
    "other": "其他",
}
_APPLICANT_EN = {
    "natural": "natural persons",
    "commercial": "businesses",
    "research": "research bodies",
    "nonprofit": "non-profits",
    "legal": "legal services",
    "other": "others",
}

KEY_FIGURES: list[Figure] = [
    Figure(
        "received",
        "本年新收申请数",
        "requests received",
        {"2014": ("requests_received",), **_current("t3.new.total")},
    ),
    *(
        Figure(
            f"received_{column}",
            f"本年新收申请数（{_APPLICANT_ZH[column]}）",
            f"requests received ({_APPLICANT_EN[column]})",
            _current(f"t3.new.{column}"),
        )
        for column in _COLUMNS
    ),
    Figure(
        "reviews",
        "行政复议总计",
        "administrative reviews",
        {"2014": ("reviews",), **_current("t4.review_total")},
    ),
    Figure(
        "lawsuits",
        "行政诉讼总计",
        "lawsuits",
        {"2014": ("lawsuits",), **_current("t4.direct_total", "t4.after_total")},
    ),
    Figure(
        "proactive",
        "主动公开政府信息数",
        "items disclosed proactively",
        {"2014": ("proactive_total",)},
    ),
    Figure(
        "normative",
        "制发规范性文件数",
        "normative documents issued",
        {
            "2014": ("normative_issued",),
            "2019": ("t2_1.normative.made",),
            "2021": ("t2_1.normative.issued",),
        },
    ),
    Figure(
        "licensing",
        "行政许可处理决定数",
        "licensing decisions",
        {"2019": ("t2_5.licensing.decisions",), "2021": ("t2_5.licensing.decisions",)},
    ),
    Figure(
        "penalties",
        "行政处罚处理决定数",
        "penalty decisions",
        {"2019": ("t2_6.penalties.decisions",), "2021": ("t2_6.penalties.decisions",)},
    ),
    Figure(
        "fees",
        "本年收费金额（万元）",
        "fees collected (10,000 yuan)",
        {"2021": ("t2_8.fees.amount",)},
    ),
]
"""A-01's key figures."""

"""The assessment's rules as data: id, severity, kind and what each checks, in both
languages. ``govstat rules`` and ``docs/rules.md`` list them with the forms' rules; the
carry-over rules of pairs of years are the forms' own (``<form>-3-06`` …)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from govstat.assess import settings as s
from govstat.model import Lang, Severity, Text


class AssessRule(BaseModel):
    """One rule of the assessment."""

    model_config = ConfigDict(frozen=True)

    id: str
    severity: Severity
    kind: str
    title: Text

    def relation(self, lang: Lang) -> str:
        return self.title.get(lang)


def _rule(id_: str, severity: Severity, kind: str, zh: str, en: str) -> AssessRule:
    return AssessRule(id=id_, severity=severity, kind=kind, title=Text(zh=zh, en=en))


_W, _I, _E = Severity.warning, Severity.info, Severity.error

ASSESS_RULES: list[AssessRule] = [
    _rule(
        "A-01",
        _W,
        "jump",
        f"关键数字较上年变化超过 {s.JUMP_RATIO} 倍且超过 {s.JUMP_FLOOR}（本年新收、各类申请人新收、"
        "行政复议和行政诉讼总计、主动公开数量、本年收费金额）",
        f"a key figure changed from last year by more than {s.JUMP_RATIO} times and by more "
        f"than {s.JUMP_FLOOR} (requests received, per applicant, review and lawsuit totals, "
        "counts disclosed proactively, fees collected)",
    ),
    _rule(
        "A-02",
        _W,
        "sameness",
        f"统计表与同年度其他单位的相同或几乎相同（不同的单元格不超过 {s.SAME_SHARE:.0%}）",
        f"the table is identical or nearly identical to another unit's of the same year (at "
        f"most {s.SAME_SHARE:.0%} of its cells differ)",
    ),
    _rule(
        "A-03",
        _W,
        "sameness",
        "统计表与本单位上年度的相同或几乎相同，而年度已变",
        "the table is identical or nearly identical to the unit's own of last year",
    ),
    _rule(
        "A-04",
        _W,
        "sameness",
        f"正文某一部分与本单位上年或同年其他单位的几乎相同（相同文字占 {s.PROSE_SHARE:.0%} 以上）",
        f"a section of the text is nearly the same as last year's or another unit's (more "
        f"than {s.PROSE_SHARE:.0%} of it shared)",
    ),
    _rule(
        "A-05",
        _W,
        "completeness",
        f"统计表大部分未填（填了数字的单元格少于 {s.BLANK_SHARE:.0%}）",
        f"the table is largely blank (fewer than {s.BLANK_SHARE:.0%} of its cells hold a number)",
    ),
    _rule(
        "A-06",
        _W,
        "completeness",
        "年度报告应有一、总体情况至六、其他需要报告的事项六个部分，且顺序不乱",
        "a report has the six sections 一、总体情况 … 六、其他需要报告的事项, in order",
    ),
    _rule(
        "A-07",
        _W,
        "completeness",
        "「五、存在的主要问题及改进情况」不应为空或只有一两个字",
        "the section on problems and improvements is not empty or a word long",
    ),
    _rule(
        "A-08",
        _W,
        "completeness",
        "正文在应写本年度之处写了以前的年度（如 2023 年度报告中的「本单位2022年…」）",
        "the text names an earlier year where the report's own belongs",
    ),
    _rule(
        "A-09",
        _W,
        "completeness",
        "年度报告应于次年 1 月 31 日前公布（2019 年度以前为 3 月 31 日前）",
        "a report is published by 31 January of the next year (31 March before 2019)",
    ),
    _rule(
        "A-10",
        _I,
        "completeness",
        "单位清单中的单位在某一年度没有报告",
        "a unit of the list of units has no report for a year",
    ),
    _rule(
        "A-11",
        _E,
        "compilation",
        "上级单位的统计表等于其下级单位统计表之和（同 compile --check-against）",
        "a parent's table is the sum of its children's (as compile --check-against)",
    ),
    _rule(
        "A-12",
        _W,
        "completeness",
        "从报告中读不出单位或年度，无法与其他年度配对",
        "the report's agency or year cannot be read, so it is paired with no other year",
    ),
    _rule(
        "A-13",
        _I,
        "completeness",
        "同一单位同一年度有多份报告，只用第一份",
        "several reports of one unit and year: only the first is used",
    ),
]

RULES: dict[str, AssessRule] = {rule.id: rule for rule in ASSESS_RULES}

KINDS: dict[str, Text] = {
    "jump": Text(zh="年度变化", en="year-on-year change"),
    "sameness": Text(zh="雷同", en="sameness"),
    "completeness": Text(zh="完整与规范", en="completeness and form"),
    "compilation": Text(zh="汇总", en="compilation"),
}

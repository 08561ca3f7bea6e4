"""Every word the assessment's outputs print, in both languages."""

from __future__ import annotations

from govstat.assess.model import Settings
from govstat.model import Lang, Text

WORDS: dict[str, Text] = {
    "title": Text(zh="政府信息公开工作年度报告评估", en="Assessment of annual disclosure reports"),
    "reports": Text(zh="报告", en="Reports"),
    "units": Text(zh="单位", en="Units"),
    "pairs": Text(zh="相邻年度", en="Pairs of years"),
    "findings": Text(zh="发现的问题", en="Findings"),
    "indicators": Text(zh="指标", en="Indicators"),
    "rankings": Text(zh="排名", en="Rankings"),
    "file": Text(zh="文件", en="File"),
    "agency": Text(zh="单位", en="Unit"),
    "as_read": Text(zh="报告所写单位", en="Agency as written"),
    "year": Text(zh="年度", en="Year"),
    "years": Text(zh="年度", en="Years"),
    "missing_years": Text(zh="缺少的年度", en="Years without a report"),
    "parent": Text(zh="上级单位", en="Parent"),
    "form": Text(zh="表式", en="Form"),
    "errors": Text(zh="错误", en="Errors"),
    "warnings": Text(zh="警告", en="Warnings"),
    "info": Text(zh="提示", en="Notes"),
    "status": Text(zh="状态", en="Status"),
    "rule": Text(zh="规则", en="Rule"),
    "severity": Text(zh="级别", en="Severity"),
    "message": Text(zh="说明", en="Message"),
    "cells": Text(zh="单元格", en="Cells"),
    "other": Text(zh="另一单位或文件", en="Other unit or file"),
    "indicator": Text(zh="指标", en="Indicator"),
    "value": Text(zh="数值", en="Value"),
    "rank": Text(zh="名次", en="Rank"),
    "numerator": Text(zh="分子", en="Numerator"),
    "denominator": Text(zh="分母", en="Denominator"),
    "previous_year": Text(zh="上年", en="Last year"),
    "carry_findings": Text(zh="结转问题", en="Carry-over findings"),
    "by_rule": Text(zh="按规则统计的问题", en="Findings by rule"),
    "by_unit": Text(zh="按单位统计的问题", en="Findings by unit"),
    "jumps": Text(zh="大幅变化（A-01）", en="Jumps (A-01)"),
    "same_tables": Text(zh="雷同的统计表（A-02、A-03）", en="Tables alike (A-02, A-03)"),
    "share_alike": Text(zh="与对方相同的单元格比例", en="Share of cells alike"),
    "no_findings": Text(zh="未发现问题", en="No findings"),
    "thresholds": Text(zh="阈值", en="Thresholds"),
    "ok": Text(zh="通过", en="passed"),
    "fail": Text(zh="未通过", en="failed"),
    "unreadable": Text(zh="无法读取", en="unreadable"),
    "not_checkable": Text(zh="（未能检查）", en="(not checkable)"),
    "whole": Text(zh="全文", en="whole report"),
    "unranked": Text(zh="不排名", en="not ranked"),
    "better_higher": Text(zh="越高越靠前", en="highest first"),
    "better_lower": Text(zh="越低越靠前", en="lowest first"),
}


def word(key: str, lang: Lang) -> str:
    return WORDS[key].get(lang)


def thresholds(s: Settings, lang: Lang) -> str:
    """The thresholds used, as one line."""
    if lang == "zh":
        return (
            f"A-01 超过 {s.jump_ratio} 倍且相差超过 {s.jump_floor}；A-02/A-03 不同单元格不超过 "
            f"{s.same_share:.0%}；A-04 相同文字 {s.prose_share:.0%} 以上；A-05 填写少于 "
            f"{s.blank_share:.0%}；指标分母少于 {s.min_count} 不排名"
        )
    return (
        f"A-01 more than {s.jump_ratio} times and by more than {s.jump_floor}; A-02/A-03 at most "
        f"{s.same_share:.0%} of cells differ; A-04 {s.prose_share:.0%} of text shared; A-05 "
        f"under {s.blank_share:.0%} filled; rates over fewer than {s.min_count} not ranked"
    )

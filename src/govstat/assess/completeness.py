"""Completeness and form of a report: a table largely blank (A-05); for whole reports the six
sections in order (A-06), the section on problems not empty (A-07), no earlier year where the
report's own belongs (A-08); publication by the deadline (A-09)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from govstat.assess import settings
from govstat.assess.model import AssessFinding, Collected
from govstat.assess.rules import RULES
from govstat.model import Lang
from govstat.values import parse_date

SECTIONS: list[tuple[str, str, str]] = [
    ("一、总体情况", "overview", r"总体情况|概述"),
    ("二、主动公开政府信息情况", "proactive disclosure", r"主动公开"),
    ("三、收到和处理政府信息公开申请情况", "requests", r"收到和处理|依申请"),
    ("四、政府信息公开行政复议、行政诉讼情况", "reviews and lawsuits", r"复议|诉讼"),
    ("五、存在的主要问题及改进情况", "problems and improvements", r"问题|改进"),
    ("六、其他需要报告的事项", "other matters", r"其他需要报告|其他事项"),
]
"""The sections of a report from 2019 on (国办公开办函〔2019〕60号、〔2021〕30号): heading,
English name, and the words that find it."""
PROBLEMS = 4
"""The index of 五、存在的主要问题及改进情况 in :data:`SECTIONS`."""

_HEADING = re.compile(r"^\s*([一二三四五六七八九])\s*[、.．]\s*(.{2,40})$")
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


@dataclass
class Section:
    index: int
    """Which of :data:`SECTIONS` (or -1 for a heading of none)."""
    heading: str
    body: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _is_signature(text: str) -> bool:
    """A line of the signature under a report: a date, or a short name without punctuation."""
    return bool(_DATE_LINE.match(text)) or (
        len(text) <= 30 and not re.search(r"[，,。；;：:]", text)
    )


def sections(prose: list[str]) -> list[Section]:
    """The report's numbered sections, each with its text (the signature left out)."""
    found: list[Section] = []
    for paragraph in prose:
        text = _fold(paragraph)
        heading = _HEADING.match(text)
        if heading is not None and not re.search(r"[。；;]", heading[2]):
            index = next(
                (n for n, (_, _, words) in enumerate(SECTIONS) if re.search(words, heading[2])), -1
            )
            found.append(Section(index, text, ""))
        elif found and text and not _is_signature(text):
            found[-1].body += text
    return found


def _finding(rule_id: str, report: Collected, agency: str, message: str) -> AssessFinding:
    rule = RULES[rule_id]
    return AssessFinding(
        rule=rule.id,
        severity=rule.severity,
        agency=agency,
        year=report.year,
        file=report.file,
        message=message,
    )


def blank_table(report: Collected, agency: str, lang: Lang) -> list[AssessFinding]:
    """A-05: fewer than BLANK_SHARE of the cells hold a number."""
    total = len(report.cells)
    if not total or report.filled >= settings.BLANK_SHARE * total:
        return []
    share = report.filled / total
    message = (
        f"统计表 {total} 个单元格中只有 {report.filled} 个填了数字（{share:.0%}，"
        f"阈值 {settings.BLANK_SHARE:.0%}）"
        if lang == "zh"
        else f"only {report.filled} of the table's {total} cells hold a number ({share:.0%}; "
        f"threshold {settings.BLANK_SHARE:.0%})"
    )
    return [_finding("A-05", report, agency, message)]


def report_form(report: Collected, agency: str, lang: Lang) -> list[AssessFinding]:
    """A-06, A-07, A-08 on a whole report of 2019 on."""
    if not report.prose or report.year is None or report.year < 2019:
        return []
    out = []
    found = sections(report.prose)
    indices = [s.index for s in found if s.index >= 0]
    missing = [n for n in range(len(SECTIONS)) if n not in indices]
    if missing:
        names = [SECTIONS[n][0] if lang == "zh" else SECTIONS[n][1] for n in missing]
        message = (
            "缺少" + "、".join(f"「{n}」" for n in names)
            if lang == "zh"
            else "sections missing: " + ", ".join(names)
        )
        out.append(_finding("A-06", report, agency, message))
    firsts = list(dict.fromkeys(indices))
    if firsts != sorted(firsts):
        order = "、".join(SECTIONS[n][0][0] for n in firsts)
        message = (
            f"各部分的顺序为 {order}，应为一至六"
            if lang == "zh"
            else f"the sections stand in the order {order}, not 一 to 六"
        )
        out.append(_finding("A-06", report, agency, message))
    problems = [s for s in found if s.index == PROBLEMS]
    if problems:
        body = re.sub(r"[\s，,。；;：:、！!？?“”\"']", "", "".join(s.body for s in problems))
        if len(body) < settings.EMPTY_SECTION_CHARS:
            if lang == "zh":
                message = f"「{SECTIONS[PROBLEMS][0]}」" + (f"只有「{body}」" if body else "是空的")
            else:
                message = "the section on problems and improvements " + (
                    f"holds only “{body}”" if body else "is empty"
                )
            out.append(_finding("A-07", report, agency, message))
    out += _wrong_years(report, agency, lang)
    return out


_OWN_YEAR = re.compile(
    r"(?:(?:本|我)(?:单位|机关|局|委|办|厅|部门|市|区|县|镇|乡|街道|府|院|会|中心)\s*|^)"
    r"((?:19|20)\d{2})\s*年"
)
_COMPARISON = re.compile(r"较|比|同比|相比|上年|去年|以来|截至|截止|至今|分别|与|结转|以前|此前")
"""Words of a clause that speaks of an earlier year on purpose: 较2022年, 2022年结转…"""


def _wrong_years(report: Collected, agency: str, lang: Lang) -> list[AssessFinding]:
    """A-08: 「本单位2022年…」 or a paragraph opening 「2022年，」 in a 2023 report, unless
    the clause compares years."""
    assert report.year is not None
    out = []
    for paragraph in report.prose:
        # Not folded: the quote keeps the report's punctuation (\d matches １２ as well).
        for clause in re.split(r"[。；;！？]", paragraph.strip()):
            match = _OWN_YEAR.search(clause)
            if match is None or int(match[1]) >= report.year or _COMPARISON.search(clause):
                continue
            quote = clause.strip()[:40]
            message = (
                f"{report.year} 年度报告中写「{quote}」：{match[1]} 年应为 {report.year} 年？"
                if lang == "zh"
                else f"the {report.year} report says “{quote}”: {match[1]} for {report.year}?"
            )
            out.append(_finding("A-08", report, agency, message))
            break
        if out:
            break  # one finding a report: a copied report names the old year throughout
    return out


def deadline(year: int) -> datetime.date:
    """31 January after the report year from 2019 on; 31 March before."""
    return datetime.date(year + 1, 1, 31) if year >= 2019 else datetime.date(year + 1, 3, 31)


def stated_date(report: Collected) -> datetime.date | None:
    """The date under a whole report (its last lines), if it states one."""
    for paragraph in reversed(report.prose[-4:]):
        if _DATE_LINE.match(_fold(paragraph)):
            return parse_date(_fold(paragraph))
    return None


def late(
    report: Collected, agency: str, published: datetime.date | None, lang: Lang
) -> list[AssessFinding]:
    """A-09: published (as --units gives, or as the report states) after the deadline."""
    if report.year is None:
        return []
    source = "单位清单" if lang == "zh" else "the list of units"
    if published is None:
        published, source = stated_date(report), ("报告落款" if lang == "zh" else "the report")
    if published is None or published <= deadline(report.year):
        return []
    due = deadline(report.year)
    days = (published - due).days
    message = (
        f"发布日期 {published.isoformat()}（据{source}）晚于期限 {due.isoformat()} {days} 天"
        if lang == "zh"
        else f"published {published.isoformat()} (from {source}), {days} days after the "
        f"deadline {due.isoformat()}"
    )
    return [_finding("A-09", report, agency, message)]

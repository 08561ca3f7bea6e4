"""Table 三 from a register of requests (``govstat compile --register``).

The registers are built here by script and tallied by hand, with this module's own table of
spellings, so that the test does not trust govstat's reading to count them.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

import govstat
from govstat.register import build_table, read_register
from helpers_current import APPLICANT_IDS, OUTCOMES_2019, OUTCOMES_2021, t3
from support import EXAMPLES, invoke

HEADS = ["序号", "收到日期", "申请人类型", "是否上年结转", "办理状态", "办理结果"]

APPLICANT_SPELLINGS = {
    "natural": ["自然人", "个人"],
    "commercial": ["商业企业", "法人或其他组织-商业企业"],
    "research": ["科研机构"],
    "nonprofit": ["社会公益组织"],
    "legal": ["法律服务机构", "律师事务所"],
    "other": ["其他", "其他组织"],
}

OUTCOME_SPELLINGS = {
    "disclosed": ["予以公开", "（一）予以公开"],
    "partly": ["部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    "refused_secret": ["（三）不予公开 1.属于国家秘密", "国家秘密"],
    "refused_law": ["2.其他法律行政法规禁止公开"],
    "refused_security": ["不予公开-危及“三安全一稳定”"],
    "refused_third_party": ["保护第三方合法权益"],
    "refused_internal": ["属于三类内部事务信息"],
    "refused_process": ["不予公开：属于四类过程性信息"],
    "refused_enforcement": ["属于行政执法案卷"],
    "refused_query": ["属于行政查询事项"],
    "unable_not_held": ["（四）无法提供 1.本机关不掌握相关政府信息"],
    "unable_not_existing": ["没有现成信息需要另行制作"],
    "unable_unclear": ["补正后申请内容仍不明确"],
    "not_processed_petition": ["信访举报投诉类申请"],
    "not_processed_repeat": ["不予处理-重复申请"],
    "not_processed_publication": ["要求提供公开出版物"],
    "not_processed_massive": ["无正当理由大量反复申请"],
    "not_processed_confirm": ["要求行政机关确认或重新出具已获取信息"],
    "other_no_correction": [
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ],
    "other_no_fee": ["申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    "other_other": ["其他处理-其他"],
}
"""How a clerk may write each result row (this test's own list, not govstat's)."""

YEAR = 2023


def script_register(seed: int, n: int, year: int = YEAR) -> list[dict[str, Any]]:
    """``n`` requests of ``year`` drawn at random, each as a clerk would write it down."""
    rng = random.Random(seed)
    out = []
    for index in range(n):
        column = rng.choice(APPLICANT_IDS)
        carried = rng.random() < 0.15
        still_open = rng.random() < 0.1
        outcome = None if still_open else rng.choice(list(OUTCOME_SPELLINGS))
        received = datetime.date(year - 1 if carried else year, rng.randint(1, 12), 15)
        out.append(
            {
                "column": column,
                "carried": carried,
                "outcome": outcome,
                "cells": [
                    index + 1,
                    received,
                    rng.choice(APPLICANT_SPELLINGS[column]),
                    # a third leave 是否上年结转 for the date to decide
                    "" if index % 3 == 0 else ("是" if carried else "否"),
                    "" if index % 5 == 0 else ("结转" if still_open else "办结"),
                    "" if outcome is None else rng.choice(OUTCOME_SPELLINGS[outcome]),
                ],
            }
        )
    return out


def by_hand(requests: list[dict[str, Any]], form: str) -> dict[str, int]:
    """Table 三 tallied by hand: each request in 新收 or 结转, and in its outcome or 结转下年度."""
    tally: Counter[str] = Counter()
    for r in requests:
        outcome = r["outcome"]
        if form == "2019" and outcome is not None and outcome.startswith("other_"):
            outcome = "other"  # form 2019 prints （六）其他处理 as one row
        for column in (r["column"], "total"):
            tally[t3("carried" if r["carried"] else "new", column)] += 1
            if outcome is None:
                tally[t3("carry_next", column)] += 1
            else:
                tally[t3(outcome, column)] += 1
                tally[t3("total", column)] += 1
    return dict(tally)


def write_xlsx(
    path: Path, rows: list[list[Any]], title: str | None = "某局依申请公开登记台账"
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    if title:
        sheet.append([title])
    sheet.append(HEADS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADS)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_a_register_built_by_script_counts_as_by_hand(form: str, tmp_path: Path) -> None:
    """Every cell of table 三 equals the hand tally of a 300-request register."""
    requests = script_register(seed=int(form), n=300)
    path = write_xlsx(tmp_path / "台账.xlsx", [r["cells"] for r in requests])
    table = build_table(path, form)
    expected = by_hand(requests, form)
    outcomes = OUTCOMES_2021 if form == "2021" else OUTCOMES_2019
    rows = ["new", "carried", *outcomes, "total", "carry_next"]
    for row in rows:
        for column in [*APPLICANT_IDS, "total"]:
            cell = t3(row, column)
            assert table.values[cell].number == expected.get(cell, 0), cell
    assert table.metadata.year == YEAR
    assert sum(expected.get(t3(r, "total"), 0) for r in ("new", "carried")) == 300


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_the_table_from_a_register_validates_clean(form: str, tmp_path: Path) -> None:
    """No finding at all on table 三: the counts hold every rule by construction."""
    requests = script_register(seed=7, n=120, year=2020 if form == "2019" else YEAR)
    path = write_xlsx(tmp_path / "台账.xlsx", [r["cells"] for r in requests])
    report = govstat.build_report(build_table(path, form))
    assert (report.counts.error, report.counts.warning, report.counts.info) == (0, 0, 0)
    assert not [f for f in report.findings if any(c.indicator.startswith("t3.") for c in f.cells)]


def test_a_csv_register_counts_as_the_same_workbook(tmp_path: Path) -> None:
    """The same register as CSV (UTF-8 with BOM, or GBK) gives the same table 三."""
    requests = script_register(seed=3, n=80)
    rows = [r["cells"] for r in requests]
    xlsx = build_table(write_xlsx(tmp_path / "r.xlsx", rows))
    for encoding in ("utf-8-sig", "gbk"):
        table = build_table(write_csv(tmp_path / f"r-{encoding}.csv", rows, encoding))
        assert {k: v.number for k, v in table.values.items()} == {
            k: v.number for k, v in xlsx.values.items()
        }


def test_the_example_register_gives_dongcheng_table_3() -> None:
    """examples/register's workbook and CSV both give table 三 of the 东城分局 unit workbook."""
    unit = govstat.read_table(EXAMPLES / "region" / "units" / "2023-dongcheng.xlsx")
    for suffix in ("xlsx", "csv"):
        table = build_table(EXAMPLES / "register" / f"2023-dongcheng-register.{suffix}")
        for ident, value in table.values.items():
            if ident.startswith("t3.") and value.state == "number":
                assert unit.values[ident].number == value.number, (suffix, ident)


# --- errors name the row -------------------------------------------------------------------


def one_line(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("govstat: ")
    return str(result.stderr)


GOOD = [1, datetime.date(YEAR, 3, 1), "自然人", "否", "办结", "予以公开"]


def test_an_unknown_applicant_type_names_the_row(tmp_path: Path) -> None:
    """申请人类型 个体户: exit 2, one line naming the file, the sheet row and the spelling."""
    path = write_xlsx(
        tmp_path / "台账.xlsx", [GOOD, [2, GOOD[1], "个体户", "否", "办结", "予以公开"]]
    )
    line = one_line(invoke("compile", "--register", path))
    assert str(path) in line and "第 4 行" in line and "个体户" in line


def test_an_unknown_outcome_names_the_row(tmp_path: Path) -> None:
    """办理结果 同意 is no result row: exit 2 naming the CSV line and the spelling."""
    path = write_csv(
        tmp_path / "台账.csv", [GOOD, GOOD, [3, "2023-04-01", "企业", "否", "办结", "同意"]]
    )
    line = one_line(invoke("compile", "--register", path))
    assert "第 4 行" in line and "同意" in line


def test_the_three_other_rows_are_unknown_in_2019_only_as_a_whole(tmp_path: Path) -> None:
    """其他处理 is a result of form 2019 but ambiguous in form 2021 (three rows there)."""
    path = write_xlsx(tmp_path / "台账.xlsx", [[1, GOOD[1], "自然人", "否", "办结", "其他处理"]])
    assert build_table(path, "2019").values[t3("other", "natural")].number == 1
    assert "其他处理" in one_line(invoke("compile", "--register", path))


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ([1, datetime.date(YEAR, 3, 1), "自然人", "否", "办结", ""], "没有填写办理结果"),
        ([1, datetime.date(YEAR, 3, 1), "自然人", "否", "结转", "予以公开"], "却填写了办理结果"),
        ([1, datetime.date(YEAR, 3, 1), "自然人", "否", "暂停", "予以公开"], "暂停"),
        ([1, datetime.date(YEAR, 3, 1), "自然人", "也许", "办结", "予以公开"], "也许"),
        ([1, "三月一日", "自然人", "否", "办结", "予以公开"], "三月一日"),
        ([1, None, "自然人", "", "办结", "予以公开"], "都未填写"),
    ],
    ids=["done-without-outcome", "open-with-outcome", "status", "carried", "date", "neither"],
)
def test_a_row_that_contradicts_itself_names_the_row(
    row: list[Any], words: str, tmp_path: Path
) -> None:
    """Each contradiction or unreadable mark is one line naming the row."""
    path = write_xlsx(tmp_path / "台账.xlsx", [GOOD, row], title=None)
    line = one_line(invoke("compile", "--register", path, "--year", YEAR))
    assert "第 3 行" in line and words in line


def test_the_date_decides_carried_over_when_the_mark_is_empty(tmp_path: Path) -> None:
    """Received in 2022 with 是否上年结转 empty counts as carried over into 2023."""
    rows = [GOOD, [2, datetime.date(YEAR - 1, 12, 20), "自然人", "", "办结", "予以公开"]]
    table = build_table(write_xlsx(tmp_path / "台账.xlsx", rows))
    assert table.values[t3("new", "natural")].number == 1
    assert table.values[t3("carried", "natural")].number == 1


def test_a_date_contradicting_the_carried_mark_names_the_row(tmp_path: Path) -> None:
    """Received in 2022 but marked 否 (not carried over) in a 2023 register: an error."""
    rows = [GOOD, GOOD, [3, datetime.date(YEAR - 1, 12, 20), "自然人", "否", "办结", "予以公开"]]
    with pytest.raises(govstat.GovstatError, match="第 5 行"):
        read_register(write_xlsx(tmp_path / "台账.xlsx", rows))


def test_a_register_without_its_heads_exits_2(tmp_path: Path) -> None:
    """A workbook with no 申请人类型/办理结果 header row is refused in one line."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "日期"])
    book.save(tmp_path / "x.xlsx")
    assert "申请人类型" in one_line(invoke("compile", "--register", tmp_path / "x.xlsx"))


def test_a_register_takes_no_units_and_no_check_against() -> None:
    """--register with units or with --check-against is a misuse: exit 2, one line."""
    register = EXAMPLES / "register" / "2023-dongcheng-register.csv"
    unit = EXAMPLES / "region" / "units" / "2023-dongcheng.xlsx"
    assert "--register" in one_line(invoke("compile", unit, "--register", register))
    line = one_line(invoke("compile", "--register", register, "--check-against", unit))
    assert "--check-against" in line


def test_form_2014_has_no_register() -> None:
    """--form 2014 with --register is refused: the 2014 table has no applicant columns."""
    path = EXAMPLES / "register" / "2023-dongcheng-register.csv"
    assert "2014" in one_line(invoke("compile", "--register", path, "--form", "2014"))


# --- template --register ---------------------------------------------------------------------


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_the_blank_register_offers_only_spellings_the_reader_accepts(
    form: str, tmp_path: Path
) -> None:
    """Every choice of the template's drop-down lists compiles, each counted once."""
    path = tmp_path / "台账.xlsx"
    assert invoke("template", "--register", "--form", form, "-o", path).exit_code == 0
    book = load_workbook(path)
    assert book.active is not None and book.active.title == "台账"
    lists = book["选项"]
    applicants = [c.value for c in lists["A"] if c.value]
    outcomes = [c.value for c in lists["D"] if c.value]
    assert applicants == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert len(outcomes) == (22 if form == "2021" else 20)  # the result rows and 结转下年度
    sheet = book["台账"]
    for row, outcome in enumerate(outcomes, start=2):
        sheet.cell(row, 2, datetime.date(YEAR, 5, 1))  # 收到日期
        sheet.cell(row, 4, applicants[row % 6])  # 申请人类型
        sheet.cell(row, 8, outcome)  # 办理结果
    book.save(path)
    table = build_table(path, form)
    assert table.values[t3("new", "total")].number == len(outcomes)
    assert table.values[t3("carry_next", "total")].number == 1
    assert table.values[t3("total", "total")].number == len(outcomes) - 1


def test_the_blank_register_compiles_to_zeros(tmp_path: Path) -> None:
    """A register with no request gives table 三 of zeros, not blanks."""
    path = tmp_path / "台账.xlsx"
    invoke("template", "--register", "-o", path)
    table = build_table(path)
    assert table.values[t3("new", "total")].number == 0
    assert table.values[t3("total", "natural")].state == "number"


def test_template_register_refuses_to_overwrite(tmp_path: Path) -> None:
    """Like the form template, the register template needs --force to overwrite."""
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"keep")
    assert invoke("template", "--register", "-o", path).exit_code == 2
    assert path.read_bytes() == b"keep"

"""``govstat assess`` on a folder of real-looking reports (``examples/make_assess.py``): every
consecutive year paired, every planted carry-over break, jump, copy and repeat found, nothing
false among the honest units; the completeness checks, the indicators, the outputs and the
exit status."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from govstat.assess import assess
from govstat.assess.completeness import deadline, sections
from govstat.assess.jumps import is_jump
from govstat.assess.model import Assessment, percent
from govstat.assess.units import agency_key, read_units
from govstat.errors import GovstatError
from support import EXAMPLES, invoke, load_example

NAMES = load_example("make_assess").UNITS
HEALTH, LAND, CULTURE, EDU, FOREST = (
    NAMES[k]["name"] for k in ("health", "land", "culture", "edu", "forest")
)
PLANTED_ALIKE = {CULTURE, EDU, FOREST}


@pytest.fixture(scope="module")
def folder() -> Path:
    """The example folder as ``examples/make_assess.py`` writes it."""
    return EXAMPLES / "assess"


@pytest.fixture(scope="module")
def result(folder: Path) -> Assessment:
    return assess([folder / "reports"], folder / "units.csv", "zh", jobs=1)


def rules_of(result: Assessment, rule: str) -> list[tuple[str, int | None]]:
    return [(f.agency, f.year) for f in result.findings if f.rule == rule and f.checkable]


def test_every_consecutive_year_is_paired(result: Assessment) -> None:
    """Each of the eight units with 2021–2023 gives the pairs 2021–2022 and 2022–2023."""
    pairs = {(p.agency, p.previous_year, p.year) for p in result.pairs}
    expected = {(unit["name"], year - 1, year) for unit in NAMES.values() for year in (2022, 2023)}
    assert pairs == expected


def test_three_spellings_of_one_agency_are_one_unit(result: Assessment) -> None:
    """东湖市人民政府　办公室, 东湖市政府办公室 and 东湖市人民政府办公室 are one unit of three
    years, named as the list of units names it."""
    office = next(u for u in result.units if u.agency == "东湖市人民政府办公室")
    assert office.years == [2021, 2022, 2023]
    assert len(office.spellings) == 3
    assert agency_key("东湖市人民政府　办公室") == agency_key("东湖市政府办公室") == "东湖市政府"
    assert agency_key("ＡＢ市 教育局") == "AB市教育局"


def test_the_planted_carry_over_break_is_found_naming_both_files(result: Assessment) -> None:
    """东湖市卫生健康委员会 2023 carries over 3 商业企业 requests where 2022 left 1: 2021-3-06 on
    the 商业企业 and 总计 columns, with this year's cell and last year's, each with its file."""
    breaks = [f for f in result.findings if f.rule.endswith("-3-06") and f.agency == HEALTH]
    assert len(breaks) == 2
    columns = {cell.column for f in breaks for cell in f.cells}
    assert columns == {"商业企业", "总计"}
    first = breaks[0]
    files = {Path(c.cell.file).name for c in first.cells if c.cell and c.cell.file}
    assert files == {"2023-health.xlsx", "2022-health.xlsx"}
    assert "为 3，但上年结转下年度继续办理" in first.message


def test_carry_over_findings_stand_only_where_planted(result: Assessment) -> None:
    """Carry-over findings only on the planted break and on the units that copied a table."""
    units = {f.agency for f in result.findings if f.rule.startswith("2021-")}
    assert units == {HEALTH, CULTURE, FOREST}


def test_the_planted_jump_is_found_with_its_thresholds(result: Assessment) -> None:
    """东湖市自然资源局's requests go from a few dozen to 400: A-01 states both thresholds."""
    jump = next(f for f in result.findings if f.rule == "A-01" and f.agency == LAND)
    assert "变为 400" in jump.message
    assert "阈值：超过 3 倍且相差超过 50" in jump.message
    assert {Path(c.cell.file).name for c in jump.cells if c.cell and c.cell.file} == {
        "2022-land.xlsx",
        "2023-land.xlsx",
    }


def test_no_false_jump_or_copy_among_the_honest_units(result: Assessment) -> None:
    """A-01 stands only on the planted jump and on the unit that copied another's table; A-02,
    A-03, A-04 only on the copies planted."""
    assert {a for a, _ in rules_of(result, "A-01")} <= {LAND, CULTURE}
    assert set(rules_of(result, "A-02")) == {(CULTURE, 2023), (EDU, 2023)}
    assert rules_of(result, "A-03") == [(FOREST, 2023)]
    assert {a for a, _ in rules_of(result, "A-04")} == {FOREST}


def test_a_copy_of_another_units_table_says_how_many_cells_differ(result: Assessment) -> None:
    """文化广电旅游局's 2023 table is 教育局's with one cell changed: both named, 1 cell."""
    copy = next(f for f in result.findings if f.rule == "A-02" and f.agency == CULTURE)
    assert copy.other_agency == EDU
    assert "只有 1 个单元格不同" in copy.message
    assert copy.other_file is not None and copy.other_file.endswith("2023-edu.xlsx")


def test_the_repeated_report_fails_the_form_checks(result: Assessment) -> None:
    """林业局's 2023 Word report: 六 missing, 五 empty, 2022 named, published late."""
    found = {f.rule: f.message for f in result.findings if f.agency == FOREST and f.year == 2023}
    assert "六、其他需要报告的事项" in found["A-06"]
    assert "是空的" in found["A-07"]
    assert "2022" in found["A-08"]
    assert "2024-02-20" in found["A-09"] and "2024-01-31" in found["A-09"]
    assert "100%" in found["A-04"]
    honest = {f.rule for f in result.findings if f.agency == NAMES["civil"]["name"]}
    assert not honest & {"A-04", "A-06", "A-07", "A-08", "A-09"}


def test_a_parent_is_checked_against_its_children(result: Assessment) -> None:
    """The region's table against its three branches: the five planted cells, as compile
    --check-against finds them, each with the children's cells."""
    parent = [f for f in result.findings if f.rule == "A-11"]
    assert len(parent) == 5
    assert all(f.checkable for f in parent)
    licensing = next(f for f in parent if "行政许可" in f.message)
    assert "汇总表为 1250" in licensing.message and "合计为 1520" in licensing.message
    assert len(licensing.cells) == 4


def test_a_missing_child_is_named_rather_than_passed(folder: Path, tmp_path: Path) -> None:
    """With a fourth branch listed that has no 2023 report, a finding names it, and the
    differences from the three present are shown but not checkable (nothing passes)."""
    units = tmp_path / "units.csv"
    text = (folder / "units.csv").read_text("utf-8-sig")
    text += "东湖市市场监督管理局北湖分局,东湖市市场监督管理局（系统汇总）,分局,,\n"
    units.write_text(text, "utf-8")
    result = assess([folder / "reports" / "region"], units, "zh", jobs=1)
    parent = [f for f in result.findings if f.rule == "A-11"]
    assert len(parent) == 6 and not any(f.checkable for f in parent)
    assert sum("北湖分局" in f.message for f in parent) == 1
    assert result.exit_status == 0
    missing = {u.agency: u.missing_years for u in result.units}
    assert missing["东湖市统计局"] == [2023]


def test_indicators_print_numerator_and_denominator(result: Assessment) -> None:
    """Each rate reads 15.0%（3/20）; under 30 it is shown but not ranked."""
    assert percent(Decimal(3), Decimal(20)) == "15.0%（3/20）"
    land = next(
        v
        for v in result.indicators
        if v.agency == LAND and v.year == 2023 and v.id == "disclosed_share"
    )
    assert land.ranked and land.text.startswith(f"{land.value:.1%}"[:-1][:3])
    assert land.text.endswith(f"（{land.numerator}/{land.denominator}）")
    review = next(v for v in result.indicators if v.id == "review_corrected")
    assert not review.ranked and "不排名" in review.text
    ranking = next(r for r in result.rankings if r.id == "disclosed_share" and r.year == 2023)
    assert [e.rank for e in ranking.entries] == sorted(e.rank for e in ranking.entries)
    assert ranking.entries


def test_a_rate_is_not_computed_from_a_table_that_fails_its_rules() -> None:
    """The example with planted errors: every rate says which rules must be fixed first."""
    result = assess([EXAMPLES / "2023-form2021-errors.xlsx"], None, "zh", jobs=1)
    assert result.indicators
    for value in result.indicators:
        assert value.value is None and not value.ranked
        assert "2021-3-01" in value.blocked_by and "须先修正 2021-3-01" in value.text
    assert result.exit_status == 1


def test_thresholds_of_a_jump() -> None:
    """2 → 5 is no jump, 95 → 3,119 is; a change within the floor never is."""
    assert not is_jump(Decimal(2), Decimal(5))
    assert is_jump(Decimal(95), Decimal(3119))
    assert not is_jump(Decimal(0), Decimal(40))
    assert is_jump(Decimal(400), Decimal(35))


def test_deadlines_and_sections() -> None:
    """31 January from 2019 on, 31 March before; headings found by their words."""
    assert deadline(2023).isoformat() == "2024-01-31"
    assert deadline(2018).isoformat() == "2019-03-31"
    found = sections(
        ["一、总体情况", "正文。", "三、收到和处理政府信息公开申请情况", "2024年1月5日"]
    )
    assert [(s.index, s.body) for s in found] == [(0, "正文。"), (2, "")]


def test_cli_writes_xlsx_and_html_and_exits_as_validate(folder: Path, tmp_path: Path) -> None:
    """-o report.xlsx and -o report.html are written; exit 1 for the parent's errors (A-11),
    0 without the list of units (warnings only)."""
    xlsx, html = tmp_path / "report.xlsx", tmp_path / "report.html"
    reports, units = folder / "reports", folder / "units.csv"
    result = invoke("assess", reports, "--units", units, "-o", xlsx, "--jobs", "1")
    assert result.exit_code == 1, result.output
    book = load_workbook(xlsx)
    assert book.sheetnames == ["报告", "发现的问题", "指标", "排名", "单位"]
    findings = book["发现的问题"]
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref
    assert any(row[0] == "A-02" for row in findings.iter_rows(values_only=True))
    assert invoke("assess", reports, "-o", html, "--jobs", "1").exit_code == 0
    page = html.read_text("utf-8")
    assert page.count("<svg") >= 5 and "东湖市自然资源局" in page


def test_cli_json_carries_the_contract(folder: Path) -> None:
    """--format json: reports, units, pairs, findings (with cells and files, the other unit
    for A-02) and indicators with numerator and denominator."""
    result = invoke("assess", folder / "reports", "--format", "json", "--jobs", "1")
    data = json.loads(result.stdout)
    report = data["reports"][0]
    assert {"file", "agency", "year", "form", "counts", "status"} <= set(report)
    assert {"agency", "years"} <= set(data["units"][0])
    assert {"agency", "previous_year", "year"} <= set(data["pairs"][0])
    finding = next(f for f in data["findings"] if f["rule"] == "A-02")
    assert {"rule", "severity", "agency", "year", "message", "cells", "other_agency"} <= set(
        finding
    )
    value = data["indicators"][0]
    assert {"agency", "year", "id", "numerator", "denominator", "value"} <= set(value)


def test_cli_in_english(folder: Path) -> None:
    """--lang en: the findings in English."""
    result = invoke("assess", folder / "reports", "--lang", "en", "--jobs", "1")
    assert "thresholds: more than 3 times and by more than 50" in result.stdout
    assert "Findings" in result.stdout


def test_an_unreadable_report_is_a_row_and_exit_2(folder: Path, tmp_path: Path) -> None:
    """A damaged file in the folder: a row saying why, the others assessed, exit 2."""
    reports = tmp_path / "reports"
    shutil.copytree(folder / "reports" / "region", reports)
    (reports / "broken.xlsx").write_bytes(b"not a workbook")
    result = invoke("assess", reports, "--format", "json", "--jobs", "1")
    assert result.exit_code == 2
    rows = {Path(r["file"]).name: r for r in json.loads(result.stdout)["reports"]}
    assert rows["broken.xlsx"]["status"] == "unreadable" and rows["broken.xlsx"]["message"]
    assert rows["2023-nanhu.xlsx"]["status"] == "ok"


def test_a_bad_list_of_units_is_one_line_and_exit_2(folder: Path, tmp_path: Path) -> None:
    """A list of units whose publication date cannot be read: one line naming the row."""
    units = tmp_path / "units.csv"
    units.write_text("单位,年度,发布日期\n东湖市教育局,2023,明年\n", "utf-8")
    result = invoke("assess", folder / "reports" / "region", "--units", units)
    assert result.exit_code == 2
    assert "第 2 行" in result.output and str(units) in result.output
    with pytest.raises(GovstatError):
        read_units(tmp_path / "absent.csv")


def test_rules_lists_the_assessment_rules() -> None:
    """``govstat rules`` lists A-01…A-13 with their severities after the forms' rules."""
    result = invoke("rules", "--format", "json")
    by_id = {e["id"]: e for e in json.loads(result.stdout)}
    assert by_id["A-01"]["severity"] == "warning" and by_id["A-01"]["form"] == "assess"
    assert by_id["A-11"]["severity"] == "error"
    assert {f"A-{n:02d}" for n in range(1, 14)} <= set(by_id)


def test_pairs_find_what_validate_previous_finds() -> None:
    """The example agency's 2022 and 2023 tables: the pair's carry-over findings are those of
    ``validate 2023 --previous 2022``, word for word."""
    import govstat

    files = [EXAMPLES / "2022-form2021.xlsx", EXAMPLES / "2023-form2021.xlsx"]
    result = assess(files, None, "zh", jobs=1)
    assert [(p.previous_year, p.year) for p in result.pairs] == [(2022, 2023)]
    carried = sorted(f.message for f in result.findings if f.rule == "2021-3-06")
    report = govstat.validate(files[1], previous=files[0], hints=False)
    assert carried == sorted(f.message for f in report.findings if f.rule == "2021-3-06")
    assert len(carried) == 2


def test_a_second_report_of_a_unit_and_year_is_left_out_and_said(tmp_path: Path) -> None:
    """The same table twice: A-13 on the second, one unit with one year, no copy finding."""
    source = EXAMPLES / "assess" / "reports" / "2021-edu.xlsx"
    shutil.copy(source, tmp_path / "a.xlsx")
    shutil.copy(source, tmp_path / "b.xlsx")
    result = assess([tmp_path], None, "zh", jobs=1)
    assert [(f.rule, Path(f.file or "").name) for f in result.findings] == [("A-13", "b.xlsx")]
    assert [u.years for u in result.units] == [[2021]]


def test_a_largely_blank_table_is_found(tmp_path: Path) -> None:
    """A table with table 三 left blank: A-05 says how many cells hold a number."""
    cf, rx = load_example("current_forms"), load_example("region_examples")
    rows = [(a, b, c, [None] * 6) for a, b, c, _ in rx.t3_rows({})]
    path = tmp_path / "blank.xlsx"
    cf.report_workbook(path, 2023, rx.table2(rx.T2["nanhu"]), rows, [None] * 15, agency="空表局")
    result = assess([path], None, "zh", jobs=1)
    blank = next(f for f in result.findings if f.rule == "A-05")
    assert "个单元格中只有" in blank.message and "阈值 50%" in blank.message


def test_a_report_dated_after_the_deadline_is_late() -> None:
    """The date under a whole report, past 31 January, gives A-09 citing the report."""
    from govstat.assess.completeness import late
    from govstat.assess.model import Collected

    report = Collected(file="r.docx", status="ok", year=2023, prose=["正文。", "2024年3月1日"])
    found = late(report, "某局", None, "zh")
    assert len(found) == 1 and "据报告落款" in found[0].message and "30 天" in found[0].message
    early = report.model_copy(update={"prose": ["正文。", "2024年1月30日"]})
    assert late(early, "某局", None, "zh") == []


def test_no_report_at_all_is_exit_2(tmp_path: Path) -> None:
    """A folder with nothing to read: one line saying what it skipped, exit 2."""
    (tmp_path / "notes.rtf").write_text("x", "utf-8")
    result = invoke("assess", tmp_path)
    assert result.exit_code == 2
    assert result.output.startswith("govstat: ") and "1 个其他格式的文件" in result.output


def test_a_list_of_units_without_header_in_gbk(tmp_path: Path) -> None:
    """Without a header the columns are name, parent, type; GBK is read as well as UTF-8."""
    path = tmp_path / "units.csv"
    path.write_bytes("东湖市 教育局,东湖市人民政府,部门\n东湖市人民政府,,政府\n".encode("gbk"))
    units = read_units(path)
    assert units.units["东湖市教育局"].name == "东湖市教育局"
    assert units.units["东湖市教育局"].parent == "东湖市人民政府"
    assert units.units["东湖市政府"].type == "政府"
    assert units.published == {}


def test_the_example_folder_is_what_its_script_builds() -> None:
    """Every table of examples/assess holds the requests its script tallied (rebuild with
    ``python examples/make_assess.py`` after changing it)."""
    import govstat

    script = load_example("make_assess")
    rx = load_example("region_examples")
    for (key, year), table in script.build().items():
        path = next((EXAMPLES / "assess" / "reports").glob(f"{year}-{key}.*"))
        values = govstat.read_table(path).values
        assert values["t3.new.total"].number == sum(table["counts"][rx.NEW]), path
        assert values["t3.carried.total"].number == sum(table["counts"][rx.CARRIED]), path


def test_an_earlier_year_named_on_purpose_is_no_finding() -> None:
    """「我局2022年…」 in a 2023 report is A-08; 「较2022年增长」 and 「我局2022年结转的申请」
    compare on purpose and are not."""
    from govstat.assess.completeness import report_form
    from govstat.assess.model import Collected

    def years(*prose: str) -> list[str]:
        report = Collected(file="r.docx", status="ok", year=2023, prose=list(prose))
        return [f.rule for f in report_form(report, "某局", "zh") if f.rule == "A-08"]

    assert years("一、总体情况", "我局2022年认真贯彻落实条例。") == ["A-08"]
    assert years("一、总体情况", "2023年收到申请较2022年增长一成。") == []
    assert years("一、总体情况", "我局2022年结转的申请已全部办结。") == []


def test_a_published_pdf_report_has_its_six_sections_in_order() -> None:
    """The five-page form-2021 report as a PDF (its headings of 二、三、四 printed again over
    the tables): read as a whole report, no section missing or out of order, no earlier
    year named."""
    pdf = EXAMPLES.parent / "tests" / "data" / "2023-form2021-report.pdf"
    result = assess([pdf], None, "zh", jobs=1)
    (row,) = result.reports
    assert row.whole_report and row.year == 2023 and row.form == "2021"
    assert not {f.rule for f in result.findings} & {"A-06", "A-07", "A-08"}


def test_a_workbook_of_last_years_and_this_years_tables_is_a_pair(tmp_path: Path) -> None:
    """The example agency's 2022 and 2023 tables on two sheets of one workbook: two reports,
    named by their sheets, paired, with the carry-over findings of validate --previous."""
    from test_two_tables import two_tables

    path = two_tables(
        tmp_path / "two.xlsx", EXAMPLES / "2022-form2021.xlsx", EXAMPLES / "2023-form2021.xlsx"
    )
    result = assess([path], None, "zh", jobs=1)
    assert [(r.sheet, r.year) for r in result.reports] == [("2022年", 2022), ("2023年", 2023)]
    assert [(p.previous_year, p.year) for p in result.pairs] == [(2022, 2023)]
    assert sum(f.rule == "2021-3-06" for f in result.findings) == 2

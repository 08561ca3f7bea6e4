"""An empty or mostly blank table is a finding (E-01, E-02); last year's table of another
agency is a warning (F-03)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govstat
from govstat.bulk import validate_many
from helpers_current import CF, CONSISTENT, PREVIOUS
from support import invoke


@pytest.mark.parametrize("form_id", ["2014", "2019", "2021"])
def test_unfilled_template_exits_1(tmp_path: Path, form_id: str) -> None:
    """`govstat template` output validated unfilled is one E-01 error and exit 1."""
    template = tmp_path / "模板.xlsx"
    assert invoke("template", "--form", form_id, "-o", template).exit_code == 0
    result = invoke("validate", template)
    assert result.exit_code == 1, result.output
    doc = json.loads(invoke("validate", template, "--format", "json").stdout)
    checked = [(f["rule"], f["severity"]) for f in doc["findings"] if f["checkable"]]
    assert checked == [(f"{form_id}-E-01", "error")]


def test_unfilled_template_fails_in_the_bulk_summary(tmp_path: Path) -> None:
    """The bulk summary counts an unfilled template as failed, beside a clean table."""
    template = tmp_path / "模板.xlsx"
    invoke("template", "--form", "2021", "-o", template)
    result = invoke("validate", template, CONSISTENT)
    assert result.exit_code == 1
    assert "1 个通过，1 个未通过" in result.stdout
    rows = {Path(r.file).name: r for r in validate_many([template, CONSISTENT], jobs=1).files}
    assert rows["模板.xlsx"].errors == 1


def test_mostly_blank_table_warns_with_the_count(tmp_path: Path) -> None:
    """More than a quarter of the value cells blank (table 三 left empty but its 总计
    column) is one E-02 warning giving the count."""
    rows = [(a, b, c, [None] * 6) for a, b, c, _ in CF.T3_2021]
    path = tmp_path / "blank.xlsx"
    CF.report_workbook(path, 2023, CF.T2_2021, rows, CF.T4_2023)
    report = govstat.validate(path)
    (finding,) = [f for f in report.findings if f.rule == "2021-E-02"]
    total = len([v for v in report.values if v.state != "missing" and not v.header])
    assert finding.severity.value == "warning"
    assert f"{total} 个数值单元格中有" in finding.message and "超过四分之一" in finding.message
    assert not [f for f in report.findings if f.rule == "2021-E-01"]
    english = govstat.validate(path, lang="en")
    assert any("more than a quarter" in f.message for f in english.findings)


def test_a_few_blanks_do_not_warn() -> None:
    """A table with one blank cell (the errors example) has no E-02."""
    report = govstat.validate(CONSISTENT.with_name("2023-form2021-errors.xlsx"))
    assert "2021-E-02" not in {f.rule for f in report.findings}


def _previous_of(tmp_path: Path, agency: str) -> Path:
    path = tmp_path / "2022.xlsx"
    CF.report_workbook(path, 2022, CF.T2_2021, CF.T3_2021, CF.T4_2023, agency=agency)
    return path


def test_previous_of_another_agency_names_both(tmp_path: Path) -> None:
    """--previous of another agency: one F-03 warning naming both agencies (and exit 1 at
    --fail-on warning)."""
    previous = _previous_of(tmp_path, "西城区市场监督管理局")
    report = govstat.validate(CONSISTENT, previous=previous)
    (finding,) = [f for f in report.findings if f.rule == "2021-F-03"]
    assert finding.severity.value == "warning"
    assert "西城区市场监督管理局" in finding.message and CF.AGENCY in finding.message
    result = invoke("validate", CONSISTENT, "--previous", previous, "--fail-on", "warning")
    assert result.exit_code == 1 and "2021-F-03" in result.stdout


def test_previous_agency_compared_after_normalising(tmp_path: Path) -> None:
    """The same agency written with spaces or full-width characters is the same agency."""
    this = tmp_path / "2023.xlsx"
    CF.report_workbook(this, 2023, CF.T2_2021, CF.T3_2021, CF.T4_2023, agency="东湖市第1中学")
    previous = _previous_of(tmp_path, "东湖市 第１中学")
    report = govstat.validate(this, previous=previous)
    assert report.metadata.agency == "东湖市第1中学"
    assert "2021-F-03" not in {f.rule for f in report.findings}


def test_previous_of_the_same_agency_is_quiet() -> None:
    """The example's own last year: no F-03."""
    report = govstat.validate(CONSISTENT, previous=PREVIOUS)
    assert "2021-F-03" not in {f.rule for f in report.findings}

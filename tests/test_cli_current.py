"""The command line on the examples of forms 2019 and 2021, through typer's CliRunner.

Exit statuses, the JSON report (every value with its table, row label, column label, unit and
cell), ``--previous``, and the rule listing of all three forms. Expected labels and addresses
come from the example workbooks (scanned with openpyxl) and forms.md, not from the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import govstat
from helpers_current import (
    CONSISTENT,
    ERRORS,
    FORM2019,
    PREVIOUS,
    SEED,
    layout,
)
from support import invoke

TABLE_TITLES = {
    "t2_1": "第二十条第（一）项",
    "t2_5": "第二十条第（五）项",
    "t2_6": "第二十条第（六）项",
    "t2_8": "第二十条第（八）项",
    "t2_9": "第二十条第（九）项",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
}
CELLS = {
    "2021": 2 * 3 + 1 + 2 + 1 + (25 + 4) * 7 + 15,
    "2019": 2 * 3 + 2 * 3 + 2 * 3 + 2 + 2 + (23 + 3) * 7 + 15,
}
"""Value cells of each form: table 二's blocks, table 三 (rows and the subtotal rows of its
groups, × 7), table 四 (15)."""
GROUPS = {
    "refused": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

SEVERITIES = {
    "0-01": "warning",
    "2-01": "error",
    "2-02": "warning",
    "2-03": "warning",
    "3-01": "error",
    "3-02": "error",
    "3-03": "error",
    "3-04": "error",
    "3-05": "error",
    "3-06": "warning",
    "4-01": "error",
    "4-02": "error",
    "F-01": "info",
    "F-02": "warning",
}
"""forms.md, "Rules of forms 2019 and 2021" (form 2019 has no 2-03)."""


def report_json(*args: object) -> dict[str, Any]:
    result = invoke("validate", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# ---------------------------------------------------------------- exit statuses


@pytest.mark.parametrize(
    ("args", "status"),
    [
        ([CONSISTENT], 0),
        ([ERRORS], 1),
        ([PREVIOUS], 0),
        ([FORM2019], 0),
        ([CONSISTENT, "--previous", PREVIOUS], 0),
        ([CONSISTENT, "--previous", PREVIOUS, "--fail-on", "warning"], 1),
        ([CONSISTENT, "-p", FORM2019, "--fail-on", "warning"], 1),
        ([CONSISTENT, "--previous", SEED, "--fail-on", "error"], 0),
        ([CONSISTENT, "--previous", SEED, "--fail-on", "warning"], 1),  # another agency's
        ([ERRORS, "--fail-on", "error"], 1),
        ([FORM2019, "--fail-on", "info"], 0),
        ([CONSISTENT, "--previous", Path("no-such-file.xlsx")], 2),
    ],
    ids=lambda x: (
        " ".join(p.name if isinstance(p, Path) else str(p) for p in x)
        if isinstance(x, list)
        else str(x)
    ),
)
def test_exit_status(args: list[Any], status: int) -> None:
    """0 clean, 1 findings at or above --fail-on, 2 when a file cannot be read."""
    result = invoke("validate", *args)
    assert result.exit_code == status, result.output
    if status == 2:
        assert result.stderr.count("\n") == 1 and "no-such-file.xlsx" in result.stderr


def test_text_report_of_the_errors_example() -> None:
    """The text report names each error's cells by sheet!address, row and column."""
    result = invoke("validate", ERRORS)
    assert result.exit_code == 1
    out = result.stdout
    assert "2021-3-03" in out and "统计表!J26" in out and "（一）予以公开（总计） = 27" in out
    assert "统计表!F29" in out and "2.其他法律行政法规禁止公开（科研机构）" in out
    assert "2021-4-01" in out and "行政复议（总计） = 0" in out
    assert "共 5 个错误，1 个警告，0 个提示；2 项规则因缺少数据无法检查" in out


# ---------------------------------------------------------------- the JSON report


@pytest.mark.parametrize(("path", "form_id"), [(CONSISTENT, "2021"), (FORM2019, "2019")])
def test_json_lists_every_value_with_its_names_unit_and_cell(path: Path, form_id: str) -> None:
    """--format json lists every value cell once, with its table title, official row label,
    column label, unit and sheet!address, in printed order."""
    doc = report_json(path)
    assert doc["form"] == form_id
    values = doc["values"]
    assert len(values) == CELLS[form_id]
    assert [v["number"] for v in values] == list(range(1, CELLS[form_id] + 1))
    assert len({v["indicator"] for v in values}) == len(values)
    where = layout(form_id)
    for value in values:
        ident = value["indicator"]
        if ident.split(".")[1] in GROUPS and not where.has(ident):
            # a group's subtotal row, which the example does not print
            assert (value["label"], value["state"], value["cell"]) == (
                GROUPS[ident.split(".")[1]],
                "missing",
                None,
            )
            continue
        label, column, address = where.cell(ident)
        assert (value["table"], value["label"], value["column"]) == (
            TABLE_TITLES[ident.split(".")[0]],
            label,
            column,
        ), ident
        assert value["cell"] == {"sheet": "统计表", "address": address, "file": None}, ident
        assert value["state"] == "number" and value["header"] is False
    units = {v["indicator"]: v["unit"] for v in values}
    assert {units[i] for i in units if i.startswith(("t3.", "t4."))} == {"件"}
    if form_id == "2021":
        assert units["t2_8.fees.amount"] == "万元"
        assert units["t2_1.normative.valid"] == "件"
    else:
        assert units["t2_5.licensing.change"] == "项"


def test_json_values_of_form_2019_keep_signs() -> None:
    """本年增/减 reach the JSON report as signed numbers (-3, 2, 12, -4)."""
    values = {v["indicator"]: v["value"] for v in report_json(FORM2019)["values"]}
    assert [values[f"t2_{i}"] for i in ("5.licensing.change", "5.other_services.change")] == [-3, 2]
    assert [values[f"t2_{i}"] for i in ("6.penalties.change", "6.enforcement.change")] == [12, -4]
    assert values["t2_9.procurement.amount"] == 251000


def test_json_keeps_the_unit_written_with_the_procurement_amount() -> None:
    """采购总金额 written 251000元: the JSON report says 元 somewhere in that value."""
    (value,) = [
        v for v in report_json(FORM2019)["values"] if v["indicator"] == "t2_9.procurement.amount"
    ]
    assert "元" in (value["unit"] + value["text"])


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ([CONSISTENT], {}),
        ([ERRORS], {}),
        ([FORM2019], {}),
        ([ERRORS, "--lang", "en"], {"lang": "en"}),
        ([CONSISTENT, "--previous", PREVIOUS], {"previous": PREVIOUS}),
        ([CONSISTENT, "--previous", SEED], {"previous": SEED}),
        ([CONSISTENT, "--form", "2019"], {"form": "2019"}),
    ],
    ids=["consistent", "errors", "2019", "errors-en", "previous", "previous-2014", "form-2019"],
)
def test_json_equals_the_library_report(args: list[Any], kwargs: dict[str, Any]) -> None:
    """The CLI's JSON is govstat.validate(...).model_dump_json(), value for value."""
    document = report_json(*args)
    report = govstat.validate(args[0], **kwargs)
    assert document == json.loads(report.model_dump_json())


def test_json_findings_of_the_errors_example() -> None:
    """The JSON findings carry rule, severity, numbers and cells with row and column labels."""
    doc = report_json(ERRORS)
    (row_sum,) = [f for f in doc["findings"] if f["rule"] == "2021-3-03" and f["checkable"]]
    assert (
        row_sum["severity"],
        row_sum["reported"],
        row_sum["computed"],
        row_sum["difference"],
    ) == (
        "error",
        27,
        26,
        1,
    )
    first = row_sum["cells"][0]
    assert (first["label"], first["column"], first["cell"]["address"], first["value"]) == (
        "（一）予以公开",
        "总计",
        "J26",
        "27",
    )
    assert doc["counts"] == {"error": 5, "warning": 1, "info": 0, "not_checkable": 2}


# ---------------------------------------------------------------- --previous


def test_previous_through_the_cli() -> None:
    """--previous prints last year's file, and the 3-06 warnings name cells in both files."""
    result = invoke("validate", CONSISTENT, "--previous", PREVIOUS)
    assert result.exit_code == 0
    out = result.stdout
    assert f"上年统计表：{PREVIOUS}" in out
    assert out.count("2021-3-06") == 2
    assert f"{PREVIOUS}: 统计表!D48" in out and f"{PREVIOUS}: 统计表!J48" in out
    assert "统计表!D25" in out and "统计表!J25" in out
    assert "2021-2-03" not in out
    doc = report_json(CONSISTENT, "--previous", PREVIOUS)
    assert doc["previous"] == str(PREVIOUS)
    last_year = [f["cells"][1]["cell"] for f in doc["findings"]]
    assert last_year == [
        {"sheet": "统计表", "address": "D48", "file": str(PREVIOUS)},
        {"sheet": "统计表", "address": "J48", "file": str(PREVIOUS)},
    ]


def test_previous_of_form_2014_through_the_cli() -> None:
    """A form-2014 previous table: a note printed, no carry-over finding (only F-03, the seed
    being another agency's), exit 0."""
    doc = report_json(CONSISTENT, "--previous", SEED)
    assert [f["rule"] for f in doc["findings"]] == ["2021-F-03"]
    assert any("2014" in note for note in doc["notes"])
    result = invoke("validate", CONSISTENT, "--previous", SEED)
    assert result.exit_code == 0
    assert doc["notes"][0] in result.stdout


# ---------------------------------------------------------------- govstat rules


def test_rules_lists_the_rules_of_all_three_forms() -> None:
    """`govstat rules` lists the 2014-, 2019- and 2021- rules with the spec's severities, and
    after them the A- rules of `govstat assess`."""
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    entries = {e["id"]: e for e in json.loads(result.stdout)}
    for form_id in ("2019", "2021"):
        for code, severity in SEVERITIES.items():
            rule = f"{form_id}-{code}"
            if rule == "2019-2-03":
                assert rule not in entries
                continue
            assert entries[rule]["severity"] == severity, rule
            assert entries[rule]["form"] == form_id
    assert {"2014-3-03", "2014-0-01", "2014-8-01"} <= set(entries)
    assert {i.split("-")[0] for i in entries} == {"2014", "2019", "2021", "A"}
    text = invoke("rules").stdout
    for rule in ("2014-3-03", "2019-3-02", "2021-2-03", "2021-3-06", "2021-F-01"):
        assert rule in text


def test_rules_of_one_form() -> None:
    """`govstat rules --form 2019` lists only form 2019's rules; per-column rules list each
    relation (seven columns for 3-01)."""
    entries = json.loads(invoke("rules", "--form", "2019", "--format", "json").stdout)
    assert {e["id"].split("-")[0] for e in entries} == {"2019"}
    (note,) = [e for e in entries if e["id"] == "2019-3-01"]
    assert len(note["relations"]) == 7


def test_forms_lists_the_current_forms() -> None:
    """`govstat forms` lists forms 2019 and 2021 with their cells."""
    entries = {e["id"]: e for e in json.loads(invoke("forms", "--format", "json").stdout)}
    assert {"2014", "2019", "2021"} <= set(entries)
    assert entries["2021"]["indicators"] == CELLS["2021"]
    assert entries["2019"]["indicators"] == CELLS["2019"]

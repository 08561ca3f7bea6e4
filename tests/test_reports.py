"""``govstat validate --format json|md|html|junit|sarif``: every example of every form in every
format, each checked against its schema (the report's JSON Schema shipped in the package, the
JUnit XSD and the SARIF 2.1.0 JSON Schema vendored in ``tests/data/schemas/``), and the hints
of a finding rendered in every format as suggestions.

Where the schemas come from: ``sarif-2.1.0-rtm.5.json`` is the OASIS SARIF 2.1.0 schema as
shipped in the npm package ``@microsoft/jest-sarif`` 1.0.0-beta.0 (MIT); ``junit-10.xsd`` is
the Jenkins/Surefire JUnit schema (MIT, Gregory Boissinot) as shipped in pytest's sdist
(``testing/example_scripts/junit-10.xsd``, pytest 8.3.5).
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema
from openpyxl import load_workbook

import govstat
from govstat.forms import get_form
from govstat.model import CellRef, Change, Hint, Report, Severity
from govstat.report.formats import REPORTS, generate_report_schema, report_schema
from support import invoke

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GOVSTAT_UPDATE_GOLDEN") == "1"
ALL = sorted(p.name for p in EXAMPLES.glob("*.xlsx"))
FORMATS = ["json", "md", "html", "junit", "sarif"]
HINT_MESSAGE = "把申请答复数改为 7，第1–8项合计即相符"


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(
        (SCHEMAS / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8")
    )
    return schema


@pytest.fixture(scope="module")
def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))


def report_with_hint() -> Report:
    """The seed's report with a hint on its 2014-3-03 error, as issue 7's locator would add."""
    report = govstat.validate(EXAMPLES / "2018-seed.xlsx")
    hint = Hint(
        kind="fix",
        changes=[
            Change(
                indicator="replies",
                label="（三）申请答复数",
                cell=CellRef(sheet="统计表", address="C34"),
                reported=Decimal(5),
                suggested=Decimal(7),
            )
        ],
        rank=1,
        weight=1.0,
        message=HINT_MESSAGE,
    )
    findings = [
        f.model_copy(update={"hints": [hint]}) if f.rule == "2014-3-03" else f
        for f in report.findings
    ]
    return report.model_copy(update={"findings": findings})


def validate_cli(name: str, fmt: str, *extra: object, lang: str = "zh") -> str:
    result = invoke("validate", EXAMPLES / name, "--format", fmt, "--lang", lang, *extra)
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""
    return result.stdout


# --- every example, every format -----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ALL)
def test_every_format_reports_every_example(name: str, fmt: str) -> None:
    """Each report format prints each example with its findings' rules and the same exit
    status as the text report."""
    report = govstat.validate(EXAMPLES / name)
    text = validate_cli(name, fmt)
    status = invoke("validate", EXAMPLES / name).exit_code
    assert invoke("validate", EXAMPLES / name, "--format", fmt).exit_code == status
    for finding in report.findings:
        assert finding.rule in text


def test_report_schema_command_prints_the_shipped_schema() -> None:
    """``govstat schema --report`` prints the schema file shipped in the package."""
    result = invoke("schema", "--report")
    assert result.exit_code == 0
    assert result.stdout == report_schema()
    assert json.loads(result.stdout)["title"] == "Report"


def test_shipped_report_schema_is_generated_from_the_model() -> None:
    """The shipped schema is exactly the one generated from the pydantic Report model."""
    assert report_schema() == generate_report_schema()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", ALL)
def test_every_json_report_validates_against_the_report_schema(name: str, lang: str) -> None:
    """The JSON report of every example, in both languages, is valid under the report schema."""
    schema = json.loads(report_schema())
    jsonschema.validate(json.loads(validate_cli(name, "json", lang=lang)), schema)


def test_json_report_with_previous_and_hints_validates() -> None:
    """A report with last year's table and a report with hints are valid too."""
    schema = json.loads(report_schema())
    text = validate_cli("2023-form2021.xlsx", "json", "--previous", EXAMPLES / "2022-form2021.xlsx")
    document = json.loads(text)
    assert document["previous"].endswith("2022-form2021.xlsx")
    jsonschema.validate(document, schema)
    jsonschema.validate(json.loads(report_with_hint().model_dump_json()), schema)


def test_report_schema_rejects_a_broken_report() -> None:
    """The schema is not vacuous: a report without findings, or with a bad severity, fails."""
    schema = json.loads(report_schema())
    document = json.loads(govstat.validate(EXAMPLES / "2018-seed.xlsx").model_dump_json())
    broken = {k: v for k, v in document.items() if k != "findings"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    document["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


# --- junit ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_junit_validates_against_the_junit_schema(
    name: str, junit_schema: xmlschema.XMLSchema
) -> None:
    """The JUnit report of every example is valid under the JUnit XSD."""
    junit_schema.validate(validate_cli(name, "junit"))


def test_junit_has_one_testcase_per_rule_and_a_failure_per_error() -> None:
    """The seed's suite holds one case per rule of form 2014; only 2014-3-03 fails, with its
    message; the warnings and the note stand in the cases' output."""
    root = ET.fromstring(validate_cli("2018-seed.xlsx", "junit"))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    rule_ids = list(dict.fromkeys(r.id for r in get_form("2014").rules))
    assert [c.get("name", "").split()[0] for c in cases] == rule_ids
    failing = {c.get("name", "").split()[0]: c.findall("failure") for c in cases}
    failing = {k: v for k, v in failing.items() if v}
    assert list(failing) == ["2014-3-03"]
    (failure,) = failing["2014-3-03"]
    assert failure.get("message") == "申请答复数为 5，但第1–8项合计为 7（相差 -2）"
    assert "统计表!C34" in (failure.text or "")
    assert suite.get("tests") == str(len(rule_ids)) and suite.get("failures") == "1"
    outputs = {c.get("name", "").split()[0]: c.findtext("system-out") for c in cases}
    assert "标题行" in (outputs["2014-0-02"] or "")
    assert "接受培训人员数为 40" in (outputs["2014-8-01"] or "")


def test_junit_fail_on_warning_fails_the_warning_rules() -> None:
    """With --fail-on warning the header-row warnings become failures too."""
    root = ET.fromstring(validate_cli("2018-seed.xlsx", "junit", "--fail-on", "warning"))
    failing = [
        c.get("name", "").split()[0] for c in root.iter("testcase") if c.find("failure") is not None
    ]
    assert failing == ["2014-0-02", "2014-3-03"]


def test_junit_marks_rules_only_not_checkable_as_skipped(tmp_path: Path) -> None:
    """A rule left unchecked by a blank cell is a skipped case, not a pass or a failure."""
    book = load_workbook(EXAMPLES / "2018-corrected.xlsx")
    book["统计表"]["C35"] = None  # 1.属于已主动公开范围数, one of items 1–8 of 2014-3-03
    path = tmp_path / "blank.xlsx"
    book.save(path)
    result = invoke("validate", path, "--format", "junit", "--fail-on", "warning")
    root = ET.fromstring(result.stdout)
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    skipped = {rule for rule, case in cases.items() if case.find("skipped") is not None}
    assert skipped == {"2014-3-03"}
    assert "无法检查" in (cases["2014-3-03"].find("skipped").get("message") or "")  # type: ignore[union-attr]
    assert cases["2014-0-03"].find("failure") is not None  # the blank cell itself: a warning
    assert root.find("testsuite").get("skipped") == "1"  # type: ignore[union-attr]


# --- sarif ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_sarif_validates_against_the_sarif_schema(
    name: str, sarif_schema: dict[str, object]
) -> None:
    """The SARIF log of every example is valid under the SARIF 2.1.0 schema."""
    jsonschema.validate(json.loads(validate_cli(name, "sarif")), sarif_schema)


def test_sarif_has_one_result_per_finding_pointing_at_its_cell() -> None:
    """Each finding is one result whose region is its first cell's row and column."""
    report = govstat.validate(EXAMPLES / "2023-form2021-errors.xlsx")
    log = json.loads(validate_cli("2023-form2021-errors.xlsx", "sarif"))
    results = log["runs"][0]["results"]
    assert len(results) == len(report.findings)
    for result, finding in zip(results, report.findings, strict=True):
        assert result["ruleId"] == finding.rule
        assert result["message"]["text"] == finding.message
        first = finding.cells[0].cell
        assert first is not None
        letters, row = re.fullmatch(r"([A-Z]+)(\d+)", first.address).groups()  # type: ignore[union-attr]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == int(row)
        assert region["startColumn"] == ord(letters) - 64
        logical = result["locations"][0]["logicalLocations"][0]
        assert logical["fullyQualifiedName"] == f"{first.sheet}!{first.address}"
        assert len(result["relatedLocations"]) == len(finding.cells) - 1
        expected = (
            "none"
            if not finding.checkable
            else {"error": "error", "warning": "warning"}[finding.severity.value]
        )
        assert result["level"] == expected
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_points_last_years_cells_at_last_years_file(sarif_schema: dict[str, object]) -> None:
    """A carry-over finding's cell of last year's table names that file."""
    log = json.loads(
        validate_cli("2023-form2021.xlsx", "sarif", "--previous", EXAMPLES / "2022-form2021.xlsx")
    )
    jsonschema.validate(log, sarif_schema)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for loc in result["relatedLocations"]
    }
    assert any(uri.endswith("2022-form2021.xlsx") for uri in uris)


# --- hints ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_hints_as_suggestions(
    fmt: str, sarif_schema: dict[str, object], junit_schema: xmlschema.XMLSchema
) -> None:
    """A finding's hint appears in every format, under the words that say it is a suggestion
    (not a correction); the documents stay valid."""
    report = report_with_hint()
    for lang, marker in (
        ("zh", "建议（仅供参考，不是更正）"),
        ("en", "Suggestions (not corrections)"),
    ):
        text = REPORTS[fmt]([report], lang, Severity.error)  # type: ignore[arg-type]
        assert HINT_MESSAGE in text
        if fmt in ("md", "html", "junit"):
            assert marker in text
        if fmt == "sarif":
            log = json.loads(text)
            jsonschema.validate(log, sarif_schema)
            (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "2014-3-03"]
            assert result["properties"]["hints"][0]["message"] == HINT_MESSAGE
            assert "fixes" not in result  # a suggestion is never offered as a fix
        if fmt == "junit":
            junit_schema.validate(text)


# --- golden files --------------------------------------------------------------------------

GOLDEN_REPORTS = [
    ("2018-seed.xlsx", "md", "zh", "validate-2018-seed.zh.md"),
    ("2018-seed.xlsx", "html", "zh", "validate-2018-seed.zh.html"),
    ("2023-form2021-errors.xlsx", "md", "en", "validate-2023-form2021-errors.en.md"),
]


@pytest.mark.parametrize(("name", "fmt", "lang", "golden"), GOLDEN_REPORTS, ids=str)
def test_report_matches_golden(
    name: str, fmt: str, lang: str, golden: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report of an example is byte for byte the reviewed golden file."""
    monkeypatch.chdir(EXAMPLES)
    result = invoke("validate", name, "--format", fmt, "--lang", lang)
    path = GOLDEN / golden
    if UPDATE:
        path.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == path.read_text(encoding="utf-8")

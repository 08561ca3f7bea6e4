"""The command line through typer's CliRunner: exit statuses, reports, JSON, bad input, listings.

The expected figures come from the spec (``/work/shared/spec/forms.md``, "The seed's own errors")
and from ``examples/make_examples.py``, never from the code under test.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.main import get_command
from typer.testing import Result

import govstat
from govstat.cli import app
from support import SPEC_RULES_2014, invoke, load_example

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = EXAMPLES / "2018-seed.xlsx"
CORRECTED = EXAMPLES / "2018-corrected.xlsx"
SHEET = "统计表"
FIRST_ROW = 5
"""The example workbooks' first table row (title, year, agency and header stand above it)."""

HEADER_NUMBERS = {1, 5, 11, 13, 21, 54, 61}
"""The rows the spec marks hdr."""

SPEC_SEVERITIES = SPEC_RULES_2014
"""The rules table of form 2014 in forms.md."""

READER_RULES = {
    "2014-R-01",
    "2014-R-02",
    "2014-R-03",
    "2014-R-04",
    "2014-R-05",
    "2014-T-01",
    "2014-F-01",
    "2014-F-02",
    "2014-F-03",
    "2014-E-01",
    "2014-E-02",
}

COMMANDS = {
    "validate",
    "render",
    "template",
    "forms",
    "rules",
    "schema",
    "compile",
    "serve",
    "assess",
}

CJK = re.compile(r"[\u4e00-\u9fff]")


EX = load_example("make_examples")


def expected_rows(corrected: bool = False) -> list[tuple[str, str, str]]:
    """(label, unit, value) of the 64 rows as the example workbook holds them."""
    fixes = EX.CORRECTIONS if corrected else {}
    return [(label, unit, fixes.get(label, value)) for label, unit, value in EX.SEED_ROWS]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def one_line_error(result: Result) -> str:
    """Assert exit 2 with exactly one line on stderr, nothing on stdout; return that line."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("govstat: ")
    return result.stderr


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def edited_copy(source: Path, target: Path, changes: dict[str, object]) -> Path:
    """Copy an example workbook, setting column C of the rows whose label is given."""
    book = load_workbook(source)
    sheet = book[SHEET]
    todo = dict(changes)
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        label = str(row[0].value)
        if label in todo:
            row[2].value = todo.pop(label)  # type: ignore[assignment]
    assert not todo, f"labels not found: {todo}"
    book.save(target)
    return target


@pytest.fixture
def warnings_only(tmp_path: Path) -> Path:
    """The corrected table with a 0 in a header row: one 2014-0-02 warning, nothing else."""
    return edited_copy(CORRECTED, tmp_path / "warnings-only.xlsx", {"一、主动公开情况": 0})


@pytest.fixture
def info_only(tmp_path: Path) -> Path:
    """The corrected table with 40 trainees and no training course: one 2014-8-01 note."""
    return edited_copy(CORRECTED, tmp_path / "info-only.xlsx", {"（二）举办各类培训班数": 0})


def json_report(path: Path, *extra: str) -> dict[str, Any]:
    result = invoke("validate", path, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def address(cell: dict[str, str] | None) -> str | None:
    return f"{cell['sheet']}!{cell['address']}" if cell else None


# --- validate: the text report -------------------------------------------------------------


def test_validate_seed_exits_1_and_reports_the_reply_sum_error() -> None:
    """The seed table fails with 2014-3-03: 申请答复数 5 against items 1–8 summing to 7."""
    result = invoke("validate", SEED)
    assert result.exit_code == 1
    out = result.stdout
    line = next(x for x in out.splitlines() if "2014-3-03" in x)
    assert "申请答复数" in line
    assert re.search(r"(?<!\d)5(?!\d)", line) and re.search(r"(?<!\d)7(?!\d)", line)
    for cell in ("统计表!C34", "统计表!C35", "统计表!C36"):
        assert cell in out
    c34 = next(x for x in out.splitlines() if "统计表!C34" in x)
    assert "申请答复数" in c34 and c34.rstrip().endswith("= 5")


def test_validate_seed_reports_three_header_warnings_and_one_note() -> None:
    """The seed's text report names 2014-0-02 three times and 2014-8-01 once, and no other rule."""
    out = invoke("validate", SEED, "--no-hints").stdout  # a hint names the rules it would break
    assert out.count("2014-0-02") == 3
    assert out.count("2014-8-01") == 1
    assert out.count("2014-3-03") == 1
    named = set(re.findall(r"\b2014-[0-9A-Z]-\d\d\b", out))
    assert named == {"2014-0-02", "2014-3-03", "2014-8-01"}
    for cell in ("统计表!C15", "统计表!C17", "统计表!C25", "统计表!C67", "统计表!C68"):
        assert cell in out


def test_validate_corrected_exits_0() -> None:
    """The corrected table passes with exit status 0 and names no rule."""
    result = invoke("validate", CORRECTED)
    assert result.exit_code == 0, result.output
    assert not re.search(r"\b2014-[0-9A-Z]-\d\d\b", result.stdout)
    assert "温州市商务局" in result.stdout


def test_validate_lang_en_prints_english_messages() -> None:
    """With --lang en the report's headings and finding messages are English."""
    result = invoke("validate", SEED, "--lang", "en")
    assert result.exit_code == 1
    out = result.stdout
    assert "File:" in out and "errors: 1, warnings: 3" in out
    assert "错误" not in out and "警告" not in out and "文件：" not in out
    for line in out.splitlines():
        if re.search(r"\b2014-\d-\d\d\b", line):
            assert not CJK.search(line.split("  ", 2)[-1]), line
    for finding in json_report(SEED, "--lang", "en")["findings"]:
        assert not CJK.search(finding["message"]), finding["message"]


def test_validate_lang_from_environment() -> None:
    """GOVSTAT_LANG=en selects English when --lang is not given."""
    out = invoke("validate", SEED, env={"GOVSTAT_LANG": "en"}).stdout
    assert "errors: 1, warnings: 3" in out


# --- validate: exit status and --fail-on ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fail_on", "status"),
    [
        ("seed", None, 1),
        ("seed", "error", 1),
        ("seed", "warning", 1),
        ("seed", "info", 1),
        ("corrected", None, 0),
        ("corrected", "error", 0),
        ("corrected", "warning", 0),
        ("corrected", "info", 0),
        ("warnings_only", None, 0),
        ("warnings_only", "error", 0),
        ("warnings_only", "warning", 1),
        ("warnings_only", "info", 1),
        ("info_only", None, 0),
        ("info_only", "warning", 0),
        ("info_only", "info", 1),
    ],
)
def test_fail_on_sets_the_exit_status(
    name: str, fail_on: str | None, status: int, request: pytest.FixtureRequest
) -> None:
    """Exit 1 exactly when a finding is at or above --fail-on (default error), else 0."""
    path = {"seed": SEED, "corrected": CORRECTED}.get(name) or request.getfixturevalue(name)
    args = ["validate", path] + (["--fail-on", fail_on] if fail_on else [])
    assert invoke(*args).exit_code == status


def test_built_tables_hold_only_the_intended_finding(warnings_only: Path, info_only: Path) -> None:
    """The tables built for --fail-on carry one warning (2014-0-02) and one note (2014-8-01)."""
    w = json_report(warnings_only)
    assert [(f["rule"], f["severity"]) for f in w["findings"]] == [("2014-0-02", "warning")]
    assert address(w["findings"][0]["cells"][0]["cell"]) == "统计表!C5"
    i = json_report(info_only)
    assert [(f["rule"], f["severity"]) for f in i["findings"]] == [("2014-8-01", "info")]


def test_fail_on_rejects_an_unknown_level() -> None:
    """--fail-on accepts only error, warning and info (a usage error exits 2)."""
    result = invoke("validate", SEED, "--fail-on", "fatal")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- validate --format json ----------------------------------------------------------------


@pytest.mark.parametrize("path", [SEED, CORRECTED], ids=["seed", "corrected"])
def test_json_report_holds_metadata_and_all_64_values(path: Path) -> None:
    """The JSON report names file, form, metadata and 64 values with label, unit and cell."""
    doc = json_report(path)
    assert doc["file"] == str(path)
    assert doc["form"] == "2014"
    assert doc["metadata"]["agency"] == "温州市商务局"
    assert doc["metadata"]["year"] == 2018
    assert doc["metadata"]["date"] == "2019.1.2"
    assert (doc["metadata"]["head"], doc["metadata"]["reviewer"], doc["metadata"]["preparer"]) == (
        "应希克",
        "郑耀克",
        "韩磊",
    )
    assert doc["metadata"]["phone"] == "88862893"
    values = doc["values"]
    assert len(values) == 64
    assert [v["number"] for v in values] == list(range(1, 65))
    assert {v["number"] for v in values if v["header"]} == HEADER_NUMBERS
    assert sum(not v["header"] for v in values) == 57
    rows = expected_rows(corrected=path == CORRECTED)
    for v, (label, unit, text) in zip(values, rows, strict=True):
        assert {"indicator", "label", "unit", "value", "cell"} <= v.keys()
        assert squash(v["label"]) == squash(label)
        assert v["unit"] == unit
        if not v["header"]:
            assert v["value"] == int(text), v
            assert address(v["cell"]) == f"统计表!C{FIRST_ROW - 1 + v['number']}"
    assert len({v["indicator"] for v in values}) == 64


def test_json_report_of_the_seed_has_its_findings_and_counts() -> None:
    """The seed's JSON lists the five findings of the spec, with 5, 7 and -2 on 2014-3-03."""
    doc = json_report(SEED)
    assert doc["counts"] == {"error": 1, "warning": 3, "info": 1, "not_checkable": 0}
    findings = doc["findings"]
    for f in findings:
        assert {"rule", "severity", "message", "cells", "reported", "computed", "difference"} <= (
            f.keys()
        )
        assert f["message"]
    assert sorted((f["rule"], f["severity"]) for f in findings) == [
        ("2014-0-02", "warning"),
        ("2014-0-02", "warning"),
        ("2014-0-02", "warning"),
        ("2014-3-03", "error"),
        ("2014-8-01", "info"),
    ]
    (replies,) = [f for f in findings if f["rule"] == "2014-3-03"]
    assert (replies["reported"], replies["computed"], replies["difference"]) == (5, 7, -2)
    cells = {address(c["cell"]): c["value"] for c in replies["cells"]}
    assert cells["统计表!C34"] == "5"
    assert cells["统计表!C35"] == "2"
    assert cells["统计表!C36"] == "5"
    headers = [f for f in findings if f["rule"] == "2014-0-02"]
    assert sorted(str(address(f["cells"][0]["cell"])) for f in headers) == [
        "统计表!C15",
        "统计表!C17",
        "统计表!C25",
    ]
    assert {f["cells"][0]["label"] for f in headers} == {
        "二、回应解读情况",
        "（二）通过不同渠道和方式回应解读的情况",
        "三、依申请公开情况",
    }


def test_json_report_of_the_corrected_table_is_clean() -> None:
    """The corrected table's JSON has no findings and all counts 0."""
    doc = json_report(CORRECTED)
    assert doc["findings"] == []
    assert doc["counts"] == {"error": 0, "warning": 0, "info": 0, "not_checkable": 0}


@pytest.mark.parametrize("path", [SEED, CORRECTED], ids=["seed", "corrected"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_report_equals_the_library_result(path: Path, lang: str) -> None:
    """``validate --format json`` prints exactly what ``govstat.validate`` returns."""
    cli = json_report(path, "--lang", lang)
    api = json.loads(govstat.validate(str(path), lang=lang).model_dump_json())  # type: ignore[arg-type]
    assert cli == api


# --- unreadable input ----------------------------------------------------------------------


def _empty(d: Path) -> Path:
    path = d / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _text(d: Path) -> Path:
    path = d / "notes.xlsx"
    path.write_text("这是一段文字，不是工作簿。\nplain text\n", encoding="utf-8")
    return path


def _truncated(d: Path) -> Path:
    data = SEED.read_bytes()
    path = d / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _missing(d: Path) -> Path:
    return d / "missing.xlsx"


def _no_table(d: Path) -> Path:
    rng = random.Random(2014)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(30):
        sheet.append(
            ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(12)) for _ in range(3)]
        )
    path = d / "random-text.xlsx"
    book.save(path)
    return path


BAD_INPUTS: dict[str, Callable[[Path], Path]] = {
    "empty": _empty,
    "text": _text,
    "truncated": _truncated,
    "missing": _missing,
    "no-table": _no_table,
}


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_unreadable_input_exits_2_with_one_line_naming_the_file(
    kind: str, command: str, tmp_path: Path
) -> None:
    """A file that holds no readable table gives exit 2 and one stderr line naming it."""
    path = BAD_INPUTS[kind](tmp_path)
    line = one_line_error(invoke(command, path))
    assert str(path) in line


@pytest.mark.parametrize(
    "args",
    [
        ["validate", SEED, "--form", "1999"],
        ["render", SEED, "--form", "1999"],
        ["rules", "--form", "1999"],
        ["schema", "--form", "1999"],
    ],
    ids=["validate", "render", "rules", "schema"],
)
def test_unknown_form_exits_2_with_one_line(args: list[object]) -> None:
    """--form 1999 is refused with exit 2 and one line naming the form and the known ones."""
    line = one_line_error(invoke(*args))
    assert "1999" in line and "2014" in line


def test_unknown_form_writes_no_template(tmp_path: Path) -> None:
    """``template --form 1999`` exits 2 with one line and writes nothing."""
    line = one_line_error(invoke("template", "-o", tmp_path / "t.xlsx", "--form", "1999"))
    assert "1999" in line
    assert list(tmp_path.iterdir()) == []


def test_inputs_are_left_unchanged(tmp_path: Path) -> None:
    """validate and render (to screen and to a file) never modify the input workbook."""
    path = tmp_path / "seed.xlsx"
    shutil.copyfile(SEED, path)
    before = fingerprint(path)
    runs = [
        ["validate", path],
        ["validate", path, "--format", "json", "--lang", "en"],
        ["render", path],
        ["render", path, "--format", "csv", "-o", tmp_path / "out.csv"],
        ["render", path, "--format", "json", "-o", tmp_path / "out.json"],
        ["render", path, "--format", "md", "-o", tmp_path / "out.md"],
    ]
    for args in runs:
        assert invoke(*args).exit_code in (0, 1)
        assert fingerprint(path) == before, args


# --- forms, rules, schema ------------------------------------------------------------------


def test_forms_lists_form_2014() -> None:
    """``forms`` names form 2014 and its title, in text and in JSON."""
    result = invoke("forms")
    assert result.exit_code == 0
    assert re.search(r"^2014\s.*政府信息公开情况统计表", result.stdout, re.M)
    entries = json.loads(invoke("forms", "--format", "json").stdout)
    (entry,) = [e for e in entries if e["id"] == "2014"]
    assert entry["title"] == "政府信息公开情况统计表"
    assert entry["indicators"] == 64
    assert entry["rules"] == len(SPEC_SEVERITIES) + len(READER_RULES)


def test_rules_lists_every_rule_of_form_2014() -> None:
    """``rules`` prints a line for every rule id of form 2014, with its severity."""
    result = invoke("rules")
    assert result.exit_code == 0
    listed = dict(re.findall(r"^(2014-[0-9A-Z]-\d\d)\s+(\S+)", result.stdout, re.M))
    assert set(SPEC_SEVERITIES) | READER_RULES <= set(listed)
    labels = {"error": "错误", "warning": "警告", "info": "提示"}
    for rule, severity in SPEC_SEVERITIES.items():
        assert listed[rule] == labels[severity], rule
    assert invoke("rules", "--form", "2014").stdout in result.stdout


def test_rules_json_parses_and_matches_the_spec() -> None:
    """``rules --format json`` is a JSON list whose ids and severities follow forms.md."""
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    by_id = {e["id"]: e for e in entries}
    assert len(by_id) == len(entries)
    assert set(SPEC_SEVERITIES) | READER_RULES <= set(by_id)
    for rule, severity in SPEC_SEVERITIES.items():
        assert by_id[rule]["severity"] == severity
        assert by_id[rule]["form"] == "2014"
        assert by_id[rule]["title"]


def test_schema_describes_the_57_value_rows() -> None:
    """``schema --form 2014`` is a JSON Schema whose values hold the 57 value rows, no header."""
    result = invoke("schema", "--form", "2014")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    ref = schema["properties"]["values"]["$ref"]
    assert ref.startswith("#/$defs/")
    values = schema["$defs"][ref.split("/")[-1]]
    properties = values["properties"]
    form = govstat.get_form("2014")
    ids = {ind.number: ind.id for ind in form.indicators}
    assert set(properties) == {ids[n] for n in range(1, 65) if n not in HEADER_NUMBERS}
    assert not {ids[n] for n in HEADER_NUMBERS} & set(properties)
    assert len(properties) == 57
    assert values.get("additionalProperties") is False
    rows = expected_rows()
    for prop in properties.values():
        label, unit, _ = rows[prop["row"] - 1]
        assert squash(prop["title"]) == squash(label)
        assert prop["unit"] == unit
        types = {t.get("type") for t in prop["anyOf"]}
        assert ("number" if unit == "万元" else "integer") in types, prop


# --- help ----------------------------------------------------------------------------------

REGISTERED = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_app_registers_the_nine_commands() -> None:
    """The app offers exactly validate, render, template, forms, rules, schema, compile, serve
    and assess."""
    assert set(REGISTERED) == COMMANDS


@pytest.mark.parametrize("command", REGISTERED)
def test_every_command_has_help_text(command: str) -> None:
    """``govstat CMD --help`` exits 0 and prints the command's own description."""
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: govstat {command}" in result.stdout
    description = get_command(app).commands[command].help  # type: ignore[attr-defined]
    assert description
    assert squash(description)[:12] in squash(result.stdout)


def test_every_option_has_help_text() -> None:
    """Every option of every command carries a description for its --help."""
    bare = [
        f"{name} {param.opts[0]}"
        for name, cmd in get_command(app).commands.items()  # type: ignore[attr-defined]
        for param in cmd.params
        if param.param_type_name == "option" and not getattr(param, "help", None)
    ]
    assert bare == []


def test_top_level_help_lists_every_command() -> None:
    """``govstat --help`` exits 0 and lists every command."""
    result = invoke("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command


def test_python_m_govstat_runs_the_cli(tmp_path: Path) -> None:
    """``python -m govstat --help`` runs the command line through the module entry point."""
    proc = subprocess.run(
        [sys.executable, "-m", "govstat", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Usage:" in proc.stdout
    for command in COMMANDS:
        assert command in proc.stdout

"""Validating many files at once: folders, globs, the summary and its formats, exit status."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

import govstat
from govstat.bulk import validate_many
from govstat.model import Severity
from govstat.paths import expand, is_bulk
from govstat.report.console import print_report
from helpers_current import CONSISTENT, ERRORS, FORM2019, SEED
from support import invoke


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of units: two clean, one with errors, one unreadable, one nested, and noise."""
    units = tmp_path / "units"
    (units / "sub").mkdir(parents=True)
    shutil.copyfile(CONSISTENT, units / "a-clean.xlsx")
    shutil.copyfile(FORM2019, units / "b-clean-2019.xlsx")
    shutil.copyfile(ERRORS, units / "c-errors.xlsx")
    (units / "d-broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    shutil.copyfile(CONSISTENT, units / "sub" / "e-nested.xlsx")
    (units / "notes.json").write_text("{}", encoding="utf-8")  # a format no reader knows
    shutil.copyfile(CONSISTENT, units / "~$a-clean.xlsx")  # Excel's lock file
    shutil.copyfile(CONSISTENT, units / ".hidden.xlsx")
    return units


def names(paths: list[Path | govstat.GovstatError]) -> list[str]:
    return [p.name if isinstance(p, Path) else f"error:{p.file}" for p in paths]


def test_a_folder_expands_to_its_workbooks_recursively(folder: Path) -> None:
    """A folder gives its readable files, sorted, subfolders in; lock, hidden, other files out."""
    assert names(expand([folder])) == [
        "a-clean.xlsx",
        "b-clean-2019.xlsx",
        "c-errors.xlsx",
        "d-broken.xlsx",
        "e-nested.xlsx",
    ]


def test_globs_expand_and_a_file_named_twice_is_read_once(folder: Path) -> None:
    """A glob gives its matches; a file also named on its own is not repeated."""
    found = expand([folder / "a-clean.xlsx", f"{folder}/*-clean*.xlsx", f"{folder}/**/e-*.xlsx"])
    assert names(found) == ["a-clean.xlsx", "b-clean-2019.xlsx", "e-nested.xlsx"]


def test_a_glob_matching_nothing_is_an_error_in_its_place(folder: Path) -> None:
    """A pattern that matches no file is kept as an error naming the pattern."""
    pattern = f"{folder}/*.xls"
    assert names(expand([pattern])) == [f"error:{pattern}"]


def test_bulk_mode_is_several_inputs_a_folder_or_a_glob(folder: Path) -> None:
    """One existing file is the single-file report; anything else is the summary."""
    assert not is_bulk([CONSISTENT])
    assert is_bulk([CONSISTENT, ERRORS])
    assert is_bulk([folder])
    assert is_bulk([f"{folder}/*.xlsx"])
    assert not is_bulk([folder / "missing.xlsx"])  # reported as now: file not found, exit 2


def test_validate_many_summarises_every_file(folder: Path) -> None:
    """Each file gets its form, counts and status; the unreadable one says why."""
    summary = validate_many([folder], jobs=1)
    rows = {Path(r.file).name: r for r in summary.files}
    assert [(rows[n].form, rows[n].status) for n in sorted(rows)] == [
        ("2021", "ok"),
        ("2019", "ok"),
        ("2021", "fail"),
        (None, "unreadable"),
        ("2021", "ok"),
    ]
    assert (rows["c-errors.xlsx"].errors, rows["c-errors.xlsx"].warnings) == (5, 1)
    assert "d-broken.xlsx" not in (rows["d-broken.xlsx"].message or "x.xlsx")
    assert rows["d-broken.xlsx"].message
    assert summary.totals.exit_status == 2
    assert (summary.totals.ok, summary.totals.fail, summary.totals.unreadable) == (3, 1, 1)


def test_parallel_processes_give_the_same_summary_as_one(folder: Path) -> None:
    """Two worker processes give the rows one process gives, in the same order."""
    inputs = [folder, folder / "a-clean.xlsx", SEED]
    assert validate_many(inputs, jobs=2) == validate_many(inputs, jobs=1)


def test_a_glob_of_pdf_reports_is_checked_in_worker_processes(tmp_path: Path) -> None:
    """``'reports/*.pdf'`` picks the PDFs, two PDFium workers give one process's rows, and a
    scanned PDF with no ruled table in it is a row saying so."""
    from damaged import image_pdf

    data = Path(__file__).resolve().parent / "data"
    reports = tmp_path / "reports"
    reports.mkdir()
    for index in range(2):
        shutil.copyfile(data / "2018-report.pdf", reports / f"{index}-2018.pdf")
        shutil.copyfile(data / "2023-form2021-report.pdf", reports / f"{index}-2023.pdf")
    image_pdf(reports)
    (reports / "notes.txt").write_text("not a report", encoding="utf-8")
    pattern = str(reports / "*.pdf")
    summary = validate_many([pattern], jobs=2)
    assert summary == validate_many([pattern], jobs=1)
    assert len(summary.files) == 5
    forms = sorted((row.form, row.status) for row in summary.files if row.form)
    assert forms == [("2014", "fail")] * 2 + [("2021", "fail")] * 2
    (scanned,) = [row for row in summary.files if row.status == "unreadable"]
    assert scanned.message is not None and "没有找到带框线的表格" in scanned.message


def test_progress_is_reported_up_to_the_total(folder: Path) -> None:
    """The progress callback ends at (total, total)."""
    seen: list[tuple[int, int]] = []
    validate_many([folder], jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_counts_are_those_of_the_full_report(folder: Path) -> None:
    """Each row's counts equal ``govstat.validate(file).counts``, the report's own."""
    for row in validate_many([folder, SEED], jobs=1).files:
        if row.status == "unreadable":
            continue
        counts = govstat.validate(row.file).counts
        assert (row.errors, row.warnings, row.info, row.not_checkable) == (
            counts.error,
            counts.warning,
            counts.info,
            counts.not_checkable,
        ), row.file


def test_fail_on_warning_fails_files_with_warnings(folder: Path) -> None:
    """--fail-on warning: a file with only a warning fails; the clean ones still pass."""
    summary = validate_many([SEED, CONSISTENT], fail_on=Severity.info, jobs=1)
    assert [r.status for r in summary.files] == ["fail", "ok"]


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "status"),
    [
        (["a-clean.xlsx", "b-clean-2019.xlsx"], 0),
        (["a-clean.xlsx", "c-errors.xlsx"], 1),
        (["c-errors.xlsx", "d-broken.xlsx"], 2),
        (["d-broken.xlsx", "a-clean.xlsx"], 2),
    ],
)
def test_the_exit_status_is_the_worst_files(files: list[str], status: int, folder: Path) -> None:
    """0 when all pass, 1 when any fails, 2 when any cannot be read."""
    result = invoke("validate", *(folder / f for f in files))
    assert result.exit_code == status, result.output


def test_one_unreadable_file_is_a_row_not_the_end_of_the_run(folder: Path) -> None:
    """The broken file is a row saying why; every other file is still reported."""
    result = invoke("validate", folder)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["文件", "表式", "错误", "警告", "状态"]
    broken = next(line for line in lines if "d-broken.xlsx" in line)
    assert "无法读取" in broken and "损坏" in broken
    errors = next(line for line in lines if "c-errors.xlsx" in line).split()
    assert errors[1:] == ["2021", "5", "1", "未通过"]
    assert lines[-1] == "共 5 个文件：3 个通过，1 个未通过，1 个无法读取；合计 5 个错误，1 个警告"
    # No progress bar when stderr is not a terminal; what was skipped, and why.
    assert result.stderr == (
        "跳过 3 个：1 个隐藏文件或文件夹，1 个锁定文件（~$ 或 .~lock），1 个其他格式的文件\n"
    )


def test_the_summary_as_json_is_the_library_summary(folder: Path) -> None:
    """--format json prints exactly ``validate_many(...).model_dump_json()``."""
    result = invoke("validate", folder, "--format", "json", "--jobs", "1")
    document = json.loads(result.stdout)
    assert document == json.loads(validate_many([folder], jobs=1).model_dump_json())
    assert document["totals"]["exit_status"] == 2 == result.exit_code
    assert [Path(f["file"]).name for f in document["files"]][:2] == [
        "a-clean.xlsx",
        "b-clean-2019.xlsx",
    ]


def test_the_summary_as_csv_has_a_row_per_file(folder: Path) -> None:
    """--format csv: a BOM for Excel, a header and one row per file, in English with --lang
    en."""
    result = invoke("validate", f"{folder}/*.xlsx", "--format", "csv", "--lang", "en")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert [(Path(r["file"]).name, r["status"]) for r in rows] == [
        ("a-clean.xlsx", "ok"),
        ("b-clean-2019.xlsx", "ok"),
        ("c-errors.xlsx", "fail"),
        ("d-broken.xlsx", "unreadable"),
    ]
    assert rows[2]["errors"] == "5" and rows[3]["message"]


def test_the_summary_as_markdown_is_a_table(folder: Path) -> None:
    """--format md: a Markdown table with a row per file, and the totals."""
    result = invoke("validate", folder, "--format", "md", "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[0] == "| file | form | errors | warnings | status |"
    assert lines[1] == "| --- | --- | ---: | ---: | --- |"
    assert sum(line.startswith("| ") for line in lines) == 7
    assert lines[-1].startswith("5 files: 3 ok")


def test_summary_of_one_file_with_the_summary_flag() -> None:
    """--summary makes one file a one-row summary; the CSV's heads and status in Chinese."""
    result = invoke("validate", CONSISTENT, "--summary", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["状态"] == "通过"


def test_the_summary_as_gb18030_csv() -> None:
    """--encoding gb18030 writes the CSV in GB18030 (no BOM), for older Excel."""
    result = invoke("validate", CONSISTENT, "--summary", "--format", "csv", "--encoding", "gb18030")
    assert result.stdout_bytes.decode("gb18030").startswith("文件,表式")


def test_the_summary_json_carries_each_files_findings(folder: Path) -> None:
    """--format json of many files: each file's findings (rule, severity, message, cells)."""
    result = invoke("validate", f"{folder}/*.xlsx", "--format", "json")
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    findings = files["c-errors.xlsx"]["findings"]
    errors = [f for f in findings if f["severity"] == "error" and f["checkable"]]
    assert len(errors) == 5 and all(f["rule"] and f["message"] and f["cells"] for f in errors)


def test_junit_of_many_files_is_one_document(folder: Path) -> None:
    """--format junit of many files: one document, a suite per readable file, exit 2 for the
    unreadable one (named on stderr)."""
    result = invoke("validate", f"{folder}/*.xlsx", "--format", "junit")
    assert result.exit_code == 2
    assert result.stdout.count("<testsuite ") == 3 and "d-broken.xlsx" in result.stderr


def test_csv_or_md_for_one_file_without_summary_exits_2() -> None:
    """One file keeps its report formats: --format csv alone is refused with a hint."""
    result = invoke("validate", CONSISTENT, "--format", "csv")
    assert result.exit_code == 2 and "--summary" in result.stderr


def test_previous_is_refused_for_several_files() -> None:
    """--previous belongs to one file: with several it is exit 2."""
    result = invoke("validate", CONSISTENT, ERRORS, "--previous", CONSISTENT)
    assert result.exit_code == 2 and "--previous" in result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_single_file_prints_its_report_exactly_as_before(lang: str) -> None:
    """One FILE prints the full report of ``print_report``, not a summary."""
    buffer = io.StringIO()
    report = govstat.validate(ERRORS, lang=lang)  # type: ignore[arg-type]
    print_report(report, Console(file=buffer, highlight=False, soft_wrap=True), lang)  # type: ignore[arg-type]
    result = invoke("validate", ERRORS, "--lang", lang)
    assert result.exit_code == 1
    assert result.stdout == buffer.getvalue()


def test_a_single_missing_file_is_still_one_line_and_exit_2(tmp_path: Path) -> None:
    """A single file that does not exist keeps today's one-line error."""
    result = invoke("validate", tmp_path / "nope.xlsx")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "nope.xlsx" in result.stderr

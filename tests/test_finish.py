"""The finish: tables that print like the form, every render saying the same, and a command
line that behaves like one (stdin and stdout, one language, --force)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govstat.api import validate
from govstat.errors import GovstatError, split_languages
from support import EXAMPLES, invoke

SOFFICE = shutil.which("soffice")
PDFINFO = shutil.which("pdfinfo")
RENDERED = ["2018-seed.xlsx", "2020-form2019.xlsx", "2023-form2021.xlsx"]
PAGE_LIMIT = {"2014": 2, "2019": 4, "2021": 4}
CJK = re.compile(r"[\u3400-\u9fff]")


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)[1])  # type: ignore[index]


@pytest.mark.skipif(
    SOFFICE is None or PDFINFO is None,
    reason="needs LibreOffice (Debian libreoffice-calc, libreoffice-writer) and pdfinfo "
    "(poppler-utils) to print the workbooks and Word files to PDF",
)
def test_templates_and_renders_print_within_the_page_limits(tmp_path: Path) -> None:
    """LibreOffice prints each template and each xlsx/docx render of the examples on A4 within
    the form's page limit (form 2014: 2 pages; forms 2019/2021: 4)."""
    made: dict[str, str] = {}
    for form in PAGE_LIMIT:
        out = tmp_path / f"template-{form}.xlsx"
        assert invoke("template", "--form", form, "-o", out).exit_code == 0
        made[out.stem] = form
    for name in RENDERED:
        form = validate(EXAMPLES / name).form
        for fmt in ("xlsx", "docx"):
            out = tmp_path / f"{Path(name).stem}-{fmt}.{fmt}"
            assert invoke("render", EXAMPLES / name, "--format", fmt, "-o", out).exit_code == 0
            made[out.stem] = form
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path / "pdf")]
        + [str(p) for p in sorted(tmp_path.glob("*.xlsx")) + sorted(tmp_path.glob("*.docx"))],
        capture_output=True,
        timeout=240,
        check=True,
    )
    pages = {stem: _pages(tmp_path / "pdf" / f"{stem}.pdf") for stem in made}
    assert all(pages[stem] <= PAGE_LIMIT[form] for stem, form in made.items()), pages


def test_the_print_layout_is_set_on_the_template(tmp_path: Path) -> None:
    """The template prints its form alone on A4: print area without the check block, fit to
    width, its longest table's head repeated, landscape only for the wide forms."""
    from openpyxl import load_workbook

    for form, orientation in (("2014", "portrait"), ("2021", "landscape")):
        out = tmp_path / f"{form}.xlsx"
        assert invoke("template", "--form", form, "-o", out).exit_code == 0
        sheet = load_workbook(out).active
        assert sheet.page_setup.orientation == orientation and int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        area = str(sheet.print_area)
        assert area.endswith("$C$74" if form == "2014" else "$55") and sheet.print_title_rows
        # Row heights follow each cell's wrapped text: no row of the form hundreds of points tall.
        heights = [sheet.row_dimensions[r].height for r in range(1, 56)]
        assert all(h is not None and 15 <= h <= 80 for h in heights), heights


@pytest.mark.parametrize("name", RENDERED)
def test_every_render_revalidates_like_the_workbook_render(name: str, tmp_path: Path) -> None:
    """md, csv, html, xlsx and docx renders of an example read back with the same values and
    exactly the findings of its workbook (xlsx) render."""

    def key(path: Path) -> tuple[object, ...]:
        report = validate(path, hints=False)
        # A group's subtotal row, which the template does not print, is missing from the
        # workbook and blank in Markdown and CSV (printed, empty): the same nothing.
        values = sorted(
            (v.indicator, "blank" if v.state == "missing" else v.state, v.value)
            for v in report.values
        )
        findings = sorted(
            (f.rule, f.severity.value, f.checkable, tuple(c.indicator for c in f.cells))
            for f in report.findings
            if f.rule.split("-")[1] not in ("R", "F")  # what a reader says of its layout
        )
        return tuple(values), tuple(findings)

    outputs = {}
    for fmt in ("xlsx", "md", "csv", "html", "docx"):
        out = tmp_path / f"render.{fmt}"
        assert invoke("render", EXAMPLES / name, "--format", fmt, "-o", out).exit_code == 0
        outputs[fmt] = key(out)
    assert all(outputs[fmt] == outputs["xlsx"] for fmt in outputs), [
        fmt for fmt in outputs if outputs[fmt] != outputs["xlsx"]
    ]


def _run(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govstat", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "GOVSTAT_LANG": "", **(env or {})},
    )


def test_dash_reads_standard_input_sniffing_its_format() -> None:
    """`govstat validate - < seed.xlsx` gives the seed's findings, the file named `-`."""
    seed = EXAMPLES / "2018-seed.xlsx"
    piped = _run("validate", "-", "-q", stdin=seed.read_bytes())
    direct = _run("validate", str(seed), "-q")
    assert piped.returncode == direct.returncode == 1
    assert (
        piped.stdout == direct.stdout and b"1 \xe4\xb8\xaa\xe9\x94\x99\xe8\xaf\xaf" in piped.stdout
    )


def test_dash_output_writes_a_workbook_to_standard_output(tmp_path: Path) -> None:
    """`render --format xlsx -o -` writes the workbook's bytes to stdout, readable back."""
    result = _run("render", str(EXAMPLES / "2018-seed.xlsx"), "--format", "xlsx", "-o", "-")
    assert result.returncode == 0 and result.stdout.startswith(b"PK")
    (tmp_path / "t.xlsx").write_bytes(result.stdout)
    assert validate(tmp_path / "t.xlsx").form == "2014"


def test_writing_over_a_file_needs_force(tmp_path: Path) -> None:
    """render, template and compile refuse to overwrite a file without --force (exit 2)."""
    out = tmp_path / "t.md"
    out.write_text("keep", encoding="utf-8")
    commands = [
        ("render", EXAMPLES / "2018-seed.xlsx", "-o", out),
        ("template", "-o", out),
        ("compile", EXAMPLES / "region" / "units", "-o", out),
    ]
    for command in commands:
        assert invoke(*command).exit_code == 2
        assert out.read_text(encoding="utf-8") == "keep"
    assert invoke("render", EXAMPLES / "2018-seed.xlsx", "-o", out, "--force").exit_code == 0


def test_missing_file_in_english_is_english_alone() -> None:
    """`validate x --lang en` on a missing file: one English line, no Chinese; zh: Chinese."""
    english = _run("validate", "no-such-file.xlsx", "--lang", "en")
    assert english.returncode == 2 and not CJK.search(english.stderr.decode())
    chinese = _run("validate", "no-such-file.xlsx")
    assert chinese.returncode == 2 and "file not found" not in chinese.stderr.decode()


def test_usage_errors_in_the_language_asked_for() -> None:
    """An unknown option is said in English alone with --lang en, in Chinese otherwise."""
    english = _run("validate", "x", "--bogus", "--lang", "en")
    assert english.returncode == 2 and not CJK.search(english.stderr.decode())
    assert "--bogus" in english.stderr.decode()
    chinese = _run("validate", "x", "--bogus")
    assert chinese.returncode == 2 and "没有选项 --bogus" in chinese.stderr.decode()


def test_an_error_carries_both_languages() -> None:
    """GovstatError splits "中文 (english): detail" and prints the language asked for."""
    assert split_languages("无法写入 (cannot write): denied") == (
        "无法写入: denied",
        "cannot write: denied",
    )
    error = GovstatError("文件不存在 (file not found)", file="a.xlsx", where="第 2 行 (row 2)")
    assert error.text("en") == "a.xlsx: row 2: file not found"
    assert error.text("zh") == "a.xlsx: 第 2 行: 文件不存在"
    assert GovstatError("只有中文").text("en") == "只有中文"


def test_version_and_short_help() -> None:
    """--version prints the version; -h is --help."""
    assert invoke("--version").stdout.startswith("govstat ")
    assert "Usage" in invoke("validate", "-h").stdout


def test_schema_report_refuses_a_form() -> None:
    """`schema --report --form X` is refused (exit 2): the report's schema has no form."""
    assert invoke("schema", "--report", "--form", "2014").exit_code == 2


def test_every_file_error_in_english_is_english_alone(tmp_path: Path) -> None:
    """Each damaged or hostile file's error line with --lang en has no Chinese (beyond the
    file's own name), and without it no English message in parentheses."""
    from damaged import DAMAGED

    slow = {"huge-sheet-xml", "huge-html-spans", "huge-csv"}  # seconds each; test_damaged has them
    for kind, make in DAMAGED.items():
        if kind in slow:
            continue
        folder = tmp_path / kind
        folder.mkdir()
        path = make(folder)
        english = invoke("validate", path, "--lang", "en")
        assert english.exit_code == 2 and not CJK.search(english.stderr.replace(str(path), "")), (
            kind,
            english.stderr,
        )
        chinese = invoke("validate", path, "--lang", "zh")
        assert chinese.stderr != english.stderr and CJK.search(chinese.stderr), kind


def test_validate_writes_its_report_with_o(tmp_path: Path) -> None:
    """validate -o writes the report (any format) to a file, saying so, and refuses to write
    over it again without --force."""
    out = tmp_path / "report.json"
    seed = EXAMPLES / "2018-seed.xlsx"
    first = invoke("validate", seed, "--format", "json", "-o", out)
    assert first.exit_code == 1 and first.stdout == "" and f"已写入 {out}" in first.stderr
    assert '"rule": "2014-3-03"' in out.read_text(encoding="utf-8")
    assert invoke("validate", seed, "-o", out).exit_code == 2
    assert invoke("validate", seed, "-o", out, "--force").exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("文件：")


def test_quiet_and_verbose_of_many_files() -> None:
    """-q prints only the totals line of many files; -v adds each file's findings."""
    files = [EXAMPLES / "2018-seed.xlsx", EXAMPLES / "2018-corrected.xlsx"]
    quiet = invoke("validate", *files, "-q")
    assert quiet.stdout.splitlines() == [
        "共 2 个文件：1 个通过，1 个未通过，0 个无法读取；合计 1 个错误，3 个警告"
    ]
    verbose = invoke("validate", *files, "-v").stdout
    assert "  2014-3-03  错误  申请答复数为 5，但第1–8项合计为 7（相差 -2）" in verbose


def test_help_lists_values_not_programmer_types() -> None:
    """Every command's -h names option values (2014|2019|2021, FILE, N), never a type such as
    <str>, <path> or list[Path]; and says what -h does in Chinese with English."""
    commands = ("validate", "render", "template", "compile", "assess", "forms", "rules", "schema")
    for command in commands:
        text = invoke(command, "-h").stdout
        assert not re.search(r"<(str|int|path|float)|list\[|\bTEXT\b|\bINTEGER\b", text), command
        assert "显示帮助 (show this help and exit)." in text


def test_an_unreadable_file_of_many_says_why_in_one_language(tmp_path: Path) -> None:
    """In a summary of many files, an unreadable file's reason is in the language asked for."""
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    files = [EXAMPLES / "2018-seed.xlsx", broken]
    english = invoke("validate", *files, "--lang", "en", "--jobs", "1").stdout
    line = next(x for x in english.splitlines() if "broken.xlsx" in x)
    assert "unreadable" in line and not CJK.search(line)
    chinese = invoke("validate", *files, "--jobs", "1").stdout
    line = next(x for x in chinese.splitlines() if "broken.xlsx" in x)
    assert "无法读取" in line and not re.search(r"\([a-z]", line)

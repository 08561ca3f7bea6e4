"""Whole folders of published files in every format, and old Word files through LibreOffice."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

import govstat
from govstat.bulk import validate_many
from govstat.paths import SUFFIXES, collect
from govstat.readers.office import convert_with_office, office_program
from support import EXAMPLES, invoke, load_example

EX = load_example("make_examples")
SOFFICE = office_program()
WRITER = SOFFICE is not None and (
    shutil.which("lowriter") is not None or (Path(SOFFICE).resolve().parent / "libswlo.so").exists()
)
"""LibreOffice with its Writer (which opens .doc files) is installed."""
needs_soffice = pytest.mark.skipif(not WRITER, reason="LibreOffice Writer is not installed")

SEED_RENDITIONS = [
    "2018-seed.xlsx",
    "2018-seed.xls",
    "2018-seed.ods",
    "2018-seed-gbk.csv",
    "2018-seed.html",
    "2018-seed-portal.htm",
    "2018-seed-portal.mhtml",
    "2018-seed.docx",
    "2018-seed.pdf",
    "2018-report.txt",
]
"""The seed's table in every format of examples/ (the report's text holds it too)."""


def seed_folder(folder: Path, with_doc: bool) -> list[str]:
    """A folder of the seed's table in every format, and the noise a real folder holds."""
    names = []
    for name in SEED_RENDITIONS + (["2018-seed.doc"] if with_doc else []):
        shutil.copyfile(EXAMPLES / name, folder / name)
        names.append(name)
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", folder / "2018-seed-macros.xlsm")
    names.append("2018-seed-macros.xlsm")
    (folder / "2018-seed.tsv").write_text(
        "统计指标\t单位\t统计数\n" + "".join(f"{a}\t{b}\t{c}\n" for a, b, c in EX.SEED_ROWS),
        encoding="utf-8",
    )
    names.append("2018-seed.tsv")
    rendered = invoke("render", EXAMPLES / "2018-seed.xlsx", "--format", "md")
    (folder / "2018-seed.md").write_text(rendered.stdout, encoding="utf-8")
    names.append("2018-seed.md")
    # What a folder of downloads also holds, none of it a table to check:
    shutil.copytree(EXAMPLES / "2018-seed-portal_files", folder / "2018-seed-portal_files")
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", folder / "~$2018-seed.xlsx")
    shutil.copyfile(EXAMPLES / "2018-seed.ods", folder / ".~lock.2018-seed.ods#")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "附件.rar").write_bytes(b"Rar!\x1a\x07\x00 not a table")
    return sorted(names)


def test_a_folder_of_every_format_checks_every_file_and_finds_the_seeds_error(
    tmp_path: Path,
) -> None:
    """validate FOLDER reads every format it knows (the .doc when LibreOffice is installed),
    finds 2014-3-03 in each file, and says what it skipped and why (stderr, JSON)."""
    names = seed_folder(tmp_path, with_doc=WRITER)
    result = invoke("validate", tmp_path, "--format", "json", "--jobs", "1")
    assert result.exit_code == 1, result.stdout
    summary = json.loads(result.stdout)
    assert sorted(Path(row["file"]).name for row in summary["files"]) == names
    assert all(row["status"] == "fail" and row["errors"] >= 1 for row in summary["files"])
    assert summary["skipped"] == {"hidden": 1, "lock": 2, "other_format": 1, "page_folder": 1}
    assert result.stderr == (
        "跳过 5 个：1 个隐藏文件或文件夹，2 个锁定文件（~$ 或 .~lock），"
        "1 个网页附属文件夹（_files），1 个其他格式的文件\n"
    )
    for row in summary["files"]:
        report = govstat.validate(row["file"], hints=False)
        assert [f.rule for f in report.findings if f.severity == "error"] == ["2014-3-03"]


def test_the_extensions_searched_are_one_list_of_every_readable_format() -> None:
    """Every format the readers know is searched for, from one tuple other readers extend."""
    assert set(SUFFIXES) >= {
        *(".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".docx", ".doc", ".wps"),
        *(".et", ".html", ".htm", ".mhtml", ".mht", ".pdf", ".txt", ".md", ".png", ".jpg", ".tif"),
    }


def test_a_glob_skips_lock_files_and_counts_them(tmp_path: Path) -> None:
    """A glob's matches pass through the same filter as a folder's files."""
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", tmp_path / "a.xlsx")
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", tmp_path / "~$a.xlsx")
    found = collect([f"{tmp_path}/*"])
    assert found.files == [tmp_path / "a.xlsx"]
    assert dict(found.skipped) == {"lock": 1}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_folder_exits_2_with_one_line(lang: str, tmp_path: Path) -> None:
    """A folder with nothing to check is exit 2 and one line (in the language asked for),
    never "0 files, passed"."""
    result = invoke("validate", tmp_path, "--lang", lang)
    assert result.exit_code == 2
    assert result.stdout == ""
    said = "文件夹中没有可检查的文件" if lang == "zh" else "no file to check in this folder"
    assert result.stderr.strip().splitlines() == [f"govstat: {tmp_path}: {said}"]


def test_a_folder_of_only_skipped_files_says_what_it_skipped(tmp_path: Path) -> None:
    """A folder holding only lock and other files exits 2, naming what it passed over."""
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", tmp_path / "~$a.xlsx")
    (tmp_path / "readme.json").write_text("{}", encoding="utf-8")
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"govstat: {tmp_path}: 文件夹中没有可检查的文件，跳过 2 个：1 个锁定文件（~$ 或 .~lock），"
        "1 个其他格式的文件\n"
    )
    english = invoke("validate", tmp_path, "--lang", "en")
    assert english.stderr == (
        f"govstat: {tmp_path}: no file to check in this folder; skipped 2: 1 lock files (~$, "
        ".~lock), 1 files of other formats\n"
    )


def test_a_glob_with_nothing_to_check_exits_2(tmp_path: Path) -> None:
    """A glob matching no readable file is exit 2 with one line naming the pattern."""
    pattern = f"{tmp_path}/*.xlsx"
    result = invoke("validate", pattern)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"govstat: {pattern}: 没有与此模式匹配的可检查文件")
    assert len(result.stderr.splitlines()) == 1


# --- old Word and WPS ----------------------------------------------------------------------


@needs_soffice
def test_an_old_word_file_reads_like_its_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .doc saved by LibreOffice gives the .docx's values, findings and cell names, under
    its own file name; the input is untouched and no scratch folder is left."""
    source = tmp_path / "报告.doc"
    shutil.copyfile(EXAMPLES / "2018-seed.doc", source)
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    report = govstat.validate(source, hints=False)
    docx = govstat.validate(EXAMPLES / "2018-seed.docx", hints=False)
    assert report.file == str(source)
    assert [(v.indicator, v.value, v.cell) for v in report.values] == [
        (v.indicator, v.value, v.cell) for v in docx.values
    ]
    assert [(f.rule, f.message) for f in report.findings] == [
        (f.rule, f.message) for f in docx.findings
    ]
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert list(scratch.iterdir()) == []


@needs_soffice
def test_old_word_files_convert_in_parallel_workers(tmp_path: Path) -> None:
    """Two conversions at once (bulk workers) each use their own LibreOffice profile; a
    Word file named .wps (as WPS Writer saves them) is read by its content."""
    files = [tmp_path / "a.doc", tmp_path / "b.wps"]
    for file in files:
        shutil.copyfile(EXAMPLES / "2018-seed.doc", file)
    summary = validate_many(files, jobs=2)
    assert [(row.status, row.errors) for row in summary.files] == [("fail", 1), ("fail", 1)]


def test_without_libreoffice_an_old_word_file_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no soffice on PATH, a .doc is exit 2 with one line: install LibreOffice or save
    it as .docx."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    source = tmp_path / "报告.doc"
    shutil.copyfile(EXAMPLES / "2018-seed.doc", source)
    result = invoke("validate", source)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"govstat: {source}: ")
    assert "apt-get install libreoffice-writer" in lines[0] and ".docx" in lines[0]


def test_a_conversion_that_hangs_is_stopped_and_its_processes_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LibreOffice that never finishes is stopped at the time limit, its whole process
    group killed (the child it started too), with one line naming the file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "pids"
    fake = bin_dir / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $$ $! > {pids}\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")  # the fake soffice first
    source = tmp_path / "报告.doc"
    shutil.copyfile(EXAMPLES / "2018-seed.doc", source)
    started = time.monotonic()
    with pytest.raises(govstat.GovstatError, match="超过") as raised:
        convert_with_office(source, "docx", "MS Word 2007 XML", seconds=1)
    assert time.monotonic() - started < 10
    assert str(raised.value).startswith(f"{source}: ")
    time.sleep(0.2)
    assert not any(alive(int(pid)) for pid in pids.read_text().split())


def alive(pid: int) -> bool:
    """The process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_what_was_skipped_is_said_in_english_with_lang_en(tmp_path: Path) -> None:
    """--lang en says what a folder run skipped in English, on stderr."""
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", tmp_path / "a.xlsx")
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", tmp_path / "~$a.xlsx")
    result = invoke("validate", tmp_path, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == "skipped 1: 1 lock files (~$, .~lock)\n"

"""Finding and reading form-2014 tables in real-looking workbooks, and refusing bad files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import govstat
from govstat.model import Finding, Report
from helpers_2014 import (
    DATA,
    EX,
    EXAMPLES,
    FOOTER,
    SEED_ROWS,
    TITLE,
    save_book,
    seed_number,
    sha256,
    table_block,
)

SEED = EXAMPLES / "2018-seed.xlsx"
CORRECTED = EXAMPLES / "2018-corrected.xlsx"
MESSY = EXAMPLES / "2018-messy.xlsx"
LIBREOFFICE = DATA / "seed-libreoffice.xlsx"

REPLY_TYPES = [
    "replies_already_public",
    "replies_disclosed",
    "replies_partly_disclosed",
    "replies_refused",
    "replies_not_this_agency",
    "replies_not_exist",
    "replies_to_amend",
    "replies_other_channel",
]

# What the seed's table yields (forms.md, "The seed's own errors"), without cell addresses:
# (rule, severity, checkable, reported, computed, difference, indicators involved)
SEED_CORE = sorted(
    [
        ("2014-0-02", "warning", True, None, None, None, ("responses",)),
        ("2014-0-02", "warning", True, None, None, None, ("responses_channels",)),
        ("2014-0-02", "warning", True, None, None, None, ("requests",)),
        (
            "2014-3-03",
            "error",
            True,
            Decimal(5),
            Decimal(7),
            Decimal(-2),
            ("replies", *REPLY_TYPES),
        ),
        ("2014-8-01", "info", True, None, None, None, ("trainees", "training_courses")),
    ],
    key=repr,
)


def core(findings: list[Finding]) -> list[tuple[Any, ...]]:
    """Findings without addresses, in a stable order."""
    return sorted(
        (
            (
                f.rule,
                f.severity.value,
                f.checkable,
                f.reported,
                f.computed,
                f.difference,
                tuple(c.indicator for c in f.cells),
            )
            for f in findings
        ),
        key=repr,
    )


def values_of(report: Report) -> dict[str, tuple[str, Decimal | None]]:
    return {v.indicator: (v.state, v.value) for v in report.values}


def cell_of(report: Report, indicator: str) -> str | None:
    (value,) = [v for v in report.values if v.indicator == indicator]
    return value.cell.address if value.cell else None


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return govstat.validate(SEED)


@pytest.fixture(scope="module")
def messy_report() -> Report:
    return govstat.validate(MESSY)


def validate_rows(
    tmp_path: Path,
    rows: list[list[Any]],
    merges: list[str] | None = None,
    before: list[tuple[str, list[list[Any]]]] | None = None,
    lang: str = "zh",
) -> Report:
    """Write one sheet (after any ``before`` sheets) and validate the workbook."""
    path = save_book(
        tmp_path / "table.xlsx", [*(before or []), ("统计表", rows)], {"统计表": merges or []}
    )
    return govstat.validate(path, lang=lang)  # type: ignore[arg-type]


def as_printed(rows: list[tuple[str, str, str]] = SEED_ROWS, **kw: Any) -> list[list[Any]]:
    """Title, year, agency, table (see :func:`table_block`), footer: the official layout."""
    return [*TITLE, *table_block(rows, **kw), *FOOTER]


def replace_label(old: str, new: str) -> list[tuple[str, str, str]]:
    out = [(new if label == old else label, unit, value) for label, unit, value in SEED_ROWS]
    assert out != SEED_ROWS
    return out


# ---------------------------------------------------------------- the examples


def test_seed_findings(seed_report: Report) -> None:
    """2018-seed.xlsx yields exactly the seed's errors: one 3-03, three 0-02, one 8-01."""
    assert core(seed_report.findings) == SEED_CORE
    assert all(f.checkable for f in seed_report.findings)
    assert seed_report.counts.model_dump() == {
        "error": 1,
        "warning": 3,
        "info": 1,
        "not_checkable": 0,
    }


def test_seed_finding_cells(seed_report: Report) -> None:
    """The seed's findings point at the printed cells: C34 申请答复数 and C35:C38, C45:C48."""
    by_rule = {f.rule: f for f in seed_report.findings}
    error = by_rule["2014-3-03"]
    assert [c.cell.address for c in error.cells if c.cell] == [
        "C34", "C35", "C36", "C37", "C38", "C45", "C46", "C47", "C48",
    ]  # fmt: skip
    assert {c.cell.sheet for c in error.cells if c.cell} == {"统计表"}
    assert [c.value for c in error.cells][:3] == ["5", "2", "5"]
    headers = [f for f in seed_report.findings if f.rule == "2014-0-02"]
    assert [(f.cells[0].label, f.cells[0].cell.address) for f in headers if f.cells[0].cell] == [
        ("二、回应解读情况", "C15"),
        ("（二）通过不同渠道和方式回应解读的情况", "C17"),
        ("三、依申请公开情况", "C25"),
    ]
    assert [c.cell.address for c in by_rule["2014-8-01"].cells if c.cell] == ["C68", "C67"]


def test_corrected_has_no_findings() -> None:
    """2018-corrected.xlsx gives no finding at all."""
    report = govstat.validate(CORRECTED)
    assert report.findings == []
    assert report.worst() is None


def test_messy_same_as_seed(seed_report: Report, messy_report: Report) -> None:
    """2018-messy.xlsx yields the seed's rule ids, numbers and values, from its own cells."""
    assert core(messy_report.findings) == SEED_CORE
    assert values_of(messy_report) == values_of(seed_report)
    assert messy_report.sheet == "2018年统计表"
    assert cell_of(messy_report, "replies") == "D35"
    assert [[c.value for c in f.cells] for f in messy_report.findings] == [
        [c.value for c in f.cells] for f in seed_report.findings
    ]


def test_seed_values(seed_report: Report) -> None:
    """Every value of the seed is read from column C as printed; header rows are blank or 0."""
    for number, (value, (_label, _unit, text)) in enumerate(
        zip(seed_report.values, SEED_ROWS, strict=True), start=1
    ):
        assert value.number == number
        assert value.cell is not None and value.cell.address == f"C{number + 4}"
        if text == "":
            assert (value.state, value.value) == ("blank", None)
        else:
            assert (value.state, value.value) == ("number", Decimal(text))


@pytest.mark.parametrize("path", [SEED, MESSY], ids=["seed", "messy"])
def test_metadata(path: Path) -> None:
    """Agency, year, date, signatures and phone are read from around the table."""
    meta = govstat.read_table(path).metadata
    assert meta.model_dump() == {
        "agency": "温州市商务局",
        "year": 2018,
        "date": "2019.1.2",
        "head": "应希克",
        "reviewer": "郑耀克",
        "preparer": "韩磊",
        "phone": "88862893",
    }


def test_libreoffice_file_has_formulas() -> None:
    """The committed LibreOffice copy really holds the two SUM formulas, cached as 5."""
    book = openpyxl.load_workbook(LIBREOFFICE)
    sheet = book.active
    assert sheet["C26"].value == "=SUM(C27:C30)"
    assert sheet["C31"].value == "=SUM(C32:C33)"


def test_libreoffice_file_reads_cached_values(seed_report: Report) -> None:
    """Formula cells of a LibreOffice-saved file are read with their cached values."""
    table = govstat.read_table(LIBREOFFICE)
    for indicator, address in [("requests_received", "C26"), ("requests_completed", "C31")]:
        value = table.values[indicator]
        assert (value.state, value.number) == ("number", Decimal(5))
        assert value.cell is not None and value.cell.address == address
    report = govstat.validate(LIBREOFFICE)
    assert report.findings == seed_report.findings
    assert values_of(report) == values_of(seed_report)
    assert report.metadata == seed_report.metadata


@pytest.mark.parametrize("path", [SEED, CORRECTED, MESSY, LIBREOFFICE], ids=lambda p: p.name)
def test_reading_leaves_file_unchanged(path: Path) -> None:
    """Validating a workbook does not change a byte of it."""
    before = sha256(path)
    govstat.validate(path)
    assert sha256(path) == before


# ---------------------------------------------------------------- layouts


def test_table_on_second_sheet(tmp_path: Path, seed_report: Report) -> None:
    """A table on the second sheet, after an instructions sheet, is found and read."""
    notes = [["填表说明"], ["1. 本表数据统计期限为 2018 年 1 月 1 日至 12 月 31 日。"]]
    report = validate_rows(tmp_path, as_printed(), before=[("填表说明", notes)])
    assert report.sheet == "统计表"
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)
    assert cell_of(report, "replies") == "C34"


def test_title_rows_and_prose_above(tmp_path: Path, seed_report: Report) -> None:
    """Title rows, blank rows and prose above the table do not disturb it."""
    above = [["附件1"], [], ["一、概述"], ["本年度，我局认真贯彻落实《条例》。"], [], []]
    report = validate_rows(tmp_path, [*above, *as_printed()])
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)
    assert cell_of(report, "replies") == f"C{34 + len(above)}"
    assert report.metadata.agency == "温州市商务局"


def test_footer_and_note_below(tmp_path: Path, seed_report: Report) -> None:
    """A footer and a note below the table are metadata, not rows of the table."""
    rows = [*as_printed(), [], ["注：行政复议、行政诉讼数量含上年度结转数量"]]
    report = validate_rows(tmp_path, rows)
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)
    assert report.metadata.phone == "88862893"


def test_table_alone(tmp_path: Path, seed_report: Report) -> None:
    """A bare table with no title or footer is read, with empty metadata."""
    report = validate_rows(tmp_path, table_block())
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)
    assert report.metadata.agency is None and report.metadata.year is None


@pytest.mark.parametrize(
    ("order", "header", "value_col"),
    [
        (("label", "unit", "value"), False, "C"),
        (("label", "value"), True, "B"),
        (("label", "value"), False, "B"),
        (("label", "value", "unit"), True, "B"),
        (("label", "value", "unit"), False, "B"),
        (("value", "label", "unit"), True, "A"),
        (("value", "label", "unit"), False, "A"),
        (("unit", "label", "value"), True, "C"),
        (("index", "code", "label", "unit", "value"), True, "E"),
        (("index", "code", "label", "unit", "value"), False, "E"),
        (("index", "label", "unit", "value", "code"), True, "D"),
        (("code", "label", "value", "unit", "index"), True, "C"),
    ],
    ids=lambda x: "-".join(x) if isinstance(x, tuple) else str(x),
)
def test_column_layouts(
    tmp_path: Path, seed_report: Report, order: tuple[str, ...], header: bool, value_col: str
) -> None:
    """Columns in any order, with or without header, 序号 and 代码, give the same values."""
    report = validate_rows(tmp_path, as_printed(order=order, header=header))
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)
    first = 5 if header else 4
    assert cell_of(report, "replies") == f"{value_col}{first + 29}"


def test_merged_label_cells(tmp_path: Path, seed_report: Report) -> None:
    """Labels in cells merged across two columns are read, and values come from beside them."""
    table = [["统计指标", None, "单位", "统计数"]]
    table += [[label, None, unit, seed_number(value)] for label, unit, value in SEED_ROWS]
    rows = [*TITLE, *table, *FOOTER]
    merges = [f"A{r}:B{r}" for r in range(4, 4 + len(table))]
    merges += ["A1:D1", "A2:D2", "A3:D3"]
    report = validate_rows(tmp_path, rows, merges)
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)
    assert cell_of(report, "replies") == "D34"


def _retyped(label: str, index: int) -> str:
    if index % 3 == 0:
        label = (
            label.replace("1.", "1、").replace("2.", "2、").replace("（", "(").replace("）", ")")
        )
    if index % 4 == 0:
        label = f" {label[:2]} {label[2:]} "
    if index % 5 == 0:
        label = label[:3] + "\n" + label[3:]
    return label


def test_retyped_labels(tmp_path: Path, seed_report: Report) -> None:
    """Labels with stray spaces, line breaks, 1、 and half-width brackets match with no finding."""
    rows = [(_retyped(label, i), unit, value) for i, (label, unit, value) in enumerate(SEED_ROWS)]
    report = validate_rows(tmp_path, as_printed(rows))
    assert core(report.findings) == SEED_CORE
    assert values_of(report) == values_of(seed_report)


def test_missing_row(tmp_path: Path, seed_report: Report) -> None:
    """A missing row gives an R-01 warning naming its label, and its rules are not checkable."""
    rows = [r for r in SEED_ROWS if r[0] != "2.传真申请数"]
    report = validate_rows(tmp_path, as_printed(rows))
    r01 = [f for f in report.findings if f.rule == "2014-R-01"]
    assert len(r01) == 1
    assert r01[0].severity.value == "warning"
    assert "2.传真申请数" in r01[0].message
    assert r01[0].cells[0].indicator == "requests_fax"
    not_checkable = [f for f in report.findings if not f.checkable]
    assert [f.rule for f in not_checkable] == ["2014-3-01"]
    assert core([f for f in report.findings if f.checkable and f.rule != "2014-R-01"]) == SEED_CORE
    assert values_of(report)["requests_fax"] == ("missing", None)
    assert values_of(report)["requests_online"] == ("number", Decimal(5))


def test_missing_row_message_in_english(tmp_path: Path) -> None:
    """With lang="en" the R-01 message is English and names the printed label."""
    rows = [r for r in SEED_ROWS if r[0] != "2.传真申请数"]
    report = validate_rows(tmp_path, as_printed(rows), lang="en")
    (r01,) = [f for f in report.findings if f.rule == "2014-R-01"]
    assert "is not in the table" in r01.message
    assert "2.传真申请数" in r01.message


def test_extra_unknown_row(tmp_path: Path, seed_report: Report) -> None:
    """An unknown row inside the table gives R-02 naming it; the rows below keep their values."""
    rows = list(SEED_ROWS)
    rows.insert(26, ("其中：电子邮件申请数", "件", "9"))
    report = validate_rows(tmp_path, as_printed(rows))
    r02 = [f for f in report.findings if f.rule == "2014-R-02"]
    assert len(r02) == 1
    assert r02[0].severity.value == "warning"
    assert "其中：电子邮件申请数" in r02[0].message
    assert r02[0].cells[0].cell is not None and r02[0].cells[0].cell.address == "A31"
    assert core([f for f in report.findings if f.rule != "2014-R-02"]) == SEED_CORE
    assert values_of(report) == values_of(seed_report)


@pytest.mark.parametrize(
    ("official", "typed", "indicator", "value"),
    [
        ("2.政府网站公开政府信息数", "2.政府网占公开政府信息数", "proactive_website", 400),
        ("（一）收到申请数", "收到申请数", "requests_received", 5),
        (
            "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "（四）政府信息公开专项经费",
            "funding",
            3,
        ),
    ],
    ids=["typo", "no-numbering", "no-note"],
)
def test_loose_label(
    tmp_path: Path,
    seed_report: Report,
    official: str,
    typed: str,
    indicator: str,
    value: int,
) -> None:
    """A label matched only loosely gives F-01 info naming both spellings; its value is read."""
    report = validate_rows(tmp_path, as_printed(replace_label(official, typed)))
    f01 = [f for f in report.findings if f.rule == "2014-F-01"]
    assert len(f01) == 1
    assert f01[0].severity.value == "info"
    assert typed in f01[0].message and official in f01[0].message
    assert f01[0].cells[0].indicator == indicator
    assert core([f for f in report.findings if f.rule != "2014-F-01"]) == SEED_CORE
    assert values_of(report)[indicator] == ("number", Decimal(value))
    assert values_of(report) == values_of(seed_report)


def test_unrecognisable_typo_is_not_guessed(tmp_path: Path) -> None:
    """A label too far from any official one is not guessed: R-02 for it, R-01 for its row."""
    report = validate_rows(tmp_path, as_printed(replace_label("4.信函申请数", "4.信函申情数")))
    rules = [f.rule for f in report.findings]
    assert rules.count("2014-R-01") == 1 and rules.count("2014-R-02") == 1
    assert values_of(report)["requests_letter"] == ("missing", None)


def test_optional_rows_absent(tmp_path: Path, seed_report: Report) -> None:
    """Rows 15 and 17 may be absent: no R-01, and nothing else changes."""
    rows = [r for i, r in enumerate(SEED_ROWS, start=1) if i not in (15, 17)]
    report = validate_rows(tmp_path, as_printed(rows))
    assert not [f for f in report.findings if f.rule == "2014-R-01"]
    assert core([f for f in report.findings if f.checkable]) == SEED_CORE
    values = values_of(report)
    assert values["press_conferences_leaders"] == ("missing", None)
    assert values["online_interviews_leaders"] == ("missing", None)
    expected = values_of(seed_report)
    del expected["press_conferences_leaders"], expected["online_interviews_leaders"]
    del values["press_conferences_leaders"], values["online_interviews_leaders"]
    assert values == expected


def test_repeated_labels_placed_by_section(tmp_path: Path) -> None:
    """（二）被依法纠错数 missing under 四 is reported for 四; 五's rows keep their values."""
    figures = {45: "3", 46: "2", 48: "1", 49: "4", 50: "1", 51: "2", 52: "1"}
    rows = [
        (label, unit, figures.get(i, value))
        for i, (label, unit, value) in enumerate(SEED_ROWS, start=1)
        if i != 47
    ]
    report = validate_rows(tmp_path, as_printed(rows))
    (r01,) = [f for f in report.findings if f.rule == "2014-R-01"]
    assert r01.cells[0].indicator == "reviews_corrected"
    values = values_of(report)
    assert values["reviews_corrected"] == ("missing", None)
    assert values["reviews_other"] == ("number", Decimal(1))
    assert values["lawsuits_upheld"] == ("number", Decimal(1))
    assert values["lawsuits_corrected"] == ("number", Decimal(2))
    assert values["lawsuits_other"] == ("number", Decimal(1))
    assert not [f for f in report.findings if f.rule == "2014-5-01"]
    (review,) = [f for f in report.findings if f.rule == "2014-4-01"]
    assert review.checkable is False


def test_formula_without_cached_value(tmp_path: Path) -> None:
    """A formula saved without a result gives an R-03 error naming its cell, and is not 0."""
    rows = as_printed()
    rows[3 + 22][2] = "=SUM(C27:C30)"  # 收到申请数, sheet row 26
    report = validate_rows(tmp_path, rows)
    (r03,) = [f for f in report.findings if f.rule == "2014-R-03"]
    assert r03.severity.value == "error"
    assert r03.checkable
    assert r03.cells[0].indicator == "requests_received"
    assert r03.cells[0].cell is not None and str(r03.cells[0].cell) == "统计表!C26"
    assert "=SUM(C27:C30)" in r03.message
    value = values_of(report)["requests_received"]
    assert value == ("formula_without_value", None)
    (rule_301,) = [f for f in report.findings if f.rule == "2014-3-01"]
    assert rule_301.checkable is False
    assert not [f for f in report.findings if f.rule in ("2014-0-01", "2014-0-03")]
    others = [f for f in report.findings if f.rule not in ("2014-R-03", "2014-3-01")]
    assert core(others) == SEED_CORE


def test_blank_and_marked_value_cells(tmp_path: Path) -> None:
    """A blank value cell and a —— value cell are read as blank and mark (not 0), each with 0-03."""
    rows = as_printed()
    rows[3 + 53][2] = None  # 六、举报投诉数量
    rows[3 + 55][2] = "——"  # （一）政府信息公开工作专门机构数
    report = validate_rows(tmp_path, rows)
    values = values_of(report)
    assert values["complaints"] == ("blank", None)
    assert values["dedicated_bodies"] == ("mark", None)
    warnings = [f for f in report.findings if f.rule == "2014-0-03"]
    assert [f.cells[0].indicator for f in warnings] == ["complaints", "dedicated_bodies"]


def test_numbers_typed_as_text(tmp_path: Path) -> None:
    """Values typed as text with units, separators, full width and notes are read as numbers."""
    rows = as_printed()
    rows[3 + 2][2] = "620余"
    rows[3 + 7][2] = "４００"
    rows[3 + 22][2] = "5件"
    rows[3 + 60][2] = "3（万元）"
    table = govstat.read_table(save_book(tmp_path / "t.xlsx", [("统计表", rows)]))
    total = table.values["proactive_total"]
    assert (total.number, total.approximate) == (Decimal(620), True)
    assert table.values["proactive_website"].number == Decimal(400)
    assert table.values["requests_received"].number == Decimal(5)
    assert table.values["requests_received"].note == "件"
    assert table.values["funding"].number == Decimal(3)


# ---------------------------------------------------------------- bad files


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _text(tmp: Path) -> Path:
    path = tmp / "table.xlsx"
    path.write_text("统计指标,单位,统计数\n（一）收到申请数,件,5\n", encoding="utf-8")
    return path


def _truncated(tmp: Path) -> Path:
    data = SEED.read_bytes()
    path = tmp / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _directory(tmp: Path) -> Path:
    path = tmp / "folder.xlsx"
    path.mkdir()
    return path


def _missing(tmp: Path) -> Path:
    return tmp / "no-such-file.xlsx"


def _random_text(tmp: Path) -> Path:
    import random

    rnd = random.Random(2018)
    alphabet = "甲乙丙丁戊己庚辛申请公开abcXYZ 0123456789，。"
    sheets = [
        (name, [["".join(rnd.choices(alphabet, k=12)) for _ in range(5)] for _ in range(40)])
        for name in ("Sheet1", "Sheet2")
    ]
    return save_book(tmp / "random.xlsx", sheets)


def _zip_not_xlsx(tmp: Path) -> Path:
    import zipfile

    path = tmp / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def _old_xls(tmp: Path) -> Path:
    path = tmp / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return path


BAD_FILES: list[Callable[[Path], Path]] = [
    _empty,
    _text,
    _truncated,
    _directory,
    _missing,
    _random_text,
    _zip_not_xlsx,
    _old_xls,
]


@pytest.mark.parametrize("make", BAD_FILES, ids=lambda f: f.__name__.strip("_"))
def test_bad_file_raises_govstat_error(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    """A file with no readable table raises GovstatError naming the file, and stays unchanged."""
    path = make(tmp_path)
    before = sha256(path) if path.is_file() else None
    with pytest.raises(govstat.GovstatError) as info:
        govstat.validate(path)
    assert str(path) in str(info.value)
    assert info.value.file == str(path)
    if before is not None:
        assert sha256(path) == before


def test_read_table_raises_the_same(tmp_path: Path) -> None:
    """read_table refuses a bad file with GovstatError too, not a low-level exception."""
    with pytest.raises(govstat.GovstatError):
        govstat.read_table(_truncated(tmp_path))


def test_unknown_form_is_refused() -> None:
    """Asking for a form that does not exist raises GovstatError naming it."""
    with pytest.raises(govstat.GovstatError, match="1999"):
        govstat.read_table(SEED, form="1999")


def test_copy_of_seed_elsewhere_reads_the_same(tmp_path: Path, seed_report: Report) -> None:
    """The file name and folder play no part: a copy of the seed yields the same findings."""
    copy = tmp_path / "副本 seed.xlsx"
    shutil.copyfile(SEED, copy)
    report = govstat.validate(copy)
    assert report.file == str(copy)
    assert report.findings == seed_report.findings


def test_examples_module_builds_the_committed_seed(tmp_path: Path, seed_report: Report) -> None:
    """make_examples.seed_workbook rebuilds a workbook with the committed seed's findings."""
    path = tmp_path / "seed.xlsx"
    EX.seed_workbook(path)
    assert govstat.validate(path).findings == seed_report.findings

"""Hints under an error name cells as the finding does: in the file's own terms."""

from __future__ import annotations

from pathlib import Path

import pytest

import govstat
from govstat.report.findings import hint_line
from support import EXAMPLES, invoke

SEED_ERROR = "2014-3-03"


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("2018-seed.xlsx", "（C35）", "(C35)"),
        ("2018-seed.docx", "（表1 第35行第3列）", "(table 1 row 35 column 3)"),
        ("2018-seed.html", "（表1 第35行第3列）", "(table 1 row 35 column 3)"),
        ("2018-seed.pdf", "（第1页 表1 第32行第3列）", "(page 1, table 1 row 32 column 3)"),
        ("2018-report.txt", "（第66行第3栏）", "(line 66 field 3)"),
    ],
)
def test_hint_names_the_cell_as_the_finding_does(name: str, zh: str, en: str) -> None:
    """The first hint under the seed's 2014-3-03 names 属于已主动公开范围数 by the place its
    finding gives it (C35 only in a spreadsheet), in Chinese and in English."""
    path = EXAMPLES / name
    for lang, place in (("zh", zh), ("en", en)):
        report = govstat.validate(path, lang=lang)
        (error,) = [f for f in report.findings if f.rule == SEED_ERROR]
        first = error.hints[0]
        assert place in first.message, first.message
        (cell,) = [c for c in error.cells if c.indicator == first.changes[0].indicator]
        assert cell.cell is not None and first.changes[0].cell == cell.cell
        assert cell.cell.describe(lang) in hint_line(first, lang)


def test_console_hint_of_a_word_file() -> None:
    """`govstat validate` of the Word rendition prints its hints with table, row and column."""
    result = invoke("validate", Path(EXAMPLES / "2018-seed.docx"))
    assert "将属于已主动公开范围数（表1 第35行第3列）由 2 改为 0" in result.stdout
    assert "（C35）" not in result.stdout

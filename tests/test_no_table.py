"""A file with no statistics table says so in one line (exit 2), with how much it searched;
``--form`` on a table of another form names the form it looks like."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from helpers_current import CONSISTENT, SEED
from support import invoke


def _word_without_table(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("东湖市商务局2018年政府信息公开工作年度报告")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "职务"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "附件"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "联系方式"
    document.save(str(path))
    return path


def test_word_file_with_other_tables(tmp_path: Path) -> None:
    """A Word file whose three tables are of another kind: "3 个表格、0 个统计表标签"."""
    result = invoke("validate", _word_without_table(tmp_path / "r.docx"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "文件中没有统计表：查看了 3 个表格、0 个统计表标签" in result.stderr
    english = invoke("validate", tmp_path / "r.docx", "--lang", "en")
    assert "looked at 3 tables" in english.stderr


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    """A text file named .xlsx is read as text and said to hold no table, with its lines."""
    path = tmp_path / "统计表.xlsx"
    path.write_text("这不是工作簿\n只是一段文字\n", encoding="utf-8")
    result = invoke("validate", path)
    assert result.exit_code == 2
    assert "文件中没有统计表：查看了 2 行文字、0 个统计表标签" in result.stderr


@pytest.mark.parametrize(
    ("path", "forced", "looks"), [(SEED, "2021", "2014"), (CONSISTENT, "2014", "2021")]
)
def test_form_option_on_a_table_of_another_form(path: Path, forced: str, looks: str) -> None:
    """--form on a table of another form: exit 2, naming the form it looks like."""
    result = invoke("validate", path, "--form", forced)
    assert result.exit_code == 2
    assert f"不是 {forced} 表式的统计表" in result.stderr
    assert f"看起来是 {looks} 表式" in result.stderr and f"--form {looks}" in result.stderr
    english = invoke("validate", path, "--form", forced, "--lang", "en")
    assert f"it looks like form {looks}" in english.stderr

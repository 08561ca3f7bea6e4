"""Robustness: damaged and hostile files end in exit 2 with one line, never a traceback, never a
hang, never a write to the input; random cell text, random damage and random prose end in a
clean validation or a GovstatError, nothing else.

The damaged files run through the real ``govstat`` command in a subprocess with a timeout, so
that a traceback would show on stderr and a hang would fail the test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govstat
from damaged import DAMAGED
from support import EXAMPLES, load_example

EX = load_example("make_examples")
TIMEOUT = 120
"""Seconds a single check may take before the test calls it a hang (each takes about one)."""

REASONS = {
    "password-xlsx": "密码",
    "password-pdf": "密码",
    "old-word": ".docx",
    "image-pdf": "没有找到带框线的表格",
    "huge-sheet-xml": "没有统计表",
    "huge-csv": "不像是统计表",
    "huge-html-spans": "不像是统计表",
    "zip-not-office": "压缩包",
    "png-named-xlsx": "图片",
    "empty-xlsx": "空",
    "truncated-xlsx": "损坏",
    "truncated-docx": "损坏",
}


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_damaged_file_exits_2_with_one_line(kind: str, tmp_path: Path) -> None:
    """Each damaged or hostile file: exit 2, one stderr line naming the file, input untouched."""
    path = DAMAGED[kind](tmp_path)
    before = fingerprint(path)
    listing = sorted(tmp_path.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "govstat", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "GOVSTAT_DEBUG": ""},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"govstat: {path}")
    assert "Traceback" not in result.stderr and "内部错误" not in lines[0]
    assert result.stdout == ""
    if kind in REASONS:
        assert REASONS[kind] in lines[0]
    assert fingerprint(path) == before
    assert sorted(tmp_path.iterdir()) == listing  # nothing written beside it either


# --- hypothesis: any cell text -----------------------------------------------------------

_VALUE_ROWS = [i for i, (_, unit, _) in enumerate(EX.SEED_ROWS) if unit != "——"]


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["统计指标", "单位", "统计数"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), min_size=5, max_size=5
    ),
    rows=st.lists(st.sampled_from(_VALUE_ROWS), min_size=5, max_size=5),
)
def test_any_cell_text_validates_cleanly(texts: list[str], rows: list[int], tmp_path: Path) -> None:
    """Whatever a clerk types into value cells, a CSV table validates: each cell is a number,
    blank, a mark or invalid text, and the rest of the table reads as printed."""
    table = list(EX.SEED_ROWS)
    for index, text in zip(rows, texts, strict=True):
        label, unit, _ = table[index]
        table[index] = (label, unit, text)
    path = tmp_path / "fuzz.csv"
    path.write_bytes(_csv(table))
    report = govstat.validate(path)
    assert report.form == "2014"
    states = {v.state for v in report.values}
    assert states <= {"number", "blank", "mark", "invalid", "missing"}
    untouched = next(i for i in _VALUE_ROWS if i not in rows and EX.SEED_ROWS[i][2])
    expected = EX.SEED_ROWS[untouched][2]
    assert str(report.values[untouched].value) == expected


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cell=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    markup=st.sampled_from(["<td>{}</td>", "<td>{}<br>{}</td>", "<td colspan=2>{}</td>"]),
)
def test_any_html_cell_text_validates_cleanly(cell: str, markup: str, tmp_path: Path) -> None:
    """A web page whose 收到申请数 cell holds any text (escaped) reads or fails cleanly."""
    import html

    body = []
    for label, unit, value in EX.SEED_ROWS:
        shown = (
            markup.format(html.escape(cell), html.escape(cell))
            if label == "（一）收到申请数"
            else f"<td>{value}</td>"
        )
        body.append(f"<tr><td>{label}</td><td>{unit}</td>{shown}</tr>")
    path = tmp_path / "page.html"
    path.write_text("<table>" + "".join(body) + "</table>", encoding="utf-8")
    report = govstat.validate(path)
    received = next(v for v in report.values if v.indicator == "requests_received")
    assert received.state in {"number", "blank", "mark", "invalid"}


# --- hypothesis: any damage --------------------------------------------------------------

_SOURCES = [
    EXAMPLES / name
    for name in (
        "2018-seed.xlsx",
        "2018-seed.xls",
        "2018-seed.ods",
        "2018-seed.docx",
        "2018-seed.html",
        "2018-seed-gbk.csv",
        "2018-seed.pdf",
        "2018-report.txt",
    )
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    source=st.sampled_from(_SOURCES),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
)
def test_any_damage_gives_a_report_or_a_govstat_error(
    source: Path, cut: float, flips: list[tuple[float, int]], tmp_path: Path
) -> None:
    """A file cut short or with bytes overwritten validates or raises GovstatError (one line),
    and is left as it was."""
    data = bytearray(source.read_bytes())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    data = data[: max(1, int(len(data) * cut))] if cut < 1.0 else data
    path = tmp_path / f"damaged{source.suffix}"
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    try:
        govstat.validate(path)
    except govstat.GovstatError as error:
        assert "\n" not in str(error)
        assert str(path) in str(error)
    assert fingerprint(path) == before


# --- hypothesis: any prose ---------------------------------------------------------------

_PROSE = st.text(
    st.sampled_from(
        list(
            "我局全年收到办结主动公开予以同意上年结转下年度行政复议诉讼专项经费没有未发生无余多约条件起，、"
        )
        + list("0123456789五六十百")
    ),
    max_size=120,
).map(lambda text: text + "。")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(paragraphs=st.lists(_PROSE, max_size=6))
def test_prose_never_changes_the_table(paragraphs: list[str], tmp_path: Path) -> None:
    """Any paragraphs added to a report change only its prose findings (T-01), never the
    table's values or other findings."""
    report = (EXAMPLES / "2018-report.txt").read_text(encoding="utf-8").splitlines()
    text = "\n".join(report[:4] + list(paragraphs) + report[4:])
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    base = govstat.validate(EXAMPLES / "2018-report.txt")
    fuzzed = govstat.validate(path)
    assert [(v.indicator, v.value) for v in fuzzed.values] == [
        (v.indicator, v.value) for v in base.values
    ]
    assert [f.message for f in fuzzed.findings if "-T-" not in f.rule] == [
        f.message for f in base.findings if "-T-" not in f.rule
    ]
    assert all(f.severity.value == "warning" for f in fuzzed.findings if f.rule == "2014-T-01")


def test_long_prose_line_is_checked_quickly() -> None:
    """A pathological paragraph (no punctuation, 100 000 characters) is checked without a
    backtracking blow-up: the whole check runs in a subprocess bounded by the timeout."""
    code = (
        "from govstat.prose import statements; from govstat.readers.grid import Paragraph; "
        "t = '没有' + '行政' * 50000 + '收到申请' + '1' * 1000; "
        "print(len(statements('2014', [Paragraph(t)])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    assert out.stdout.strip().isdigit()


def test_wrong_extension_copy_reads_the_same(tmp_path: Path) -> None:
    """A workbook renamed .csv still gives exit 1 and the seed's findings, not exit 2."""
    path = tmp_path / "统计表.csv"
    shutil.copyfile(EXAMPLES / "2018-seed.xlsx", path)
    result = subprocess.run(
        [sys.executable, "-m", "govstat", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 1 and "2014-3-03" in result.stdout


def test_time_limit_stops_a_slow_check(tmp_path: Path) -> None:
    """A large sheet of random text that takes long to match is stopped at GOVSTAT_TIMEOUT
    seconds with exit 2 and one line, rather than running on."""
    rnd = random.Random(6)
    alphabet = "甲乙丙丁申请公开复议诉讼经费收到办结主动政府信息数量"
    path = tmp_path / "slow.csv"
    rows = [",".join("".join(rnd.choices(alphabet, k=10)) for _ in range(10)) for _ in range(4000)]
    path.write_text("\n".join(rows), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "govstat", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "GOVSTAT_TIMEOUT": "1"},
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"govstat: {path}") and "1 s" in line


def test_time_limit_is_lifted_after_the_check() -> None:
    """After a check under a deadline, no timer is left running and the old handler is back."""
    import signal

    from govstat.deadline import deadline

    before = signal.getsignal(signal.SIGALRM)
    with deadline("x", 30):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before

"""Reliability: signals in bulk runs, full disks and closed pipes, files that once crashed.

Each runs the real ``govstat`` command in a subprocess, since what is pinned (exit status,
what reaches stderr, which processes are left) is only seen from outside.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import EXAMPLES

CRASHERS = Path(__file__).parent / "data" / "crashers"
TIMEOUT = 120


def _govstat(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govstat", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "GOVSTAT_DEBUG": "", "RUST_BACKTRACE": "1", "GOVSTAT_LANG": ""},
        **kwargs,  # type: ignore[arg-type]
    )


# --- files that once crashed ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CRASHERS.iterdir()), ids=lambda p: p.name)
def test_crasher_ends_in_a_result_or_one_clean_line(path: Path, tmp_path: Path) -> None:
    """Every input that once crashed govstat (a Rust panic, an unknown zip version, a library's
    own line on stderr) now ends in a result (exit 0 or 1) or one line naming the file and exit 2,
    and is left as it was."""
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    before = copy.read_bytes()
    result = _govstat("validate", copy)
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert "panicked" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"govstat: {copy}")
        assert result.stdout == ""
    else:
        assert result.stderr == ""
    assert copy.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [copy]


# --- signals ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred tables: workbooks, and PDFs that take longer, so that a run lasts seconds."""
    folder = tmp_path_factory.mktemp("many")
    for i in range(300):
        shutil.copyfile(EXAMPLES / "2018-seed.xlsx", folder / f"{i:03d}-unit.xlsx")
    for i in range(40):
        shutil.copyfile(EXAMPLES / "2018-seed.pdf", folder / f"{i:03d}-unit.pdf")
    return folder


def _group_members(group: int) -> list[int]:
    """The processes still alive in a process group, from /proc (zombies count as left)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == group:  # state, ppid, pgrp
            members.append(int(entry.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("moment", [0.2, 1.0, 2.5])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_stops_a_bulk_run_and_leaves_no_process(
    big_folder: Path, moment: float, signum: int
) -> None:
    """SIGINT (to the whole group, as a terminal's Ctrl-C) or SIGTERM (to govstat alone), at any
    moment of a bulk run with two workers: govstat exits 130 or 143 (or had already finished),
    and no process of its group is left."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "govstat", "validate", big_folder, big_folder / "*.pdf"),
            *("--jobs", "2"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the workers' too
        env={**os.environ, "GOVSTAT_LANG": "en"},
    )
    time.sleep(moment)
    running = process.poll() is None
    if running:
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
    try:
        stdout, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"govstat still running 30 s after {signal.Signals(signum).name}")
    deadline = time.monotonic() + 5
    while _group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(process.pid) == []
    assert "Traceback" not in stderr, stderr
    if process.returncode == 1:  # the run had finished: the whole summary is there
        assert "340 files" in stdout, stdout[-500:]
        return
    assert running
    # Killed by the signal itself if it came before govstat set its handlers (Python starting).
    assert process.returncode in (128 + signum, -signum), (process.returncode, stderr)
    if process.returncode > 0:
        assert stderr.strip().splitlines()[-1].startswith("govstat: ")
        assert "interrupted" in stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_sigterm_stops_compile_and_leaves_no_process(big_folder: Path) -> None:
    """compile reads many units in the same workers: SIGTERM mid-read ends it with 143 (or it
    had finished), one line, and no process of its group left."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "govstat", "compile", big_folder),
            *("--allow-duplicates", "--allow-errors", "--lang", "en"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1.0)
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    deadline = time.monotonic() + 5
    while _group_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_members(process.pid) == []
    assert "Traceback" not in stderr
    if process.returncode in (0, 1):
        assert "Compiling 300 units" in stderr
        return
    assert running and process.returncode in (143, -signal.SIGTERM), (process.returncode, stderr)
    if process.returncode == 143:
        assert stderr.strip().splitlines()[-1] in ("govstat: interrupted", "govstat: 已中断")


# --- full disks and closed pipes ---------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["validate", EXAMPLES / "2018-seed.xlsx"],
        ["validate", EXAMPLES / "2018-seed.xlsx", "--format", "json"],
        ["validate", EXAMPLES / "2018-seed.xlsx", EXAMPLES / "2018-corrected.xlsx"],
        ["render", EXAMPLES / "2018-seed.xlsx"],
        ["rules"],
    ],
    ids=["report", "json", "summary", "render", "rules"],
)
def test_output_to_a_full_disk_is_one_line_and_exit_2(args: list[object]) -> None:
    """Printing to a full disk (``> /dev/full``) ends in one line on stderr and exit 2."""
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "govstat", *map(str, args)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            env={**os.environ, "GOVSTAT_DEBUG": "", "GOVSTAT_LANG": ""},
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("govstat: 无法输出结果：")
    assert "内部错误" not in result.stderr


def test_a_closed_pipe_is_a_quiet_exit() -> None:
    """Piping a long report into a reader that stops early (``| head -1``) ends quietly: no
    traceback, no message, exit 2."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "govstat", "validate", "--format", "json"),
            EXAMPLES / "2023-form2021-errors.xlsx",  # 140 kB: more than a pipe holds
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GOVSTAT_DEBUG": ""},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # what head does after its line, before govstat has written
    stderr = process.stderr.read().decode()
    process.wait(timeout=TIMEOUT)
    assert stderr == ""
    assert process.returncode == 2


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """Every output goes through write_atomic: a write that fails halfway (a full disk) leaves
    the file as it was and no temporary file beside it."""
    from govstat.fileio import write_atomic

    target = tmp_path / "out.xlsx"
    target.write_bytes(b"before")

    def half_then_full(tmp: Path) -> None:
        tmp.write_bytes(b"half of it")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(target, half_then_full)
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]

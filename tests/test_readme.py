"""README.md tells the truth: each `$ govstat …` command in its ``` blocks prints what the
README shows under it.

A line that is `...` alone stands for any number of lines left out; a line ending in `...`
for a line cut short. A command's output is what it prints on stdout and stderr, as in a
terminal. Commands run in a temporary folder holding `examples/` (so that nothing is written
into the clone), with GOVSTAT_LANG unset.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def commands() -> list[tuple[str, list[str]]]:
    """(command, lines shown under it) of every `$ govstat` line of README's blocks."""
    found = []
    for block in FENCE.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        current: tuple[str, list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                found.append(current)
            elif current is not None:
                current[1].append(line.rstrip())
    # A blank line between two commands of a block belongs to neither.
    return [
        (command, "\n".join(lines).rstrip("\n").split("\n"))
        for command, lines in found
        if command.startswith("govstat ")
    ]


def matches(expected: list[str], actual: list[str]) -> bool:
    """``actual`` reads as ``expected``: `...` lines skip any lines, a line ending in `...`
    matches a line it begins."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    same = actual[0].startswith(head[:-3].rstrip()) if head.endswith("...") else actual[0] == head
    return same and matches(rest, actual[1:])


CASES = commands()


@pytest.mark.parametrize(("command", "shown"), CASES, ids=[c for c, _ in CASES])
def test_readme_command_prints_what_readme_shows(
    command: str, shown: list[str], tmp_path: Path
) -> None:
    """The README's output of this command is what it prints today."""
    if command.startswith("govstat serve"):
        pytest.skip("govstat serve runs until stopped and prints a new token each time")
    absent = [w for w in command.split() if w.endswith("/") and not (ROOT / w).exists()]
    if absent:
        pytest.skip(f"{absent[0]} is the reader's own folder, not in examples/")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    missing = [w for w in command.split() if w.endswith((".csv", ".xlsx")) and "/" not in w]
    for name in missing:  # a file the README's reader would have: a register with a bad row
        if name.startswith("bad"):
            (tmp_path / name).write_text(
                "申请人类型,办理结果,收到日期\n个体户,予以公开,2023-01-05\n", encoding="utf-8"
            )
    env = {**os.environ, "GOVSTAT_LANG": "", "COLUMNS": "200"}
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        command,
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    actual = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
    assert matches(shown, actual), "\n".join(actual)

"""Benchmark the reader on big honest workbooks and a zip bomb: time and peak memory.

    python benchmarks/big.py

Builds (with ``tests/bigbooks.py``) a table followed by 200,000 rows of other data, the same
table on a sheet formatted to row 1,048,576, and a sheet that inflates 200 MB from a few
hundred kilobytes; validates each in a fresh process and prints its wall time, peak resident
memory and outcome. Figures depend on the machine and its load; nothing is asserted.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import bigbooks  # noqa: E402 - the builders the tests use


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        builds = {
            "table + 200,000 rows": lambda: bigbooks.table_then_rows(folder),
            "formatted to row 1,048,576": lambda: bigbooks.formatted_to_the_last_row(folder),
            "zip bomb (200 MB sheet)": lambda: bigbooks.sheet_bomb(folder),
        }
        print("| workbook | size | wall | peak memory | exit |")
        print("|---|---:|---:|---:|---:|")
        for name, build in builds.items():
            path = build()
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "govstat", "validate", str(path)],
                capture_output=True,
                check=False,
            )
            wall = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            size = path.stat().st_size / 2**20
            print(
                f"| {name} | {size:.1f} MB | {wall:.2f} s | {peak:.0f} MiB | {result.returncode} |"
            )


if __name__ == "__main__":
    main()

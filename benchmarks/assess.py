"""Benchmark ``govstat assess``: time and peak memory at several sizes, up to 1,000 reports.

``python benchmarks/assess.py`` generates 334 fictional units × 2021–2023 (form 2021, the
layout of ``examples/make_assess.py``, each year carried over from the last), keeps the
first 1,000 workbooks, and assesses the reports of the first 100, 250, 500 and 1,000 (whole
units, so that the years pair) with ``--jobs`` workers, printing the wall time, the time per
report and the peak memory (largest resident set of any process of the run). Prints figures,
asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "examples"))

import current_forms as cf  # noqa: E402
import make_assess as ma  # noqa: E402
import region_examples as rx  # noqa: E402

SIZES = (100, 250, 500, 1000)

_PEAK = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def generate(folder: Path, count: int, seed: int = 12) -> list[Path]:
    """``count`` reports of units of three years each, in the order of their units."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    unit_number = 0
    while len(made) < count:
        unit_number += 1
        unit = {"new": rng.randint(10, 120), "licensing": rng.randint(0, 900)}
        agency = f"东湖市第{unit_number}局"
        carried, valid = [1, 0, 0, 0, 0, 0], 10
        for year in ma.YEARS:
            new_total = max(5, round(unit["new"] * rng.uniform(0.85, 1.15)))
            counts, carried = ma.year_counts(rng, carried, new_total, rng.randint(1, 4))
            figures = ma.figures(rng, unit, valid)
            valid = figures["t2"][1][2]
            path = folder / f"{unit_number:04d}-{year}.xlsx"
            cf.report_workbook(
                path,
                year,
                rx.table2(figures["t2"]),
                rx.t3_rows(counts),
                figures["t4"],
                agency=agency,
            )
            made.append(path)
            if len(made) == count:
                break
    return made


def measure(folder: Path, jobs: int) -> tuple[float, int]:
    """Wall seconds and peak KiB of one ``govstat assess`` of ``folder``."""
    script = Path(sys.executable).parent / "govstat"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "govstat"]
    command += ["assess", str(folder), "--format", "json", "--jobs", str(jobs)]
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=True
    )
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="govstat-assess-bench-"))
    try:
        source = base / "reports"
        files = sorted(source.glob("*.xlsx")) if source.exists() else []
        if len(files) != max(SIZES):
            shutil.rmtree(source, ignore_errors=True)
            start = time.perf_counter()
            files = generate(source, max(SIZES))
            print(f"generated {len(files)} reports in {time.perf_counter() - start:.0f} s")
        print(f"| reports | wall | per report | peak memory |  (--jobs {args.jobs})")
        print("|---:|---:|---:|---:|")
        for size in SIZES:
            folder = base / f"first-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for path in files[:size]:
                os.link(path, folder / path.name)
            seconds, kib = measure(folder, args.jobs)
            print(
                f"| {size:,} | {seconds:.1f} s | {seconds / size * 1000:.1f} ms | "
                f"{kib / 1024:.0f} MiB |"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark govstat: start-up, one file, bulk throughput and memory as the files grow.

    python benchmarks/bench.py [--files 1000] [--jobs 2] [--repeat 7] [--keep DIR]

Generates ``--files`` realistic unit workbooks in a temporary folder (forms 2014, 2019 and
2021 in the layouts real reports use, a tenth of them with planted errors, a few damaged),
then prints one table:

- the wall time of ``python -c pass``, ``govstat --help`` and ``govstat validate one.xlsx``
  (median and best of ``--repeat`` runs, measured in the same run, so that they compare);
- which heavy modules each command imports (``python -X importtime``);
- bulk throughput of ``govstat validate FOLDER`` in files per second, with one worker and
  with ``--jobs`` workers;
- the peak memory (largest resident set of any process of the run) for 100 files up to all.

Figures depend on the machine and on what else runs on it: compare figures of one run.
Tests never assert times; this script only prints them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
sys.path.insert(0, str(EXAMPLES))

import current_forms as cf  # noqa: E402 - the example layouts, beside make_examples.py
import make_examples as mx  # noqa: E402
import region_examples as rx  # noqa: E402
from openpyxl import Workbook  # noqa: E402

HEAVY = ["openpyxl", "pydantic", "rich", "typer", "concurrent.futures", "difflib"]
"""Modules whose import is worth knowing about, per command."""


# Generating workbooks ---------------------------------------------------------------------------


def _jitter(rng: random.Random, value: int) -> int:
    return max(0, value + rng.randint(-value // 3 - 1, value // 3 + 1)) if value else 0


def _form2014(rng: random.Random, path: Path, errors: bool) -> None:
    """The 2018 table (corrected), its counts varied; printed or messy layout."""
    rows = []
    for label, unit, value in mx.SEED_ROWS:
        value = mx.CORRECTIONS.get(label, value)
        if value.isdigit() and label.startswith(("（一）主动公开政府信息数", "2.政府网站")):
            value = str(_jitter(rng, int(value)))
        rows.append((label, unit, value))
    if errors:
        rows = [(lab, u, "7" if lab == "2.同意公开答复数" else v) for lab, u, v in rows]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    mx.write_as_printed(sheet, rows)
    book.save(path)


def _form_current(rng: random.Random, path: Path, form: str, errors: bool) -> None:
    """A report's three tables (forms 2019/2021), table 三 tallied from random requests."""
    requests = rx.requests(seed=rng.randint(0, 10**6), count=rng.randint(5, 120), carried=2,
                           open_at_end=1)  # fmt: skip
    t3 = rx.t3_rows(rx.tally(requests))
    t4 = [rng.randint(0, 3) for _ in range(4)]
    t4 = [*t4, sum(t4), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    edit: dict[tuple[str, str], object] = {}
    if errors:
        edit[("（一）予以公开", "J")] = 999
    if form == "2021":
        cf.report_workbook(path, 2023, cf.T2_2021, t3, t4, edit=edit, agency=f"单位{rng.random()}")
    else:
        cf.report_workbook(
            path, 2020, cf.T2_2019, cf.t3_2019(t3), t4, edit=edit, agency=f"单位{rng.random()}"
        )


def generate(folder: Path, count: int, seed: int = 2024) -> list[Path]:
    """``count`` workbooks: 20% form 2014, 30% form 2019, 50% form 2021; 10% with errors;
    every 200th damaged (a truncated file)."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = folder / f"unit-{index:04d}.xlsx"
        errors = rng.random() < 0.1
        roll = rng.random()
        if roll < 0.2:
            _form2014(rng, path, errors)
        elif roll < 0.5:
            _form_current(rng, path, "2019", errors)
        else:
            _form_current(rng, path, "2021", errors)
        if index % 200 == 199:
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        paths.append(path)
    return paths


# Measuring ---------------------------------------------------------------------------------------


def govstat_command() -> list[str]:
    script = Path(sys.executable).parent / "govstat"
    return [str(script)] if script.exists() else [sys.executable, "-m", "govstat"]


def wall(command: list[str], repeat: int) -> tuple[float, float]:
    """Median and best wall time of ``command`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_kib(command: list[str]) -> int:
    """The largest resident set (KiB) of any process the command runs, workers included."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def imported(command: list[str]) -> list[str]:
    """Which of the heavy modules the command imports."""
    python = [sys.executable, "-X", "importtime", "-c", "from govstat.cli import main; main()"]
    args = command[1:] if command[0].endswith("govstat") else command[3:]
    proc = subprocess.run(
        [*python, *args], capture_output=True, text=True, check=False, env=_argv0_env()
    )
    names = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return [m for m in HEAVY if m in names]


def _argv0_env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "100"}


def throughput(command: list[str], folder: Path, jobs: int) -> tuple[float, float, float]:
    """Files per second validating the folder with ``jobs`` workers, the wall time, and the
    CPU time per file (user + system, all processes: what the cores spent)."""
    import resource

    count = len(list(folder.glob("*.xlsx")))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*command, "validate", str(folder), "--jobs", str(jobs), "--format", "csv"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return count / elapsed, elapsed, cpu / count


def subset(source: list[Path], count: int, folder: Path) -> Path:
    target = folder / f"first-{count}"
    target.mkdir()
    for path in source[:count]:
        os.link(path, target / path.name)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args(argv)

    base = args.keep or Path(tempfile.mkdtemp(prefix="govstat-bench-"))
    folder = base / "units"
    try:
        if not folder.exists() or len(list(folder.glob("*.xlsx"))) != args.files:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            start = time.perf_counter()
            paths = generate(folder, args.files)
            print(f"generated {len(paths)} workbooks in {time.perf_counter() - start:.1f} s")
        paths = sorted(folder.glob("*.xlsx"))
        one = next(p for p in paths if _is_form(p, "2021"))
        _compile_bytecode()
        govstat = govstat_command()
        rows: list[tuple[str, str, str]] = []

        def ms(seconds: float) -> str:
            return f"{seconds * 1000:.0f} ms"

        pass_med, pass_best = wall([sys.executable, "-c", "pass"], args.repeat)
        rows.append(("python -c pass", ms(pass_med), f"best {ms(pass_best)}"))
        help_med, help_best = wall([*govstat, "--help"], args.repeat)
        heavy = ", ".join(imported([*govstat, "--help"])) or "none of them"
        rows.append(("govstat --help", ms(help_med), f"best {ms(help_best)}; imports {heavy}"))
        one_med, one_best = wall([*govstat, "validate", str(one)], args.repeat)
        heavy = ", ".join(imported([*govstat, "validate", str(one)]))
        rows.append(
            (
                "govstat validate one.xlsx",
                ms(one_med),
                f"best {ms(one_best)} (target < 300 ms); imports {heavy}",
            )
        )
        for jobs in sorted({1, args.jobs}):
            rate, elapsed, cpu = throughput(govstat, folder, jobs)
            target = " (target ≥ 300 files/s)" if jobs > 1 else ""
            rows.append(
                (
                    f"bulk, {jobs} worker{'s' if jobs > 1 else ''}",
                    f"{rate:.0f} files/s",
                    f"{len(paths)} files in {elapsed:.1f} s{target}; "
                    f"CPU {cpu * 1000:.1f} ms per file",
                )
            )
        scratch = Path(tempfile.mkdtemp(prefix="govstat-bench-subsets-"))
        try:
            counts = [n for n in (100, 250, 500, 1000, 2000) if n < len(paths)] + [len(paths)]
            for count in counts:
                target_folder = folder if count == len(paths) else subset(paths, count, scratch)
                kib = peak_kib([*govstat, "validate", str(target_folder), "--jobs", str(args.jobs)])
                rows.append(
                    (f"peak memory, {count} files", f"{kib / 1024:.0f} MiB", "largest process")
                )
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        _print(rows, args)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


def _compile_bytecode() -> None:
    """Write govstat's .pyc files once, as an install does: with PYTHONDONTWRITEBYTECODE set
    (as on this machine) an editable install would otherwise compile every module on every
    start."""
    import compileall

    import govstat

    compileall.compile_dir(Path(govstat.__file__).parent, quiet=1)


def _is_form(path: Path, form: str) -> bool:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:
        return False
    first = next(iter(book.worksheets[0].iter_rows(max_row=1, values_only=True)), (None,))
    book.close()
    return form == "2021" and "2023年" in str(first[0])


def _print(rows: list[tuple[str, str, str]], args: Any) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"\npython {sys.version.split()[0]}, {cores} cores, {args.repeat} runs per timing\n")
    width = max(len(r[0]) for r in rows)
    value = max(len(r[1]) for r in rows)
    print(f"| {'measure':<{width}} | {'figure':>{value}} | notes")
    print(f"| {'-' * width} | {'-' * value}:| ---")
    for name, figure, note in rows:
        print(f"| {name:<{width}} | {figure:>{value}} | {note}")


if __name__ == "__main__":
    main()

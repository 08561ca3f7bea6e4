"""Benchmark PDF reports: one report against pdfplumber's word listing, bulk throughput, memory.

    python benchmarks/pdf.py [--repeat 15] [--files 50,100,200] [--jobs 2]

Prints, for each published report in tests/data (five pages each: the example 2018 report
and the form-2021 report of examples/make_report_pdf.py):

- the time ``govstat.validate(report)`` takes (read, recognise, check, prose, hints), per
  report and per page, and without the hints (which cost the same in any format: the
  form-2021 report's five planted errors take the solver about 200 ms, its .xlsx as much);
- the time pdfplumber takes just to list the report's words (``pdfplumber.open(f)`` then
  ``page.extract_words()`` for every page), and the ratio of the two (target ≤ 0.2). Both are
  timed in this one process on the same file, alternately, and the medians compared; the ratio
  is given in CPU time (what the machine's other work changes least) and in wall time;

then bulk validation of ``--files`` copies of the reports (``govstat validate 'DIR/*.pdf'``):
reports per second with 1 and ``--jobs`` workers, and the peak memory (largest resident set of
any process of the run) for each count, which should stay flat.

pdfplumber is needed only here (``pip install -e '.[dev]'``); without it the ratio is left
out. Figures depend on the machine and on what else runs on it: compare figures of one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data"
REPORTS = [DATA / "2018-report.pdf", DATA / "2023-form2021-report.pdf"]


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def words_with_pdfplumber(path: Path) -> int:
    import pdfplumber

    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            count += len(page.extract_words())
    return count


def pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def one_report(path: Path, repeat: int) -> None:
    import govstat

    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        plumber = False
    else:
        plumber = True
    govstat.validate(path)  # imports and first-use caches, as in any run after the first file
    if plumber:
        words_with_pdfplumber(path)
    ours: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(repeat):
        ours.append(timed(lambda: govstat.validate(path)))
        bare.append(timed(lambda: govstat.validate(path, hints=False)))
        if plumber:
            theirs.append(timed(lambda: words_with_pdfplumber(path)))
    count = pages(path)
    print(f"{path.name} ({count} pages)")
    rows = [("govstat.validate", ours), ("  without hints", bare)]
    if plumber:
        rows.append(("pdfplumber extract_words", theirs))
    for label, times in rows:
        cpu = statistics.median(c for c, _ in times)
        wall = statistics.median(w for _, w in times)
        print(
            f"  {label:<24}  {wall * 1000:6.1f} ms wall, {cpu * 1000:6.1f} ms CPU"
            f"   ({cpu * 1000 / count:.1f} ms CPU per page)"
        )
    if not plumber:
        print("  pdfplumber is not installed: no ratio (pip install -e '.[dev]')")
        return
    their_cpu = statistics.median(c for c, _ in theirs)
    their_wall = statistics.median(w for _, w in theirs)
    for label, times in rows[:2]:
        cpu = statistics.median(c for c, _ in times)
        wall = statistics.median(w for _, w in times)
        print(
            f"  ratio, {label.strip():<17} {cpu / their_cpu:.3f} CPU, {wall / their_wall:.3f} wall"
            "   (target ≤ 0.2)"
        )


def govstat_command() -> list[str]:
    script = Path(sys.executable).parent / "govstat"
    return [str(script)] if script.exists() else [sys.executable, "-m", "govstat"]


_PEAK = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "wall = time.perf_counter() - start\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_maxrss, wall, usage.ru_utime + usage.ru_stime)\n"
)


def bulk(folder: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (every process) and peak memory (MiB) of validating every
    PDF of ``folder`` with ``jobs`` workers."""
    command = [*govstat_command(), "validate", str(folder / "*.pdf"), "--jobs", str(jobs)]
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *command, "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    peak, wall, cpu = out.stdout.split()
    return float(wall), float(cpu), int(peak) / 1024


def copies(folder: Path, count: int) -> Path:
    """``count`` reports in a folder of their own (hard links to the two reports, in turn)."""
    target = folder / f"{count}-reports"
    target.mkdir()
    for index in range(count):
        source = REPORTS[index % len(REPORTS)]
        os.link(source, target / f"{index:04d}-{source.name}")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--files", default="50,100,200")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    for report in REPORTS:
        one_report(report, args.repeat)
    counts = [int(n) for n in args.files.split(",")]
    with tempfile.TemporaryDirectory(prefix="govstat-pdf-bench-") as scratch:
        folders = {count: copies(Path(scratch), count) for count in counts}
        largest = max(counts)
        print(f"bulk, {largest} reports (govstat validate 'DIR/*.pdf')")
        for jobs in sorted({1, args.jobs}):
            wall, cpu, _ = bulk(folders[largest], jobs)
            print(
                f"  {jobs} worker{'s' if jobs > 1 else ' '}  {largest / wall:6.1f} reports/s"
                f"   ({wall:.1f} s; CPU {cpu * 1000 / largest:.1f} ms per report)"
            )
        print(f"peak memory, {args.jobs} workers")
        for count in counts:
            _, _, peak = bulk(folders[count], args.jobs)
            print(f"  {count:5d} reports  {peak:6.1f} MiB")


if __name__ == "__main__":
    main()

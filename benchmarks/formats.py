"""How long each format takes: ``python benchmarks/formats.py`` prints, per example file, the
time of ``govstat validate`` as a fresh process (imports included) and of a second
``govstat.validate`` call in one process (the reader and the check alone).

Run on demand; the tests never assert a time.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import govstat
from govstat.readers.office import office_program

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = [
    "2018-seed.xlsx",
    "2018-seed.xls",
    "2018-seed.ods",
    "2018-seed-gbk.csv",
    "2018-seed.html",
    "2018-seed-portal.htm",
    "2018-seed-portal.mhtml",
    "2018-seed.docx",
    "2018-seed.doc",
    "2018-seed.pdf",
    "2018-report.txt",
    "2018-report.docx",
]


def main(repeat: int = 5) -> None:
    print(f"{'file':<22} {'process (ms)':>13} {'warm call (ms)':>15}")
    for name in FILES:
        path = EXAMPLES / name
        if path.suffix == ".doc" and office_program() is None:
            print(f"{name:<22} {'(needs LibreOffice)':>29}")
            continue
        cold = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "govstat", "validate", str(path)],
                capture_output=True,
                check=False,
            )
            cold.append(time.perf_counter() - start)
        govstat.validate(path)
        warm = []
        for _ in range(repeat):
            start = time.perf_counter()
            govstat.validate(path)
            warm.append(time.perf_counter() - start)
        print(f"{name:<22} {min(cold) * 1000:>13.0f} {min(warm) * 1000:>15.1f}")


if __name__ == "__main__":
    main()

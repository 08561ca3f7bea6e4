"""Time error localisation on the largest table: form 2021, table 三 (175 cells, 67 rules).

Run on demand: ``python benchmarks/localise.py``. Each case plants errors in the consistent
example ``examples/2023-form2021.xlsx`` (as read, in memory: no file is written), then times
``govstat.localise.add_hints`` (the check is done before the clock starts). The import of the
solver is timed on its own, in a fresh interpreter, since a process pays it once.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import govstat
from govstat.engine import check
from govstat.localise import MAX_SETS, TIME_LIMIT, add_hints
from govstat.model import FilledTable

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "2023-form2021.xlsx"
REPEAT = 5


def planted(table: FilledTable, changes: dict[str, int]) -> FilledTable:
    values = dict(table.values)
    for ident, number in changes.items():
        values[ident] = values[ident].model_copy(
            update={"number": Decimal(number), "raw": str(number)}
        )
    return table.model_copy(update={"values": values})


def t3(row: str, column: str) -> str:
    return f"t3.{row}.{column}"


def random_errors(table: FilledTable, count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    cells = sorted(i for i in table.values if i.startswith("t3.") and table.values[i].has_number)
    out = {}
    for ident in rng.sample(cells, count):
        number = table.values[ident].number
        assert number is not None
        out[ident] = int(number) + rng.choice([1, 2, 3, 5, 10])
    return out


def measure(table: FilledTable) -> tuple[float, int, list[str]]:
    """Median seconds of add_hints, the size of the likeliest set, and the notes."""
    findings = check(table)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        out, notes = add_hints(table, findings)
        times.append(time.perf_counter() - start)
    sizes = [len(f.hints[0].changes) for f in out if f.hints]
    return statistics.median(times), max(sizes, default=0), notes


def main() -> None:
    table = govstat.read_table(EXAMPLE)
    cells = sum(1 for i in table.values if i.startswith("t3.") and table.values[i].has_number)
    print(
        f"{EXAMPLE.name}: table 三 with {cells} cells read; time limit {TIME_LIMIT:g} s, "
        f"at most {MAX_SETS} sets per group; median of {REPEAT} runs"
    )
    code = "import time; s = time.perf_counter(); import scipy.optimize; "
    code += "print(time.perf_counter() - s)"
    imported = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"  import scipy.optimize (once per process, only for multi-cell sets): {imported:.3f} s")
    add_hints(
        planted(table, random_errors(table, 2, 0)),
        check(planted(table, random_errors(table, 2, 0))),
    )
    cases: list[tuple[str, dict[str, int]]] = [
        ("one wrong cell (exact, no solver)", {t3("disclosed", "natural"): 23}),
        ("two digits swapped (49 for 94)", {t3("new", "total"): 94}),
        (
            "value in the neighbouring column",
            {t3("partly", "commercial"): 0, t3("partly", "research"): 1},
        ),
        (
            "two independent errors",
            {t3("disclosed", "natural"): 22, t3("unable_not_held", "legal"): 5},
        ),
        *(
            (f"{n} random errors (seed {seed})", random_errors(table, n, seed))
            for n in (3, 5, 8, 12)
            for seed in (1, 2)
        ),
    ]
    exact, slowest = 0, 0.0
    for ident in sorted(
        i for i in table.values if i.startswith("t3.") and table.values[i].has_number
    ):
        number = table.values[ident].number
        assert number is not None
        changed = planted(table, {ident: int(number) + 3})
        findings = check(changed)
        start = time.perf_counter()
        out, _ = add_hints(changed, findings)
        slowest = max(slowest, time.perf_counter() - start)
        hints = next(f.hints for f in out if f.hints)
        exact += [(c.indicator, c.suggested) for h in hints for c in h.changes] == [(ident, number)]
    print(
        f"  each of the {cells} cells off by 3: located exactly {exact}/{cells}, "
        f"slowest {slowest * 1000:.1f} ms"
    )
    for name, changes in cases:
        seconds, size, notes = measure(planted(table, changes))
        note = f"  [{'; '.join(notes)}]" if notes else ""
        print(f"  {name:<42} {seconds * 1000:8.1f} ms   smallest set: {size} cells{note}")


if __name__ == "__main__":
    main()

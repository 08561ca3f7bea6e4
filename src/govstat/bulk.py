"""Validating many files at once: paths, folders and globs in; one summary row per file out.

(:mod:`govstat.paths` turns the paths, folders and globs into files.)

The files are validated in parallel processes. Each worker sends back a small
:class:`FileSummary` (never the whole report), so memory stays flat however many files there
are. A file that cannot be read is a row with status ``unreadable``, not the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from govstat.errors import GovstatError
from govstat.model import Counts, FilledTable, Finding, Lang, Severity
from govstat.paths import collect, describe_skipped

Status = Literal["ok", "fail", "unreadable"]
"""ok: nothing at or above --fail-on; fail: findings at or above it; unreadable: the file
could not be read or holds no known table (exit status 2)."""

EXIT_STATUS: dict[str, int] = {"ok": 0, "fail": 1, "unreadable": 2}


class FileFinding(BaseModel):
    """One finding of a file in a bulk run: what it says and the cells it names."""

    rule: str
    severity: Severity
    checkable: bool = True
    message: str
    cells: list[str] = Field(default_factory=list, description="Sheet!A1 of each cell named.")


class FileSummary(BaseModel):
    """One file of a bulk run: its form, its counts and findings, or why it could not be
    read."""

    file: str
    form: str | None = None
    agency: str | None = None
    year: int | None = None
    errors: int = 0
    warnings: int = 0
    info: int = 0
    not_checkable: int = 0
    status: Status
    message: str | None = Field(default=None, description="Why the file could not be read.")
    findings: list[FileFinding] = Field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.status]


class Totals(BaseModel):
    """The whole run: how many files, how many in each status, the exit status."""

    files: int
    ok: int
    fail: int
    unreadable: int
    errors: int
    warnings: int
    info: int
    exit_status: int


class Summary(BaseModel):
    """The document ``govstat validate --format json`` prints for several files."""

    fail_on: Severity
    files: list[FileSummary]
    totals: Totals
    skipped: dict[str, int] = Field(
        default_factory=dict,
        description="Files and folders met in folders and globs and not checked, by reason: "
        "hidden, lock, page_folder (the folder saved beside a web page), other_format.",
    )


def summarise(
    file: str, table: FilledTable, findings: list[Finding], fail_on: Severity = Severity.error
) -> FileSummary:
    """The summary row of one checked table: its counts are those of its :class:`Report`,
    without building the report's values (a bulk run needs only the counts)."""
    counts = Counts.of(findings)
    failing = any(f.fails(fail_on) for f in findings)
    return FileSummary(
        file=file,
        form=table.form,
        agency=table.metadata.agency,
        year=table.metadata.year,
        errors=counts.error,
        warnings=counts.warning,
        info=counts.info,
        not_checkable=counts.not_checkable,
        status="fail" if failing else "ok",
        findings=[
            FileFinding(
                rule=f.rule,
                severity=f.severity,
                checkable=f.checkable,
                message=f.message,
                cells=[str(c.cell) if c.cell else c.label for c in f.cells],
            )
            for f in findings
        ],
    )


def unreadable(file: str, error: Exception, lang: Lang = "zh") -> FileSummary:
    """The row of a file that could not be read, saying why in ``lang``."""
    if isinstance(error, GovstatError):
        message = error.text(lang)
    else:
        message = f"{type(error).__name__}: {error}"
    prefix = f"{file}: "
    return FileSummary(file=file, status="unreadable", message=message.removeprefix(prefix))


def totals(rows: Sequence[FileSummary]) -> Totals:
    return Totals(
        files=len(rows),
        ok=sum(r.status == "ok" for r in rows),
        fail=sum(r.status == "fail" for r in rows),
        unreadable=sum(r.status == "unreadable" for r in rows),
        errors=sum(r.errors for r in rows),
        warnings=sum(r.warnings for r in rows),
        info=sum(r.info for r in rows),
        exit_status=max((r.exit_status for r in rows), default=0),
    )


# Running -------------------------------------------------------------------------------------

_Job = tuple[str, "str | None", Lang, Severity]
_In = TypeVar("_In")
_Out = TypeVar("_Out")


def _one(job: _Job) -> FileSummary:
    """Validate one file in a worker; any failure becomes an ``unreadable`` row."""
    from govstat.api import read_tables
    from govstat.engine import check

    file, form, lang, fail_on = job
    try:
        # A workbook of several tables is one row counting the findings of every table.
        tables = read_tables(file, form, lang)
        findings = [f for table in tables for f in check(table, lang)]
        return summarise(file, tables[0], findings, fail_on)
    except Exception as error:  # one bad file never ends the run; its row says why
        return unreadable(file, error, lang)


def _warm() -> None:
    """Import and build what every file needs once per worker, before the first file."""
    from govstat.forms import all_forms
    from govstat.recognise import recognise  # noqa: F401 - imported for its side effect

    all_forms()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def validate_many(
    inputs: Iterable[str | Path],
    form: str | None = None,
    lang: Lang = "zh",
    fail_on: Severity = Severity.error,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Validate every file of ``inputs`` (files, folders, globs) and summarise each.

    ``jobs`` worker processes (the usable cores when None; 1 runs in this process).
    ``progress(done, total)`` is called as files complete. Never raises for a bad file;
    raises :class:`GovstatError` when there is no file at all to check.
    """
    rows: list[FileSummary] = []
    jobs_list: list[_Job] = []
    order: list[int] = []
    expanded = collect(inputs)
    skipped: dict[str, int] = dict(sorted(expanded.skipped.items()))
    if not any(isinstance(item, Path) for item in expanded.files):
        raise nothing_to_check(expanded.files, skipped)
    for item in expanded.files:
        if isinstance(item, GovstatError):
            rows.append(unreadable(item.file or "", item, lang))
        else:
            order.append(len(rows))
            rows.append(FileSummary(file=str(item), status="unreadable"))  # placeholder
            jobs_list.append((str(item), form, lang, fail_on))
    total = len(rows)
    done = total - len(jobs_list)
    if progress is not None:
        progress(done, total)
    for index, row in zip(order, _run(jobs_list, jobs), strict=True):
        rows[index] = row
        done += 1
        if progress is not None:
            progress(done, total)
    return Summary(fail_on=fail_on, files=rows, totals=totals(rows), skipped=skipped)


def nothing_to_check(
    errors: Sequence[Path | GovstatError], skipped: dict[str, int]
) -> GovstatError:
    """One line for a run with no file to check: why, and what was skipped."""
    first = next((e for e in errors if isinstance(e, GovstatError)), None)
    zh, en = (first.zh, first.en or first.zh) if first else ("没有可检查的文件", "no file to check")
    if skipped:
        zh += "，" + describe_skipped(skipped, "zh")
        en += "; " + describe_skipped(skipped, "en")
    return GovstatError(zh, en, file=first.file if first else None)


def _run(jobs_list: list[_Job], jobs: int | None) -> Iterator[FileSummary]:
    return parallel_map(_one, jobs_list, jobs)


def parallel_map(work: Callable[[_In], _Out], items: list[_In], jobs: int | None) -> Iterator[_Out]:
    """``work`` over ``items`` in ``jobs`` worker processes (the usable cores when None; 1 runs
    in this process), results in the order of ``items``. ``work`` must be a module-level
    function that never raises for a bad file."""
    workers = min(jobs or default_jobs(), len(items))
    if workers <= 1:
        for item in items:
            yield work(item)
        return
    from concurrent.futures import ProcessPoolExecutor

    _warm()  # a forked worker inherits the imports and the forms built here
    # Chunks amortise the round trips; small enough that progress moves smoothly.
    chunk = max(1, min(16, len(items) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        yield from pool.map(work, items, chunksize=chunk)

"""Validating many files at once: paths, folders and globs in; one summary row per file out.

(:mod:`govstat.paths` turns the paths, folders and globs into files.)

The files are validated in parallel processes. Each worker sends back a small
:class:`FileSummary` (never the whole report), so memory stays flat however many files there
are. A file that cannot be read is a row with status ``unreadable``, not the end of the run.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field

from govstat.errors import GovstatError
from govstat.interrupt import STOP_SIGNALS, Interrupted, check, handled, stop_on_signals
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
    interrupted: Literal["SIGINT", "SIGTERM"] | None = Field(
        default=None,
        description="The signal that stopped the run; ``files`` are then those finished.",
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
    finished = [True] * len(rows)
    for index in order:
        finished[index] = False
    stopped: Interrupted | None = None
    results = _run(jobs_list, jobs)
    try:
        for index, row in zip(order, results, strict=True):
            rows[index] = row
            finished[index] = True
            done += 1
            if progress is not None:
                progress(done, total)
    except Interrupted as signal_received:
        stopped = signal_received
        handled()
    finally:
        results.close()  # the workers end here, whatever stopped the loop
    if stopped is not None:
        rows = [row for row, ok in zip(rows, finished, strict=True) if ok]
        name = "SIGINT" if stopped.signum == signal.SIGINT else "SIGTERM"
        return Summary(
            fail_on=fail_on, files=rows, totals=totals(rows), skipped=skipped, interrupted=name
        )
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


def _run(jobs_list: list[_Job], jobs: int | None) -> Generator[FileSummary, None, None]:
    return parallel_map(_one, jobs_list, jobs)


def parallel_map(
    work: Callable[[_In], _Out], items: Sequence[_In], jobs: int | None
) -> Generator[_Out, None, None]:
    """``work`` over ``items`` in ``jobs`` worker processes (the usable cores when None; 1 runs
    in this process), results in the order of ``items``. ``work`` must never raise for a bad
    file. The forms are built first, so that forked workers inherit them; SIGINT and SIGTERM
    end the workers and raise :class:`Interrupted` (see :func:`run_in_workers`)."""
    if (jobs or default_jobs()) > 1 and len(items) > 1:
        _warm()  # a forked worker inherits the imports and the forms built here
    return run_in_workers(work, items, jobs)


# Workers -----------------------------------------------------------------------------------------


def _worker(
    connection: Connection,
    others: list[Connection],
    work: Callable[[Any], Any],
    initializer: Callable[[], None] | None,
) -> None:
    """A worker's loop: receive (start, chunk), send back (start, results), until told to stop
    or the parent is gone. Only the parent decides to stop on SIGINT (a terminal sends it to
    the whole process group); SIGTERM ends a worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    for other in others:  # the parent's ends: with them closed, the parent's exit is our EOF
        other.close()
    if initializer is not None:
        initializer()
    try:
        while True:
            message = connection.recv()
            if message is None:
                return
            start, chunk = message
            connection.send((start, [work(job) for job in chunk]))
    except (EOFError, OSError):
        return  # the parent has gone: nothing to send the results to


_J = TypeVar("_J")
_R = TypeVar("_R")


def run_in_workers(
    work: Callable[[_J], _R],
    jobs_list: Sequence[_J],
    jobs: int | None = None,
    initializer: Callable[[], None] | None = None,
) -> Generator[_R, None, None]:
    """``work(job)`` for each job, in ``jobs`` worker processes (the usable cores when None;
    1 runs here), yielded in the order of ``jobs_list``.

    ``work`` must catch what a job raises (a worker that dies ends the run with RuntimeError).
    Workers are forked, so ``work`` and its jobs need no pickling, only the results. On SIGINT
    or SIGTERM, at any moment, the workers are killed and joined and :class:`Interrupted` is
    raised from the iterator: no process outlives the run, no pipe is left blocked. A caller
    that stops iterating early must ``close()`` the generator (that ends the workers).
    """
    workers = min(jobs or default_jobs(), len(jobs_list))
    with stop_on_signals():
        if workers <= 1:
            for job in jobs_list:
                check()
                yield work(job)
            return
        yield from _pooled(work, jobs_list, workers, initializer)


def _pooled(
    work: Callable[[_J], _R],
    jobs_list: Sequence[_J],
    workers: int,
    initializer: Callable[[], None] | None,
) -> Iterator[_R]:
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    # Chunks amortise the round trips; small enough that progress moves smoothly.
    size = max(1, min(16, len(jobs_list) // (workers * 8)))
    chunks = [(i, list(jobs_list[i : i + size])) for i in range(0, len(jobs_list), size)]
    pending = iter(chunks)
    processes: list[BaseProcess] = []
    ends: list[Connection] = []
    done: dict[int, list[_R]] = {}
    next_start = 0
    try:
        for _ in range(workers):
            mine, theirs = context.Pipe()
            ends.append(mine)
            # Signals wait until the worker has set its own handlers: a signal between fork
            # and those would run the parent's handler in the child.
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            try:
                process = context.Process(
                    target=_worker, args=(theirs, list(ends), work, initializer), daemon=True
                )
                process.start()
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            processes.append(process)
            theirs.close()
        busy: dict[Connection, Any] = {}
        for end in ends:
            chunk = next(pending, None)
            if chunk is not None:
                end.send(chunk)
                busy[end] = chunk
        while busy:
            check()
            for ready in wait(list(busy), timeout=0.5):
                assert isinstance(ready, Connection)
                try:
                    start, results = ready.recv()
                except EOFError:
                    raise RuntimeError("a worker process ended unexpectedly") from None
                del busy[ready]
                done[start] = results
                chunk = next(pending, None)
                if chunk is not None:
                    ready.send(chunk)
                    busy[ready] = chunk
            while next_start in done:
                results = done.pop(next_start)
                next_start += len(results)
                yield from results
        for end in ends:
            end.send(None)
    finally:
        _stop(processes, ends)


def _stop(processes: list[BaseProcess], ends: list[Connection]) -> None:
    """End every worker: those still running are terminated (SIGTERM, then SIGKILL), and all
    are joined, so none is left behind as an orphan or a zombie."""
    for end in ends:
        end.close()
    for process in processes:
        if process.is_alive():
            process.join(timeout=0.05)
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join()

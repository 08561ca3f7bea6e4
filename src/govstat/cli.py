"""The command line: parses options, calls the library, prints, and sets the exit status.

Exit status: 0 clean (nothing at or above ``--fail-on``), 1 findings at or above it,
2 the input could not be read or the command was misused.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from govstat.errors import GovstatError

if TYPE_CHECKING:
    from govstat.model import Lang

_language: Lang = "en" if os.environ.get("GOVSTAT_LANG") == "en" else "zh"
"""The language of the command running, for its error lines (set by :func:`_lang`)."""


class _Group(TyperGroup):
    """The command group, saying usage errors in the language asked for (click says them in
    English only)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from govstat.usage import ClickException, UsageError, usage_error

        standalone = kwargs.get("standalone_mode", True)
        kwargs["standalone_mode"] = False  # errors come back here to be worded
        try:
            result = super().main(*args, **kwargs)
        except UsageError as error:
            if not standalone:
                raise
            arguments = kwargs.get("args", args[0] if args else None)
            words = sys.argv[1:] if arguments is None else list(arguments)
            typer.echo(usage_error(error, _requested_lang(words)), err=True)
            sys.exit(2)
        except ClickException as error:
            if not standalone:
                raise
            error.show()
            sys.exit(error.exit_code)
        if standalone:
            sys.exit(result if isinstance(result, int) else 0)
        return result

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command whose arguments show their name alone in help (FILE, not
        ``FILE <list[Path]>``: a clerk reads no programmer types), and whose -h says what it
        does in Chinese with English, as every other option does."""
        command = super().get_command(ctx, cmd_name)
        if command is None:
            return None
        for param in getattr(command, "params", []):
            if param.param_type_name == "argument" and param.metavar:
                setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010
        setattr(command, "get_help_option", _bilingual_help(command.get_help_option))  # noqa: B010
        return command

    def get_help_option(self, ctx: Any) -> Any:
        return _bilingual_help(super().get_help_option)(ctx)

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in _ROOT_HELP:
                setattr(param, "help", _ROOT_HELP[param.name])  # noqa: B010
        return params


_ROOT_HELP = {
    "install_completion": "安装当前 shell 的命令补全 (install completion for the current shell).",
    "show_completion": "显示当前 shell 的补全脚本 (show the completion script, to install it "
    "yourself).",
}


def _bilingual_help(get_help_option: Any) -> Any:
    def help_option(ctx: Any) -> Any:
        option = get_help_option(ctx)
        if option is not None:
            option.help = "显示帮助 (show this help and exit)."
        return option

    return help_option


def _requested_lang(words: list[str]) -> Lang:
    """The language a command line asks for (--lang en, -l en, --lang=en, GOVSTAT_LANG)."""
    chosen = os.environ.get("GOVSTAT_LANG", "zh")
    for index, word in enumerate(words):
        if word in ("--lang", "-l") and index + 1 < len(words):
            chosen = words[index + 1]
        elif word.startswith("--lang="):
            chosen = word.split("=", 1)[1]
    return "en" if chosen == "en" else "zh"


app = typer.Typer(
    name="govstat",
    help="检查、呈现政府信息公开工作年度报告统计表 (check and render the statistics tables of "
    "government information disclosure annual reports).",
    cls=_Group,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"govstat {version('govstat')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="显示版本 (show the version and exit).",
        ),
    ] = False,
) -> None:
    """检查、呈现政府信息公开工作年度报告统计表 (check and render the statistics tables of
    government information disclosure annual reports)."""
    global _language
    # Each run starts from GOVSTAT_LANG; a command's --lang then sets it (see _lang).
    _language = "en" if os.environ.get("GOVSTAT_LANG") == "en" else "zh"


class LangOption(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"
    junit = "junit"
    sarif = "sarif"
    csv = "csv"  # the summary of several files only


class TableFormat(str, Enum):
    md = "md"
    csv = "csv"
    json = "json"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


class CompileFormat(str, Enum):
    xlsx = "xlsx"
    md = "md"
    csv = "csv"
    json = "json"


FormOption = Annotated[
    str | None,
    typer.Option(
        "--form",
        "-f",
        metavar="2014|2019|2021",
        help="表式，不填则自动识别 (form id; recognised when omitted).",
    ),
]
LangOpt = Annotated[
    LangOption,
    typer.Option("--lang", "-l", envvar="GOVSTAT_LANG", help="输出语言 (language of the output)."),
]
FileArg = Annotated[
    Path,
    typer.Argument(
        help="填好的统计表或年度报告，- 为标准输入 (a filled table or a whole report, - for "
        "stdin): .xlsx .xls .ods .csv .docx .html .pdf .txt .md",
        show_default=False,
        metavar="FILE",
    ),
]
FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="统计表，或文件夹、通配符；- 为标准输入 (filled tables, folders or globs such as "
        "'units/*.xlsx'; - for stdin)",
        show_default=False,
        metavar="FILE",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="并行进程数，默认为可用核数 (worker processes; default: cores).",
    ),
]


def _fail(error: GovstatError | str) -> NoReturn:
    """One line on stderr, in the command's language, and exit 2: the input could not be read
    or the command was misused."""
    if isinstance(error, str):
        error = GovstatError(error)
    typer.echo(f"govstat: {error.text(_language)}", err=True)
    raise typer.Exit(2)


def _unknown_form(form: str) -> GovstatError:
    from govstat.forms import FORM_MODULES

    known = ", ".join(FORM_MODULES)
    return GovstatError(f"未知表式 {form}（已知：{known}）", f"unknown form {form}; known: {known}")


def _lang(option: LangOption) -> Lang:
    global _language
    _language = "en" if option is LangOption.en else "zh"
    return _language


STDIO = "-"
"""FILE ``-`` reads standard input; ``-o -`` writes to standard output."""


@contextmanager
def _input(file: Path) -> Iterator[Path]:
    """The file to read: ``file`` itself, or for ``-`` standard input saved to a temporary
    file (its format is sniffed from its content, as for any file). Errors name ``-``."""
    if str(file) != STDIO:
        yield file
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="govstat-") as folder:
        saved = Path(folder) / "stdin"
        saved.write_bytes(sys.stdin.buffer.read())
        try:
            yield saved
        except GovstatError as error:
            if error.file == str(saved):
                error.file = STDIO
            raise


def _write(output: Path, write: Callable[[Path], None], force: bool) -> None:
    """Write an output with ``write(path)`` (which writes atomically): to standard output for
    ``-`` (any format, binary too), else to ``output``, refusing to overwrite a file without
    ``--force``; then say what was written, on stderr."""
    if str(output) == STDIO:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="govstat-") as folder:
            written = Path(folder) / output.name
            write(written)
            sys.stdout.flush()
            sys.stdout.buffer.write(written.read_bytes())
            sys.stdout.buffer.flush()
        return
    if output.exists() and not force:
        _fail(
            GovstatError(
                "文件已存在，加 --force 覆盖",
                "the file exists: add --force to overwrite it",
                file=str(output),
            )
        )
    try:
        write(output)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        _fail(GovstatError(f"无法写入：{reason}", f"cannot write: {reason}", file=str(output)))
    typer.echo(f"已写入 {output}" if _language == "zh" else f"wrote {output}", err=True)


def _write_text(output: Path, text: str, force: bool, encoding: str = "utf-8") -> None:
    from govstat.fileio import write_text_atomic

    _write(output, lambda path: write_text_atomic(path, text, encoding), force)


ForceOption = Annotated[
    bool, typer.Option("--force", help="覆盖已有文件 (overwrite an existing file).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="写入文件（原子写入），- 为标准输出 (write to a file, atomically; - for stdout).",
    ),
]


def _print_json(document: object) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


@app.command()
def validate(
    files: FilesArg,
    form: FormOption = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="达到此级别即以状态 1 退出 (exit 1 at or above this severity)."),
    ] = FailOn.error,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            help="报告格式；csv、md 仅用于多个文件的汇总表 (report format; csv and md for the "
            "summary of several files).",
        ),
    ] = ReportFormat.text,
    lang: LangOpt = LangOption.zh,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            "-p",
            metavar="LAST_YEAR",
            help="上年统计表，用于检查结转数据 (last year's table, for the carry-over rules).",
        ),
    ] = None,
    hints: Annotated[
        bool,
        typer.Option(
            "--hints/--no-hints",
            help="在错误下给出可能出错的单元格（仅供参考） (suggest which cells are wrong).",
        ),
    ] = True,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="一个文件也只输出汇总表 (the summary table, even for one file)."
        ),
    ] = False,
    jobs: JobsOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只输出合计一行 (only the summary line).")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="多个文件时列出每个文件的问题 (each file's findings, too)."
        ),
    ] = False,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding",
            metavar="utf-8|gb18030",
            help="CSV 的编码，默认带 BOM 的 UTF-8，Excel 可直接打开 (the CSV's encoding; "
            "default UTF-8 with a BOM, which Excel opens).",
        ),
    ] = "utf-8",
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="SHEET",
            help="只检查此工作表上的统计表（工作簿中有多个统计表时） (check only the table on "
            "this sheet, when a workbook holds several).",
        ),
    ] = None,
) -> None:
    """检查统计表的每一条规则；多个文件时输出汇总表 (check every rule of a filled table; for
    several files, folders or globs, one summary row per file)."""
    from govstat.paths import is_bulk

    _lang(lang)
    out = _Out(output, force, quiet, verbose, encoding)
    if summary or is_bulk(files):
        if sheet is not None:
            _fail("--sheet 只用于一个文件 (--sheet takes one file, not a summary)")
        _validate_many(files, form, fail_on, output_format, lang, previous, jobs, out)
    if output_format is ReportFormat.csv:
        _fail(
            "--format csv 用于多个文件的汇总表，一个文件请加 --summary "
            "(--format csv is for the summary of several files; add --summary for one)"
        )
    _validate_one(files[0], form, fail_on, output_format, lang, previous, hints, out, sheet)


@dataclass(frozen=True)
class _Out:
    """Where and how much validate prints."""

    output: Path | None
    force: bool
    quiet: bool
    verbose: bool
    encoding: str

    def emit(self, text: str, csv: bool = False) -> None:
        """``text`` to the screen or to ``-o`` (UTF-8); a CSV encoded for Excel."""
        if not csv and self.output is None:
            typer.echo(text, nl=False)
            return
        encoding = "utf-8"
        if csv:  # a BOM lets Excel on Chinese Windows open UTF-8; or what --encoding says
            utf8 = self.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
            encoding = "utf-8-sig" if utf8 else self.encoding
        try:
            data = text.encode(encoding)
        except LookupError:
            _fail(f"未知编码 {self.encoding} (unknown encoding {self.encoding})")
        except UnicodeEncodeError as error:
            bad = error.object[error.start : error.end]
            _fail(
                f"编码 {self.encoding} 无法表示「{bad}」，请用 gb18030 或 utf-8 "
                f"(encoding {self.encoding} cannot write “{bad}”: use gb18030 or utf-8)"
            )
        if self.output is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        from govstat.fileio import write_atomic

        def save(tmp: Path) -> None:
            tmp.write_bytes(data)

        _write(self.output, lambda path: write_atomic(path, save), self.force)


def _validate_one(
    file: Path,
    form: str | None,
    fail_on: FailOn,
    output_format: ReportFormat,
    lang: LangOption,
    previous: Path | None,
    hints: bool,
    out: _Out,
    sheet: str | None = None,
) -> NoReturn:
    """The report of one file (of each table, for a workbook holding several), in any report
    format."""
    from govstat.api import validate_all
    from govstat.deadline import deadline
    from govstat.model import Severity

    language = _lang(lang)
    try:
        with _input(file) as path, deadline(str(file)):
            reports = validate_all(path, form, language, previous, hints, sheet)
            for report in reports:
                report.file = str(file)
    except GovstatError as error:
        _fail(error)
    if out.quiet:
        from govstat.report.console import summary_line

        out.emit("".join(summary_line(report, language) + "\n" for report in reports))
    elif output_format is not ReportFormat.text:
        from govstat.report.formats import REPORTS

        severity = Severity(fail_on.value)
        out.emit(REPORTS[output_format.value](reports, language, severity))
    else:
        import io

        from rich.console import Console

        from govstat.report.console import print_report

        buffer = io.StringIO()
        to_file = out.output is not None
        console = (
            Console(file=buffer, highlight=False, soft_wrap=True, color_system=None)
            if to_file
            else Console(highlight=False, soft_wrap=True)
        )
        for index, report in enumerate(reports):
            if index:
                console.print()
            print_report(report, console, language)
        if to_file:
            out.emit(buffer.getvalue())
    failing = [f for r in reports for f in r.findings if f.fails(Severity(fail_on.value))]
    raise typer.Exit(1 if failing else 0)


def _validate_many(
    files: list[Path],
    form: str | None,
    fail_on: FailOn,
    output_format: ReportFormat,
    lang: LangOption,
    previous: Path | None,
    jobs: int | None,
    out: _Out,
) -> NoReturn:
    """The summary of many files; the exit status is the worst file's. junit, sarif and
    html hold every file's report in one document."""
    from govstat.bulk import validate_many
    from govstat.forms import FORM_MODULES
    from govstat.model import Severity
    from govstat.report.summary import SUMMARY_RENDERERS, findings_text, totals_line

    if previous is not None:
        _fail("--previous 只用于一个文件 (--previous takes one file, not a summary)")
    if form is not None and form not in FORM_MODULES:
        _fail(_unknown_form(form))
    language = _lang(lang)
    if output_format.value not in SUMMARY_RENDERERS:
        _reports_of_many(files, form, fail_on, output_format, language, out)
    try:
        with _progress() as advance:
            summary = validate_many(files, form, language, Severity(fail_on.value), jobs, advance)
    except GovstatError as error:  # nothing at all to check
        _fail(error)
    if summary.skipped:
        from govstat.paths import describe_skipped

        typer.echo(describe_skipped(summary.skipped, language), err=True)
    if out.quiet:
        out.emit(totals_line(summary, language) + "\n")
    else:
        text = SUMMARY_RENDERERS[output_format.value](summary, language)
        if out.verbose and output_format is ReportFormat.text:
            text += "\n" + findings_text(summary, language)
        out.emit(text, csv=output_format is ReportFormat.csv)
    if summary.interrupted is not None:
        from govstat.interrupt import Interrupted

        done = len(summary.files)
        typer.echo(
            f"govstat: 已中断（{summary.interrupted}）：以上为已完成的 {done} 个文件"
            if language == "zh"
            else f"govstat: interrupted ({summary.interrupted}): the {done} files above were "
            "finished",
            err=True,
        )
        signum = getattr(signal, summary.interrupted)
        raise typer.Exit(Interrupted(signum).exit_status)
    raise typer.Exit(summary.totals.exit_status)


def _reports_of_many(
    files: list[Path],
    form: str | None,
    fail_on: FailOn,
    output_format: ReportFormat,
    language: Lang,
    out: _Out,
) -> NoReturn:
    """One junit, sarif or html document holding the report of every file; a file that
    cannot be read is named on stderr and makes the exit status 2."""
    from govstat.api import validate as run_validation
    from govstat.deadline import deadline
    from govstat.model import Severity
    from govstat.paths import expand
    from govstat.report.formats import REPORTS

    severity = Severity(fail_on.value)
    reports, status = [], 0
    for item in expand(files):
        try:
            if isinstance(item, GovstatError):
                raise item
            with deadline(str(item)):
                reports.append(run_validation(item, form, language, hints=False))
        except GovstatError as error:
            typer.echo(f"govstat: {error.text(language)}", err=True)
            status = 2
    out.emit(REPORTS[output_format.value](reports, language, severity))
    failing = any(f.fails(severity) for r in reports for f in r.findings)
    raise typer.Exit(status or (1 if failing else 0))


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("validate", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@app.command()
def render(
    file: FileArg,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="输出格式 (output format).")
    ] = TableFormat.md,
    output: OutputOption = None,
    form: FormOption = None,
    lang: LangOpt = LangOption.zh,
    force: ForceOption = False,
) -> None:
    """按官方格式输出统计表 (print or export the table in the official layout)."""
    from govstat.api import read_table
    from govstat.deadline import deadline
    from govstat.report.formats import FILE_RENDERS, TEXT_RENDERS

    language = _lang(lang)
    try:
        if output is not None and output.exists() and output.resolve() == file.resolve():
            raise GovstatError("输出文件不能是输入文件 (the output would overwrite the input)")
        if output is None and output_format.value in FILE_RENDERS:
            raise GovstatError(
                f"{output_format.value} 需要用 -o 指定输出文件（-o - 为标准输出） "
                f"({output_format.value} is written to a file: give -o, or -o - for stdout)"
            )
        with _input(file) as path, deadline(str(file)):
            table = read_table(path, form, language)
            table.source = str(file)
    except GovstatError as error:
        _fail(error)
    if output is not None and output_format.value in FILE_RENDERS:
        file_render = FILE_RENDERS[output_format.value]
        _write(output, lambda path: file_render(table, path, language), force)
        return
    text = TEXT_RENDERS[output_format.value](table, language)
    if output is None:
        typer.echo(text, nl=False)
    else:
        # A BOM lets Excel open a Chinese CSV as UTF-8 rather than GBK.
        encoding = "utf-8-sig" if output_format is TableFormat.csv else "utf-8"
        _write_text(output, text, force, encoding)


@app.command()
def template(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="模板文件，- 为标准输出 (the workbook to write, - for stdout) [default: "
            "统计表模板.xlsx, or 依申请公开登记台账.xlsx with --register].",
            show_default=False,
        ),
    ] = None,
    form: Annotated[
        str | None,
        typer.Option(
            "--form",
            "-f",
            metavar="2014|2019|2021",
            help="表式，默认 2021 (form id; default 2021, the form in use today).",
        ),
    ] = None,
    force: ForceOption = False,
    register: Annotated[
        bool,
        typer.Option(
            "--register",
            help="生成依申请公开登记台账 (write a blank register of requests instead, for "
            "compile --register).",
        ),
    ] = False,
) -> None:
    """生成空白填报模板 (write the blank fill-in workbook of a form)."""
    from govstat.forms import FORM_MODULES, get_form

    form = form or "2021"
    output = output or Path("依申请公开登记台账.xlsx" if register else "统计表模板.xlsx")
    if form not in FORM_MODULES:
        _fail(_unknown_form(form))
    the_form = form

    def write(path: Path) -> None:
        if register:
            from govstat.register_template import write_register_template

            write_register_template(path, the_form)
        else:
            from govstat.template import write_template

            write_template(get_form(the_form), path)

    try:
        _write(output, write, force)
    except GovstatError as error:
        _fail(error)


@app.command(name="compile")
def compile_(
    units: Annotated[
        list[Path] | None,
        typer.Argument(
            help="各单位的统计表，或文件夹、通配符 (the units' tables, folders or globs).",
            show_default=False,
            metavar="UNIT",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="汇总表 (the compiled table): .xlsx, .md, .csv or .json; 不填则输出到屏幕 "
            "(Markdown on screen when omitted).",
        ),
    ] = None,
    output_format: Annotated[
        CompileFormat | None,
        typer.Option("--format", help="输出格式，默认按 -o 的扩展名 (default: from -o's suffix)."),
    ] = None,
    form: FormOption = None,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors",
            help="有错误的单位也汇总，汇总表有错误时仍以状态 1 退出 (compile units with errors "
            "as well; the exit status is still 1 when the compiled table has errors).",
        ),
    ] = False,
    allow_duplicates: Annotated[
        bool,
        typer.Option(
            "--allow-duplicates",
            help="填报单位和年度相同的统计表也分别汇总 (sum tables with the same 填报单位 and "
            "year as different units; without it they are refused, naming the files, since "
            "a copy would be counted twice).",
        ),
    ] = False,
    check_against: Annotated[
        Path | None,
        typer.Option(
            "--check-against",
            metavar="REGION",
            help="手工汇总的统计表，与各单位合计逐格比对 (a hand-made regional table to "
            "compare with the sum of its units, cell by cell).",
        ),
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            metavar="REGISTER",
            help="依申请公开登记台账 (.xlsx/.csv)：由台账统计表三 (build table 三 from a "
            "register of requests instead).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            help="报告年度，默认由台账推断 (the report year, for --register).",
        ),
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option("--agency", metavar="NAME", help="汇总表的填报单位 (填报单位 of the result)."),
    ] = None,
    lang: LangOpt = LangOption.zh,
    force: ForceOption = False,
) -> None:
    """汇总各单位统计表，或由登记台账生成表三 (compile the units' tables into one, or build
    table 三 from a register of requests)."""
    from govstat.model import FilledTable

    language = _lang(lang)
    fmt = _compile_format(output, output_format)
    sources = [*(units or []), *([register] if register else [])]
    if output is not None and any(
        output.exists() and p.exists() and output.resolve() == p.resolve() for p in sources
    ):
        _fail(GovstatError("输出文件不能是输入文件 (the output would overwrite an input)"))
    # The summary goes to stderr when the table itself goes to the screen.
    to_screen = (output is None and check_against is None) or str(output) == STDIO

    def say(text: str) -> None:
        typer.echo(text, err=to_screen, nl=False)

    status = 0
    table: FilledTable
    if register is not None:
        if units or check_against is not None:
            _fail(
                "--register 不与单位统计表或 --check-against 同用 "
                "(a register builds one unit's table 三: no units, no --check-against)"
            )
        from govstat.register import build_table

        try:
            table = build_table(register, form or "2021", year, agency, language)
        except GovstatError as error:
            _fail(error)
        say("".join(f"{note}\n" for note in table.notes))
    else:
        if not units:
            _fail("请给出各单位的统计表或 --register (give the units' tables, or --register)")
        from govstat.compile import check_against as compare
        from govstat.compile import compile_units
        from govstat.report.compilation import comparison_text, compilation_text

        result = compile_units(units, form, language, allow_errors, agency, allow_duplicates)
        say(compilation_text(result, language))
        if result.status == "refused":
            _fail(result.reason or "")
        if result.table is None:
            raise typer.Exit(1)
        table = result.table
        # --allow-errors sums the units, it does not make their errors go away.
        if result.counts is not None and result.counts.error:
            status = 1
        if check_against is not None:
            from govstat.api import read_table

            try:
                comparison = compare(read_table(check_against, form, language), result, language)
            except GovstatError as error:
                _fail(error)
            say(comparison_text(comparison, language))
            status = max(status, 1 if comparison.differences else 0)
            if output is None:
                raise typer.Exit(status)
    table.source = str(output) if output else table.source
    if fmt is CompileFormat.xlsx:
        from govstat.template import write_workbook

        assert output is not None
        _write(output, lambda path: write_workbook(table, path), force)
    else:
        from govstat.report.render import RENDERERS

        text = RENDERERS[fmt.value](table, language)
        if output is None:
            typer.echo(text, nl=False)
        else:
            encoding = "utf-8-sig" if fmt is CompileFormat.csv else "utf-8"
            _write_text(output, text, force, encoding)
    raise typer.Exit(status)


def _compile_format(output: Path | None, chosen: CompileFormat | None) -> CompileFormat:
    """--format, else the output's suffix; Markdown on the screen."""
    if chosen is not None:
        if chosen is CompileFormat.xlsx and output is None:
            _fail("xlsx 需要 -o 文件名 (xlsx needs -o FILE)")
        return chosen
    if output is None:
        return CompileFormat.md
    suffix = output.suffix.lower().lstrip(".")
    if suffix in CompileFormat.__members__:
        return CompileFormat(suffix)
    _fail(
        GovstatError(
            "无法由扩展名判断输出格式，请加 --format "
            "(unknown suffix; use --format xlsx|md|csv|json)",
            file=str(output),
        )
    )


class AssessFormat(str, Enum):
    text = "text"
    json = "json"
    xlsx = "xlsx"
    html = "html"


@app.command()
def assess(
    folders: Annotated[
        list[Path],
        typer.Argument(
            help="各单位的年度报告：文件、文件夹或通配符 (the reports: files, folders, globs).",
            show_default=False,
            metavar="FOLDER",
        ),
    ],
    units: Annotated[
        Path | None,
        typer.Option(
            "--units",
            metavar="UNITS.csv",
            help="单位清单 CSV：单位、上级单位、类型、年度、发布日期 (a CSV of units: name, "
            "parent, type, year, publication date).",
        ),
    ] = None,
    output_format: Annotated[
        AssessFormat | None,
        typer.Option("--format", help="输出格式，默认按 -o 的扩展名 (default: from -o's suffix)."),
    ] = None,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="达到此级别即以状态 1 退出 (exit 1 at or above this severity)."),
    ] = FailOn.error,
    lang: LangOpt = LangOption.zh,
    jobs: JobsOption = None,
    force: ForceOption = False,
) -> None:
    """评估多个单位、多个年度的年度报告 (assess many units' reports over several years:
    carry-overs, jumps, copies, completeness, indicators, rankings)."""
    from govstat.assess.outputs import write_assessment
    from govstat.assess.run import assess as run_assessment
    from govstat.model import Severity

    suffix = output.suffix.lower().lstrip(".") if output else "text"
    fmt = (
        output_format.value if output_format else {"txt": "text", "htm": "html"}.get(suffix, suffix)
    )
    if fmt not in AssessFormat.__members__:
        _fail(
            GovstatError(
                "无法由扩展名判断输出格式，请加 --format (unknown suffix; use --format)",
                file=str(output),
            )
        )
    if fmt == "xlsx" and output is None:
        _fail("xlsx 需要 -o 文件名 (xlsx needs -o FILE)")
    language = _lang(lang)
    try:
        with _progress() as advance:
            result = run_assessment(
                folders, units, language, jobs, advance, Severity(fail_on.value)
            )
        if fmt == "text" and output is None and sys.stdout.isatty():
            from rich.console import Console

            from govstat.assess.text import print_assessment

            print_assessment(result, Console(highlight=False, soft_wrap=True))  # in colour
            raise typer.Exit(result.exit_status)
        if output is not None:  # a file (refused if it exists, without --force), or - for stdout

            def write(path: Path) -> None:
                write_assessment(result, fmt, path)

            _write(output, write, force)
            raise typer.Exit(result.exit_status)
        text = write_assessment(result, fmt, None)
    except GovstatError as error:
        _fail(error)
    if text is not None:
        typer.echo(text, nl=False)
    raise typer.Exit(result.exit_status)


@app.command()
def forms(
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="输出格式 (output format).")
    ] = ListFormat.text,
    lang: LangOpt = LangOption.zh,
) -> None:
    """列出已知表式 (list the known forms)."""
    from govstat.forms import all_forms

    language = _lang(lang)
    entries = [
        {
            "id": f.id,
            "title": f.title,
            "years": f.years,
            "source": f.source.get(language),
            "tables": len({t.section or t.id for t in f.tables}),  # 二 is one table of blocks
            "indicators": sum(1 for i in f.indicators if i.official),
            "cells": sum(1 for i in f.value_indicators() if i.official),
            "rules": len({r.id for r in f.rules}),
        }
        for f in all_forms()
    ]
    if output_format is ListFormat.json:
        _print_json(entries)
        return
    for e in entries:
        if language == "zh":
            typer.echo(
                f"{e['id']}  《{e['title']}》  {e['years']} 年度报告  {e['tables']} 张表，"
                f"{e['cells']} 个数值单元格，{e['rules']} 条规则  依据：{e['source']}"
            )
        else:
            typer.echo(
                f"{e['id']}  {e['title']}  reports of {e['years']}  {e['tables']} tables, "
                f"{e['cells']} value cells, {e['rules']} rules  source: {e['source']}"
            )


@app.command()
def rules(
    form: Annotated[
        str | None,
        typer.Option(
            "--form", "-f", metavar="2014|2019|2021", help="只列出此表式 (only this form)."
        ),
    ] = None,
    output_format: Annotated[
        RulesFormat, typer.Option("--format", help="输出格式 (output format).")
    ] = RulesFormat.text,
    lang: LangOpt = LangOption.zh,
) -> None:
    """列出每条规则：编号、级别、检查内容 (list every rule: id, severity, what it checks)."""
    from govstat.forms import FORM_MODULES, all_forms, get_form
    from govstat.model import Severity

    language = _lang(lang)
    if form is not None and form not in FORM_MODULES:
        _fail(_unknown_form(form))
    if output_format is RulesFormat.md:
        from govstat.report.reference import rules_markdown

        typer.echo(rules_markdown([get_form(form)] if form else all_forms(), language), nl=False)
        return
    entries: dict[str, dict[str, object]] = {}
    for f in [get_form(form)] if form else all_forms():
        for rule in f.rules:
            relation = rule.relation(f, language)
            entry = entries.setdefault(
                rule.id,
                {
                    "id": rule.id,
                    "form": f.id,
                    "severity": rule.severity.value,
                    "title": rule.title.get(language),
                    "relations": [],
                },
            )
            relations = entry["relations"]
            assert isinstance(relations, list)
            if relation != entry["title"]:
                # A rule declared once per channel lists each of its relations.
                relations.append(relation)
    if form is None:  # the rules of govstat assess, after the forms'
        from govstat.assess.rules import ASSESS_RULES

        for extra in ASSESS_RULES:
            entries[extra.id] = {
                "id": extra.id,
                "form": "assess",
                "severity": extra.severity.value,
                "title": extra.title.get(language),
                "relations": [],
            }
    if output_format is RulesFormat.json:
        _print_json(list(entries.values()))
        return
    for entry in entries.values():
        severity = Severity(str(entry["severity"])).label(language)
        typer.echo(f"{entry['id']}  {severity}  {entry['title']}")
        relations = entry["relations"]
        assert isinstance(relations, list)
        # A rule declared once per column or row: show two, count the rest (--format json
        # lists them all).
        for relation in relations[:2] if len(relations) > 3 else relations:
            typer.echo(f"           {relation}")
        if len(relations) > 3:
            more = len(relations) - 2
            typer.echo(
                f"           （另有 {more} 条同类关系）"
                if language == "zh"
                else f"           (and {more} more of the same kind)"
            )


@app.command()
def schema(
    form: Annotated[
        str | None,
        typer.Option(
            "--form",
            "-f",
            metavar="2014|2019|2021",
            help="表式，默认 2021 (form id; default 2021).",
        ),
    ] = None,
    report: Annotated[
        bool,
        typer.Option(
            "--report", help="输出检查报告（validate --format json）的 Schema (the report's)."
        ),
    ] = False,
) -> None:
    """输出表式的 JSON Schema (print the JSON Schema of a filled form)."""
    from govstat.forms import FORM_MODULES, get_form
    from govstat.types import form_model

    if report and form is not None:
        _fail(
            "--report 输出检查报告的 Schema，与表式无关，不与 --form 同用 "
            "(--report prints the report's schema, the same for every form: no --form)"
        )
    form = form or "2021"
    if report:
        from govstat.report.formats import report_schema

        typer.echo(report_schema(), nl=False)
        return
    if form not in FORM_MODULES:
        _fail(_unknown_form(form))
    _print_json(form_model(get_form(form)).model_json_schema())


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, metavar="PORT", help="端口 (port).")
    ] = 8765,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ADDRESS", help="监听地址，默认仅本机 (address; this computer only)."
        ),
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="不打开浏览器 (do not open the browser).")
    ] = False,
    max_upload: Annotated[
        int,
        typer.Option(
            "--max-upload", min=1, metavar="MB", help="上传上限，MB (upload limit in MB)."
        ),
    ] = 50,
) -> None:
    """在本机打开检查页面 (serve the checking page on this computer)."""
    from govstat.serve import Server

    try:
        server = Server(host, port, max_upload * 1024 * 1024)
    except GovstatError as error:
        _fail(error)
    typer.echo(server.url)
    if server.warning:
        typer.echo(GovstatError(server.warning).text(_language), err=True)  # one language
    typer.echo("按 Ctrl+C 停止" if _language == "zh" else "press Ctrl+C to stop", err=True)
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    server.run()
    typer.echo("已停止" if _language == "zh" else "stopped", err=True)


def main() -> None:
    """Entry point of the ``govstat`` command: no traceback reaches a clerk.

    SIGINT and SIGTERM stop any command with exit 130 or 143 (bulk runs first end their
    workers and print what they have); output to a full disk is one line and exit 2, to a
    closed pipe (``| head -1``) a quiet exit 2.
    """
    from govstat.interrupt import Interrupted, check, raise_on_signals

    raise_on_signals()
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # a full disk shows here when the last write was buffered
            check()  # a signal whose exception Python swallowed on the way
    except SystemExit as done:
        if isinstance(done.__context__, BrokenPipeError):  # typer's exit 1 on a closed pipe
            _drop_output()
            sys.exit(2)
        raise
    except Interrupted as stopped:
        _drop_output()
        typer.echo("govstat: " + ("interrupted" if _language == "en" else "已中断"), err=True)
        sys.exit(stopped.exit_status)
    except BrokenPipeError:
        _drop_output()
        sys.exit(2)
    except OSError as error:  # the command's own input errors are GovstatErrors: this is output
        _drop_output()
        reason = error.strerror or type(error).__name__
        typer.echo(
            f"govstat: cannot write the output: {reason}"
            if _language == "en"
            else f"govstat: 无法输出结果：{reason}",
            err=True,
        )
        sys.exit(2)
    except Exception as error:  # a bug of ours: say so in one line; GOVSTAT_DEBUG shows it
        if os.environ.get("GOVSTAT_DEBUG"):
            raise
        typer.echo(
            f"govstat: 内部错误 (internal error): {type(error).__name__}: {error}. "
            "Set GOVSTAT_DEBUG=1 for details.",
            err=True,
        )
        sys.exit(2)


def _drop_output() -> None:
    """Point standard output at /dev/null, so that what is still buffered for a full disk or a
    closed pipe is dropped at exit rather than failing again with Python's own message."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(null)
    except (OSError, ValueError):
        pass

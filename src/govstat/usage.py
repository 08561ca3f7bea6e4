"""Usage errors (an unknown option, a missing FILE, a value not among the choices) in the
language asked for: click words them in English only, so they are worded again here from what
the error carries. The error is read by its class's name and attributes, the same in click and
in the click that newer typer carries inside it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govstat.model import Lang

try:  # newer typer carries its own click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover - older typer, on click itself
    from click.exceptions import ClickException, UsageError  # type: ignore[assignment]

__all__ = ["ClickException", "UsageError", "usage_error"]


def _hint(error: Any) -> str:
    param = getattr(error, "param", None)
    if param is None:
        return str(getattr(error, "param_hint", None) or "")
    opts = getattr(param, "opts", None)
    if opts and str(opts[0]).startswith("-"):
        return "/".join(opts)
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper()


def _choices(text: str) -> str:
    found = re.search(r"is not one of (.*?)\.?$", text)
    return "|".join(re.findall(r"'([^']*)'", found[1])) if found else ""


def _message(error: Any, lang: Lang) -> str:
    """The error itself, in ``lang``."""
    kind = type(error).__name__
    text = error.format_message()
    hint, choices = _hint(error), _choices(text)
    option = getattr(error, "option_name", None)
    if kind == "NoSuchOption":
        return f"no such option: {option}" if lang == "en" else f"没有选项 {option}"
    if kind == "MissingParameter":
        return f"missing {hint}" if lang == "en" else f"缺少 {hint}"
    if kind == "BadParameter":
        if lang == "en":
            return f"invalid value for {hint}" + (f" (choose {choices})" if choices else "")
        return f"{hint} 的值无效" + (f"，可选 {choices}" if choices else "")
    if kind == "BadOptionUsage":
        return f"option {option} needs a value" if lang == "en" else f"选项 {option} 需要一个值"
    if found := re.match(r"No such command '(.*)'", text):
        return f"no such command: {found[1]}" if lang == "en" else f"没有命令 {found[1]}"
    if found := re.match(r"Got unexpected extra arguments? \((.*)\)", text):
        return f"unexpected argument: {found[1]}" if lang == "en" else f"多余的参数：{found[1]}"
    return text if lang == "en" else f"用法有误：{text}"


def usage_error(error: Any, lang: Lang) -> str:
    """The lines to print for a usage error: the error, then where to find help."""
    if type(error).__name__ == "NoArgsIsHelpError":
        return str(error.format_message()).rstrip()  # the help itself
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx is not None else "govstat"
    if lang == "en":
        return f"govstat: {_message(error, lang)}\nTry '{command} -h' for help."
    return f"govstat: {_message(error, lang)}\n运行 {command} -h 查看帮助。"

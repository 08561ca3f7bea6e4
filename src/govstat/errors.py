"""The one error type a reader raises: a message a clerk can act on, and exit status 2.

A message carries its Chinese and its English. Give both (``GovstatError(zh, en)``), or one
string written as messages long have been, ``"中文 (english)"``, optionally followed by a
detail that has no language (``"无法写入 (cannot write): Permission denied"``): the two are
split off it. :meth:`GovstatError.text` gives the message in one language, as the CLI prints
it; ``str()`` gives both, for logs and for code that only wants one line.
"""

from __future__ import annotations

import re
from typing import Literal

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
MAX_LENGTH = 400


def split_languages(message: str) -> tuple[str, str | None]:
    """``"中文 (english): detail"`` → (``"中文: detail"``, ``"english: detail"``); a message
    not written so → (message, None)."""
    end = len(message)
    while (start := message.rfind(" (", 0, end)) >= 0:
        depth, close = 0, -1
        for index in range(start + 1, len(message)):
            depth += {"(": 1, ")": -1}.get(message[index], 0)
            if depth == 0:
                close = index
                break
        tail = message[close + 1 :] if close >= 0 else "?"
        chinese = message[:start].rstrip()
        if (tail == "" or tail.startswith(":")) and _CJK.search(chinese):
            return chinese + tail, message[start + 2 : close] + tail
        end = start
    return message, None


def _one_line(message: str) -> str:
    # One line, whatever a library put in its own message (openpyxl's span several).
    message = " ".join(message.split())
    return message if len(message) <= MAX_LENGTH else message[: MAX_LENGTH - 1] + "…"


class GovstatError(Exception):
    """Input that cannot be read, or a command misused; the CLI prints it and exits 2."""

    def __init__(
        self,
        message: str,
        en: str | None = None,
        *,
        file: str | None = None,
        where: str | None = None,
    ) -> None:
        self.file = file
        self.where = where
        message = _one_line(message)
        if en is None:
            self.zh, self.en = split_languages(message)
        else:
            self.zh, self.en = message, _one_line(en)
        super().__init__(message if en is None else f"{self.zh} ({self.en})")

    def text(self, lang: Literal["zh", "en"]) -> str:
        """The message in ``lang`` alone, after the file and place it names."""
        message = self.en if lang == "en" and self.en is not None else self.zh
        where = self.where
        if where is not None:
            zh, en = split_languages(where)
            where = en if lang == "en" and en is not None else zh
        place = ": ".join(p for p in (self.file, where) if p)
        return f"{place}: {message}" if place else message

    def __str__(self) -> str:
        place = ": ".join(p for p in (self.file, self.where) if p)
        return f"{place}: {self.args[0]}" if place else str(self.args[0])

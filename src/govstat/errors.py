"""The one error type a reader raises: a message a clerk can act on, and exit status 2."""

from __future__ import annotations


class GovstatError(Exception):
    """Input that cannot be read, or a command misused; the CLI prints it and exits 2."""

    def __init__(self, message: str, *, file: str | None = None, where: str | None = None) -> None:
        self.file = file
        self.where = where
        # One line, whatever a library put in its own message (openpyxl's span several).
        message = " ".join(message.split())
        super().__init__(message if len(message) <= 400 else message[:399] + "…")

    def __str__(self) -> str:
        place = ": ".join(p for p in (self.file, self.where) if p)
        return f"{place}: {self.args[0]}" if place else str(self.args[0])

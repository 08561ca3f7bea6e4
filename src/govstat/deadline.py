"""A time limit on checking one file, so that no input can hang the command line.

Sizes are bounded by the readers (file size, inflated XML, cells, PDF pages); what they allow
is read and recognised in seconds, but a large sheet of long random text can still take a
while to match against every label. :func:`deadline` stops the work after ``GOVSTAT_TIMEOUT``
seconds (default :data:`DEFAULT_SECONDS`) with a :class:`GovstatError`, which the command line
prints as one line with exit 2. It uses a timer signal, so it acts only in the main thread of
a Unix process; elsewhere it does nothing.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from govstat.errors import GovstatError

DEFAULT_SECONDS = 60.0


def limit() -> float:
    """The time limit in seconds: ``GOVSTAT_TIMEOUT``, or :data:`DEFAULT_SECONDS`; 0 for none."""
    try:
        return max(0.0, float(os.environ.get("GOVSTAT_TIMEOUT", DEFAULT_SECONDS)))
    except ValueError:
        return DEFAULT_SECONDS


@contextmanager
def deadline(file: str, seconds: float | None = None) -> Iterator[None]:
    """Raise GovstatError naming ``file`` if the block runs longer than ``seconds``."""
    seconds = limit() if seconds is None else seconds
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise GovstatError(
            f"检查超过 {seconds:.0f} s 仍未完成，已停止：文件可能过大或不是统计表 "
            f"(checking took longer than {seconds:.0f} s and was stopped)",
            file=file,
        )

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

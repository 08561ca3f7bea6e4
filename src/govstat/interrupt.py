"""SIGINT and SIGTERM as an exception, so that a run can stop cleanly: end its workers, say
what it has done, and exit 130 or 143.

This module imports nothing heavy: the command line installs its handlers first thing.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: the work stopped (a bulk run's workers are gone).

    Not an Exception, so that no ``except Exception`` on the way swallows it; the command
    line exits with :attr:`exit_status` (130 for SIGINT, 143 for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


_received: int | None = None
"""The last signal received and not yet handled: an exception raised where Python ignores it
(a weakref callback, a ``__del__``) is lost, the signal must not be."""


def _raise(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    raise Interrupted(signum)


def check() -> None:
    """Raise :class:`Interrupted` if a signal arrived whose exception Python swallowed; long
    loops call this between pieces of work."""
    if _received is not None:
        raise Interrupted(_received)


def handled() -> None:
    """The caller has acted on the signal (stopped, said what it had): forget it."""
    global _received
    _received = None


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """Say nothing of an Interrupted swallowed in a callback: :func:`check` raises it again."""
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


def raise_on_signals() -> None:
    """From now on SIGINT and SIGTERM raise :class:`Interrupted` (main thread only)."""
    if threading.current_thread() is threading.main_thread():
        sys.unraisablehook = _unraisable
        for number in STOP_SIGNALS:
            signal.signal(number, _raise)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Meanwhile SIGINT and SIGTERM raise :class:`Interrupted` in the main thread (elsewhere
    nothing changes: only the main thread may set signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _raise) for number in STOP_SIGNALS}
    try:
        check()
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)

"""Progress of a run: the pure core says which stage it is in and how far; only the command line
shows it, as one status line on a terminal.

Stage names are fixed text from the generator, never from the document.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

# (stage, done, total): `total` 0 when the stage is not counted
Progress = Callable[[str, int, int], None]


def silent(stage: str, done: int, total: int) -> None:
    """The progress of a run nobody watches."""


class TerminalProgress:
    """One status line on a terminal (stderr), redrawn at most every `interval` seconds and only
    once the run has lasted `delay` seconds (a quick run shows nothing), erased by `close`.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 0.3,
        interval: float = 0.1,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._delay = delay
        self._interval = interval
        self._drawn_at: float | None = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self._clock()
        if now - self._started < self._delay:
            return
        new_stage = stage != self._stage
        if not new_stage and self._drawn_at is not None:
            if now - self._drawn_at < self._interval and done < total:
                return
        self._stage = stage
        self._drawn_at = now
        count = f" {done}/{total}" if total else ""
        self._stream.write(f"\r\x1b[Ksdkgen: {stage}{count}")
        self._stream.flush()

    def close(self) -> None:
        """Erase the status line, so what follows starts on a clean line."""
        if self._drawn_at is not None:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._drawn_at = None


def terminal_progress(stream: TextIO, *, quiet: bool) -> TerminalProgress | None:
    """A status line on `stream` when it is a terminal and the user did not ask for quiet."""
    if quiet:
        return None
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return None
    return TerminalProgress(stream) if interactive else None

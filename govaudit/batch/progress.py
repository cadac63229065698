"""A one-line progress bar on stderr, shown only when stderr is a terminal
(`check` over several files, `summary`). Lines said meanwhile (an
unreadable file) are written above it."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, label: str, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.label, self.done = total, label, 0
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            self._draw()

    def say(self, line: str) -> None:
        """Write a line of its own, the bar cleared first and drawn again below it."""
        if self.enabled and self.done:
            self.stream.write("\r\x1b[K")
        self.stream.write(line + "\n")
        if self.enabled and self.done:
            self._draw()
        self.stream.flush()

    def above(self, write) -> None:
        """Run `write()` (our output on the same terminal) with the bar
        cleared first and drawn again below what it wrote."""
        if self.enabled and self.done:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        write()
        if self.enabled and self.done:
            self._draw()

    def _draw(self) -> None:
        width = 30
        filled = width * self.done // self.total if self.total else width
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()

"""The PDF files of a small `check`, read ahead in a forked child while
this process loads the rules and audits the reports before them.

A PDF is read by pdfium, C code that the file's own alarm cannot
interrupt, so it is read in a child process that is killed past its
deadline, as the pool's workers are (pool.py). In a run of a few reports
(no pool) that child is forked as soon as the reports and their limits are
known: the reading, most of a PDF's time, then overlaps with the rule set
being loaded here, and each later PDF's with the audit of the one before.
Only the reading crosses over (the `Document`, pickled); extraction and
checks run here, bounded by the file's own alarm as every report's are.
One child at a time: a read ahead, not a pool (that is `-j`).
"""

from __future__ import annotations

import os
import select
import time
from collections import deque

from .pool import CRASHED, HUNG, Child, fork_child, receive, send
from .runner import Failure, failure_of


class ReadAhead:
    """`wanted`: (path, limits) of the files to read, in the order they will
    be taken; the first child is forked at once."""

    def __init__(self, wanted):
        self._queue = deque(wanted)
        self._paths = {path for path, _ in self._queue}
        self._child: Child | None = None
        self._path = None  # the file the child is reading
        self._due = None  # monotonic time by which it must be done
        self._seconds = None
        self._next()

    def __contains__(self, path) -> bool:
        return path in self._paths

    def take(self, path: str):
        """The `Document` read from `path`, or the `Failure` why it could not be
        read; the next file's reading starts before this returns."""
        if path != self._path:
            raise RuntimeError(f"read ahead out of order: {path} asked, {self._path} read")
        child, self._child = self._child, None
        try:
            outcome = self._wait(child)
        finally:
            child.retire(kill=True)  # it has sent all it will (or is past its time)
            self._next()
        return outcome

    def close(self) -> None:
        """Stop reading ahead: the child at work is killed (Ctrl-C, an error, the end of the run)."""
        self._queue.clear()
        if self._child is not None:
            self._child.retire(kill=True)
            self._child = None

    def _next(self) -> None:
        self._path = None
        if not self._queue:
            return
        from ..core.guard import hard_deadline

        path, limits = self._queue.popleft()
        self._seconds = hard_deadline(limits.timeout_seconds)
        self._due = time.monotonic() + self._seconds if self._seconds else None
        self._child = Child(*fork_child(lambda _tasks, results: _read(path, limits, results)))
        self._path = path

    def _wait(self, child: Child):
        wait = None if self._due is None else max(0.0, self._due - time.monotonic())
        ready, _, _ = select.select([child.results], [], [], wait)
        if not ready:
            return Failure(self._path, HUNG.format(seconds=self._seconds), "hang")
        try:
            message = receive(child.results)
        except Exception as exc:  # a document that does not unpickle here
            return failure_of(self._path, exc)
        if message is None:  # the child died reading it
            return Failure(self._path, CRASHED, "crash")
        return message


def _read(path: str, limits, results: int) -> None:
    """In the child: read the file, send back its Document or the Failure why not."""
    import pickle
    import signal

    from ..core.guard import bounded
    from ..load import load

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the child
    try:
        with bounded(path, limits.timeout_seconds):
            outcome = load(path, limits)
    except Exception as exc:
        outcome = failure_of(path, exc)
    try:
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # a document that cannot be pickled: a bug of ours, said for this file
        payload = pickle.dumps(failure_of(path, exc), protocol=pickle.HIGHEST_PROTOCOL)
    send(results, payload)
    os.close(results)

"""`check`'s results passed on in the order of the reports named, whatever
order they come in, without holding them in memory.

Results come in input order within a configuration group, groups one after
the other; with chaining, a report that may be compared with its issuer's
previous year is held until the cross-year pass (batch/chaining.py) has
given its final findings, and every later report waits behind it so that
the output keeps its order. A result that cannot be passed on yet waits
pickled in an unnamed temporary file (ours, read back only by us), so
memory holds a few integers per waiting report, never its findings; and
those integers (each path's place, where each waiting result is) are in
spill tables (batch/spill.py), on disk once a run is large.
"""

from __future__ import annotations

import os

from .check import compact_result
from .spill import SpillDict, Store


class InOrder:
    """`put` each report's result (None for a file that could not be read)
    as it comes; `emit(result)` is called for each, in the order of `paths`.
    `store`: where the bookkeeping goes when it outgrows memory."""

    def __init__(self, paths, emit, store: Store | None = None):
        store = store or Store()
        self._position = SpillDict(store, ((path, i) for i, path in enumerate(paths)))
        self._emit = emit
        self._next = 0
        self._waiting = SpillDict(store)  # position → (offset, size) where it is parked (None: nothing to emit)
        self._held = SpillDict(store)  # position → path of the results that may still change
        self._file = None
        self._end = 0
        self.parked = 0  # how many results ever waited on disk (for tests and the benchmark)

    def put(self, path, result, hold: bool = False) -> None:
        """`hold`: the result may change (chaining); it waits for `replace` or `settle`."""
        i = self._position[path]
        if result is not None and not hold and i == self._next:
            self._pass(result)
        else:
            self._waiting[i] = None if result is None else self._park(result)
            if hold and result is not None:
                self._held[i] = path
        self._drain()

    def settle(self, pending) -> None:
        """Only the paths in `pending` are still to change: the other held ones are final."""
        for i, path in self._held.items():
            if path not in pending:
                self._held.discard(i)
        self._drain()

    def replace(self, path, result) -> None:
        """A held report's final result."""
        i = self._position[path]
        self._held.discard(i)
        if i == self._next:
            del self._waiting[i]
            self._pass(result)
        else:
            self._waiting[i] = self._park(result)
        self._drain()

    def release(self, path) -> None:
        """A held report's result as it was put is final."""
        self._held.discard(self._position[path])
        self._drain()

    def position(self, path) -> int:
        return self._position[path]

    def flush(self) -> None:
        """Everything still waiting passed on, in order."""
        self._held.clear()
        self._drain()
        for i in self._waiting:  # never reached when every path was put
            self._next = i
            self._drain()
        self.close()

    def close(self) -> None:
        """The waiting file removed (what waits in it is dropped: the run stopped)."""
        self._waiting.clear()
        if self._file is not None:
            self._file.close()
            self._file = None

    def _pass(self, result) -> None:
        self._emit(result)
        self._next += 1

    def _drain(self) -> None:
        while self._next in self._waiting and self._next not in self._held:
            where = self._waiting.pop(self._next)
            if where is None:
                self._next += 1
            else:
                self._pass(self._unpark(where))

    def _park(self, result) -> tuple[int, int]:
        import pickle  # only when a result has to wait: a single report never does
        import zlib

        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="govaudit-waiting-", buffering=0)
        lines = result.extraction.document.source_lines
        blob = zlib.compress(pickle.dumps((result.path, result.findings, lines), pickle.HIGHEST_PROTOCOL), 1)
        self._file.write(blob)
        where = (self._end, len(blob))
        self._end += len(blob)
        self.parked += 1
        return where

    def _unpark(self, where):
        import pickle
        import zlib

        path, findings, lines = pickle.loads(zlib.decompress(os.pread(self._file.fileno(), where[1], where[0])))
        return compact_result(path, (findings, lines))

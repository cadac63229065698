"""On a Dask worker: each file in a helper process, killed past its deadline.

A Dask task runs on a worker's thread, where the file's own alarm
(core/guard.bounded) cannot be set and from where a hang inside C code
(pdfium) could not be stopped. So the task hands its file to a helper
process forked from the worker and waits for it with the deadline; past it
the helper is killed with SIGKILL (as pool.py does with --jobs) and the
result is the same Failure (kind "hang"; "crash" when the helper dies).

Helpers are kept between tasks, one per task running at a time: forking a
fresh process for each file cost about 100 ms a report (the child copies
the worker's memory pages as it touches them), three times the audit of a
web-page report. They are forked after the worker is warmed (`prepare`:
rules and loaders imported once), so they start warm too. A helper exits
when the worker closes its pipe, or dies with it.

The worker's threads may fork at the same time: forks are serialised, and
each helper closes its copies of the other helpers' pipes (else a helper
could keep another's pipe open past its end). A fork copies no other
thread, so a lock another thread holds at that moment stays held in the
helper: no helper is forked while `prepare` imports (a helper needing one
of those modules would wait for ever). What a Dask thread of its own may
hold is out of our hands; should a helper ever wait on it, the deadline
ends it as a hang of that file, and the next file gets a new helper.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
import time

from ..core.errors import internal_error
from .pool import CRASHED, HUNG, Child, fork_child, receive, send

_lock = threading.Lock()  # forks, and the two lists below
_helpers: list[Child] = []  # every live helper of this process
_idle: list[Child] = []
_prepared: dict[str, threading.Event] = {}  # by run: its prepare() has run in this process


class Lost:
    """A file whose helper gave no result: the reason crosses back, and the
    runner makes its Failure of it (as with `lost` of pool.imap_unordered)."""

    def __init__(self, reason: str):
        self.reason = reason


def task(fn: bytes, prepare: bytes | None, run_id: str, cwd: str, deadline: float | None, args: tuple):
    """The Dask task: fn(*args) in a helper, in folder `cwd`. `fn` and
    `prepare` come pickled once by the client (cloudpickle), not once a file."""
    if prepare is not None:
        with _lock:
            ready = _prepared.get(run_id)
            first = ready is None
            if first:
                ready = _prepared[run_id] = threading.Event()
        if first:
            try:
                pickle.loads(prepare)()
            except Exception:  # e.g. a reader's library missing here: each helper then says so for its file, as with --jobs
                pass
            finally:
                ready.set()
        # The other threads wait: a helper forked while a module is being imported here would wait for it forever.
        ready.wait()
    return _in_helper(pickle.dumps((fn, cwd, args), protocol=pickle.HIGHEST_PROTOCOL), deadline)


def _in_helper(payload: bytes, deadline: float | None):
    with _lock:
        helper = _idle.pop() if _idle else None
    if helper is None:
        helper = _spawn()
    done = False
    try:
        try:
            send(helper.tasks, payload)
        except OSError:  # it died while idle: a new one takes the file
            _retire(helper)
            helper = _spawn()
            send(helper.tasks, payload)
        due = time.monotonic() + deadline if deadline else None
        while True:
            wait = None if due is None else max(0.0, due - time.monotonic())
            ready, _, _ = select.select([helper.results], [], [], wait)
            if ready:
                break
            if due is not None and time.monotonic() >= due:
                return Lost(HUNG.format(seconds=deadline))
        message = receive(helper.results)
        if message is None:  # it died with the file in hand
            return Lost(CRASHED)
        done = True
        ok, value = message
        return value if ok else Lost(value)
    finally:
        if done:
            with _lock:
                _idle.append(helper)
        else:  # hung, died, or this thread was interrupted: a helper in an unknown state is not reused
            _retire(helper, kill=True)


def close_helpers() -> None:
    """End the idle helpers of this process (they end by themselves when
    it exits; a process that hosted a cluster and goes on calls this)."""
    with _lock:
        idle = list(_idle)
        _idle.clear()
    for helper in idle:
        _retire(helper)


def _spawn() -> Child:
    def serve(tasks: int, results: int) -> None:
        gc.freeze()  # its collections skip what it inherited: touching that would copy the worker's memory
        _serve(tasks, results)

    with _lock:
        inherited = [fd for other in _helpers for fd in (other.tasks, other.results)]
        helper = Child(*fork_child(serve, inherited))
        _helpers.append(helper)
        return helper


def _retire(helper: Child, kill: bool = False) -> None:
    if kill:
        helper.kill()
    with _lock:  # closed before another helper is forked: it would inherit them open
        helper.close()
        if helper in _helpers:
            _helpers.remove(helper)
    helper.reap()


def _serve(tasks: int, results: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    functions: dict[bytes, object] = {}  # the same function for every file of a run: unpickled once
    while True:
        message = receive(tasks)
        if message is None:
            return
        fn, cwd, args = message
        try:
            if fn not in functions:
                functions.clear()
                functions[fn] = pickle.loads(fn)
            os.chdir(cwd)
            payload = pickle.dumps((True, functions[fn](*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # raised, or a result that cannot be pickled
            payload = pickle.dumps((False, internal_error(exc)), protocol=pickle.HIGHEST_PROTOCOL)
        send(results, payload)

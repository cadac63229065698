"""Parallel map over worker processes, streaming and crash-proof.

Tasks are submitted a few at a time (a window of 4 per worker), so a folder
of 100,000 reports never becomes 100,000 pending futures; results come back
as they finish. A worker that dies (a crash in a parsing library, the kernel's
OOM killer) breaks the whole pool: the tasks then in flight are re-run one at
a time in a fresh process to find the one that killed it, which is reported
as unreadable, and the run carries on.
"""

from __future__ import annotations

import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

CRASHED = "处理该文件时工作进程异常退出（解析库崩溃或内存耗尽）"


def _ignore_interrupt() -> None:
    # Ctrl-C is the parent's to handle: workers stop when it shuts the pool
    # down, instead of each printing a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupt)


def imap_unordered(fn, tasks, jobs: int, crashed, window_per_job: int = 4):
    """Yield (key, fn(*args)) for each (key, args) of `tasks`, in completion
    order. `crashed(key, args, reason)` stands in for a task whose worker died."""
    window = max(1, jobs * window_per_job)
    it = iter(tasks)
    executor = _pool(jobs)
    pending: dict = {}
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                task = next(it, None)
                if task is None:
                    exhausted = True
                    break
                pending[executor.submit(fn, *task[1])] = task
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            suspects = []
            for future in done:
                key, args = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    suspects.append((key, args))
                    continue
                except Exception as exc:  # e.g. a result that cannot be pickled
                    result = crashed(key, args, f"{type(exc).__name__}: {exc}")
                yield key, result
            if suspects:
                suspects += pending.values()
                pending.clear()
                executor.shutdown(wait=True, cancel_futures=True)
                for key, args in suspects:
                    yield key, _isolated(fn, key, args, crashed)
                executor = _pool(jobs)
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _isolated(fn, key, args, crashed):
    with _pool(1) as alone:
        try:
            return alone.submit(fn, *args).result()
        except BrokenProcessPool:
            return crashed(key, args, CRASHED)
        except Exception as exc:
            return crashed(key, args, f"{type(exc).__name__}: {exc}")

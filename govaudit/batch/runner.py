"""The one batch runner of `check` and `summary`: files in, a stream of
per-file results out.

    for path, outcome in run(paths, work, jobs=4, seconds=limits.timeout_seconds, progress=bar.step):
        ...  # outcome: what work(path) returned, or a Failure

What it guarantees, whatever `work` is:
- crash isolation: a worker that dies (a crash in a parsing library, the
  OOM killer) costs only the file it held (Failure kind "crash");
- hang isolation: past the file's deadline (core/guard.hard_deadline; inside
  C code such as pdfium, where the file's own alarm cannot reach) its worker
  is killed with SIGKILL (kind "hang");
- errors: an InputError (or any GovauditError) is the file's Failure (kind
  "input"), any other exception a bug said in one line (kind "internal");
- results in the order of `paths`; `progress(path, outcome)` called as each
  file finishes.

Workers are forked from this process (batch/pool.py), so `work` may be any
function, a closure over the configuration and last year's report included:
it is never pickled. What it returns crosses a pipe, so it should be small.
Files of the formats in ISOLATED always run in a worker, even one at a time;
with jobs == 1 and no such file, work runs here, in turn, still bounded by
each file's own alarm (core/guard.bounded).

With an `executor` (dask_pool.connect: `summary --dask`) the files run as
tasks on a Dask cluster instead, with the same guarantees; `work` and
`prepare` are then pickled (cloudpickle, once a run), so what they close
over must be small and picklable, and what lives only here (an open run
folder) comes through `inputs(path)`, read here as each task is handed out.
"""

from __future__ import annotations

import os

import attrs

from ..core.errors import GovauditError, InputError, internal_error
from ..core.fieldwise import FieldsEq
from ..core.guard import hard_deadline

PARALLEL_FROM = 8  # fewer files than this are not worth the workers' start
# Read by a library in C (pdfium) that the per-file alarm cannot interrupt:
# always in a worker, which is killed past its deadline.
ISOLATED = (".pdf",)


@attrs.frozen(repr=False, eq=False)
class Failure(FieldsEq):
    """A file that gave no result, and why (a sentence for the user)."""

    path: str
    reason: str
    kind: str  # input | internal | crash | hang

    def as_error(self) -> InputError:
        return InputError(self.path, self.reason)


def can_fork() -> bool:
    return hasattr(os, "fork")


def default_jobs(n_files: int, parallel_from: int = PARALLEL_FROM) -> int:
    if n_files < parallel_from or not can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, n_files))


def needs_worker(paths) -> bool:
    return any(str(path).lower().endswith(ISOLATED) for path in paths)


def failure_of(path: str, exc: BaseException) -> Failure:
    if isinstance(exc, InputError):
        return Failure(exc.path, exc.problem, "input")
    if isinstance(exc, GovauditError):
        return Failure(path, str(exc), "input")
    return Failure(path, internal_error(exc), "internal")  # a bug of ours on this file: said, the others still run


def _guarded(work):
    def task(path, *inputs):
        try:
            return work(path, *inputs)
        except Exception as exc:
            return failure_of(path, exc)

    return task


def _lost(deadline):
    """What stands in for the result of a file whose worker the pool lost."""
    from .pool import CRASHED, HUNG

    hung = HUNG.format(seconds=deadline) if deadline else None

    def lost(key, args, reason: str) -> Failure:
        kind = "crash" if reason == CRASHED else "hang" if reason == hung else "internal"
        return Failure(args[0], reason, kind)

    return lost


def run(paths, work, *, jobs: int = 1, seconds: float = 0, progress=None, prepare=None, isolate: bool | None = None,
        executor=None, inputs=None, count: int | None = None):
    """Yield (path, work(path, *inputs(path)) or Failure) for each of `paths`, in order.
    `seconds`: the per-file limit (Limits.timeout_seconds); a worker is
    killed at hard_deadline(seconds). `prepare()`: run once here before the
    workers are forked (imports every worker would otherwise repeat).
    `isolate`: run in workers even one at a time (default: when a file is
    of an ISOLATED format). `executor`: a Dask cluster's (dask_pool.py),
    every file a task there. `inputs(path)`: more arguments of work, read here.
    `count`: how many `paths` there are, which are then drawn one at a time as
    workers free up (summary reads them from its index on disk), never held as
    a list; `isolate` must then be given."""
    if count is None:
        paths = list(paths)
        count = len(paths)
        if isolate is None:
            isolate = needs_worker(paths)
    task = _guarded(work)
    more = inputs or (lambda path: ())
    if executor is None and (not can_fork() or not (jobs > 1 and count > 1 or isolate)):
        for path in paths:
            outcome = task(path, *more(path))
            if progress is not None:
                progress(path, outcome)
            yield path, outcome
        return
    deadline = hard_deadline(seconds)
    handed: dict[int, str] = {}  # the paths out with a worker or waiting for their turn, by place

    def tasks():
        for i, path in enumerate(paths):
            handed[i] = path
            yield i, (path, *more(path))

    if executor is not None:
        outcomes = executor.imap_unordered(task, tasks(), deadline, _lost(deadline), prepare)
    else:
        import gc

        from .pool import imap_unordered  # the pool (pickle, select, signal) only when there are workers

        if prepare is not None:
            prepare()
        gc.freeze()  # what the workers inherit stays shared: no collection touches it
        workers = max(1, min(jobs, count))
        outcomes = imap_unordered(task, tasks(), workers, _lost(deadline), lambda args: deadline)
    finished: dict[int, object] = {}
    next_index = 0
    for i, outcome in outcomes:
        if progress is not None:
            progress(handed[i], outcome)
        finished[i] = outcome
        while next_index in finished:
            yield handed.pop(next_index), finished.pop(next_index)
            next_index += 1

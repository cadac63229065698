"""Auditing many files for `govaudit check`, in parallel where it pays, and
PDF files always in a worker process (see _ISOLATED).

Workers are forked after the rules are loaded and the loaders and rule kinds
imported, so each starts warm; they send back only the findings and the
source lines those findings quote, never a whole document. Results come back
in input order; a worker that dies leaves an error for its file only.
"""

from __future__ import annotations

import os
import types

from ..core.errors import InputError, internal_error
from .pool import can_fork, imap_unordered
from ..core.guard import hard_deadline

_PARALLEL_FROM = 8  # fewer files than this are not worth the workers' start
_STATE: dict = {}


def default_jobs(n_files: int) -> int:
    if n_files < _PARALLEL_FROM or not can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, n_files))


# Read by a library in C (pdfium) that the per-file alarm cannot interrupt:
# always in a worker, which the pool kills past its deadline. Reading one
# costs far more than the fork.
_ISOLATED = (".pdf",)


def _needs_worker(paths) -> bool:
    return any(path.lower().endswith(_ISOLATED) for path in paths)


def audit_files(paths, previous, config, jobs: int):
    """Yield (path, result or InputError) in the order of `paths`."""
    from ..api import audit

    parallel = jobs > 1 and len(paths) > 1
    if not can_fork() or not (parallel or _needs_worker(paths)):
        for path in paths:
            try:
                yield path, audit(path, previous=previous, config=config)
            except InputError as exc:
                yield path, exc
            except Exception as exc:  # a bug of ours on this file: said, and the others still checked
                yield path, InputError(path, internal_error(exc))
        return
    import gc

    _warm_up(paths, config)
    _STATE.update(previous=previous, config=config)
    gc.freeze()  # what the workers inherit stays shared: no collection touches it
    tasks = ((i, (path,)) for i, path in enumerate(paths))
    finished: dict[int, tuple] = {}
    next_index = 0
    deadline = hard_deadline(config.limits.timeout_seconds)
    workers = max(1, min(jobs, len(paths)))
    for i, outcome in imap_unordered(_audit_one, tasks, workers, _crashed, lambda args: deadline):
        finished[i] = outcome
        while next_index in finished:
            path = paths[next_index]
            yield path, _result(path, finished.pop(next_index))
            next_index += 1


def read_previous(path: str, config):
    """Last year's report (--previous): a PDF read in a worker, as every PDF is."""
    from ..api import extract

    if not (can_fork() and _needs_worker([path])):
        return extract(path, config.limits)
    deadline = hard_deadline(config.limits.timeout_seconds)
    [(_, outcome)] = imap_unordered(_extract_one, [(0, (path, config.limits))], 1, _crashed, lambda args: deadline)
    if outcome[0] == "error":
        raise InputError(outcome[1], outcome[2])
    return outcome[1]


def _extract_one(path: str, limits):
    from ..api import extract

    try:
        return ("ok", extract(path, limits))
    except InputError as exc:
        return ("error", exc.path, exc.problem)


def _result(path: str, outcome: tuple):
    if outcome[0] == "error":
        return InputError(outcome[1], outcome[2])
    _, findings, lines = outcome
    document = types.SimpleNamespace(source_lines=lines)
    return types.SimpleNamespace(path=path, findings=findings, extraction=types.SimpleNamespace(document=document))


def _crashed(key, args, reason):
    return ("error", args[0], reason)


def _warm_up(paths, config) -> None:
    """Import, once in the parent, the loaders and rule kinds every worker
    would otherwise import for itself."""
    from ..engine.run import import_kinds, rule_set
    from ..load import format_of, loader

    for fmt in {format_of(path) for path in paths}:
        loader(fmt)
    import_kinds(rule_set(config))


def _audit_one(path: str):
    from ..api import audit

    try:
        result = audit(path, previous=_STATE.get("previous"), config=_STATE.get("config"))
    except InputError as exc:  # results and errors alike travel as small tuples (see _result)
        return ("error", exc.path, exc.problem)
    source = result.extraction.document.source_lines
    lines = None
    if source is not None:
        wanted = {f.location.line for f in result.findings if f.location.line}
        lines = [source[i] if i + 1 in wanted else "" for i in range(len(source))]
    return ("ok", result.findings, lines)

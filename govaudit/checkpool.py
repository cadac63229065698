"""Auditing many files for `govaudit check`, in parallel where it pays.

Workers are forked after the rules are loaded, so each starts warm; they send
back only the findings and the source lines those findings quote, never a
whole document. Results come back in input order.
"""

from __future__ import annotations

import os
import types

from .errors import InputError

_PARALLEL_FROM = 8  # fewer files than this are not worth the workers' start
_STATE: dict = {}


def _can_fork() -> bool:
    import multiprocessing  # only for many files: its import costs start-up

    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs(n_files: int) -> int:
    if n_files < _PARALLEL_FROM or not _can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, n_files))


def audit_files(paths, previous, config, jobs: int):
    """Yield (path, result or InputError) in the order of `paths`."""
    from .api import audit

    if jobs <= 1 or len(paths) < 2 or not _can_fork():
        for path in paths:
            try:
                yield path, audit(path, previous=previous, config=config)
            except InputError as exc:
                yield path, exc
        return
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _warm_up(paths, config)
    _STATE.update(previous=previous, config=config)
    context = multiprocessing.get_context("fork")
    gc.freeze()  # what the workers inherit stays shared: no collection touches it
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for path, outcome in zip(paths, pool.map(_audit_one, paths, chunksize=1)):
            if outcome[0] == "error":
                yield path, InputError(outcome[1], outcome[2])
            else:
                _, findings, lines = outcome
                document = types.SimpleNamespace(source_lines=lines)
                yield path, types.SimpleNamespace(path=path, findings=findings, extraction=types.SimpleNamespace(document=document))


def _warm_up(paths, config) -> None:
    """Import, once in the parent, the loaders and rule kinds every worker
    would otherwise import for itself."""
    from .engine.run import import_kinds, rule_set
    from .load import format_of, loader

    for fmt in {format_of(path) for path in paths}:
        loader(fmt)
    import_kinds(rule_set(config))


def _audit_one(path: str):
    from .api import audit

    try:
        result = audit(path, previous=_STATE.get("previous"), config=_STATE.get("config"))
    except InputError as exc:  # sent as a tuple: the exception's own pickling loses its fields
        return ("error", exc.path, exc.problem)
    source = result.extraction.document.source_lines
    lines = None
    if source is not None:
        wanted = {f.location.line for f in result.findings if f.location.line}
        lines = [source[i] if i + 1 in wanted else "" for i in range(len(source))]
    return ("ok", result.findings, lines)

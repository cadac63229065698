"""`govaudit check` over many files: each audited by the batch runner
(runner.py), in parallel where it pays, PDF files always in a worker.

Workers send back only the findings and the source lines those findings
quote, never a whole document.
"""

from __future__ import annotations

import types

from .runner import Failure, default_jobs, needs_worker, run

__all__ = ["audit_files", "default_jobs", "read_previous", "warm_up"]


def audit_files(paths, previous, config, jobs: int, progress=None, whole: bool = False, any_previous: bool = False,
                keep: bool = False, ahead=None):
    """Yield (path, result or Failure) in the order of `paths` (a list, or any
    sized iterable that can be read more than once). A result has
    `.path`, `.findings` and `.extraction.document.source_lines`; with
    `whole`, it is the whole AuditResult (the annotated page of one report
    renders its document). `keep`: a result also has `.kept`, what chaining
    the years needs of it (batch/chaining.py). `ahead`: a ReadAhead reading
    the PDF files among `paths` (readahead.py); the audits then run here."""
    from ..api import audit, audit_document
    from ..load import format_of

    def work(path):
        if ahead is not None and path in ahead:
            document = ahead.take(path)
            if isinstance(document, Failure):
                return document
            result = audit_document(document, previous=previous, config=config)
        else:
            result = audit(path, previous=previous, config=config)
        if previous is not None and not any_previous:
            from ..core.errors import InputError
            from .pairing import pair_problem

            problem = pair_problem(result.extraction, previous)
            if problem:  # cross-year findings on a wrong pair would be false: none are given
                raise InputError(path, problem)
        if whole:
            return result
        if keep:
            from .chaining import kept

            return (*_compact(result), kept(result))
        return _compact(result)

    def prepare():
        warm_up(config, {format_of(path) for path in paths})

    if ahead is not None:  # while the first PDF is read: what auditing it will need, made ready
        from ..text.lazyre import compile_all

        warm_up(config)
        compile_all()

    for path, outcome in run(paths, work, jobs=jobs, seconds=config.limits.timeout_seconds, progress=progress, prepare=prepare,
                             count=len(paths), isolate=needs_worker(p for p in paths if ahead is None or p not in ahead)):
        yield path, outcome if isinstance(outcome, Failure) or whole else compact_result(path, outcome)


def read_previous(path: str, config):
    """Last year's report (--previous), read once: a PDF in a worker, as every PDF is."""
    from ..api import extract

    [(_, outcome)] = run([path], lambda p: extract(p, config.limits), seconds=config.limits.timeout_seconds)
    if isinstance(outcome, Failure):
        raise outcome.as_error()
    return outcome


def _compact(result) -> tuple:
    """What crosses back from a worker: the findings and the lines they quote."""
    return result.findings, quoted_lines(result.extraction.document.source_lines, result.findings)


def quoted_lines(source, findings):
    """The source lines the findings point at, the others blank (None without source lines)."""
    if source is None:
        return None
    wanted = {f.location.line for f in findings if f.location.line}
    return [source[i] if i + 1 in wanted else "" for i in range(len(source))]


def compact_result(path: str, outcome: tuple):
    """A result as `check` writes it: the path, the findings, the quoted source lines (and `.kept`)."""
    findings, lines, *more = outcome
    document = types.SimpleNamespace(source_lines=lines)
    result = types.SimpleNamespace(path=path, findings=findings, extraction=types.SimpleNamespace(document=document))
    if more:
        result.kept = more[0]
    return result


def warm_up(config, formats=()) -> None:
    """Import, once here, the loaders of `formats` and the rule kinds, and
    load the rules: before workers are forked (or, on Dask, in the worker
    process whose children audit the reports), which would otherwise each
    do it again; in check's read-ahead, while the first PDF is read."""
    from ..engine.run import import_kinds, rule_set
    from ..load import loader

    for fmt in formats:
        loader(fmt)
    import_kinds(rule_set(config.rule_files))

"""`govaudit extract` over many files: each read on its own (a PDF in a
worker, as for `check`), the unreadable ones named, never the whole batch lost."""

from __future__ import annotations

from .runner import default_jobs, run

__all__ = ["extract_files"]


def extract_files(paths, limits, jobs: int | None = None, progress=None):
    """Yield (path, Extraction or Failure) in the order of `paths`."""
    from ..api import extract

    yield from run(paths, lambda p: extract(p, limits), jobs=jobs or default_jobs(len(paths)),
                   seconds=limits.timeout_seconds, progress=progress)

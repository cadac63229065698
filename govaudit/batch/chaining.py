"""`check` on several reports chains each issuer's consecutive years, as
`summary` does: the same plan (chain_plan.py) and the same second pass,
which runs only the cross-year rules on two reports already read.

Each report is read once. Its worker sends back, beside its findings, what
the cross-year rules need of it (`kept`: its extraction and what the engine
found, compressed); the parent keeps these in a temporary file of its own
(`Spool`), not in memory, and once every report is read plans the pairs and
lints each later year again with the earlier one as its previous. The
bookkeeping (where each blob is, the plan) is in spill tables (spill.py):
on disk, with the plan made there (chain_plan_db.py), once a run is large.
"""

from __future__ import annotations

import itertools
import os
import pickle
import tempfile
import zlib

from .spill import CHUNK, SpillDict, Store

__all__ = ["Spool", "chain_years", "chains_something", "kept", "lint_with_previous", "plan_pairs", "recheck"]


def chains_something(rules, config) -> bool:
    """Whether chaining can add a finding: a rule `config` runs reads last year's report."""
    from ..engine.run import uses_previous
    from ..lint.apply import selected_rules

    return any(uses_previous(r) for r in selected_rules(rules, config, None))


def kept(result) -> tuple:
    """(issuer, year, blob) of an audited report, in its worker: the blob is
    our own pickle, read back only from our own temporary file."""
    seg = result.extraction.segmentation
    blob = zlib.compress(pickle.dumps((result.extraction, result.engine_findings), pickle.HIGHEST_PROTOCOL), 1)
    return seg.issuer, seg.year, blob


class Spool:
    """Blobs by path in an unnamed temporary file (gone with the process,
    SIGTERM included). Read here only (pread), never in a worker: the
    offsets may be in the Store's database, which a forked child must not use."""

    def __init__(self, store: Store | None = None):
        self._file = tempfile.TemporaryFile(prefix="govaudit-chain-", buffering=0)
        self._at = SpillDict(store or Store())  # path → (offset, size)
        self._end = 0

    def put(self, path: str, blob: bytes) -> None:
        self._file.write(blob)
        self._at[path] = (self._end, len(blob))
        self._end += len(blob)

    def get(self, path: str) -> bytes:
        offset, size = self._at[path]
        return os.pread(self._file.fileno(), size, offset)

    def close(self) -> None:
        self._file.close()


def plan_pairs(reports, store: Store | None = None):
    """`reports`: (path, issuer, year) of every report read (a list, or a
    SpillList in `store`). Returns ({path: previous path}, {path: why it was
    not chained}) as SpillDicts: the reasons only for a report that has an
    earlier year of its issuer (a gap, or two reports of that year) or whose
    issuer or year could not be told. A run too large for memory is planned
    in the Store's database, as the summary plans in its index."""
    store = store or Store()
    if getattr(reports, "spilled", False):
        return _plan_on_disk(reports, store)
    from .chain_plan import plan

    planned = plan(list(reports))
    previous_of = {path: previous for steps in planned.tasks for path, previous in steps}
    # The earliest year of an issuer has nothing to be compared with: nothing to say.
    first = {path for by_year in planned.groups.values() for path in by_year[min(by_year)]}
    notes = {path: planned.notes[path] for path, _, _ in reports if path not in previous_of and path not in first}
    return SpillDict(store, previous_of.items()), SpillDict(store, notes.items())


# What check says of a report it did not compare: not of the earliest year of an issuer group (nothing to say there).
_NOTES = """SELECT e.path, e.note FROM entry e WHERE e.previous IS NULL
AND NOT (e.grp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entry x WHERE x.grp = e.grp AND x.year < e.year))"""


def _plan_on_disk(reports, store: Store):
    """plan_pairs in the Store's database (chain_plan_db.py, as the summary
    plans in its index), the reports written a chunk at a time."""
    from . import chain_plan_db

    db = store.connect()
    db.execute("CREATE TABLE planned(path TEXT PRIMARY KEY, issuer TEXT, year INTEGER) WITHOUT ROWID")
    rows = iter(reports)
    while chunk := list(itertools.islice(rows, CHUNK)):
        db.executemany("INSERT INTO planned(path, issuer, year) VALUES(?, ?, ?)", chunk)
    db.execute("BEGIN")  # chain_plan_db.plan runs in the caller's transaction (as the summary's)
    chain_plan_db.plan(db)
    db.execute("COMMIT")
    previous_of = SpillDict.from_query(store, "SELECT path, previous FROM entry WHERE previous IS NOT NULL")
    return previous_of, SpillDict.from_query(store, _NOTES)


def lint_with_previous(extraction, found, last, config):
    """(findings, suppressed) of a report whose engine findings `found` were
    made without last year's: the cross-year rules run with `last`, and all
    go through the lint layer again (a suppression comment may cover a
    cross-year finding). Shared with the summary's second pass."""
    from ..engine.context import Context
    from ..engine.run import rule_set, run_rules, uses_previous
    from ..lint.apply import lint, selected_rules

    rules = rule_set(config.rule_files)
    chained = [r for r in selected_rules(rules, config, extraction.document.path) if uses_previous(r)]
    return lint(found + run_rules(chained, Context(extraction, last), rules), extraction, rules, config)


def recheck(current: bytes, previous: bytes, config) -> tuple:
    """(findings, quoted source lines) of one chained report, as batch/check.py sends them back."""
    from ..core.guard import bounded
    from .check import quoted_lines

    extraction, found = pickle.loads(zlib.decompress(current))
    last, _ = pickle.loads(zlib.decompress(previous))
    with bounded(extraction.document.path, config.limits.timeout_seconds):
        findings, _ = lint_with_previous(extraction, found, last, config)
    return findings, quoted_lines(extraction.document.source_lines, findings)


def chain_years(steps, previous_of, spool: Spool, configs: list, config_index, jobs: int | None = None, progress=None):
    """Lint each report of `steps` (paths, in the order to give them: a
    sized iterable, read more than once) again with its previous
    (`previous_of`, plan_pairs). Yields (path, (findings, quoted source
    lines)), or (path, Failure) for a comparison that could not be made (the
    report's own findings stand). `configs[config_index(path)]`: its Config.
    The blobs are read here and go with each task (as the summary's)."""
    from .runner import Failure, default_jobs, needs_worker, run

    seconds = max((configs[config_index(p)].limits.timeout_seconds for p in steps), default=0)

    def inputs(path):
        return spool.get(path), spool.get(previous_of[path]), config_index(path)

    def work(path, current, previous, index):
        return recheck(current, previous, configs[index])

    n = len(steps)
    for path, outcome in run(steps, work, jobs=jobs or default_jobs(n), seconds=seconds, progress=progress, inputs=inputs,
                             count=n, isolate=needs_worker(steps)):
        if isinstance(outcome, Failure):
            outcome = Failure(path, f"跨年核对未完成：{outcome.reason}", outcome.kind)
        yield path, outcome

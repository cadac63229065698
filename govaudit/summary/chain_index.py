"""The cross-year plan of a summary, read from the run's index on disk
(index.py) as the outputs are written: the plan itself is made there by
batch/chain_plan_db.py, over the reports of this run (the view `planned`)."""

from __future__ import annotations

import attrs

from ..batch import chain_plan_db
from ..batch.spill import CHUNK, chunks
from ..core.fieldwise import FieldsEq

# The reports this run named and audited: what the plan pairs.
_PLANNED = ("CREATE TEMP VIEW IF NOT EXISTS planned(path, issuer, year) AS "
            "SELECT r.path, r.issuer, r.year FROM file f JOIN report r ON r.path = f.path AND r.audited")


def plan(db) -> chain_plan_db.Planned:
    """Plan the run whose files and reports are in `db` (index.Index.db)."""
    db.execute(_PLANNED)
    return chain_plan_db.plan(db)


# -- reading the plan as the outputs are written ----------------------------------

_STEPS = ("FROM entry e JOIN report r ON r.path = e.path "
          "WHERE e.previous IS NOT NULL AND NOT r.chained AND r.chain_error IS NULL")


def n_steps_left(db) -> int:
    return db.execute(f"SELECT count(*) {_STEPS}").fetchone()[0]  # noqa: S608


def steps_left(db):
    """The reports still to check against last year's (a resumed run did some), in table order."""
    for (path,) in chunks(db, f"SELECT e.ord, e.path {_STEPS} AND e.ord > ? ORDER BY e.ord LIMIT {CHUNK}"):  # noqa: S608
        yield path


def previous_of(db, path: str) -> str:
    return db.execute("SELECT previous FROM entry WHERE path = ?", (path,)).fetchone()[0]


def place_of(db, path: str) -> int | None:
    row = db.execute("SELECT ord FROM entry WHERE path = ?", (path,)).fetchone()
    return row and row[0]


def unfinished(db) -> int:
    """Cross-year checks of this plan that did not finish."""
    return db.execute("SELECT count(*) FROM entry e JOIN report r ON r.path = e.path "
                      "WHERE e.previous IS NOT NULL AND r.chain_error IS NOT NULL").fetchone()[0]


@attrs.frozen(repr=False, eq=False)
class Entry(FieldsEq):
    """A readable report in the table: what its row needs beyond its record."""

    ord: int
    path: str
    record_at: int  # its latest record line in the manifest
    group: str | None
    note: str
    short: str
    chain_error: str | None  # its cross-year check did not finish


def entries(db, first: int, last: int):
    """The reports from place `first` to `last` in table order."""
    sql = ("SELECT e.ord, e.ord, e.path, r.record_at, e.grp, e.note, e.short, "
           "CASE WHEN e.previous IS NOT NULL THEN r.chain_error END "
           "FROM entry e JOIN report r ON r.path = e.path "
           f"WHERE e.ord >= ? AND e.ord <= ? AND e.ord > ? ORDER BY e.ord LIMIT {CHUNK}")
    for row in chunks(db, sql, first, last):
        yield Entry(*row)


def chain_groups(db, first: int, last: int):
    """(group, [(year, path, ord)] in year and path order) of each issuer group
    with more than one report among those of places `first` to `last`, by group."""
    groups = [g for (g,) in db.execute("SELECT DISTINCT grp FROM entry WHERE ord BETWEEN ? AND ? AND grp IS NOT NULL ORDER BY grp",
                                       (first, last))]
    for group in groups:
        rows = db.execute("SELECT year, path, ord FROM entry WHERE grp = ? ORDER BY year, path", (group,)).fetchall()
        if len(rows) > 1:
            yield group, rows


def merged_names(db, first: int, last: int) -> dict[str, str]:
    """Names merged into another's group, of the groups of places `first` to `last`."""
    return dict(db.execute("SELECT name, grp FROM issuer WHERE name <> grp AND grp IN "
                           "(SELECT grp FROM entry WHERE ord BETWEEN ? AND ?) ORDER BY name", (first, last)))


def paths(db, first: int = 1):
    """Every readable report's path, in table order, from place `first` on."""
    for (path,) in chunks(db, f"SELECT ord, path FROM entry WHERE ord >= ? AND ord > ? ORDER BY ord LIMIT {CHUNK}", first):
        yield path

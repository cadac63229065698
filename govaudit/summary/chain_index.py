"""The cross-year plan and the table order of a summary, made in the run's
index on disk (index.py), as chain.plan makes them in memory for `check`:
the same issuer groups (chain.issuer_groups), the same notes
(chain.plan_years), group by group, with nothing per report held here.

    issuer  each issuer name of a report with issuer and year: its key
            (normalised) and its group (the name it is shown under)
    tail    (short key, longer key): the longer one is the short one with a
            place in front (淮安市洪泽区人民政府 / 洪泽区人民政府)
    target  key → the key of its group
    entry   each readable report in table order (ord, from 1): group, year,
            last year's report when it is checked against it, the notes
"""

from __future__ import annotations

import itertools

import attrs

from ..core.fieldwise import FieldsEq
from ..text.normalize import normalize
from .chain import _PLACE_END, UNNAMED, plan_years, starts_with_place
from ..batch.spill import CHUNK, chunks

SCHEMA = """
CREATE TABLE IF NOT EXISTS issuer(name TEXT PRIMARY KEY, key TEXT NOT NULL, grp TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS issuer_key ON issuer(key);
CREATE TABLE IF NOT EXISTS tail(short TEXT, long TEXT, PRIMARY KEY(short, long)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS target(key TEXT PRIMARY KEY, target TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entry(
    ord INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, issuer TEXT, year INTEGER, grp TEXT,
    previous TEXT, note TEXT, short TEXT
);
CREATE INDEX IF NOT EXISTS entry_grp ON entry(grp, year, path);
"""
NAMED = "r.issuer IS NOT NULL AND r.issuer <> '' AND r.year IS NOT NULL AND r.year <> 0"

# Names with a place in front of a shorter name: one row per place character
# in a name, never name × name.
_TAILS = """
INSERT INTO tail
WITH RECURSIVE n(p) AS (SELECT 2 UNION ALL SELECT p + 1 FROM n WHERE p < (SELECT max(length(key)) FROM issuer)),
     k(key) AS (SELECT DISTINCT key FROM issuer)
SELECT DISTINCT substr(k.key, n.p), k.key FROM k JOIN n ON n.p <= length(k.key)
WHERE instr(?, substr(k.key, n.p - 1, 1)) > 0 AND EXISTS (SELECT 1 FROM issuer i WHERE i.key = substr(k.key, n.p))
"""
# The longest of them, when every other is its tail too; else apart (南京市… and 淮安市…).
_TARGETS = """
INSERT INTO target
SELECT key, CASE WHEN place(key) AND best IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM tail t WHERE t.short = key AND substr(best, -length(t.long)) <> t.long)
             THEN best ELSE key END
FROM (SELECT k.key AS key, (SELECT t.long FROM tail t WHERE t.short = k.key ORDER BY length(t.long) DESC LIMIT 1) AS best
      FROM (SELECT DISTINCT key FROM issuer) k)
"""
# A group is shown by its shortest name as a report writes it.
_GROUPS = """
UPDATE issuer SET grp = (SELECT i2.name FROM issuer i2 WHERE i2.key = (SELECT t.target FROM target t WHERE t.key = issuer.key)
                         ORDER BY length(i2.name), i2.name LIMIT 1)
"""
# Table order: by group (else issuer, else last), year, path; as chain.py's groups.
_ENTRIES = f"""
INSERT INTO entry(ord, path, issuer, year, grp)
SELECT row_number() OVER (ORDER BY coalesce(i.grp, nullif(r.issuer, ''), char(65535)), coalesce(r.year, 0), r.path),
       r.path, r.issuer, r.year, i.grp
FROM file f JOIN report r ON r.path = f.path AND r.audited
LEFT JOIN issuer i ON i.name = r.issuer AND {NAMED}
"""


@attrs.define(repr=False, eq=False)
class Planned(FieldsEq):
    reports: int  # readable reports named this run
    steps: int  # reports to check against last year's
    issuers: int  # issuer groups with more than one report
    merged: int  # names merged into another's group


def plan(db) -> Planned:
    """Plan the run whose files and reports are in `db` (index.Index.db)."""
    db.create_function("normalize", 1, normalize, deterministic=True)
    db.create_function("place", 1, starts_with_place, deterministic=True)
    for statement in filter(str.strip, SCHEMA.split(";")):
        db.execute(statement)  # not executescript, which would commit the open transaction
    for table in ("issuer", "tail", "target", "entry"):
        db.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)
    db.execute(f"INSERT INTO issuer(name, key) SELECT DISTINCT r.issuer, normalize(r.issuer) FROM file f "  # noqa: S608
               f"JOIN report r ON r.path = f.path AND r.audited WHERE {NAMED}")
    db.execute(_TAILS, (_PLACE_END,))
    db.execute(_TARGETS)
    db.execute(_GROUPS)
    db.execute(_ENTRIES)
    db.execute("UPDATE entry SET note = ?, short = ? WHERE grp IS NULL", UNNAMED)
    named = chunks(db, f"SELECT ord, grp, year, path FROM entry WHERE grp IS NOT NULL AND ord > ? ORDER BY ord LIMIT {CHUNK}")
    for _, rows in itertools.groupby(named, key=lambda row: row[0]):
        by_year: dict[int, list[str]] = {}
        for _, year, path in rows:
            by_year.setdefault(year, []).append(path)
        db.executemany("UPDATE entry SET previous = ?, note = ?, short = ? WHERE path = ?",
                       [(previous, note, short, path) for path, previous, note, short in plan_years(by_year)])
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return Planned(
        one("SELECT count(*) FROM entry"),
        one("SELECT count(*) FROM entry WHERE previous IS NOT NULL"),
        one("SELECT count(*) FROM (SELECT 1 FROM entry WHERE grp IS NOT NULL GROUP BY grp HAVING count(*) > 1)"),
        one("SELECT count(*) FROM issuer WHERE name <> grp"),
    )


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

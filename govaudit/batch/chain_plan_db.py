"""The cross-year plan made in SQLite, for runs too large to plan in
memory: the same issuer groups (chain_plan.issuer_groups), the same notes
(chain_plan.plan_years), group by group, with nothing per report held in
Python. It plans the reports of a table or view `planned(path, issuer,
year)` that the caller provides (the summary's index on disk, check's spill
store), into these tables:

    issuer  each issuer name of a report with issuer and year: its key
            (normalised) and its group (the name it is shown under)
    tail    (short key, longer key): the longer one is the short one with a
            place in front (淮安市洪泽区人民政府 / 洪泽区人民政府)
    target  key → the key of its group
    entry   each report in table order (ord, from 1): group, year, last
            year's report when it is checked against it, the notes
"""

from __future__ import annotations

import itertools

import attrs

from ..core.fieldwise import FieldsEq
from ..text.normalize import normalize
from .chain_plan import _PLACE_END, UNNAMED, plan_years, starts_with_place
from .spill import CHUNK, chunks

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
NAMED = "p.issuer IS NOT NULL AND p.issuer <> '' AND p.year IS NOT NULL AND p.year <> 0"

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
# Table order: by group (else issuer, else last), year, path; as chain_plan.py's groups.
_ENTRIES = f"""
INSERT INTO entry(ord, path, issuer, year, grp)
SELECT row_number() OVER (ORDER BY coalesce(i.grp, nullif(p.issuer, ''), char(65535)), coalesce(p.year, 0), p.path),
       p.path, p.issuer, p.year, i.grp
FROM planned p LEFT JOIN issuer i ON i.name = p.issuer AND {NAMED}
"""


@attrs.define(repr=False, eq=False)
class Planned(FieldsEq):
    reports: int  # readable reports named this run
    steps: int  # reports to check against last year's
    issuers: int  # issuer groups with more than one report
    merged: int  # names merged into another's group


def plan(db) -> Planned:
    """Plan the reports of the table or view `planned` (path, issuer, year) of
    `db`, into its tables issuer, tail, target and entry (SCHEMA); in the
    caller's transaction."""
    db.create_function("normalize", 1, normalize, deterministic=True)
    db.create_function("place", 1, starts_with_place, deterministic=True)
    for statement in filter(str.strip, SCHEMA.split(";")):
        db.execute(statement)  # not executescript, which would commit the open transaction
    for table in ("issuer", "tail", "target", "entry"):
        db.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)
    db.execute(f"INSERT INTO issuer(name, key) SELECT DISTINCT p.issuer, normalize(p.issuer) FROM planned p WHERE {NAMED}")  # noqa: S608
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

"""The run's index on disk: index.sqlite in the run folder (stdlib sqlite3),
so that the parent holds nothing per report, however many there are.

    report   one row per path the manifest names: audited (issuer, year, the
             offset of its latest record line, where its blob is), failed
             (why), chained, chain_error; what manifest.jsonl says, looked up
             by path instead of kept in dicts
    file     the files named this run, in order (seq), and `seen`, their real
             paths (a file named twice is audited once)
    skipped  the files passed over this run, and why
    meta     `end`: how far into the manifest the rows go, `last`: where the
             last line they include begins

The manifest stays the record of what was done; the index is its partner,
written in transactions of up to COMMIT_EVERY lines that also move `end`.
A kill loses at most the open transaction: on --resume the lines past `end`
are indexed again from the manifest. A manifest shorter than `end`, or whose
line at `last` is not where the index says (a manifest cut back by hand, or
whose end a reboot lost), a damaged index, or none (a run folder of an
earlier version), and the index is rebuilt from the whole manifest.

Queries that feed a long loop read in chunks of CHUNK rows by key (never one
cursor open while the rows it reads are being written), so memory stays
bounded whatever the number of reports.
"""

from __future__ import annotations

import json
import sqlite3

from ..batch.spill import CHUNK, chunks

INDEX = "index.sqlite"
COMMIT_EVERY = 256

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report(
    path TEXT PRIMARY KEY,
    audited INTEGER NOT NULL DEFAULT 0,
    failed TEXT,
    issuer TEXT,
    year INTEGER,
    record_at INTEGER,
    blob_at INTEGER,
    blob_size INTEGER,
    chained INTEGER NOT NULL DEFAULT 0,
    chain_error TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS file(seq INTEGER PRIMARY KEY, path TEXT NOT NULL, format TEXT);
CREATE TABLE IF NOT EXISTS seen(key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skipped(seq INTEGER PRIMARY KEY, path TEXT NOT NULL, why TEXT NOT NULL);
"""
# What a run names is its own: an earlier run's files (a resumed run may name others) are forgotten.
PER_RUN = ("file", "seen", "skipped")

_AUDITED = """
INSERT INTO report(path, audited, issuer, year, record_at, blob_at, blob_size, chained, chain_error)
VALUES(?, 1, ?, ?, ?, ?, ?, 0, NULL)
ON CONFLICT(path) DO UPDATE SET audited = 1, issuer = excluded.issuer, year = excluded.year, record_at = excluded.record_at,
    blob_at = excluded.blob_at, blob_size = excluded.blob_size, chained = 0, chain_error = NULL
"""
_CHAINED = """
INSERT INTO report(path, record_at, chained) VALUES(?, ?, 1)
ON CONFLICT(path) DO UPDATE SET record_at = excluded.record_at, chained = 1
"""
_FAILED = "INSERT INTO report(path, failed) VALUES(?, ?) ON CONFLICT(path) DO UPDATE SET failed = excluded.failed"
_CHAIN_ERROR = "INSERT INTO report(path, chain_error) VALUES(?, ?) ON CONFLICT(path) DO UPDATE SET chain_error = excluded.chain_error"
_DONE = "(r.audited OR r.failed IS NOT NULL)"


class Index:
    def __init__(self, path: str, durable: bool = True):
        """`durable`: in a run folder kept after the run (WAL, so that a kill leaves
        a consistent file); a temporary run's index needs no journal at all."""
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            self._prepare(durable)
        except BaseException:
            self.db.close()
            raise

    def _prepare(self, durable: bool) -> None:
        if durable:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a commit survives a kill of this process; no fsync per commit
        else:
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(SCHEMA)
        self._pending = 0
        self.db.execute("BEGIN")
        for table in PER_RUN:
            self.db.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)

    # -- the manifest's partner ---------------------------------------------------

    def _meta(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def position(self) -> tuple[int, int | None]:
        """(end, last): the manifest up to `end` is indexed; its last line begins at `last`."""
        return self._meta("end", 0), self._meta("last")

    def clear(self) -> None:
        self.db.execute("DELETE FROM report")
        self.db.execute("DELETE FROM meta")

    def apply(self, event: dict, at: int, end: int) -> None:
        """One manifest line (rundir.py), which begins at `at` and ends at `end`."""
        db = self.db
        if "audited" in event:
            record, blob = event["audited"], event.get("blob") or (None, None)
            db.execute(_AUDITED, (record["path"], record["issuer"], record["year"], at, *blob))
        elif "chained" in event:
            db.execute(_CHAINED, (event["chained"]["path"], at))
        elif "failed" in event:
            db.execute(_FAILED, (event["failed"]["path"], json.dumps(event["failed"], ensure_ascii=False)))
        elif "chain_error" in event:
            db.execute(_CHAIN_ERROR, (event["chain_error"], event["reason"]))
        db.execute("INSERT OR REPLACE INTO meta VALUES('end', ?), ('last', ?)", (end, at))
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            self.commit()

    def lost_blobs(self, blob_end: int) -> None:
        """Reports whose blob did not reach the disk (a reboot): not done, audited again."""
        self.db.execute("UPDATE report SET audited = 0 WHERE audited AND blob_at IS NOT NULL AND blob_at + blob_size > ?", (blob_end,))

    def commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self._pending = 0

    def close(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.close()

    # -- the files of this run ------------------------------------------------------

    def seen(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE key = ?", (key,)).fetchone() is not None

    def see(self, key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen VALUES(?)", (key,))

    def add_file(self, path: str, fmt: str | None) -> None:
        self.db.execute("INSERT INTO file(path, format) VALUES(?, ?)", (path, fmt))

    def skip(self, path: str, why: str) -> None:
        self.db.execute("INSERT INTO skipped(path, why) VALUES(?, ?)", (path, why))

    def n_files(self) -> int:
        return self.db.execute("SELECT count(*) FROM file").fetchone()[0]

    def formats(self) -> list[str]:
        return [f for (f,) in self.db.execute("SELECT DISTINCT format FROM file WHERE format IS NOT NULL ORDER BY format")]

    def skipped(self) -> list[tuple[str, str]]:
        """Few as a rule (read me files, Word's lock files): read whole, for the page that lists them."""
        return [tuple(row) for row in self.db.execute("SELECT path, why FROM skipped ORDER BY seq")]

    # -- what is done --------------------------------------------------------------

    _TODO = f"FROM file f WHERE NOT EXISTS (SELECT 1 FROM report r WHERE r.path = f.path AND {_DONE})"

    def n_todo(self) -> int:
        return self.db.execute(f"SELECT count(*) {self._TODO}").fetchone()[0]  # noqa: S608

    def todo(self):
        """The files named that are neither audited nor failed, in order, read a chunk at a time."""
        for (path,) in chunks(self.db, f"SELECT f.seq, f.path {self._TODO} AND f.seq > ? ORDER BY f.seq LIMIT {CHUNK}"):  # noqa: S608
            yield path

    def failed(self) -> list[dict]:
        """The files named that gave no record, by path (few as a rule: each is listed on the page)."""
        rows = self.db.execute("SELECT r.failed FROM file f JOIN report r ON r.path = f.path WHERE r.failed IS NOT NULL ORDER BY r.path")
        return [json.loads(text) for (text,) in rows]

    def record_at(self, path: str) -> int:
        return self.db.execute("SELECT record_at FROM report WHERE path = ?", (path,)).fetchone()[0]

    def blob_of(self, path: str) -> tuple[int, int]:
        return tuple(self.db.execute("SELECT blob_at, blob_size FROM report WHERE path = ?", (path,)).fetchone())

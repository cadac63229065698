"""`check`'s per-report bookkeeping (paths in order, configurations, where
a waiting result is, the cross-year plan), kept in memory while a run is
small and moved to a temporary SQLite database once a table outgrows
THRESHOLD entries, so that memory stays flat however many reports there are.

A check of one file or a few never imports sqlite3 (its cold start is
measured); a large one pays a few microseconds a look-up, against tens of
milliseconds a report for the audit itself. The database is SQLite's own
private temporary database (`connect("")`): its page cache is bounded
(CACHE_KB), and what does not fit goes to a file in the system temp folder
that SQLite unlinks as soon as it has opened it, so it is gone with the
process however it ends (exit, Ctrl-C, SIGTERM, even SIGKILL). Only the
parent uses it, never a forked worker (fork and SQLite do not mix).

Tables are read in chunks of CHUNK rows by key, each chunk whole before the
caller goes on, so a loop may change the rows it has been given.
"""

from __future__ import annotations

THRESHOLD = 1024  # entries a table holds in memory (the largest run kept in memory: under 1 MB of them)
CHUNK = 512
CACHE_KB = 2048  # SQLite's page cache (its default)
_ABSENT = object()


class Store:
    """The run's temporary database, opened when the first table outgrows memory."""

    def __init__(self):
        self.db = None
        self._tables = 0

    def connect(self):
        if self.db is None:
            import sqlite3  # only for a large run

            self.db = sqlite3.connect("", isolation_level=None)  # "": private, deleted on close (and by the OS)
            self.db.execute("PRAGMA journal_mode=OFF")  # never kept: nothing to recover
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
        return self.db

    def new_table(self) -> str:
        self._tables += 1
        name = f"t{self._tables}"
        self.connect().execute(f"CREATE TABLE {name}(k PRIMARY KEY, v) WITHOUT ROWID")
        return name

    @property
    def spilled(self) -> bool:
        return self.db is not None

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _dump(value):
    """Ints, text and None are stored as they are; anything else pickled (our own data, read back only by us)."""
    if value is None or isinstance(value, (int, str)):
        return value
    import pickle  # only once a table is on disk: a small run never needs it

    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _load(value):
    if isinstance(value, bytes):
        import pickle

        return pickle.loads(value)
    return value


class SpillDict:
    """A dict with int or str keys: in memory up to THRESHOLD entries, then in the Store."""

    def __init__(self, store: Store, items=()):
        self.store = store
        self._mem: dict | None = {}
        self._table = None
        for key, value in items:
            self[key] = value

    @classmethod
    def from_query(cls, store: Store, sql: str, *params) -> SpillDict:
        """A dict already in the Store, filled by `sql` (SELECT key, value …) on its database."""
        d = cls(store)
        d._spill()
        store.db.execute(f"INSERT OR REPLACE INTO {d._table} {sql}", params)  # noqa: S608 (our own SQL)
        return d

    def _spill(self) -> None:
        self._table = self.store.new_table()
        self.store.db.executemany(f"INSERT INTO {self._table} VALUES(?, ?)",  # noqa: S608
                                  ((k, _dump(v)) for k, v in self._mem.items()))
        self._mem = None

    def __setitem__(self, key, value) -> None:
        if self._mem is not None:
            self._mem[key] = value
            if len(self._mem) > THRESHOLD:
                self._spill()
        else:
            self.store.db.execute(f"INSERT OR REPLACE INTO {self._table} VALUES(?, ?)", (key, _dump(value)))  # noqa: S608

    def get(self, key, default=None):
        if self._mem is not None:
            return self._mem.get(key, default)
        row = self.store.db.execute(f"SELECT v FROM {self._table} WHERE k = ?", (key,)).fetchone()  # noqa: S608
        return default if row is None else _load(row[0])

    def __getitem__(self, key):
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        if self._mem is not None:
            return key in self._mem
        return self.store.db.execute(f"SELECT 1 FROM {self._table} WHERE k = ?", (key,)).fetchone() is not None  # noqa: S608

    def pop(self, key, default=_ABSENT):
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            if default is _ABSENT:
                raise KeyError(key)
            return default
        self.discard(key)
        return value

    def discard(self, key) -> None:
        if self._mem is not None:
            self._mem.pop(key, None)
        else:
            self.store.db.execute(f"DELETE FROM {self._table} WHERE k = ?", (key,))  # noqa: S608

    def __delitem__(self, key) -> None:
        if key not in self:
            raise KeyError(key)
        self.discard(key)

    def add(self, key) -> None:
        """As a set (collect.walk's `seen`): the key with no value."""
        self[key] = None

    def __len__(self) -> int:
        if self._mem is not None:
            return len(self._mem)
        return self.store.db.execute(f"SELECT count(*) FROM {self._table}").fetchone()[0]  # noqa: S608

    def items(self):
        """(key, value) in key order (keys all of one type), a chunk at a time."""
        if self._mem is not None:
            yield from sorted(self._mem.items())
            return
        sql = f"SELECT k, k, v FROM {self._table} WHERE k > ? ORDER BY k LIMIT {CHUNK}"  # noqa: S608
        for key, value in chunks(self.store.db, sql):
            yield key, _load(value)

    def __iter__(self):
        for key, _ in self.items():
            yield key

    def clear(self) -> None:
        if self._mem is not None:
            self._mem.clear()
        else:
            self.store.db.execute(f"DELETE FROM {self._table}")  # noqa: S608


def chunks(db, sql: str, *params):
    """Yield the rows of `sql` but the first column, a chunk at a time: the first
    column is the key the rows are ordered by, and the last parameter `key > ?`.
    Each chunk is read whole before the caller goes on (and maybe writes): never a
    cursor open over rows being changed, never more than CHUNK rows in memory.
    Shared with the summary's index (summary/index.py)."""
    last = float("-inf")  # below every key, number or text (SQLite orders numbers before text)
    while True:
        rows = db.execute(sql, (*params, last)).fetchall()
        for row in rows:
            yield row[1:]
        if len(rows) < CHUNK:
            return
        last = rows[-1][0]


class SpillList:
    """An append-only list: in memory up to THRESHOLD items, then in the Store."""

    def __init__(self, store: Store, items=()):
        self._d = SpillDict(store)
        self._n = 0
        for item in items:
            self.append(item)

    def append(self, item) -> None:
        self._d[self._n] = item
        self._n += 1

    def __len__(self) -> int:
        return self._n

    @property
    def spilled(self) -> bool:
        """Whether the items are in the Store's database."""
        return self._d._mem is None

    def __iter__(self):
        for _, item in self._d.items():
            yield item

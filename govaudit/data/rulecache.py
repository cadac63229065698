"""A cache of what start-up would otherwise rebuild every run: the compiled
rule set and the parsed format profiles (a third of a cold `govaudit check`).

Each entry is our own pickle of our own objects, keyed by govaudit's version,
Python's, and the path, size and modification time of every file it was
built from and of govaudit's own modules; any change misses. It lives in
$GOVAUDIT_CACHE_DIR, else $XDG_CACHE_HOME/govaudit, else ~/.cache/govaudit.
GOVAUDIT_NO_CACHE=1 turns it off. Every failure to read or write it is
silent: it only ever saves time.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import zlib

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _directory() -> str | None:
    if os.environ.get("GOVAUDIT_NO_CACHE"):
        return None
    explicit = os.environ.get("GOVAUDIT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "govaudit")


def _stamp(path: str) -> str:
    stat = os.stat(path)
    return f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}"


@functools.cache  # walked and stat'ed once per process, for both caches
def _sources() -> tuple[str, ...] | None:
    """Path, size and time of govaudit's own modules: what a kind compiles
    changes with its code. None if one cannot be read."""
    out = []
    for folder, _, names in os.walk(_PACKAGE):
        out += [os.path.join(folder, n) for n in names if n.endswith(".py")]
    try:
        return tuple(_stamp(path) for path in sorted(out))
    except OSError:
        return None


def _key(kind: str, paths: tuple[str, ...]) -> str | None:
    from .._version import __version__

    sources = _sources()
    if sources is None:
        return None
    try:
        parts = [kind, __version__, sys.version, *sources, *(_stamp(path) for path in paths)]
    except OSError:
        return None
    # Two independent 32-bit checksums: hashlib alone costs a cold start 3 ms.
    data = "\n".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def cached(kind: str, paths: tuple[str, ...], build):
    """`build()`'s value, from the cache when every input is unchanged."""
    directory, key = _directory(), _key(kind, paths)
    if directory is None or key is None:
        return build()
    target = os.path.join(directory, f"{kind}-{key}.pickle")
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, truncated, from another version: rebuild
        pass
    value = build()  # a broken input raises here: nothing is cached
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(directory, exist_ok=True)
        with open(tmp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except Exception:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return value

"""A cache of what start-up would otherwise rebuild every run: the rule set
and the parsed format profiles (some 25 ms of CPU of a cold `govaudit
check`, a sixth of it; measured in the commit that made this module).

Nothing in it can run code. It is JSON of plain data only (str, numbers,
lists, dicts, and tagged tuples and sets), never pickle: the caller turns
its objects into such data and back (`encode`, `decode`). It is trusted only
when all of these hold, and otherwise ignored and rebuilt:
- the folder and the file belong to the user running govaudit and nobody
  else may write them (no group or other write bit; the file no symlink);
- the file names the key it was written for, and its checksum matches;
- the data has the expected shape (`decode` raises on anything else) and
  passes the caller's `check` against its sources (e.g. as many rules as
  the rule files define: an emptied cache never means "no rules").

Keyed by govaudit's version, Python's, and the path, size and modification
time of every file the value was built from and of govaudit's own modules;
any change misses. It lives in $GOVAUDIT_CACHE_DIR, else
$XDG_CACHE_HOME/govaudit, else ~/.cache/govaudit; GOVAUDIT_NO_CACHE=1 turns
it off; of each kind, the KEPT_PER_KIND files written last are kept. Every
failure to read or write it is silent: it only saves time.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import zlib

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMAT = 3  # of the file; 1 was pickle, 2 tagged JSON objects of any shape


class NotPlain(ValueError):
    """A value the cache cannot hold as plain data, or data of a wrong shape."""


def _directory() -> str | None:
    if os.environ.get("GOVAUDIT_NO_CACHE"):
        return None
    explicit = os.environ.get("GOVAUDIT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "govaudit")


def _stamp(path: str) -> str:
    st = os.stat(path)
    return f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"


# The code what is cached is made by: the rule files' reader, the kinds and
# checks that compile rules, the schema and profile readers, and what they
# use (core/, text/). Readers, output and the CLI make nothing that is cached.
_MAKERS = ("core", "data", "engine", "text")


@functools.cache  # walked and stat'ed once per process, for both caches
def _sources() -> tuple[str, ...] | None:
    """Path, size and time of the modules that make what is cached (_MAKERS):
    what a kind compiles changes with its code. None if one cannot be read."""
    out = []
    for maker in _MAKERS:
        for folder, _, names in os.walk(os.path.join(_PACKAGE, maker)):
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
        parts = [kind, str(FORMAT), __version__, sys.version, *sources, *(_stamp(path) for path in paths)]
    except OSError:
        return None
    # Two independent 32-bit checksums: hashlib alone costs a cold start 3 ms.
    data = "\n".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _checksum(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _private(st, directory: bool) -> bool:
    """Ours alone: owned by this user, writable by nobody else (a real
    folder or regular file, not a link to one)."""
    kind_ok = stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return kind_ok and owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def to_plain(value, classes: dict | None = None):
    """`value` as JSON data in which every JSON object is a one-key tag:
    {"t": [...]} a tuple, {"s"/"f": [...]} a set or frozenset, {"d": [[key,
    value], ...]} a dict, {"a": [name, {"d": ...}]} an instance of one of the
    attrs classes in `classes` ({name: class}, the caller's allow-list).
    Since no other object occurs, `loads` can rebuild each one as the JSON
    parser meets it. NotPlain for anything else."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [to_plain(v, classes) for v in value]
    if isinstance(value, tuple):
        return {"t": [to_plain(v, classes) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"f" if isinstance(value, frozenset) else "s": [to_plain(v, classes) for v in value]}
    if isinstance(value, dict):
        return {"d": [[to_plain(k, classes), to_plain(v, classes)] for k, v in value.items()]}
    name = type(value).__name__
    if classes and classes.get(name) is type(value):
        fields = type(value).__attrs_attrs__
        if all(f.init and not f.name.startswith("_") for f in fields):
            return {"a": [name, to_plain({f.name: getattr(value, f.name) for f in fields}, classes)]}
    raise NotPlain(name)


_MAKERS_OF = {"t": tuple, "s": set, "f": frozenset, "d": dict}  # tag → the container it stands for


def loads(text: str | bytes, classes: dict | None = None):
    """The inverse of to_plain (with the same `classes`: no other class is
    ever made); NotPlain on data it could not have written. The tags are
    undone by the JSON parser's hook, innermost first: no second walk over
    the data in Python (a third of a cold start's rule loading). The hook
    takes each object's pairs, not a dict: none is built only to be undone."""
    import json

    def untag(pairs: list):
        if len(pairs) == 1:
            tag, body = pairs[0]
            if type(body) is list:
                make = _MAKERS_OF.get(tag)
                try:
                    if make is not None:
                        return make(body)  # dict: [key, value] pairs
                    if (tag == "a" and len(body) == 2 and classes and isinstance(body[0], str)
                            and body[0] in classes and isinstance(body[1], dict)
                            and all(isinstance(k, str) for k in body[1])):
                        return classes[body[0]](**body[1])
                except (TypeError, ValueError):  # unhashable, not pairs, fields the class does not take
                    pass
        raise NotPlain("unexpected data")

    return json.loads(text, object_pairs_hook=untag)


def cached(kind: str, paths: tuple[str, ...], build, encode=None, decode=None, check=None, classes=None):
    """`build()`'s value, from the cache when every input is unchanged and the
    cache can be trusted (see the module's docstring). `encode(value)` gives
    what to_plain can write (with `classes`, the attrs classes it may hold),
    `decode(data)` the value back from what `loads` gives (raising on data of
    another shape); `check(value)` says whether it agrees with its sources."""
    directory, key = _directory(), _key(kind, paths)
    if directory is None or key is None:
        return build()
    target = os.path.join(directory, f"{kind}-{key}.json")
    value = _read(directory, target, key, decode, check, classes)
    if value is not None:
        return value
    value = build()  # a broken input raises here: nothing is cached
    _write(directory, target, key, value, encode, classes)
    return value


def _read(directory: str, target: str, key: str, decode, check, classes):
    import json

    try:
        if not _private(os.stat(directory), directory=True):
            return None
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            if not _private(os.fstat(fd), directory=False):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read()
        finally:
            os.close(fd)
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if header != {"format": FORMAT, "key": key, "checksum": _checksum(body)}:
            return None
        value = loads(body, classes)
        if decode is not None:
            value = decode(value)
        if check is not None and not check(value):
            return None
        return value
    except (OSError, ValueError, TypeError, KeyError, RecursionError):  # missing, truncated, tampered: rebuild
        return None


def _write(directory: str, target: str, key: str, value, encode, classes) -> None:
    import json

    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        plain = to_plain(encode(value) if encode is not None else value, classes)
        body = json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps({"format": FORMAT, "key": key, "checksum": _checksum(body)}).encode("ascii")
        os.makedirs(directory, mode=0o700, exist_ok=True)
        if not _private(os.stat(directory), directory=True):
            return  # a folder others may write: never ours to trust, so not worth writing
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(header + b"\n" + body)
        os.replace(tmp, target)
    except Exception:  # a value that is not plain data, a full disk…: just not cached
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _prune(directory, kind_of(target))


# Every change of govaudit or of a rule file makes a new key: the files of a
# kind written longest ago go, so that the folder does not grow with each
# upgrade (or each edit of an editable install). A file still in use that
# goes is simply built again (some 25 ms).
KEPT_PER_KIND = 16


def kind_of(target: str) -> str:
    return os.path.basename(target).rsplit("-", 1)[0]


def _prune(directory: str, kind: str) -> None:
    try:
        entries = [e for e in os.scandir(directory)
                   if e.name.startswith(kind + "-") and e.name.endswith(".json") and e.is_file(follow_symlinks=False)]
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
        for entry in entries[KEPT_PER_KIND:]:
            os.unlink(entry.path)
    except OSError:  # it only saves space
        pass

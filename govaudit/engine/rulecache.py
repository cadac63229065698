"""A cache of the compiled rule set, so a cold `govaudit check` does not
re-parse and re-compile every rule file (a third of its start-up).

The cache is our own pickle of our own objects, keyed by govaudit's version,
Python's, and the path, size and modification time of each rule file and of
govaudit's own modules; any change misses. It lives in $GOVAUDIT_CACHE_DIR, else $XDG_CACHE_HOME/govaudit, else
~/.cache/govaudit. GOVAUDIT_NO_CACHE=1 turns it off. Every failure to read or
write it is silent: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path


def _directory() -> Path | None:
    if os.environ.get("GOVAUDIT_NO_CACHE"):
        return None
    explicit = os.environ.get("GOVAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govaudit"


def _key(paths: tuple[str, ...]) -> str | None:
    from .. import __version__

    digest = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    # govaudit's own modules too: what a kind compiles changes with its code.
    package = Path(__file__).resolve().parent.parent
    sources = sorted(str(p) for p in package.rglob("*.py"))
    try:
        for path in (*sources, *paths):
            stat = os.stat(path)
            digest.update(f"|{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()[:32]


def load(paths: tuple[str, ...]):
    directory, key = _directory(), _key(paths)
    if directory is None or key is None:
        return None
    try:
        with open(directory / f"rules-{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, truncated, from another version: rebuild
        return None


def store(paths: tuple[str, ...], rules) -> None:
    directory, key = _directory(), _key(paths)
    if directory is None or key is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".rules-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(rules, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"rules-{key}.pickle")
    except Exception:
        try:
            os.unlink(tmp)
        except Exception:
            pass

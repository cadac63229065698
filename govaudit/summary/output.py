"""Output files written whole or not at all, like report/write.py, but
streamed: a summary of many thousand reports is never one string in memory."""

from __future__ import annotations

import contextlib
import os
import tempfile

from ..errors import GovauditError


@contextlib.contextmanager
def atomic_file(path: str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Yield a handle on a temporary file beside `path`; on success it
    replaces `path`, on any error it is removed and `path` is untouched."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".govaudit-", dir=directory)
    except OSError as exc:
        raise GovauditError(f"{path}: 无法写入：{exc.strerror or exc}") from None
    try:
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a summary is meant to be shared
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise GovauditError(f"{path}: 无法写入：{exc.strerror or exc}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

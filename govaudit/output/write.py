"""Writing outputs whole or not at all: a crash never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import sys

from ..core.errors import GovauditError, os_reason


def write_output(text: str | bytes, path: str | None) -> None:
    """`text` to standard output (path None or "-") or, whole, to `path`."""
    if path is None or path == "-":
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        sys.stdout.flush()
        return
    with atomic_file(path, "wb") as handle:
        handle.write(text.encode("utf-8") if isinstance(text, str) else text)


class OutputStream:
    """An output written piece by piece as it comes (`write(text)`): to
    standard output (above a progress bar on the same terminal), or to a
    temporary file beside `path` that replaces it only when the `with`
    block ends without an error (atomic_file). The file is opened at the
    first write: an output never written leaves no file."""

    def __init__(self, path: str | None, progress=None):
        self.path = None if path == "-" else path
        self.progress = progress  # the bar on stderr; may be replaced as the run goes on
        self._stack = contextlib.ExitStack()
        self._handle = None

    def __enter__(self):
        self._stack.__enter__()
        return self

    def __exit__(self, *exc):
        if self.path is None and exc[0] is None:
            sys.stdout.flush()
        return self._stack.__exit__(*exc)

    def write(self, text: str) -> None:
        if self.path is None:
            bar = self.progress
            if bar is not None and bar.enabled and sys.stdout.isatty():
                bar.above(lambda: (sys.stdout.write(text), sys.stdout.flush()))
            else:
                sys.stdout.write(text)
            return
        if self._handle is None:
            self._handle = self._stack.enter_context(atomic_file(self.path, "w", newline=""))
        self._handle.write(text)


@contextlib.contextmanager
def atomic_file(path: str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Yield a handle on a temporary file beside `path`; on success it
    replaces `path` (with the permissions a new file gets), on any error it is
    removed and `path` is untouched. Streamed: a summary of many thousand
    reports is never one string in memory."""
    import tempfile  # only when writing a file: its import costs start-up

    directory = os.path.dirname(os.path.abspath(path))
    # SIGTERM/SIGINT held back until the cleanup below is in place: arriving
    # between the file's creation and `try`, they would leave it behind.
    held = _hold_signals()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".govaudit-", dir=directory)
    except OSError as exc:
        _release_signals(held)
        raise GovauditError(f"{path}: 无法写入：{os_reason(exc)}") from None
    try:
        _release_signals(held)  # a signal held meanwhile is raised here, inside the cleanup
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise GovauditError(f"{path}: 无法写入：{os_reason(exc)}") from None
        raise


def _hold_signals():
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})


def _release_signals(held) -> None:
    if held is not None:
        import signal

        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

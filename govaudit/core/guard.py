"""Bounds on one file's processing: time, and errors turned into `InputError`."""

from __future__ import annotations

import contextlib
import signal
import threading

from .errors import GovauditError, InputError


class _Timeout(BaseException):
    """Raised by the alarm. A BaseException, so that no `except Exception`
    between the alarm and the guard (the PDF and Word libraries have many)
    can swallow it and let the work run on with no limit left."""


@contextlib.contextmanager
def bounded(path: str, seconds: float):
    """Run the body with a wall-clock limit (main thread only) and turn any
    failure caused by the input into an `InputError` naming the file."""
    use_alarm = seconds and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def on_alarm(signum, frame):
        raise _Timeout

    previous = None
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise InputError(path, f"处理超时（超过 timeout_seconds = {seconds:g} 秒），文件可能异常") from None
    except GovauditError:
        raise
    except MemoryError:
        raise InputError(path, "文件过大或结构异常，内存不足") from None
    except RecursionError:
        raise InputError(path, "文件结构嵌套过深") from None
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def hard_deadline(seconds: float, files: int = 1) -> float | None:
    """How long a worker process may take over `files` files before it is
    killed (forkpool): past the limits the worker reports by itself unless it
    is stuck inside C code (a file may take `seconds` to read and as long
    again to check, each bounded on its own), with room to spare."""
    if not seconds:
        return None
    return files * (2 * seconds * 1.25 + 5)

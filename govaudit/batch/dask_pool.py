"""The batch runner's executor on a running Dask cluster (`summary --dask
ADDRESS`): each file is one task of dask.distributed, with the guarantees
the fork pool (pool.py) gives on one machine.

Imported only when --dask is given: without it nothing of Dask is loaded.

The file's deadline: a Dask task runs on a worker's thread, where the
file's own alarm (core/guard.bounded) cannot be set and from where a hang
inside C code (pdfium) could not be stopped. So each task forks a child
process for its file and kills it at the deadline, as pool.py does: the
same Failure as with --jobs (kind "hang", or "crash" when the child dies).
The worker process is warmed once (`prepare`: rules and loaders), so that
each child starts with them in memory.

The workers read the files and write the annotated pages themselves: they
must see them under the same paths (one machine, or a shared file system).
A child works in the folder the command was started from (relative paths).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
import uuid

from ..core.errors import GovauditError, internal_error
from .pool import CRASHED, HUNG, _receive, _send

CONNECT_SECONDS = 5  # a wrong address fails this fast (Dask's own default: 30 s of retries)


def connect(address: str, timeout: float = CONNECT_SECONDS) -> "DaskExecutor":
    """A client of the scheduler at `address`, its workers checked; a
    GovauditError (one line, exit 2) when that cannot be had."""
    try:
        from distributed import Client
    except ImportError:
        raise GovauditError("--dask 需要 dask.distributed：请安装 govaudit[dask]（pip install 'govaudit[dask]'）") from None
    from ..text.sanitize import one_line

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError):  # refused or unanswered: Dask tries again until the timeout
        raise GovauditError(f"无法连接 Dask 调度器 {one_line(address)}：{timeout:g} 秒内没有连上（地址是否正确？调度器是否已启动？）") from None
    except ValueError:
        raise GovauditError(f"Dask 调度器地址 {one_line(address)} 格式不对，应如 tcp://10.0.0.5:8786") from None
    except Exception as exc:
        raise GovauditError(f"无法连接 Dask 调度器 {one_line(address)}：{one_line(str(exc) or type(exc).__name__)}") from None
    try:
        _check_workers(client, address, timeout)
    except BaseException:
        client.close()
        raise
    return DaskExecutor(client)


def _check_workers(client, address: str, timeout: float) -> None:
    from .._version import __version__

    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception:
        raise GovauditError(f"Dask 调度器 {address} 没有可用的工作进程（dask worker {address}）") from None
    try:
        versions = client.run(_version)
    except Exception as exc:  # govaudit not installed there: the first task would fail the same way for every file
        raise GovauditError(f"Dask 工作进程上无法使用 govaudit：{type(exc).__name__}: {exc}") from None
    other = sorted({v for v in versions.values() if v != __version__})
    if other:  # another version may find other things: the records would not be those of this run
        raise GovauditError(f"Dask 工作进程上的 govaudit 版本（{'、'.join(other)}）与本机（{__version__}）不同")


def _version() -> str:
    from .._version import __version__

    return __version__


class DaskExecutor:
    """Runs the runner's tasks on the cluster; `close()` when the run is over."""

    def __init__(self, client):
        self.client = client

    def close(self) -> None:
        self.client.close()

    def imap_unordered(self, fn, tasks, deadline, lost, prepare=None):
        """Yield (key, fn(*args)) for each (key, args) of `tasks` as they
        finish (the signature of pool.imap_unordered); `lost(key, args,
        reason)` stands in for a task whose child hung or died, or that the
        cluster lost. Only about two tasks a worker thread are submitted at a
        time: tasks carry their inputs, and 10⁵ of them would not fit."""
        from distributed import as_completed

        client = self.client
        run_id = uuid.uuid4().hex  # prepare() runs once per worker process and run
        cwd = os.getcwd()
        window = 2 * max(1, sum(client.nthreads().values()))
        tasks = iter(tasks)
        held: dict[str, tuple] = {}  # future key → (key, args)
        futures: dict[str, object] = {}
        done = as_completed(loop=client.loop)

        def submit() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            key, args = task
            future = client.submit(_task, fn, prepare, run_id, cwd, deadline, args, key=f"govaudit-{run_id}-{key}", pure=False)
            held[future.key] = task
            futures[future.key] = future
            done.add(future)
            return True

        try:
            for _ in range(window):
                if not submit():
                    break
            for future in done:
                key, args = held.pop(future.key)
                del futures[future.key]
                if future.status == "finished":
                    outcome = future.result()
                    if isinstance(outcome, _Lost):
                        outcome = lost(key, args, outcome.reason)
                else:  # the worker process died with it (KilledWorker), or it could not run there
                    exc = future.exception()
                    reason = CRASHED if type(exc).__name__ == "KilledWorker" else internal_error(exc)
                    outcome = lost(key, args, reason)
                submit()
                yield key, outcome
        finally:
            if futures:  # stopped early (Ctrl-C, an error here): the cluster is not left working for nobody
                client.cancel(list(futures.values()))


class _Lost:
    """A task whose child gave no result: the reason crosses back, and the
    runner's own `lost` makes the Failure of it (not pickled with the task)."""

    def __init__(self, reason: str):
        self.reason = reason


# -- on the worker --------------------------------------------------------------

_prepared: set[str] = set()
_prepare_lock = threading.Lock()
_fork_lock = threading.Lock()  # one fork at a time, so each child knows the pipes of the others
_open: set[int] = set()  # our ends of the pipes of children in flight in this process


def _task(fn, prepare, run_id: str, cwd: str, deadline: float | None, args: tuple):
    if prepare is not None:
        with _prepare_lock:
            if run_id not in _prepared:
                prepare()
                _prepared.add(run_id)
    return _in_child(fn, cwd, deadline, args)


def _in_child(fn, cwd: str, deadline: float | None, args: tuple):
    """fn(*args) in a child process forked for it, killed past `deadline`
    seconds; a _Lost when it hung or died."""
    with _fork_lock:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the worker's code
            code = 1
            try:
                os.close(read)
                for fd in _open:  # other tasks' pipes: a copy here would keep their ends from closing
                    os.close(fd)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                os.chdir(cwd)
                try:
                    payload = pickle.dumps((True, fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as exc:
                    payload = pickle.dumps((False, internal_error(exc)), protocol=pickle.HIGHEST_PROTOCOL)
                _send(write, payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        _open.add(read)
    try:
        due = time.monotonic() + deadline if deadline else None
        while True:
            wait = None if due is None else max(0.0, due - time.monotonic())
            ready, _, _ = select.select([read], [], [], wait)
            if ready:
                message = _receive(read)
                break
            if due is not None and time.monotonic() >= due:
                os.kill(pid, signal.SIGKILL)  # stuck in C code it may not act on SIGTERM
                return _Lost(HUNG.format(seconds=deadline))
    finally:
        with _fork_lock:
            _open.discard(read)
            os.close(read)
        os.waitpid(pid, 0)
    if message is None:
        return _Lost(CRASHED)
    ok, value = message
    return value if ok else _Lost(value)

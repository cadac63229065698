"""The batch runner's executor on a running Dask cluster (`summary --dask
ADDRESS`): each file is one task of dask.distributed, with the guarantees
the fork pool (pool.py) gives on one machine.

Imported only when --dask is given: without it nothing of Dask is loaded.

The file's deadline holds inside the workers: each task runs its file in
a helper process that it kills at the deadline (dask_helpers.py).

The workers read the files and write the annotated pages themselves: they
must see them under the same paths (one machine, or a shared file system).
A helper works in the folder the command was started from (relative paths).
"""

from __future__ import annotations

import os
import uuid

from ..core.errors import GovauditError, internal_error
from .pool import CRASHED

# Not a file's failure (which a resumed run would take as done): the run stops, what is done is kept.
CANCELLED = "Dask 集群取消了审核任务（调度器重启或与本机断开）；用 --run-dir 运行的，可加 --resume 接着审核"
CONNECT_SECONDS = 5  # a wrong address fails this fast (Dask's own default: 30 s of retries)


def connect(address: str, timeout: float = CONNECT_SECONDS) -> "DaskExecutor":
    """A client of the scheduler at `address`, its workers checked; a
    GovauditError (one line, exit 2) when that cannot be had."""
    try:
        from distributed import Client
    except ImportError:
        raise GovauditError("--dask 需要 dask.distributed：pip install distributed（或在 govaudit 的检出目录中 pip install '.[dask]'）") from None
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
    from ..text.sanitize import one_line

    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception:
        raise GovauditError(f"Dask 调度器 {one_line(address)} 没有可用的工作进程（dask worker {one_line(address)}）") from None
    try:
        versions = client.run(_version)
    except Exception as exc:  # govaudit not installed there: the first task would fail the same way for every file
        raise GovauditError(f"Dask 工作进程上无法使用 govaudit：{one_line(f'{type(exc).__name__}: {exc}')}") from None
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
        cluster lost. Only two tasks a worker thread are in the cluster at a
        time: tasks carry their inputs, and 10⁵ of them would not fit."""
        import cloudpickle
        from distributed import as_completed

        from .dask_helpers import Lost, task as remote

        client = self.client
        fn = cloudpickle.dumps(fn)  # once, not with each file (the helpers unpickle it once too)
        prepare = cloudpickle.dumps(prepare) if prepare is not None else None
        run_id = uuid.uuid4().hex  # prepare() runs once per worker process and run
        cwd = os.getcwd()

        def window() -> int:  # asked again now and then: workers may join (or leave) during the run
            return 2 * max(1, sum(client.nthreads().values()))

        tasks = iter(tasks)
        held: dict[str, tuple] = {}  # future key → (key, args)
        futures: dict[str, object] = {}
        done = as_completed(loop=client.loop)

        def submit() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            key, args = task
            future = client.submit(remote, fn, prepare, run_id, cwd, deadline, args, key=f"govaudit-{run_id}-{key}", pure=False)
            held[future.key] = task
            futures[future.key] = future
            done.add(future)
            return True

        try:
            size = window()
            while len(futures) < size and submit():
                pass
            for n, future in enumerate(done, 1):
                key, args = held.pop(future.key)
                del futures[future.key]
                if future.status == "finished":
                    outcome = future.result()
                    if isinstance(outcome, Lost):
                        outcome = lost(key, args, outcome.reason)
                elif future.status == "cancelled":  # the scheduler restarted, or dropped this client
                    raise GovauditError(CANCELLED)
                else:  # the worker process died with it (KilledWorker), or it could not run there
                    exc = future.exception()
                    reason = CRASHED if type(exc).__name__ == "KilledWorker" else internal_error(exc)
                    outcome = lost(key, args, reason)
                if n % 100 == 0:
                    size = window()
                while len(futures) < size and submit():
                    pass
                yield key, outcome
        finally:
            if futures:  # stopped early (Ctrl-C, an error here): the cluster is not left working for nobody
                client.cancel(list(futures.values()))

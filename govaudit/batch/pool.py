"""Worker processes for auditing many files: forked, one task each at a time.

Built on os.fork and pipes, not concurrent.futures, whose import alone costs
a cold `check` 30 ms. Workers are forked once the rules are loaded, so each
starts warm and shares the parent's memory; a task's arguments and its
result cross a pipe as one pickle each, and tasks are drawn from the
iterator only as workers free up, so a folder of 100,000 reports never
becomes 100,000 pending tasks.

A worker holds one task at a time, so when it dies (a crash in a parsing
library, the OOM killer) the task that killed it is known: `crashed` stands
in for its result, a new worker takes its place, and the run goes on. So
when it hangs: past the task's deadline (inside C code, where the worker's
own timeout cannot reach) the worker is killed, and the same happens.
Without fork (Windows), tasks run here, one after another.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import time

from ..core.errors import internal_error

CRASHED = "处理该文件时工作进程异常退出（解析库崩溃或内存耗尽）"
HUNG = "处理超时（超过 {seconds:g} 秒仍未完成），工作进程已终止"
_LENGTH = struct.Struct("!Q")


def imap_unordered(fn, tasks, jobs: int, crashed, deadline=None):
    """Yield (key, fn(*args)) for each (key, args) of `tasks`, in the order
    they finish, computed in `jobs` worker processes (one is still a worker:
    the caller survives what kills it). `crashed(key, args, reason)` stands
    in for the result of a task that raised, whose result could not be sent
    back, whose worker died, or that outlived `deadline(args)` seconds;
    `reason` is a sentence for the user (CRASHED, HUNG or errors.internal_error)."""
    if jobs < 1 or not hasattr(os, "fork"):
        for key, args in tasks:
            try:
                result = fn(*args)
            except Exception as exc:
                result = crashed(key, args, internal_error(exc))
            yield key, result
        return
    yield from _Pool(fn, jobs, crashed, deadline).run(iter(tasks))


class Child:
    """A forked child (fork_child) and our ends of its two pipes; how it is
    retired is the same for the pool's workers and Dask's helpers."""

    __slots__ = ("pid", "tasks", "results")

    def __init__(self, pid: int, tasks: int, results: int):
        self.pid = pid
        self.tasks = tasks  # our end of the pipe its tasks come through
        self.results = results  # our end of the pipe its results come back on

    def kill(self) -> None:
        """SIGKILL: a child stuck in C code may not act on SIGTERM."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass

    def close(self) -> None:
        """Close our ends of its pipes: an idle child then exits."""
        for fd in (self.tasks, self.results):
            try:
                os.close(fd)
            except OSError:
                pass

    def reap(self) -> None:
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass

    def retire(self, kill: bool = False) -> None:
        if kill:
            self.kill()
        self.close()
        self.reap()


class _Worker(Child):
    __slots__ = ("task", "due", "seconds")

    def __init__(self, pid: int, tasks: int, results: int):
        super().__init__(pid, tasks, results)
        self.task = None  # (key, args) in hand
        self.due = None  # monotonic time by which its task must be done
        self.seconds = None


class _Pool:
    def __init__(self, fn, jobs: int, crashed, deadline):
        self.fn = fn
        self.jobs = jobs
        self.crashed = crashed
        self.deadline = deadline
        self.workers: list[_Worker] = []

    def run(self, tasks):
        idle: list[_Worker] = []
        busy: dict[int, _Worker] = {}  # by results descriptor
        exhausted = False
        try:
            while True:
                while not exhausted and (idle or len(self.workers) < self.jobs):
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                        break
                    worker = idle.pop() if idle else self._spawn()
                    worker = self._hand(worker, task)
                    busy[worker.results] = worker
                if not busy:
                    return
                due = [w.due for w in busy.values() if w.due is not None]
                wait = max(0.0, min(due) - time.monotonic()) if due else None
                ready, _, _ = select.select(list(busy), [], [], wait)
                now = time.monotonic()
                for worker in [w for w in busy.values() if w.due is not None and w.due <= now]:
                    if worker.results in ready:
                        continue  # done just in time
                    del busy[worker.results]
                    key, args = worker.task
                    self._retire(worker, kill=True)
                    yield key, self.crashed(key, args, HUNG.format(seconds=worker.seconds))
                for fd in ready:
                    worker = busy.pop(fd)
                    key, args = worker.task
                    worker.task = None
                    try:
                        message = receive(fd)
                    except Exception as exc:  # a result that does not unpickle here
                        idle.append(worker)
                        yield key, self.crashed(key, args, internal_error(exc))
                        continue
                    if message is None:  # the worker died with this task in hand
                        self._retire(worker)
                        yield key, self.crashed(key, args, CRASHED)
                        continue
                    idle.append(worker)
                    ok, value = message
                    yield key, (value if ok else self.crashed(key, args, value))
        finally:
            for worker in list(self.workers):
                self._retire(worker, kill=worker.task is not None)

    def _hand(self, worker: _Worker, task) -> _Worker:
        """Send `task` to `worker` (to a new one if it has died since)."""
        payload = pickle.dumps(task[1], protocol=pickle.HIGHEST_PROTOCOL)
        try:
            send(worker.tasks, payload)
        except OSError:  # it died while idle: its successor takes the task
            self._retire(worker)
            worker = self._spawn()
            send(worker.tasks, payload)
        worker.task = task
        worker.seconds = self.deadline(task[1]) if self.deadline else None
        worker.due = time.monotonic() + worker.seconds if worker.seconds else None
        return worker

    def _spawn(self) -> _Worker:
        inherited = [fd for other in self.workers for fd in (other.tasks, other.results)]
        worker = _Worker(*fork_child(lambda tasks, results: _serve(self.fn, tasks, results), inherited))
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool = False) -> None:
        worker.retire(kill)
        self.workers.remove(worker)


def fork_child(serve, inherited=()) -> tuple[int, int, int]:
    """Fork a child that runs serve(task_fd, result_fd) and exits, never
    returning into the caller's code; it first closes `inherited` (the other
    children's pipe ends, which would keep them open). (pid, the write end
    of its task pipe, the read end of its result pipe)."""
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(task_write)
            os.close(result_read)
            for fd in inherited:
                os.close(fd)
            serve(task_read, result_write)
            code = 0
        finally:
            os._exit(code)
    os.close(task_read)
    os.close(result_write)
    return pid, task_write, result_read


def _serve(fn, tasks: int, results: int) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        args = receive(tasks)
        if args is None:
            return
        try:
            payload = pickle.dumps((True, fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # raised, or a result that cannot be pickled
            payload = pickle.dumps((False, internal_error(exc)), protocol=pickle.HIGHEST_PROTOCOL)
        send(results, payload)


def send(fd: int, payload: bytes) -> None:
    data = memoryview(_LENGTH.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data):]


def receive(fd: int):
    """The next pickled message on `fd`; None at the end of the pipe."""
    header = _read_exactly(fd, _LENGTH.size)
    if header is None:
        return None
    body = _read_exactly(fd, _LENGTH.unpack(header)[0])
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)

"""The worker pool under the batch runner (batch/pool.py): every task answered once,
a dying worker costing only its own task."""

import os
import signal
import time

import pytest

from govaudit.core.errors import InputError
from govaudit.batch.pool import CRASHED, HUNG, imap_unordered

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here: tasks run in turn, in process")


def _work(n):
    if n == 3:
        os._exit(1)  # a worker that dies, as in a crash of a parsing library
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does
    if n == 7:
        raise ValueError("bad input 7")
    if n == 9:
        return lambda: None  # a result that cannot be pickled
    return n * n, os.getpid()


def _crashed(key, args, reason):
    return f"crashed: {reason}"


def test_every_task_is_answered_and_only_the_crashing_ones_fail():
    results = dict(imap_unordered(_work, ((n, (n,)) for n in range(40)), 2, _crashed))
    assert sorted(results) == list(range(40))
    assert results[3] == results[5] == f"crashed: {CRASHED}"
    assert results[7] == "crashed: 内部错误（请报告此问题）：ValueError: bad input 7"
    assert results[9].startswith("crashed: 内部错误") and "pickle" in results[9].lower()
    good = {n: r for n, r in results.items() if n not in (3, 5, 7, 9)}
    assert all(r[0] == n * n for n, r in good.items())
    pids = {r[1] for r in good.values()}
    assert os.getpid() not in pids and len(pids) >= 2  # worked in other processes, replaced after deaths


def test_tasks_are_drawn_only_as_workers_free_up():
    drawn = []

    def tasks():
        for n in range(10, 20):
            drawn.append(n)
            yield n, (n,)

    stream = imap_unordered(_work, tasks(), 2, _crashed)
    next(stream)
    assert len(drawn) <= 3  # two in hand, one answered: not the whole iterator
    assert len(dict(stream)) == 9


def _fast_then_slow(n):
    if n:
        time.sleep(60)
    return n


def test_closing_the_stream_stops_busy_workers_and_reaps_them_all():
    stream = imap_unordered(_fast_then_slow, ((n, (n,)) for n in range(4)), 2, _crashed)
    assert next(stream) == (0, 0)
    started = time.perf_counter()
    stream.close()  # a worker is 60 s into task 1: it is stopped, not waited for
    assert time.perf_counter() - started < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, not even a zombie


def _hang(n):
    if n == 1:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGALRM})  # as stuck inside C code
        time.sleep(60)
    return n


def test_a_worker_past_its_deadline_is_killed_and_replaced():
    started = time.perf_counter()
    results = dict(imap_unordered(_hang, ((n, (n,)) for n in range(4)), 2, _crashed, deadline=lambda args: 1.0))
    assert time.perf_counter() - started < 10
    assert results == {0: 0, 1: "crashed: " + HUNG.format(seconds=1.0), 2: 2, 3: 3}
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_one_job_is_still_a_worker_process():
    # The caller survives a crash even without parallelism (summary --jobs 1).
    results = dict(imap_unordered(_work, ((n, (n,)) for n in (2, 3, 4)), 1, _crashed))
    assert results[2][0] == 4 and results[2][1] != os.getpid()
    assert results[3] == f"crashed: {CRASHED}"
    assert results[4][0] == 16


def _explode():
    raise ValueError("cannot be rebuilt here")


class _Unloadable:
    def __reduce__(self):  # pickles in the worker, fails to unpickle in the parent
        return (_explode, ())


def _errors_and_odd_results(n):
    if n == 1:
        return InputError("a.pdf", "文件已损坏")
    if n == 2:
        return _Unloadable()
    return n


def test_errors_cross_the_pipe_whole_and_a_result_that_will_not_load_costs_only_its_task():
    results = dict(imap_unordered(_errors_and_odd_results, ((n, (n,)) for n in range(5)), 2, _crashed))
    error = results[1]
    assert isinstance(error, InputError) and (error.path, error.problem) == ("a.pdf", "文件已损坏")
    assert results[2] == "crashed: 内部错误（请报告此问题）：ValueError: cannot be rebuilt here"
    assert [results[n] for n in (0, 3, 4)] == [0, 3, 4]


def test_the_workers_deadline_leaves_room_for_both_limits_of_a_file():
    from govaudit.core.guard import hard_deadline

    # Reading a file and checking it are each bounded by timeout_seconds: a
    # slow but working file must meet its own timeout, not the pool's kill.
    assert hard_deadline(120) > 2 * 120 and hard_deadline(120, files=3) == 3 * hard_deadline(120)
    assert hard_deadline(0) is None

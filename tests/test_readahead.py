"""The PDFs of a small `check` read ahead in a child process
(batch/readahead.py): reading starts when the run knows its reports, one
file at a time, each outcome or failure as the pool's workers give them
(crash, hang past the deadline, a bad file, a bug), and no child outlives
the run, however it ends."""

from __future__ import annotations

import os
import time

import pytest

from govaudit.batch.runner import Failure
from govaudit.core.limits import DEFAULT
from tests.misbehaving import misbehave

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


@pytest.fixture
def reads(tmp_path, monkeypatch):
    """`load` as the child sees it: writes a mark file for each file it starts
    reading, then behaves as the file's name says."""
    import govaudit.core.guard as guard
    import govaudit.load as load

    def fake_load(path, limits):
        mark = tmp_path / f"{os.path.basename(path)}.started"
        mark.with_suffix(".tmp").write_text(str(os.getpid()))
        os.replace(mark.with_suffix(".tmp"), mark)  # whole or not at all: the child may be killed at any point
        misbehave(path)
        name = os.path.basename(path)
        if name == "odd.pdf":
            return lambda: None  # cannot be pickled
        return f"document of {name}"

    monkeypatch.setattr(load, "load", fake_load)
    monkeypatch.setattr(guard, "hard_deadline", lambda seconds, files=1: 1.0)
    return tmp_path


def _ahead(folder, *names):
    from govaudit.batch.readahead import ReadAhead

    return ReadAhead([(str(folder / name), DEFAULT) for name in names])


def _started(folder, name) -> bool:
    return (folder / f"{name}.started").exists()


def _wait_for(condition, seconds=10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_the_first_file_is_read_before_it_is_asked_for_and_the_next_only_then(reads):
    ahead = _ahead(reads, "a.pdf", "b.pdf")
    try:
        assert _wait_for(lambda: _started(reads, "a.pdf"))  # at once: while the caller does other things
        time.sleep(0.2)
        assert not _started(reads, "b.pdf")  # one at a time
        assert ahead.take(str(reads / "a.pdf")) == "document of a.pdf"
        assert _wait_for(lambda: _started(reads, "b.pdf"))  # started when a.pdf was taken
        assert ahead.take(str(reads / "b.pdf")) == "document of b.pdf"
    finally:
        ahead.close()
    pids = [int((reads / f"{n}.started").read_text()) for n in ("a.pdf", "b.pdf")]
    assert os.getpid() not in pids and pids[0] != pids[1]  # each read in a child of its own


def test_each_failure_is_the_files_own_and_the_next_files_are_still_read(reads):
    names = ["crash.pdf", "hang.pdf", "bad.pdf", "bug.pdf", "odd.pdf", "c.pdf"]
    ahead = _ahead(reads, *names)
    start = time.monotonic()
    try:
        outcomes = {name: ahead.take(str(reads / name)) for name in names}
    finally:
        ahead.close()
    path = {name: str(reads / name) for name in names}
    assert outcomes["crash.pdf"] == Failure(path["crash.pdf"], "处理该文件时工作进程异常退出（解析库崩溃或内存耗尽）", "crash")
    assert outcomes["hang.pdf"] == Failure(path["hang.pdf"], "处理超时（超过 1 秒仍未完成），工作进程已终止", "hang")
    assert outcomes["bad.pdf"] == Failure(path["bad.pdf"], "文件已损坏", "input")
    assert outcomes["bug.pdf"] == Failure(path["bug.pdf"], "内部错误（请报告此问题）：KeyError: 'oops'", "internal")
    assert outcomes["odd.pdf"].kind == "internal" and "pickle" in outcomes["odd.pdf"].reason
    assert outcomes["c.pdf"] == "document of c.pdf"
    assert time.monotonic() - start < 15  # the hung child was killed at its deadline
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child reaped


def test_closing_kills_the_child_at_work(reads):
    ahead = _ahead(reads, "hang.pdf")
    assert _wait_for(lambda: _started(reads, "hang.pdf"))
    pid = int((reads / "hang.pdf.started").read_text())
    ahead.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped


def test_a_check_that_stops_on_a_usage_error_leaves_no_reader_behind(reads, capsys, monkeypatch):
    """The reading starts before the rules are loaded; a rule code that does
    not exist then stops the run (exit 2), and the child goes with it."""
    import govaudit.batch.readahead as readahead
    from govaudit.cli.base import guarded
    from govaudit.cli.check_run import DEFAULTS, start

    forked = []

    def recording(serve, inherited=()):
        forked.append(readahead_fork(serve, inherited))
        return forked[-1]

    readahead_fork = readahead.fork_child
    monkeypatch.setattr(readahead, "fork_child", recording)
    (reads / "hang.pdf").write_bytes(b"%PDF-1.4\n")
    with pytest.raises(SystemExit) as stop:  # the guard of the command line: one line, exit 2
        guarded(lambda: start([str(reads / "hang.pdf")], **{**DEFAULTS, "select": ("XX999",)}))
    assert stop.value.code == 2
    assert len(forked) == 1  # the reading had started
    with pytest.raises(ProcessLookupError):
        os.kill(forked[0][0], 0)  # killed and reaped
    assert "XX999" in capsys.readouterr().err


def test_each_pdf_is_read_with_its_own_configurations_limits_in_the_order_audited(tmp_path):
    """Reports under two configurations are audited configuration by
    configuration; the PDFs are read ahead in that order, each under its
    own configuration's limits (here: one too large for its folder's)."""
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.hostile_inputs import pdf_bytes

    text = ["示例县2024年政府信息公开工作年度报告", "一、总体情况", "本年度新收申请3件。"]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "govaudit.toml").write_text("[limits]\nmax_file_bytes = 100\n", encoding="utf-8")
    names = ["a.pdf", "sub/b.pdf", "c.pdf"]
    for name in names:
        (tmp_path / name).write_bytes(pdf_bytes(text))

    def check(*options):
        return subprocess.run([sys.executable, "-m", "govaudit", "check", *options, *(str(tmp_path / n) for n in names)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    ahead, pooled = check(), check("-j", "2")  # read ahead here; each audited whole in a worker there
    assert (ahead.returncode, ahead.stdout, ahead.stderr) == (pooled.returncode, pooled.stdout, pooled.stderr)
    assert ahead.returncode == 2
    b = tmp_path / "sub" / "b.pdf"
    assert ahead.stderr.splitlines() == [f"govaudit: 错误: {b}: 文件过大（{b.stat().st_size} 字节，上限 max_file_bytes = 100）"]
    assert str(tmp_path / "a.pdf") in ahead.stdout and str(tmp_path / "c.pdf") in ahead.stdout

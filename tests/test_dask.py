"""`govaudit summary --dask ADDRESS` (batch/dask_pool.py) on a LocalCluster:
the same tables as `--jobs 2`, resume from a run folder, the per-file
deadline inside the Dask workers, a wrong address said in one line, and
nothing of Dask imported without the option.

The cluster runs its workers as threads of this process (processes=False)
but is reached over TCP like any other: so that a test can patch what the
workers run, and a summary started as a command talks to it as to a real
scheduler. Each report still runs in a process of its own, forked by the task.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse

import pytest

from tests.conftest import CORPUS, ROOT, corpus_file
from tests.scale_reports import generate
from tests.test_batch_runner import _work

HUNG = "处理超时（超过 1 秒仍未完成），工作进程已终止"


def summary(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "govaudit", "summary", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env=env)


@pytest.fixture(scope="module")
def audit_log(tmp_path_factory):
    """The file the workers log each report they audit in (worker.py): set
    before the cluster starts, as the helpers it forks keep the environment
    they were forked with."""
    log = tmp_path_factory.mktemp("log") / "audits.log"
    before = os.environ.get("GOVAUDIT_AUDIT_LOG")
    os.environ["GOVAUDIT_AUDIT_LOG"] = str(log)
    yield log
    if before is None:
        del os.environ["GOVAUDIT_AUDIT_LOG"]
    else:
        os.environ["GOVAUDIT_AUDIT_LOG"] = before


@pytest.fixture(scope="module")
def cluster(audit_log):
    distributed = pytest.importorskip("distributed", reason="dask.distributed 未安装（CI 由 .[test] 安装）")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=":0") as local:
        yield local.scheduler_address
    from govaudit.batch.dask_helpers import _helpers, close_helpers

    close_helpers()  # forked from this process by the workers' tasks
    assert not _helpers


@pytest.fixture
def executor(cluster):
    from govaudit.batch.dask_pool import connect

    ex = connect(cluster)
    yield ex
    ex.close()


def rows(path) -> list[dict]:
    return list(csv.DictReader(path.read_bytes().decode("utf-8-sig").splitlines()))


def pages(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


PROBE = """
import sys
from govaudit.cli.app import main
sys.argv = ["govaudit", "summary", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed", "tornado") or m == "govaudit.batch.dask_pool"))
"""


def test_a_summary_without_the_option_imports_nothing_of_dask(tmp_path):
    generate(tmp_path / "reports", 2)
    proc = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "reports"), "-o", str(tmp_path / "audit.html"), "--jobs", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_corpus_on_dask_gives_the_tables_and_pages_of_jobs_2(cluster, tmp_path):
    corpus_file("hubei-2019.txt")  # skips when the corpus is absent
    outs = {}
    for name, how in (("jobs", ["--jobs", "2"]), ("dask", ["--dask", cluster])):
        out = tmp_path / name
        out.mkdir()
        # Run from the corpus folder with a relative path: a Dask child works where the command was started.
        proc = summary(".", "-o", out / "audit.html", "--csv", out / "t.csv", "--findings-csv", out / "f.csv", *how, cwd=CORPUS)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        outs[name] = out, proc.stdout
    (jobs, said_jobs), (dask, said_dask) = outs["jobs"], outs["dask"]
    assert said_dask.replace(str(dask), "OUT") == said_jobs.replace(str(jobs), "OUT")
    assert "已审核 10 份报告（跨年核对 3 份）" in said_dask
    assert (dask / "t.csv").read_bytes() == (jobs / "t.csv").read_bytes()
    assert (dask / "f.csv").read_bytes() == (jobs / "f.csv").read_bytes()
    assert pages(dask / "audit.reports") == pages(jobs / "audit.reports")
    table = {os.path.basename(r["文件"]): r for r in rows(dask / "t.csv")}
    assert len(table) == 10 and all(r["状态"] == "已审核" for r in table.values())
    assert table["pingtan-2025.html"]["跨年核对"] == "已与2024年度报告做跨年核对"
    assert (table["hubei-2019.txt"]["错误"], table["hongze-2023.pdf"]["错误"]) == ("5", "2")


def test_on_dask_a_crash_a_hang_and_errors_cost_only_their_file(executor, monkeypatch):
    """The fork pool's guarantees (test_batch_runner) hold on the cluster: a
    hang that blocks every signal, as inside C code, is killed at the deadline."""
    from govaudit.batch import runner
    from govaudit.batch.runner import Failure, run

    monkeypatch.setattr(runner, "hard_deadline", lambda seconds, files=1: 1.0)  # one second a file
    paths = ["a.pdf", "crash.pdf", "b.pdf", "hang.pdf", "bad.pdf", "bug.pdf", "c.pdf"]
    seen = []
    start = time.monotonic()
    out = list(run(paths, _work, seconds=1, executor=executor, progress=lambda path, outcome: seen.append(path)))
    elapsed = time.monotonic() - start
    assert [p for p, _ in out] == paths and sorted(seen) == sorted(paths)
    assert dict(out) == {
        "a.pdf": "A.PDF",
        "b.pdf": "B.PDF",
        "c.pdf": "C.PDF",
        "crash.pdf": Failure("crash.pdf", "处理该文件时工作进程异常退出（解析库崩溃或内存耗尽）", "crash"),
        "hang.pdf": Failure("hang.pdf", HUNG, "hang"),
        "bad.pdf": Failure("bad.pdf", "文件已损坏", "input"),
        "bug.pdf": Failure("bug.pdf", "内部错误（请报告此问题）：KeyError: 'oops'", "internal"),
    }
    assert elapsed < 15  # the hung child was killed at its deadline, not waited for


def _hanging_audit(path, config, keep, pages_dir=None):
    from govaudit.summary.worker import audit_file

    if "示例乙县2023" in path:
        _work("hang.pdf")  # never returns
    return audit_file(path, config, keep, pages_dir)


def test_a_report_that_hangs_in_a_dask_worker_is_a_row_that_says_so(cluster, tmp_path, monkeypatch):
    from govaudit.batch import runner
    from govaudit.summary import run as summary_run

    monkeypatch.setattr(runner, "hard_deadline", lambda seconds, files=1: 1.0)
    monkeypatch.setattr(summary_run, "audit_file", _hanging_audit)  # what the task closes over, pickled with it
    paths = [str(p) for p in generate(tmp_path / "reports", 4)]
    stats = summary_run.run_summary([str(tmp_path / "reports")], str(tmp_path / "audit.html"), csv_path=str(tmp_path / "t.csv"),
                                    dask=cluster, show_progress=False)
    hung = [p for p in paths if "示例乙县2023" in p]
    assert stats.failed == [(hung[0], HUNG)]
    assert (stats.reports, stats.chained) == (3, 1)  # 示例甲县 chained; 示例乙县2024 has no year before it left
    table = {r["文件"]: r for r in rows(tmp_path / "t.csv")}
    assert (table[hung[0]]["状态"], table[hung[0]]["说明"]) == ("无法读取", HUNG)


def test_a_killed_run_resumes_on_dask_without_auditing_a_finished_report_again(cluster, audit_log, tmp_path):
    reports = tmp_path / "reports"
    paths = sorted(str(p) for p in generate(reports, 8))
    whole = tmp_path / "whole"
    whole.mkdir()
    args = [reports, "--csv", "t.csv", "--findings-csv", "f.csv"]
    first = summary(*args, "-o", "audit.html", "--run-dir", "run", "--jobs", "1", cwd=whole)
    assert first.returncode == 0, first.stderr
    # A run killed after four reports: its manifest up to there (a line cut off by the kill counts for nothing).
    killed = tmp_path / "killed"
    shutil.copytree(whole / "run", killed / "run")
    lines = (whole / "run" / "manifest.jsonl").read_bytes().splitlines(keepends=True)
    assert all("audited" in json.loads(line) for line in lines[1:9])
    (killed / "run" / "manifest.jsonl").write_bytes(b"".join(lines[:5]) + lines[5][:20])
    before = {json.loads(line)["audited"]["path"] for line in lines[1:5]}
    shutil.copytree(whole / "audit.reports", killed / "audit.reports")  # the pages the killed run had written
    for line in lines[5:9]:
        (killed / urllib.parse.unquote(json.loads(line)["audited"]["page"])).unlink()

    audit_log.write_text("")
    resumed = summary(*args, "-o", "audit.html", "--run-dir", "run", "--resume", "--dask", cluster, cwd=killed)
    assert resumed.returncode == 0, resumed.stderr
    assert "已审核 8 份报告（跨年核对 4 份）" in resumed.stdout
    assert sorted(audit_log.read_text(encoding="utf-8").splitlines()) == sorted(set(paths) - before)
    for name in ("t.csv", "f.csv"):
        assert (killed / name).read_bytes() == (whole / name).read_bytes()
    assert pages(killed / "audit.reports") == pages(whole / "audit.reports")


def test_a_wrong_scheduler_address_is_one_line_and_exit_2(tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed 未安装（CI 由 .[test] 安装）")
    generate(tmp_path / "reports", 2)
    out = tmp_path / "audit.html"
    start = time.monotonic()
    refused = summary(tmp_path / "reports", "-o", out, "--dask", "tcp://127.0.0.1:1")
    assert time.monotonic() - start < 30  # a short connect timeout, not Dask's 30 s of retries and more
    assert refused.returncode == 2
    assert refused.stderr == "govaudit: 错误: 无法连接 Dask 调度器 tcp://127.0.0.1:1：5 秒内没有连上（地址是否正确？调度器是否已启动？）\n"
    malformed = summary(tmp_path / "reports", "-o", out, "--dask", "no-port-here")
    assert malformed.returncode == 2
    assert malformed.stderr == "govaudit: 错误: Dask 调度器地址 no-port-here 格式不对，应如 tcp://10.0.0.5:8786\n"
    both = summary(tmp_path / "reports", "-o", out, "--dask", "tcp://127.0.0.1:1", "--jobs", "2")
    assert both.returncode == 2 and "--jobs 与 --dask 不能同时使用" in both.stderr and "Traceback" not in both.stderr
    assert not out.exists()


def test_workers_of_another_version_or_none_at_all_stop_the_run_before_it_starts(cluster, monkeypatch):
    from govaudit import _version
    from govaudit.batch import dask_pool
    from govaudit.core.errors import GovauditError

    monkeypatch.setattr(dask_pool, "_version", lambda: "0.0.1")  # what the workers say they run
    with pytest.raises(GovauditError) as raised:
        dask_pool.connect(cluster)
    assert str(raised.value) == f"Dask 工作进程上的 govaudit 版本（0.0.1）与本机（{_version.__version__}）不同"

    import distributed

    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=":0") as empty:
        with pytest.raises(GovauditError) as raised:
            dask_pool.connect(empty.scheduler_address, timeout=1)
        assert str(raised.value) == f"Dask 调度器 {empty.scheduler_address} 没有可用的工作进程（dask worker {empty.scheduler_address}）"

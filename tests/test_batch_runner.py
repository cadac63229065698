"""The one batch runner of `check` and `summary` (batch/runner.py): per-file
results in order, crash and hang isolation at a per-file deadline, a
progress callback; and the summary reads and audits each report once, also
when it is chained with another year."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from govaudit.batch.runner import Failure, run
from tests.conftest import ROOT
from tests.misbehaving import misbehave

EXAMPLES = ROOT / "examples"
forking = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


def _work(path: str):
    misbehave(path)
    return path.upper()


@forking
def test_results_in_order_and_each_failure_costs_only_its_file(monkeypatch):
    import govaudit.batch.runner as runner

    monkeypatch.setattr(runner, "hard_deadline", lambda seconds, files=1: 1.0)  # one second a file
    paths = ["a.pdf", "crash.pdf", "b.pdf", "hang.pdf", "bad.pdf", "bug.pdf", "c.pdf"]
    seen = []
    start = time.monotonic()
    out = list(run(paths, _work, jobs=2, seconds=1, progress=lambda path, outcome: seen.append(path)))
    elapsed = time.monotonic() - start
    assert [p for p, _ in out] == paths and sorted(seen) == sorted(paths)
    outcomes = dict(out)
    assert [outcomes[p] for p in ("a.pdf", "b.pdf", "c.pdf")] == ["A.PDF", "B.PDF", "C.PDF"]
    assert outcomes["crash.pdf"] == Failure("crash.pdf", "处理该文件时工作进程异常退出（解析库崩溃或内存耗尽）", "crash")
    assert outcomes["hang.pdf"] == Failure("hang.pdf", "处理超时（超过 1 秒仍未完成），工作进程已终止", "hang")
    assert outcomes["bad.pdf"] == Failure("bad.pdf", "文件已损坏", "input")
    assert outcomes["bug.pdf"] == Failure("bug.pdf", "内部错误（请报告此问题）：KeyError: 'oops'", "internal")
    assert elapsed < 15  # the hung worker was killed at its deadline, not waited for


@forking
def test_a_pdf_runs_in_a_worker_even_alone(monkeypatch):
    import govaudit.batch.runner as runner

    monkeypatch.setattr(runner, "hard_deadline", lambda seconds, files=1: 1.0)
    assert list(run(["hang.pdf"], _work, jobs=1, seconds=1)) == [
        ("hang.pdf", Failure("hang.pdf", "处理超时（超过 1 秒仍未完成），工作进程已终止", "hang"))
    ]


def test_one_job_of_text_files_runs_here_in_turn():
    pids = [outcome for _, outcome in run(["a.md", "b.md"], lambda p: os.getpid(), jobs=1)]
    assert pids == [os.getpid(), os.getpid()]


def _count_reads(monkeypatch, log):
    """Every report read (in whichever process) appends its name to `log`."""
    import govaudit.api as api

    real = api.load

    def counting(path, limits):
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            os.write(fd, (os.path.basename(str(path)) + "\n").encode("utf-8"))
        finally:
            os.close(fd)
        return real(path, limits)

    monkeypatch.setattr(api, "load", counting)


@forking
@pytest.mark.parametrize("jobs", [1, 2])
def test_summary_reads_each_report_once_also_when_chained(tmp_path, monkeypatch, jobs):
    from govaudit.summary.run import run_summary

    folder = tmp_path / "in"
    folder.mkdir()
    names = ("示例县2023年政府信息公开工作年度报告.html", "示例县2024年政府信息公开工作年度报告.html")
    for name in names:
        shutil.copy(EXAMPLES / name, folder / name)
    log = tmp_path / "reads.log"
    _count_reads(monkeypatch, log)
    stats = run_summary([folder], str(tmp_path / "audit.html"), jobs=jobs, show_progress=False)
    assert (stats.reports, stats.chained) == (2, 1)
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted(names)  # once each, chained or not
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "表三“自然人”列：上年结转4，不等于 上年报告结转下年5" in page  # the cross-year finding is there


def test_a_suppression_comment_covers_a_cross_year_finding_in_the_summary(tmp_path):
    from govaudit.summary.run import run_summary

    def report(year, carried_over, carried_forward, comment=""):
        return (
            f"# 示例市人民政府{year}年政府信息公开工作年度报告\n\n一、总体情况\n\n{year}年，本市认真贯彻条例。\n\n"
            f"三、收到和处理政府信息公开申请情况\n\n{comment}本年度新收到政府信息公开申请10件，上年结转{carried_over}件，结转下年{carried_forward}件。\n"
        )

    (tmp_path / "a2023.md").write_text(report(2023, 0, 3), encoding="utf-8")
    (tmp_path / "b2024.md").write_text(report(2024, 2, 0, "<!-- govaudit: ignore GA502 上年数据经复核更正 -->\n"), encoding="utf-8")
    stats = run_summary([tmp_path], str(tmp_path / "audit.html"), jobs=1, show_progress=False)
    assert stats.chained == 1
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "上年报告结转下年3" not in page  # suppressed, as `check --previous` does
    assert "GA901" not in page  # and the comment counts as used


def test_the_summary_knows_every_cross_year_rule():
    """The second pass runs only the rules that read last year's report:
    every rule shown with last year's report in its examples is one, and a
    rule that is not gives the same findings with and without it."""
    from govaudit.engine.run import rule_set, uses_previous

    rules = rule_set()
    chained = sorted(r.id for r in rules if uses_previous(r))
    assert chained == ["GA502", "GA503"]
    assert all(uses_previous(r) for r in rules if any(e.previous for e in r.examples))
    report = EXAMPLES / "示例县2024年政府信息公开工作年度报告.md"
    from govaudit.api import audit

    alone = audit(report)
    with_last = audit(report, previous=EXAMPLES / "示例县2023年政府信息公开工作年度报告.html")
    differ = {f.rule for f in with_last.findings} ^ {f.rule for f in alone.findings}
    assert differ <= set(chained) and differ  # only cross-year rules add findings (GA502 here)

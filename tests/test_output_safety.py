"""Outputs never damage inputs, never collide, say their format in their
name, and appear whole or not at all, signals included (issue 14, item 3)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REPORT = EXAMPLES / "示例县2024年政府信息公开工作年度报告.html"
LAST = EXAMPLES / "示例县2023年政府信息公开工作年度报告.html"


def _cmd(*args):
    return [sys.executable, "-m", "govaudit", *args]


def _env(**extra):
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _run(tmp_path, *args):
    return subprocess.run(_cmd(*args), capture_output=True, text=True, cwd=tmp_path, env=_env())


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "X.html"
    shutil.copy(REPORT, path)
    return path


def test_check_refuses_to_write_over_its_report(tmp_path, report):
    before = report.read_bytes()
    done = _run(tmp_path, "check", "-o", "X.html", "X.html")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "govaudit: 错误: X.html: 输出文件（-o）就是要读取的报告，拒绝覆盖输入\n"
    assert report.read_bytes() == before


def test_check_refuses_another_name_of_its_report(tmp_path, report):
    os.link(report, tmp_path / "link.html")
    done = _run(tmp_path, "check", "--format", "html", "-o", "link.html", "X.html")
    assert done.returncode == 2
    assert done.stderr == "govaudit: 错误: link.html: 输出文件（-o）就是要读取的报告，拒绝覆盖输入\n"


def test_check_refuses_a_report_found_in_a_folder_as_output(tmp_path, report):
    shutil.copy(EXAMPLES / "示例县2024年政府信息公开工作年度报告.md", tmp_path / "Y.md")
    done = _run(tmp_path, "check", ".", "-o", "./Y.md")
    assert done.returncode == 2
    assert done.stderr == "govaudit: 错误: ./Y.md: 输出文件（-o）就是要读取的报告，拒绝覆盖输入\n"


def test_check_refuses_last_years_report_as_output(tmp_path, report):
    shutil.copy(LAST, tmp_path / "last.html")
    done = _run(tmp_path, "check", "X.html", "--previous", "last.html", "-o", "last.html", "--format", "html")
    assert done.returncode == 2
    assert done.stderr == "govaudit: 错误: last.html: 输出文件（-o）就是要读取的报告，拒绝覆盖输入\n"


def test_extract_refuses_to_write_over_its_report(tmp_path, report):
    before = report.read_bytes()
    done = _run(tmp_path, "extract", "-o", "X.html", "X.html")
    assert done.returncode == 2
    assert done.stderr == "govaudit: 错误: X.html: 输出文件（-o）就是要读取的报告，拒绝覆盖输入\n"
    assert report.read_bytes() == before


def test_summary_refuses_two_outputs_on_one_file(tmp_path, report):
    done = _run(tmp_path, "summary", "X.html", "-o", "x.html", "--csv", "x.html")
    assert done.returncode == 2
    assert done.stderr == "govaudit: 错误: x.html: -o 和 --csv 指向同一个文件，后写的会覆盖先写的\n"
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["summary", "X.html", "-o", "x.csv"], "x.csv: 扩展名 .csv 与输出格式 html（-o）不符，应为 .html、.htm"),
        (["summary", "X.html", "-o", "x.html", "--xlsx", "t.csv"], "t.csv: 扩展名 .csv 与输出格式 xlsx（--xlsx）不符，应为 .xlsx"),
        (["extract", "X.html", "--format", "csv", "-o", "facts.json"], "facts.json: 扩展名 .json 与输出格式 csv（-o）不符，应为 .csv"),
        (["check", "X.html", "--format", "json", "-o", "found.html"], "found.html: 扩展名 .html 与输出格式 json（-o）不符，应为 .json"),
        (["check", "X.html", "-o", "found.csv"], "found.csv: 扩展名 .csv 与输出格式 text（-o）不符，应为 其他扩展名（如 .txt）"),
    ],
)
def test_an_extension_that_says_another_format_is_refused(tmp_path, report, args, message):
    done = _run(tmp_path, *args)
    assert done.returncode == 2
    assert done.stderr == f"govaudit: 错误: {message}\n"
    assert sorted(os.listdir(tmp_path)) == ["X.html"]  # refused before any work: nothing written


def test_fitting_extensions_are_written(tmp_path, report):
    done = _run(tmp_path, "check", "X.html", "--format", "sarif", "-o", "found.sarif")
    assert done.returncode == 1 and (tmp_path / "found.sarif").read_text(encoding="utf-8").startswith("{")
    done = _run(tmp_path, "extract", "X.html", "-o", "facts.json")
    assert done.returncode == 0 and (tmp_path / "facts.json").exists()


def _folder_of_reports(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(REPORT, tmp_path / "in" / "a.html")
    shutil.copy(LAST, tmp_path / "in" / "b.html")
    return (tmp_path / "in" / "a.html").read_bytes()


def test_summary_refuses_a_report_found_in_a_folder_as_output(tmp_path):
    before = _folder_of_reports(tmp_path)
    done = _run(tmp_path, "summary", "in", "-o", "in/a.html")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "govaudit: 错误: in/a.html: 输出文件（-o）就是要读取的报告，拒绝覆盖输入\n"
    assert (tmp_path / "in" / "a.html").read_bytes() == before
    assert sorted(os.listdir(tmp_path / "in")) == ["a.html", "b.html"]  # refused before any work


def test_summary_passes_over_its_own_earlier_page_in_a_folder_audited(tmp_path):
    _folder_of_reports(tmp_path)
    for _ in range(2):  # the second run finds the first one's page in the folder: not a report, not an input
        done = _run(tmp_path, "summary", "in", "-o", "in/x.html")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("已审核 2 份报告（跨年核对 1 份）；已写入 in/x.html；")


def test_summary_passes_over_its_own_pages_of_a_paged_run_and_annotated_pages(tmp_path):
    _folder_of_reports(tmp_path)
    shutil.copy(REPORT, tmp_path / "in" / "c.html")
    for _ in range(2):  # the second run finds the first one's index, parts and annotated pages in the folder
        done = _run(tmp_path, "summary", "in", "-o", "in/x.html", "--page-size", "2")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("已审核 3 份报告")
    assert (tmp_path / "in" / "x.p2.html").exists()


def test_summary_refuses_a_report_that_bears_the_name_of_one_of_its_pages(tmp_path):
    _folder_of_reports(tmp_path)
    shutil.copy(REPORT, tmp_path / "in" / "x.p1.html")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    done = _run(tmp_path, "summary", "in", "-o", "in/x.html", "--page-size", "1")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"govaudit: 错误: {os.path.join('in', 'x.p1.html')}: 这份文件与汇总要写出的页面同名或在其目录中，不会覆盖它；请为 -o 换一个文件名\n"
    )
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["summary", "in", "-o", "x.html", "--config", "govaudit.toml", "--csv", "govaudit.toml"],
         "govaudit.toml: 输出文件（--csv）就是要读取的配置文件，拒绝覆盖输入"),
        (["summary", "in", "-o", "x.html", "--scoring", "model.toml", "--findings-csv", "model.toml"],
         "model.toml: 输出文件（--findings-csv）就是要读取的评分模型文件，拒绝覆盖输入"),
        (["extract", "in", "-o", "in/b.html"], "in/b.html: 输出文件（-o）就是要读取的报告，拒绝覆盖输入"),
        (["extract", "in/a.html", "--config", "govaudit.toml", "-o", "govaudit.toml"],
         "govaudit.toml: 输出文件（-o）就是要读取的配置文件，拒绝覆盖输入"),
        (["check", "in/a.html", "-o", "govaudit.toml"], "govaudit.toml: 输出文件（-o）就是要读取的配置文件，拒绝覆盖输入"),
        (["check", "in/a.html", "--previous", "in/b.html", "--write-baseline", "in/b.html"],
         "in/b.html: 输出文件（--write-baseline）就是要读取的报告，拒绝覆盖输入"),
        (["check", "in/a.html", "--baseline", "base.json", "--format", "json", "-o", "base.json"],
         "base.json: 输出文件（-o）就是要读取的基线文件，拒绝覆盖输入"),
    ],
)
def test_no_output_overwrites_any_file_read(tmp_path, args, message):
    """Reports found in folders, last year's, the configuration (named or
    found above the report), the scoring model and the baseline are inputs."""
    _folder_of_reports(tmp_path)
    (tmp_path / "govaudit.toml").write_text('select = ["GA2"]\n', encoding="utf-8")
    shutil.copy(ROOT / "rules" / "scoring" / "scoring.toml", tmp_path / "model.toml")
    (tmp_path / "base.json").write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    done = _run(tmp_path, *args)
    assert (done.returncode, done.stderr) == (2, f"govaudit: 错误: {message}\n")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_baseline_may_be_renewed_in_place(tmp_path):
    _folder_of_reports(tmp_path)
    _run(tmp_path, "check", "in/a.html", "--write-baseline", "base.json")
    done = _run(tmp_path, "check", "in/a.html", "--baseline", "base.json", "--write-baseline", "base.json")
    assert done.returncode == 0 and done.stderr.startswith("govaudit: 已将 ")


def test_summary_of_dot_paths(tmp_path, report):
    shutil.copy(LAST, tmp_path / "last.html")
    (tmp_path / "plain.md").write_text("# 笔记\n\n随便写写。\n", encoding="utf-8")
    done = _run(tmp_path, "summary", ".", "-o", "x.html")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已审核 2 份报告（跨年核对 1 份），1 个文件无法读取；已写入 x.html；各报告的标注页在 ")
    assert "govaudit: 无法读取: ./plain.md: " in done.stderr
    assert "内部错误" not in done.stderr


def _leftovers(out: Path, tmp: Path) -> list[str]:
    """What a signalled run left: the annotated pages' folder may stay (each
    page in it was written whole before the signal), nothing else."""
    pages = [p.name for p in out.glob("*.reports/*") if not p.name.endswith(".html")]
    return sorted([p.name for p in out.iterdir() if not p.name.endswith(".reports")] + pages + [p.name for p in tmp.iterdir()])


def _signal_while_writing(tmp_path, sig):
    """A summary run signalled the moment one of its outputs' temporary
    files appears: (its return code, stderr, output folder, temp folder)."""
    reports, out, tmp = tmp_path / "in", tmp_path / "out", tmp_path / "tmp"
    for folder in (reports, out, tmp):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    for i in range(40):
        shutil.copy(REPORT, reports / f"r{i}.html")
    proc = subprocess.Popen(
        _cmd("summary", "in", "-o", "out/x.html", "--xlsx", "out/x.xlsx", "-j", "2"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=_env(TMPDIR=str(tmp)),
    )
    caught = False
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".govaudit-") for p in out.iterdir()):
            proc.send_signal(sig)
            caught = True
            break
        time.sleep(0.002)
    _, err = proc.communicate(timeout=60)
    assert caught, "the run ended before its output was being written"
    return proc.returncode, err, out, tmp


@pytest.mark.parametrize("sig, code, said", [(signal.SIGTERM, 143, "govaudit: 已终止\n"), (signal.SIGINT, 130, "govaudit: 已中断\n")])
def test_a_signal_while_writing_leaves_no_partial_or_temporary_file(tmp_path, sig, code, said):
    """Signalled the moment the page's temporary file appears: neither it
    nor openpyxl's sheet files in the temp folder may remain."""
    for _ in range(3):
        returncode, err, out, tmp = _signal_while_writing(tmp_path, sig)
        if returncode != 0:
            break
        # The last file was finished between seeing its temporary file and the signal
        # (a busy machine): every output whole, none left over; try again to hit the write.
        assert (out / "x.html").exists() and (out / "x.xlsx").exists() and _leftovers(out, tmp) == ["x.html", "x.xlsx"]
    assert returncode == code
    assert err.endswith(said)
    assert _leftovers(out, tmp) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "X.html", "-o", "gone/found.txt"], "gone/found.txt: 无法写入：文件或目录不存在"),
        (["check", "X.html", "--config", "gone.toml"], "gone.toml: 配置文件不存在"),
        (["summary", "X.html", "-o", "x.html", "--scoring", "gone.toml"], "gone.toml: 评分模型无法读取：文件或目录不存在"),
    ],
)
def test_a_system_error_is_said_in_chinese(tmp_path, report, args, message):
    """strerror is English whatever the locale: `无法写入：No such file or directory` was a mixed message."""
    done = _run(tmp_path, *args)
    assert (done.returncode, done.stderr) == (2, f"govaudit: 错误: {message}\n")


def test_every_system_error_has_a_chinese_reason():
    import errno

    from govaudit.core.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_reason(OSError(errno.ESTALE, "Stale file handle")) == "系统错误 ESTALE"
    assert os_reason(OSError("no errno")) == "系统错误 OSError"

"""Every message in Chinese, click's own included; configuration errors name
file, key and line, with a "did you mean" (issue 14, item 8)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_govaudit

ROOT = Path(__file__).resolve().parent.parent
MD = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"


_run = run_govaudit


@pytest.fixture
def folder(tmp_path):
    shutil.copy(MD, tmp_path / "r.md")
    return tmp_path


@pytest.mark.parametrize(
    "args, said",
    [
        (["check", "--fail-on", "sometimes", "r.md"],
         "'--fail-on' 的值无效：'sometimes' 不是 'error', 'warning', 'info' 之一。（govaudit check -h 查看帮助）"),
        (["check", "--selec", "GA2", "r.md"],
         "没有选项 '--selec'。 （您是否想用其中之一：'--baseline', '--help', '--select'？）（govaudit check -h 查看帮助）"),
        (["check", "--zzz", "r.md"], "没有选项 '--zzz'。（govaudit check -h 查看帮助）"),
        (["check", "-j", "0", "r.md"], "'-j' / '--jobs' 的值无效：0 不在范围 x>=1 内。（govaudit check -h 查看帮助）"),
        (["chek", "r.md"], "没有命令 'chek'。 您是否想用 'check'？（govaudit -h 查看帮助）"),
        (["explain"], "缺少参数 'RULE_ID'.（govaudit explain -h 查看帮助）"),
        (["rules", "extra"], "多余的参数（extra）（govaudit rules -h 查看帮助）"),
    ],
)
def test_usage_errors_are_one_chinese_line_and_exit_2(folder, args, said):
    done = _run(folder, *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"govaudit: 错误: {said}\n"


def test_help_headings_are_chinese(folder):
    text = _run(folder, "check", "-h").stdout
    assert text.startswith("用法： govaudit check [OPTIONS] [FILES]...")
    assert "\n选项:\n" in text and "Options" not in text


def test_check_help_says_what_exit_0_means(folder):
    text = " ".join(_run(folder, "check", "-h").stdout.split())
    assert "退出码：0 没有达到 --fail-on 级别（默认 error）的问题；1 有；2 有文件无法读取，或参数、配置有误。" in text


@pytest.mark.parametrize(
    "body, said",
    [
        ('[tool.govaudit]\nselect = ["GA2"]\n',
         "govaudit.toml:1: 未知的配置项 “tool”：govaudit.toml 中直接写配置项（如 select = [\"GA2\"]），[tool.govaudit] 是 pyproject.toml 的写法"),
        ('# 本地配置\nselec = ["GA2"]\n', "govaudit.toml:2: 未知的配置项 “selec”（您是否想写 “select”？）"),
        ('select = ["GA2"]\nfail-on = "warnng"\n', "govaudit.toml:2: fail-on 应为 info/warning/error，实为 “warnng”（您是否想写 “warning”？）"),
        ('select = ["GA2"]\n\n[severity]\nGA201 = "eror"\n',
         "govaudit.toml:4: severity.GA201 应为 info/warning/error，实为 “eror”（您是否想写 “error”？）"),
        ('[limits]\ntimeout_second = 3\n', "govaudit.toml:2: 未知的 limits 项 “timeout_second”（您是否想写 “timeout_seconds”？）"),
        ('[limits]\nmax_tables = -1\n', "govaudit.toml:2: limits.max_tables 应为正数，实为 -1"),
        ('select = "GA2"\n', "govaudit.toml:1: select 应为字符串列表"),
        ('min-confidence = "X"\n', "govaudit.toml:1: min-confidence 应为 V/R/H（V 格式或条例明文规定，R 据实践归纳，H 经验规则），实为 “X”"),
    ],
)
def test_configuration_errors_name_file_key_and_line(folder, body, said):
    (folder / "govaudit.toml").write_text(body, encoding="utf-8")
    done = _run(folder, "check", "r.md")
    assert done.returncode == 2
    assert done.stderr == f"govaudit: 错误: {folder.resolve() / said}\n"


def test_pyproject_errors_have_their_line_too(folder):
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.govaudit]\nfail-on = "x"\n', encoding="utf-8")
    done = _run(folder, "check", "r.md")
    assert done.returncode == 2
    assert done.stderr == f"govaudit: 错误: {folder.resolve() / 'pyproject.toml'}:5: fail-on 应为 info/warning/error，实为 “x”\n"


def test_a_report_the_system_refuses_to_read_is_said_in_chinese(folder):
    # r.md/x.md: a path through a file, which the system refuses (ENOTDIR) whoever runs the test.
    proc = _run(folder, "check", "r.md/x.md")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == "govaudit: 错误: r.md/x.md: 无法读取：路径中有一项不是目录"

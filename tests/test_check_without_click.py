"""`govaudit check PATH…` (no option: how pre-commit calls it) runs without
importing click, and behaves exactly as the same call parsed by click."""

import subprocess
import sys

import pytest

from govaudit.cli.check_run import DEFAULTS
from govaudit.cli.console import plain_files
from tests.conftest import ROOT, run_govaudit

EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"


def test_defaults_are_what_click_gives_when_no_option_is_given():
    from govaudit.cli.app import cli

    command = cli.commands["check"]
    parsed = command.make_context("check", ["report.html"]).params
    del parsed["files"], parsed["show_settings"]  # the files are given; --show-settings is click's path only
    assert parsed == DEFAULTS


@pytest.mark.parametrize(("argv", "files"), [
    (["check", "a.html"], ["a.html"]),
    (["check", "a.html", "reports/", "-"], ["a.html", "reports/", "-"]),
    (["check"], None),  # click says what is missing
    (["check", "-h"], None),
    (["check", "a.html", "--output-format", "json"], None),
    (["check", "--", "-odd.html"], None),
    (["check", "-odd.html"], None),  # looks like an option: click's error, as before
    (["summary", "a.html"], None),
    (["rules"], None),
    ([], None),
])
def test_which_calls_run_without_click(argv, files):
    assert plain_files(argv) == files


def test_on_windows_click_expands_the_wildcards(monkeypatch):
    import govaudit.cli.console as console

    monkeypatch.setattr(console.os, "name", "nt")
    assert plain_files(["check", "*.html"]) is None


PROBE = """
import sys
from govaudit.cli.console import main
sys.argv = ["govaudit", *sys.argv[1:]]
try:
    main()
finally:
    sys.stderr.write("click loaded: %s\\n" % ("click" in sys.modules))
"""


def _run(tmp_path, *args):
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path)


def test_plain_check_loads_no_click_and_says_what_the_click_path_says(tmp_path):
    plain = _run(tmp_path, "check", str(EXAMPLE))
    parsed = _run(tmp_path, "check", "--output-format", "full", str(EXAMPLE))
    assert plain.stderr.splitlines()[-1] == "click loaded: False"
    assert parsed.stderr.splitlines()[-1] == "click loaded: True"
    assert plain.returncode == parsed.returncode == 1  # the example's deliberate errors
    assert plain.stdout == parsed.stdout
    assert "发现 5 个错误、1 个警告（1 个文件）" in plain.stdout


def test_plain_check_errors_are_one_line_and_exit_2(tmp_path):
    missing = tmp_path / "无此报告.html"
    plain = _run(tmp_path, "check", str(missing))
    parsed = _run(tmp_path, "check", "--no-chain", str(missing))
    assert plain.returncode == parsed.returncode == 2
    assert plain.stderr.splitlines()[:-1] == parsed.stderr.splitlines()[:-1]
    assert plain.stderr.splitlines()[0].startswith("govaudit: 错误: ")
    assert "Traceback" not in plain.stderr
    empty = tmp_path / "空目录"
    empty.mkdir()
    result = run_govaudit(tmp_path, "check", str(empty))
    assert result.returncode == 2 and result.stderr.startswith("govaudit: 错误: ") and "目录中没有报告文件" in result.stderr

"""The options linter users bring from ruff and Vale (issue 14, item 7)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MD = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"

# The example's findings (examples/README.md): five errors and one warning.
CONCISE = [
    "r.md:7:1: GA701 [error] 统计期限“统计期限为2023年1月1日至2023年12月31日”与报告年度2024年不符，应为2024年1月1日至2024年12月31日",
    "r.md:11:151: GA501 [warning] 第一部分称“因政府信息公开工作被申请行政复议3件”，但表格中 行政复议 = 5",
    "r.md:59:60: GA201 [error] 表三“自然人”列：新收126 + 上年结转4 = 130，不等于 办结125 + 结转下年3 = 128（相差2）",
    "r.md:59:87: GA201 [error] 表三“总计”列：新收155 + 上年结转6 = 161，不等于 办结154 + 结转下年4 = 158（相差3）",
    "r.md:60:84: GA203 [error] 表三“上年结转”行：总计6，不等于 自然人4 + 商业企业1 + 科研机构0 + 社会公益组织0 + 法律服务机构0 + 其他法人或组织0 = 5（相差1）",
    "r.md:91:19: GA301 [error] 表四“行政复议”：总计5，不等于 结果维持2 + 结果纠正1 + 其他结果0 + 尚未审结1 = 4（相差1）",
]
TOTAL = "发现 5 个错误、1 个警告（1 个文件）"


def _run(cwd, *args, stdin=None, **env):
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    environ.pop("NO_COLOR", None) if "NO_COLOR" not in env else None
    return subprocess.run([sys.executable, "-m", "govaudit", *args], capture_output=True, text=True, cwd=cwd,
                          env=environ, input=stdin)


@pytest.fixture
def folder(tmp_path):
    shutil.copy(MD, tmp_path / "r.md")
    return tmp_path


def test_concise_is_one_line_per_finding_and_the_total(folder):
    done = _run(folder, "check", "--output-format", "concise", "r.md")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [*CONCISE, TOTAL]


def test_quiet_prints_the_findings_and_nothing_else(folder):
    done = _run(folder, "check", "-q", "--output-format", "concise", "r.md")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.splitlines() == CONCISE
    full = _run(folder, "check", "--quiet", "r.md")
    assert TOTAL not in full.stdout and CONCISE[0] in full.stdout


def test_format_is_kept_as_an_alias_and_text_as_full(folder):
    a = _run(folder, "check", "--format", "text", "r.md").stdout
    b = _run(folder, "check", "--output-format", "full", "r.md").stdout
    assert a == b and a.startswith(CONCISE[0] + "\n  |\n7 | 本报告依据")


def test_statistics_counts_per_rule(folder):
    done = _run(folder, "check", "--statistics", "r.md")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "    2  GA201  [错误] t3-balance",
        "    1  GA203  [错误] t3-row-total",
        "    1  GA301  [错误] t4-group-total",
        "    1  GA501  [警告] text-vs-table",
        "    1  GA701  [错误] stats-period-year",
        TOTAL,
    ]


def test_min_severity_filters_what_is_shown_and_counted(folder):
    done = _run(folder, "check", "-q", "--output-format", "concise", "--min-severity", "error", "r.md")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [line for line in CONCISE if "[error]" in line]
    warnings_only = _run(folder, "check", "--select", "GA501", "--fail-on", "warning", "--min-severity", "error", "r.md")
    assert warnings_only.returncode == 0  # the warning is not shown, so it does not fail the run
    assert warnings_only.stdout == "未发现问题（1 个文件）\n"


def test_json_lines(folder):
    done = _run(folder, "check", "--output-format", "json-lines", "r.md")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["rule"], r["line"], r["column"]) for r in rows] == [
        ("GA701", 7, 1), ("GA501", 11, 151), ("GA201", 59, 60), ("GA201", 59, 87), ("GA203", 60, 84), ("GA301", 91, 19),
    ]


def test_gitlab_code_quality(folder):
    done = _run(folder, "check", "--output-format", "gitlab", "r.md")
    issues = json.loads(done.stdout)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues][:2] == [
        ("GA701", "major", {"path": "r.md", "lines": {"begin": 7}}),
        ("GA501", "minor", {"path": "r.md", "lines": {"begin": 11}}),
    ]
    assert len({i["fingerprint"] for i in issues}) == 6  # each finding its own
    assert issues[0]["description"].startswith("GA701 统计期限")


def test_junit(folder):
    (folder / "empty.md").write_bytes(b"")
    done = _run(folder, "check", "--output-format", "junit", "r.md", "empty.md")
    assert done.returncode == 2
    root = ET.fromstring(done.stdout)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "6", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["r.md", "empty.md"]
    first = suites[0].find("testcase")
    assert first.get("name") == "GA701 r.md:7:1"
    assert first.find("failure").get("type") == "error"
    assert suites[1].find("testcase/error").get("message") == "文件为空"


def test_colour_only_when_asked_and_allowed(folder):
    from govaudit.api import audit
    from govaudit.output.text import render_text

    plain = render_text([audit(folder / "r.md")], show_source=False)
    coloured = render_text([audit(folder / "r.md")], show_source=False, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31m[error]\x1b[0m" in coloured and "\x1b[1;33m[warning]\x1b[0m" in coloured
    # Through a pipe there is no terminal: never colour.
    assert "\x1b[" not in _run(folder, "check", "r.md").stdout


def test_colour_on_a_terminal_and_its_switches(folder):
    pty = pytest.importorskip("pty")

    def on_terminal(*args, **env):
        environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        if "NO_COLOR" not in env:
            environ.pop("NO_COLOR", None)
        out = bytearray()
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(folder)
            os.execve(sys.executable, [sys.executable, "-m", "govaudit", *args], environ)
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        return out.decode("utf-8", "replace")

    assert "\x1b[1;31m[error]" in on_terminal("check", "--no-source", "r.md")
    assert "\x1b[1;31m" not in on_terminal("check", "--no-source", "--no-color", "r.md")
    assert "\x1b[1;31m" not in on_terminal("check", "--no-source", "r.md", NO_COLOR="1")


def test_standard_input_with_a_file_name(folder):
    done = _run(folder, "check", "-", "--stdin-filename", "r.md", "--output-format", "concise", stdin=MD.read_text(encoding="utf-8"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [*CONCISE, TOTAL]
    html = (ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html").read_text(encoding="utf-8")
    as_html = _run(folder, "check", "-", "--stdin-filename", "page.html", "--select", "GA701", "-q", "--output-format", "concise", stdin=html)
    assert as_html.stdout.startswith("page.html:27:4: GA701 [error]")


def test_standard_input_misuse(folder):
    both = _run(folder, "check", "-", "r.md")
    assert (both.returncode, both.stderr) == (2, "govaudit: 错误: - （标准输入）不能与其他文件一起检查\n")
    name_alone = _run(folder, "check", "--stdin-filename", "x.md", "r.md")
    assert (name_alone.returncode, name_alone.stderr) == (2, "govaudit: 错误: --stdin-filename 只在文件参数为 -（标准输入）时使用\n")
    empty = _run(folder, "check", "-", stdin="")
    assert (empty.returncode, empty.stderr.splitlines()[0]) == (2, "govaudit: 错误: <stdin>: 文件为空")


def test_rules_json_marks_what_runs(folder):
    listed = json.loads(_run(folder, "rules", "--format", "json").stdout)
    by_id = {r["id"]: r for r in listed}
    assert by_id["GA201"]["enabled"] is True and by_id["GA201"]["name"] == "t3-balance"
    assert any(r["enabled"] is False for r in listed)  # rules below the default confidence
    (folder / "govaudit.toml").write_text('select = ["GA2"]\n', encoding="utf-8")
    listed = json.loads(_run(folder, "rules", "--format", "json").stdout)
    assert sorted(r["id"] for r in listed if r["enabled"]) == ["GA201", "GA202", "GA203", "GA204", "GA205", "GA290", "GA291"]


def test_configuration_is_found_from_each_reports_folder(folder):
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "sub" / "govaudit.toml").write_text('select = ["GA2"]\n', encoding="utf-8")
    shutil.copy(MD, folder / "sub" / "deeper" / "r.md")
    done = _run(folder, "check", "-q", "--output-format", "concise", "r.md", "sub/deeper/r.md")
    sub = [line for line in done.stdout.splitlines() if line.startswith("sub/")]
    assert [line.split()[1] for line in sub] == ["GA201", "GA201", "GA203"]  # the folder's own select
    assert len(done.stdout.splitlines()) == 6 + 3  # the top report: every default rule
    explicit = _run(folder, "check", "-q", "--output-format", "concise", "--config", "sub/govaudit.toml", "r.md")
    assert [line.split()[1] for line in explicit.stdout.splitlines()] == ["GA201", "GA201", "GA203"]


def test_show_settings(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "govaudit.toml").write_text('select = ["GA2"]\nfail-on = "warning"\n', encoding="utf-8")
    done = _run(folder, "check", "--show-settings", "sub/x.md")
    assert done.returncode == 0
    settings = json.loads(done.stdout)
    assert settings["config_file"] == str((folder / "sub" / "govaudit.toml").resolve())
    assert (settings["select"], settings["fail_on"]) == (["GA2"], "warning")
    assert settings["rules_enabled"] == ["GA201", "GA202", "GA203", "GA204", "GA205", "GA290", "GA291"]
    top = json.loads(_run(folder, "check", "--show-settings", "r.md", "--select", "GA701").stdout)
    assert top["config_file"] is None and top["rules_enabled"] == ["GA701"]


def test_no_report_is_a_usage_error(folder):
    done = _run(folder, "check")
    assert (done.returncode, done.stderr) == (2, "govaudit: 错误: 缺少要检查的报告（文件、目录，或 - 表示标准输入）\n")


def test_each_folder_is_looked_up_once_however_many_reports_it_holds(folder, monkeypatch):
    import govaudit.lint.config as config
    from govaudit.cli.app import group_keys

    (folder / "sub").mkdir()
    (folder / "sub" / "govaudit.toml").write_text('select = ["GA2"]\n', encoding="utf-8")
    looked_up = []
    find = config.find_config
    monkeypatch.setattr(config, "find_config", lambda start: looked_up.append(start) or find(start))
    monkeypatch.chdir(folder)
    paths = [str(folder / f"{i}.md") for i in range(3)] + [str(folder / "sub" / f"{i}.md") for i in range(3)]
    keys = group_keys(paths, None)
    assert [keys[p] for p in paths] == [""] * 3 + [str((folder / "sub" / "govaudit.toml").resolve())] * 3
    # the top folder has none, so the current folder is asked too (once), then the sub-folder (once)
    assert looked_up == [str(folder), os.getcwd(), str(folder / "sub")]
    # folders without one of their own: the current folder's answer is asked for once in all
    looked_up.clear()
    others = [str(folder / name / "r.md") for name in ("a", "b", "c")]
    keys = group_keys(others, None)
    assert [keys[p] for p in others] == [""] * 3
    assert looked_up == [str(folder / "a"), os.getcwd(), str(folder / "b"), str(folder / "c")]

"""Paths are paths: report text reaches the library through audit_text /
extract_text (bytes through audit_bytes / extract_bytes), never guessed from
a line break; file names printed to a terminal cannot drive it (issue 14, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import govaudit
from govaudit.core.errors import InputError
from govaudit.core.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MD = EXAMPLES / "示例县2024年政府信息公开工作年度报告.md"
HTML = EXAMPLES / "示例县2024年政府信息公开工作年度报告.html"
LAST = EXAMPLES / "示例县2023年政府信息公开工作年度报告.html"


def _shape(result):
    return [(f.rule, f.severity, f.message, f.location.line) for f in result.findings]


def test_audit_text_reads_the_text_as_the_file_would_be_read():
    from_file = govaudit.audit(MD)
    from_text = govaudit.audit_text(MD.read_text(encoding="utf-8"), name="示例县.md")
    assert from_text.path == "示例县.md"
    assert {f.location.path for f in from_text.findings} == {"示例县.md"}
    assert _shape(from_text) == _shape(from_file)
    assert _shape(from_text)  # the example has findings: the comparison is not of two empty lists


def test_audit_text_default_name_and_previous_as_extraction():
    text = MD.read_text(encoding="utf-8")
    last = govaudit.extract(LAST)
    result = govaudit.audit_text(text, previous=last)
    assert result.path == "<text>"
    with_path = govaudit.audit(MD, previous=LAST)
    assert _shape(result) == _shape(with_path)
    assert "GA502" in {f.rule for f in result.findings}  # the cross-year check ran


def test_extract_text_and_bytes_give_the_file_facts():
    want = [(f.key, f.value) for f in govaudit.extract(MD).facts]
    assert [(f.key, f.value) for f in govaudit.extract_text(MD.read_text(encoding="utf-8")).facts] == want
    assert [(f.key, f.value) for f in govaudit.extract_bytes(MD.read_bytes(), "a.md").facts] == want
    html = [(f.key, f.value) for f in govaudit.extract(HTML).facts]
    assert [(f.key, f.value) for f in govaudit.extract_bytes(HTML.read_bytes(), "报告.HTML").facts] == html


def test_audit_bytes_takes_the_format_from_the_name():
    result = govaudit.audit_bytes(HTML.read_bytes(), "上传/报告.html")
    assert result.path == "上传/报告.html"
    assert result.extraction.document.format == "html"
    assert _shape(result) == [(r, s, m, line) for r, s, m, line in _shape(govaudit.audit(HTML))]


def test_bytes_without_a_known_extension_are_refused():
    with pytest.raises(InputError) as caught:
        govaudit.extract_bytes(b"abc", "upload.bin")
    assert str(caught.value).startswith("upload.bin: 无法从文件名判断格式（支持 .txt")
    assert caught.value.problem.endswith("请用 fmt= 指定")
    assert govaudit.extract_bytes(MD.read_bytes(), "upload.bin", fmt="md").facts


def test_bytes_and_text_keep_the_file_size_limit():
    with pytest.raises(InputError) as caught:
        govaudit.audit_text("# 标题\n\n正文" * 10, name="大.md", limits=Limits(max_file_bytes=50))
    assert caught.value.path == "大.md"
    assert caught.value.problem.startswith("文件过大（")
    assert caught.value.problem.endswith("字节，上限 max_file_bytes = 50）")


def test_a_path_with_a_line_break_is_a_path():
    with pytest.raises(InputError) as caught:
        govaudit.audit("一、总体情况\n二、主动公开")
    assert caught.value.path == "一、总体情况\n二、主动公开"
    assert caught.value.problem == "文件不存在"
    with pytest.raises(InputError):
        govaudit.extract("line\nbreak.md")


def test_text_and_bytes_are_not_paths():
    with pytest.raises(TypeError):
        govaudit.audit(b"report.md")
    with pytest.raises(TypeError):
        govaudit.extract_text(b"# bytes")


def test_exported():
    assert {"audit", "audit_text", "audit_bytes", "extract", "extract_text", "extract_bytes"} <= set(govaudit.__all__)


def _run(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "govaudit", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_error_lines_show_a_hostile_file_name_escaped(tmp_path):
    name = "a\nb\x1b[31mred.md"
    done = _run("check", name, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "govaudit: 错误: a\\x0ab\\x1b[31mred.md: 文件不存在\n"


def test_an_unreadable_file_among_others_is_said_on_one_line(tmp_path):
    bad = tmp_path / "x\x1b]0;title\x07.md"
    bad.write_bytes(b"")
    done = _run("check", str(MD), bad.name, cwd=tmp_path)
    assert done.returncode == 2
    assert "govaudit: 错误: x\\x1b]0;title\\x07.md: 文件为空\n" in done.stderr
    assert "\x1b]" not in done.stderr and "\x07" not in done.stderr


def test_findings_of_a_file_named_with_a_line_break_stay_one_line(tmp_path):
    odd = tmp_path / "报告\n第二行.md"
    odd.write_bytes(MD.read_bytes())
    done = _run("check", "--no-source", odd.name, cwd=tmp_path)
    assert done.returncode == 1
    finding_lines = [line for line in done.stdout.splitlines() if ": GA" in line]
    assert finding_lines and all(line.startswith("报告\\x0a第二行.md:") for line in finding_lines)

"""Baselines: `--write-baseline` records today's findings, `--baseline` hides
them, matched by fingerprints that survive unrelated edits."""

import json
import shutil
import subprocess
import sys

import pytest

from govaudit.api import audit
from govaudit.lint.baseline import fingerprints, normalise_message
from govaudit.core.findings import Finding
from govaudit.core.model import Location
from tests.conftest import ROOT

EXAMPLE_MD = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "govaudit", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def insert_paragraph(text: str, before: str = "## 二") -> str:
    lines = text.splitlines()
    at = next(i for i, l in enumerate(lines) if l.startswith(before))
    return "\n".join(lines[:at] + ["本段为新增的说明文字，与任何问题无关。", ""] + lines[at:]) + "\n"


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "报告.md"
    shutil.copy(EXAMPLE_MD, path)
    return path


def test_write_then_use_baseline(tmp_path, report):
    proc = run("check", "--write-baseline", "baseline.json", report.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["findings"]
    assert len(entries) == len(audit(report).findings) >= 5
    assert set(entries[0]) == {"path", "rule", "fingerprint", "message"}
    assert {e["path"] for e in entries} == {"报告.md"}

    assert run("check", report.name, cwd=tmp_path).returncode == 1
    proc = run("check", "--baseline", "baseline.json", report.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "未发现问题" in proc.stdout
    assert f"基线中已有的 {len(entries)} 个问题未显示" in proc.stderr


def test_baseline_survives_an_inserted_paragraph(tmp_path, report):
    before = audit(report)
    assert run("check", "--write-baseline", "baseline.json", report.name, cwd=tmp_path).returncode == 0
    report.write_text(insert_paragraph(report.read_text(encoding="utf-8")), encoding="utf-8")
    after = audit(report)
    ga201_before = next(f for f in before.findings if f.rule == "GA201")
    ga201_after = next(f for f in after.findings if f.rule == "GA201")
    assert ga201_after.location.line == ga201_before.location.line + 2  # it moved
    assert fingerprints(after.findings) == fingerprints(before.findings)  # its fingerprint did not
    for fmt in ("text", "json", "sarif", "github"):
        proc = run("check", "--format", fmt, "--baseline", "baseline.json", report.name, cwd=tmp_path)
        assert proc.returncode == 0, (fmt, proc.stdout)
        if fmt == "sarif":
            assert json.loads(proc.stdout)["runs"][0]["results"] == []
        else:
            assert "GA201" not in proc.stdout


def test_new_finding_is_reported(tmp_path, report):
    assert run("check", "--write-baseline", "baseline.json", report.name, cwd=tmp_path).returncode == 0
    # A new mistake: 表三 自然人 新收 changed, so its column and row no longer add up.
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("| 126 | 18 |", "| 127 | 18 |"), encoding="utf-8")
    proc = run("check", "--format", "json", "--baseline", "baseline.json", report.name, cwd=tmp_path)
    assert proc.returncode == 1
    new = json.loads(proc.stdout)
    assert sorted(f["rule"] for f in new) == ["GA201", "GA203"]
    assert all("127" in f["message"] for f in new)


def test_identical_findings_are_counted():
    loc = Location("r.md", line=1)
    a = Finding("GA604", "fee-not-stated", "warning", "第六部分未说明", loc)
    b = Finding("GA604", "fee-not-stated", "warning", "第六部分未说明", Location("r.md", line=9))
    fa, fb = fingerprints([a, b])
    assert fa.split(":")[0] == fb.split(":")[0] and fa != fb


def test_positions_are_stripped_from_messages():
    assert normalise_message("表三第12行的标签无法识别") == normalise_message("表三第14行的标签无法识别")
    assert normalise_message("见 line 3 与 4:5") == normalise_message("见 line 9 与 10:2")
    assert normalise_message("新收126") != normalise_message("新收127")


@pytest.mark.parametrize("content,problem", [(None, "基线文件不存在"), ("{", "不是有效的 JSON"), ('{"findings": 1}', "基线文件格式不对")])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_bad_baseline_is_exit_2(tmp_path, report, content, problem, fmt):
    if content is not None:
        (tmp_path / "baseline.json").write_text(content, encoding="utf-8")
    proc = run("check", "--format", fmt, "--baseline", "baseline.json", "--exit-zero", report.name, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert problem in proc.stderr and "Traceback" not in proc.stderr


def test_write_baseline_refuses_when_a_file_cannot_be_read(tmp_path, report):
    proc = run("check", "--write-baseline", "baseline.json", report.name, "缺失.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert not (tmp_path / "baseline.json").exists()

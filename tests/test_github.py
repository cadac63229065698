"""`--format github`: workflow commands, escaped as GitHub's runner expects."""

import subprocess
import sys

from govaudit.core.findings import Finding
from govaudit.core.model import Location
from govaudit.output.github import escape_data, escape_property, github_command, render_github
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"


def finding(message="问题", severity="error", **loc):
    location = Location(loc.pop("path", "reports/报告.html"), **loc)
    return Finding("GA201", "t3-balance", severity, message, location)


def test_escaping_rules():
    assert escape_data("100% 完成\r\n下一行") == "100%25 完成%0D%0A下一行"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    # Other control characters never reach the log (an ESC could restyle it).
    assert "\x1b" not in escape_data("x\x1b[31my")


def test_command_shape_and_levels():
    line = github_command(finding(line=66, column=42))
    assert line == "::error file=reports/报告.html,line=66,col=42,title=GA201 t3-balance::问题"
    full = github_command(finding(line=3, column=2, end_line=3, end_column=9, severity="warning"))
    assert full.startswith("::warning file=reports/报告.html,line=3,col=2,endLine=3,endColumn=9,title=")
    assert github_command(finding(line=1, severity="info")).startswith("::notice ")


def test_message_cannot_inject_a_command():
    line = github_command(finding("正常\n::error file=x.html::伪造的问题", line=5))
    assert "\n" not in line
    assert line.endswith("::正常%0A::error file=x.html::伪造的问题")
    assert line.count("\n") == 0


def test_properties_escaped():
    line = github_command(finding(path="a,b:c.html", line=1))
    assert "file=a%2Cb%3Ac.html," in line


def test_docx_location_goes_into_the_message():
    line = github_command(finding(path="报告.docx", table=3, row=5, col=2))
    assert line == "::error file=报告.docx,title=GA201 t3-balance::[表3[5,2]] 问题"
    assert "line=" not in line


def test_render_one_line_per_finding():
    text = render_github([finding(line=1), finding(line=2, severity="warning")])
    assert text.count("\n") == 2 and text.endswith("\n")


def test_cli_github_output():
    proc = subprocess.run(
        [sys.executable, "-m", "govaudit", "check", "--format", "github", str(EXAMPLE.relative_to(ROOT))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 6
    assert all(l.startswith(("::error file=examples/", "::warning file=examples/")) for l in lines)
    assert "::error file=examples/示例县2024年政府信息公开工作年度报告.html,line=66,col=42,title=GA201 t3-balance::表三“自然人”列" in proc.stdout

"""The pre-commit hook definition, run as pre-commit would run it, and the
exit codes it relies on: 0 clean, 1 findings, 2 unusable input or
configuration, whatever the output format."""

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"
EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"
CLEAN = ROOT / "examples" / "示例县2023年政府信息公开工作年度报告.html"
FORMATS = ["text", "json", "sarif", "github"]


def parse_hooks(text: str) -> list[dict]:
    """The flat `- key: value` list this file uses (no PyYAML needed)."""
    hooks: list[dict] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith("- "):
            hooks.append({})
            raw = "  " + raw[2:]
        key, _, value = raw.strip().partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        hooks[-1][key] = value
    return hooks


def hook() -> dict:
    hooks = parse_hooks(HOOKS.read_text(encoding="utf-8"))
    try:
        import yaml
    except ImportError:
        pass
    else:  # the simple reading agrees with a real YAML parser
        real = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
        assert [{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in h.items()} for h in real] == hooks
    (only,) = [h for h in hooks if h["id"] == "govaudit"]
    return only


def run_entry(*files, extra=(), cwd=ROOT):
    # pre-commit runs `entry` + args + the staged file names; the console
    # script `govaudit` is `python -m govaudit` here, installed or not.
    argv = shlex.split(hook()["entry"])
    assert argv[0] == "govaudit"
    cmd = [sys.executable, "-m", "govaudit", *argv[1:], *extra, *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_hook_definition():
    h = hook()
    assert h["entry"] == "govaudit check"
    assert h["language"] == "python"
    files = re.compile(h["files"])
    for name in ("报告.html", "a/b.htm", "报告.docx", "报告.pdf", "报告.md", "报告.txt"):
        assert files.search(name), name
    for name in ("setup.py", "pyproject.toml", "报告.doc", "x.html.bak", "page.xhtml5"):
        assert not files.search(name), name


def test_hook_entry_exit_codes(tmp_path):
    assert run_entry(CLEAN).returncode == 0
    failing = run_entry(CLEAN, EXAMPLE)
    assert failing.returncode == 1
    assert "GA201" in failing.stdout
    missing = run_entry(tmp_path / "缺失.html")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_hook_honours_the_repository_config(tmp_path):
    # pre-commit runs at the repository root: its pyproject.toml applies.
    (tmp_path / "pyproject.toml").write_text('[tool.govaudit]\nignore = ["GA2", "GA3", "GA5", "GA6", "GA7"]\n', encoding="utf-8")
    assert run_entry(EXAMPLE, cwd=tmp_path).returncode == 0


BROKEN = {
    "config-syntax": ("govaudit.toml", "select = [\n", "TOML 语法错误"),
    "config-key": ("govaudit.toml", 'selec = ["GA2"]\n', "未知的配置项"),
    "config-value": ("govaudit.toml", 'fail-on = "sometimes"\n', "fail-on 应为"),
    "rule-file": ("govaudit.toml", 'rules = ["bad.toml"]\n', "未知的规则类型"),
    "rule-file-missing": ("govaudit.toml", 'rules = ["absent.toml"]\n', "规则文件无法读取"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_config_errors_exit_2_in_every_format(tmp_path, case, fmt):
    name, content, message = BROKEN[case]
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "bad.toml").write_text(
        '[[rule]]\nid = "XY101"\nname = "x"\nkind = "nonsense"\nseverity = "info"\nsummary = "s"\n'
        'message = "m"\nexplanation = "e"\nlegal_basis = "b"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.txt"
    for extra in ((), ("--exit-zero",), ("-o", str(out))):
        proc = run_entry(EXAMPLE, extra=("--format", fmt, *extra), cwd=tmp_path)
        assert proc.returncode == 2, (case, fmt, extra, proc.stdout[:200])
        assert proc.stdout == ""  # no half report: not an empty SARIF log, not `[]`
        assert message in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
        assert not out.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_explicit_config_path_errors_exit_2(tmp_path, fmt):
    proc = run_entry(EXAMPLE, extra=("--format", fmt, "--config", str(tmp_path / "absent.toml")))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "配置文件不存在" in proc.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_unreadable_report_exit_2_but_output_for_the_rest(tmp_path, fmt):
    proc = run_entry(EXAMPLE, tmp_path / "缺失.html", extra=("--format", fmt))
    assert proc.returncode == 2
    assert "缺失.html" in proc.stderr
    assert "GA201" in proc.stdout  # the readable report is still reported

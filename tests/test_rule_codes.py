"""Unknown rule codes are errors, never a check silently switched off
(issue 14, item 1): options, configuration select/ignore, severity table,
per-file ignores, the library's Config, suppression comments. Each gives
exit 2 (or a ConfigError in the library) with the nearest known codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govaudit.api import audit, audit_text
from govaudit.core.errors import ConfigError, InputError
from govaudit.lint.config import Config
from tests.conftest import ROOT

REPORT = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.md"
HINT = "；govaudit rules 列出全部规则）"


def check(*args, cwd=ROOT):
    proc = subprocess.run(
        [sys.executable, "-m", "govaudit", "check", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize(
    "option, code, nearest",
    [
        ("--select", "GA999", "GA901、GA902、GA903"),
        ("--select", "GAX", "GA1、GA2、GA3"),
        ("--ignore", "GA5O1", "GA501、GA502、GA503"),
        ("--select", "t3-balanse", "t3-balance"),  # quoted back as typed
    ],
)
def test_unknown_code_in_an_option_is_exit_2_with_the_nearest(option, code, nearest):
    rc, out, err = check(option, code, REPORT)
    assert rc == 2 and out == ""
    assert err.startswith(f"govaudit: 错误: 命令行: {option} 中的 “{code}” 不是已知的规则编号、前缀或规则名（最接近的：{nearest}")
    assert err.endswith(HINT + "\n")


def test_a_code_like_nothing_known_says_what_codes_look_like():
    rc, out, err = check("--select", "XYZ", REPORT)
    assert (rc, out) == (2, "")
    assert err == (
        "govaudit: 错误: 命令行: --select 中的 “XYZ” 不是已知的规则编号、前缀或规则名"
        "（规则编号形如 GA201，前缀如 GA1、GA2、GA3、GA4、GA5、GA6、GA7、GA9；govaudit rules 列出全部规则）\n"
    )


def test_a_rule_name_selects_its_rule():
    rc, out, err = check("--select", "t3-balance", "--format", "json", REPORT)
    import json

    assert rc == 1, err
    assert {f["rule"] for f in json.loads(out)} == {"GA201"}


def test_a_mistyped_select_in_the_configuration_names_file_and_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.govaudit]\nselect = ["GA20l"]\n', encoding="utf-8")
    rc, out, err = check(REPORT, cwd=tmp_path)
    assert (rc, out) == (2, "")
    assert err == (
        f"govaudit: 错误: {tmp_path / 'pyproject.toml'}:5: select 中的 “GA20l” 不是已知的规则编号、前缀或规则名"
        "（最接近的：GA201、GA202、GA203；govaudit rules 列出全部规则）\n"
    )


def test_a_mistyped_code_in_the_severity_table(tmp_path):
    (tmp_path / "govaudit.toml").write_text('ignore = ["GA6"]\n\n[severity]\nGA5O1 = "error"\n', encoding="utf-8")
    rc, _, err = check(REPORT, cwd=tmp_path)
    assert rc == 2
    assert err.startswith(f"govaudit: 错误: {tmp_path / 'govaudit.toml'}:4: severity 中的 “GA5O1” 不是已知的规则编号、前缀或规则名（最接近的：GA501")


def test_the_severity_table_needs_whole_ids(tmp_path):
    (tmp_path / "govaudit.toml").write_text('[severity]\nGA5 = "error"\n', encoding="utf-8")
    rc, _, err = check(REPORT, cwd=tmp_path)
    assert rc == 2
    assert err == f"govaudit: 错误: {tmp_path / 'govaudit.toml'}:2: severity 中的 “GA5” 是规则编号的前缀，这里需要完整的规则编号或规则名（如 GA501、GA502、GA503）\n"


def test_unknown_codes_in_per_file_ignores(tmp_path):
    (tmp_path / "govaudit.toml").write_text('[per-file-ignores]\n"*.md" = ["GA7", "GA77"]\n', encoding="utf-8")
    rc, _, err = check(REPORT, cwd=tmp_path)
    assert rc == 2
    assert err.startswith(f"govaudit: 错误: {tmp_path / 'govaudit.toml'}:2: per-file-ignores.“*.md” 中的 “GA77” 不是已知的规则编号、前缀或规则名（最接近的：GA7")


def test_the_library_refuses_an_unknown_code_in_config():
    with pytest.raises(ConfigError) as info:
        audit(REPORT, config=Config(select=["GAX"]))
    assert str(info.value) == "Config: select 中的 “GAX” 不是已知的规则编号、前缀或规则名（最接近的：GA1、GA2、GA3；govaudit rules 列出全部规则）"


def test_the_library_resolves_names_and_case_and_leaves_the_config_alone():
    config = Config(select=["t3-balance", "ga9"], severity={"t3-balance": "warning"})
    result = audit(REPORT, config=config)
    assert {f.rule for f in result.findings} == {"GA201"}
    assert {f.severity for f in result.findings} == {"warning"}
    assert config.select == ["t3-balance", "ga9"]  # the caller's object is not changed


def test_summary_refuses_an_unknown_code_before_reading_anything(tmp_path):
    from govaudit.summary.run import run_summary

    with pytest.raises(ConfigError, match="ignore 中的 “GA5O1”"):
        run_summary([ROOT / "examples"], str(tmp_path / "a.html"), config=Config(ignore=["GA5O1"]), show_progress=False)
    assert not (tmp_path / "a.html").exists()


def test_an_unknown_code_in_a_suppression_comment_is_an_error_with_the_nearest(tmp_path):
    text = (
        "示例县人民政府2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "<!-- govaudit: ignore GA2O1 原因 -->\n本年度新收到政府信息公开申请10件，上年结转2件，全年办结11件，结转下年3件。\n"
    )
    problem = "第3行的抑制注释中的 “GA2O1” 不是已知的规则编号、前缀或规则名（最接近的：GA201、GA291、GA202；govaudit rules 列出全部规则）"
    with pytest.raises(InputError) as caught:
        audit_text(text, name="示例县.md", config=Config(select=["GA201", "GA9"]))
    assert caught.value.problem == problem
    report = tmp_path / "示例县.md"
    report.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", str(report)], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == f"govaudit: 错误: {report}: {problem}"


def test_explain_suggests_too():
    proc = subprocess.run([sys.executable, "-m", "govaudit", "explain", "GA5O1"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("govaudit: 错误: 没有规则 GA5O1（最接近的：GA501")

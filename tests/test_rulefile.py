"""Rule files are validated when loaded: every mistake names the file and line."""

import textwrap

import pytest

from govaudit.engine.rulefile import load_rule_file
from govaudit.core.errors import ConfigError

GOOD = """
[[rule]]
id = "XY201"
name = "my-balance"
kind = "identity"
severity = "error"
table = "t3"
summary = "s"
message = "{equation}"
identity = "t3.new_received.total = t3.total_processed.total"
explanation = "e"
legal_basis = "b"
"""


def write(tmp_path, text):
    path = tmp_path / "rules.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path, text) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_rule_file(path)
    assert str(path) in str(info.value)
    return info.value


def test_good_rule_loads(tmp_path):
    (rule,) = load_rule_file(write(tmp_path, GOOD))
    assert (rule.id, rule.kind, rule.line) == ("XY201", "identity", 2)


def test_typo_in_a_key_names_the_line(tmp_path):
    err = error_of(tmp_path, GOOD.replace("identity =", "identiy ="))
    assert err.line == 10 and "未知的键 identiy" in err.problem


def test_unknown_fact_key(tmp_path):
    err = error_of(tmp_path, GOOD.replace("t3.total_processed.total", "t3.total_procesed.total"))
    assert err.line == 10 and "未知的数据项 t3.total_procesed.total" in err.problem


def test_bad_identity(tmp_path):
    err = error_of(tmp_path, GOOD.replace("= t3.total_processed.total", "= + t3.total_processed.total"))
    assert err.line == 10 and "缺少数据项" in err.problem


def test_unknown_kind(tmp_path):
    err = error_of(tmp_path, GOOD.replace('kind = "identity"', 'kind = "python"'))
    assert err.line == 5 and "未知的规则类型" in err.problem


def test_missing_required_key(tmp_path):
    err = error_of(tmp_path, GOOD.replace('legal_basis = "b"', ""))
    assert err.line == 2 and "legal_basis" in err.problem


def test_toml_syntax_error(tmp_path):
    err = error_of(tmp_path, GOOD + "\n[[rule]\n")
    assert err.line == 14


def test_placeholder_without_values(tmp_path):
    err = error_of(tmp_path, GOOD.replace("t3.new_received.total =", "t3.new_received.{col} ="))
    assert "{col}" in err.problem


def test_nothing_in_a_rule_file_runs(tmp_path):
    # A message template is substituted, never formatted with attribute access.
    from govaudit.engine.context import render

    assert render("{equation.__class__}", {"equation": "x"}) == "{equation.__class__}"
    err = error_of(tmp_path, GOOD.replace('"t3.new_received.total = t3.total_processed.total"', '"__import__(os) = t3.total.total"'))
    assert "无法解析" in err.problem or "未知的数据项" in err.problem

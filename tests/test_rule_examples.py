"""Every rule's own examples and named edge cases (rules/cases/ID.toml), run
through the same harness users run on theirs (govaudit test-rules)."""

import attrs
import pytest
from click.testing import CliRunner

from govaudit.cli.app import cli
from govaudit.core.errors import ConfigError
from govaudit.engine.rulefile import load_cases
from govaudit.engine.run import rule_set
from govaudit.engine.testing import check_rule_examples, example_problem
from tests.conftest import ROOT

RULES = rule_set()
CASES = [(rule, i) for rule in RULES for i in range(len(rule.examples))]
EDGE = [(rule, case) for rule in RULES for case in load_cases(rule)]


def test_every_rule_has_a_passing_and_a_failing_example():
    for rule in RULES:
        kinds = sorted({e.kind for e in rule.examples})
        assert kinds == ["fail", "pass"], f"{rule.id} has examples {kinds}"


@pytest.mark.parametrize("rule,index", CASES, ids=[f"{r.id}-{r.examples[i].kind}{i}" for r, i in CASES])
def test_rule_example(rule, index):
    assert example_problem(rule, rule.examples[index]) is None


def test_harness_catches_a_wrong_expectation():
    import attrs

    rule = next(r for r in RULES if r.id == "GA201")
    failing = next(e for e in rule.examples if e.kind == "fail")
    wrong = attrs.evolve(failing, expect="相差999")
    assert "不含“相差999”" in example_problem(rule, wrong)
    passing = next(e for e in rule.examples if e.kind == "pass")
    assert "没有报告任何问题" in example_problem(rule, attrs.evolve(passing, kind="fail"))


def test_harness_takes_a_built_in_file_by_a_relative_path(monkeypatch):
    from govaudit.engine.testing import check_rule_examples

    monkeypatch.chdir(ROOT)
    assert check_rule_examples("rules/meta.toml") == []  # once counted as an extra file: "GA901 重复"


@pytest.mark.parametrize("rule,case", EDGE, ids=[f"{r.id}-{c.name}" for r, c in EDGE])
def test_rule_case(rule, case):
    assert example_problem(rule, case) is None


def test_built_in_cases_are_found():
    names = {c.name for r, c in EDGE if r.id == "GA201"}
    assert names >= {"two-columns-off", "prose-scope-off", "blank-column-is-not-an-imbalance"}


def _ga201_fail():
    rule = next(r for r in RULES if r.id == "GA201")
    case = next(c for c in load_cases(rule) if c.name == "two-columns-off")
    return rule, case


def test_harness_checks_how_many_findings():
    rule, case = _ga201_fail()
    assert example_problem(rule, case) is None
    problem = example_problem(rule, attrs.evolve(case, count=1))
    assert problem.startswith("GA201（two-columns-off）: 应报告1个问题，实际报告了2个：表三“商业企业”列")


def test_harness_checks_the_line():
    rule, case = _ga201_fail()
    assert example_problem(rule, attrs.evolve(case, line=7)) == "GA201（two-columns-off）: 应有一个问题在第7行，实际在第6、6行"


def test_harness_checks_the_cell():
    rule, case = _ga201_fail()
    problem = example_problem(rule, attrs.evolve(case, fact="t3.new_received.research"))
    assert problem == "GA201（two-columns-off）: 应有一个问题涉及数据项 t3.new_received.research，实际没有"


RULE_TEXT = '''
[[rule]]
id = "XY601"
name = "new-media"
kind = "topics"
severity = "warning"
section = "一"
require = [["政务新媒体"]]
summary = "s"
message = "第一部分未提及“{topic}”"
explanation = "e"
legal_basis = "b"

[[rule.example]]
kind = "pass"
report = """
示例县人民政府2024年政府信息公开工作年度报告
一、总体情况
通过政务新媒体发布信息80条。
"""

[[rule.example]]
kind = "fail"
report = """
示例县人民政府2024年政府信息公开工作年度报告
一、总体情况
通过政府网站发布信息80条。
"""
expect = "未提及“政务新媒体”"
count = COUNT
line = 2  # the section heading: a missing topic is the section's
'''

CASES_TEXT = '''
[[case]]
name = "heading-only"
kind = "fail"
report = "示例县人民政府2024年政府信息公开工作年度报告\\n一、总体情况\\n"
count = 1

[[case]]
name = "said-in-another-section"
kind = "fail"
report = "示例县人民政府2024年政府信息公开工作年度报告\\n一、总体情况\\n无。\\n二、主动公开政府信息情况\\n政务新媒体发布信息80条。\\n"
count = 2
'''


def _rule_file(tmp_path, count=1, cases=None):
    path = tmp_path / "本地规则.toml"
    path.write_text(RULE_TEXT.replace("COUNT", str(count)), encoding="utf-8")
    if cases is not None:
        (tmp_path / "cases").mkdir(exist_ok=True)
        (tmp_path / "cases" / "XY601.toml").write_text(cases, encoding="utf-8")
    return path


def test_cases_beside_a_users_rule_file_run(tmp_path):
    path = _rule_file(tmp_path, cases=CASES_TEXT)
    assert check_rule_examples(path) == ["XY601（said-in-another-section）: 应报告2个问题，实际报告了1个：第一部分未提及“政务新媒体”"]


def test_a_broken_cases_file_names_its_line(tmp_path):
    path = _rule_file(tmp_path, cases='\n[[case]]\nname = "x"\nkind = "pass"\nreport = "r"\nexpect = "y"\n')
    with pytest.raises(ConfigError) as info:
        check_rule_examples(path)
    assert str(info.value) == f"{tmp_path / 'cases' / 'XY601.toml'}:2: XY601 的边界情况 x: pass 的例子不报告问题：不能有 expect、line、fact 或非 0 的 count"


def test_test_rules_command_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(cli, ["test-rules", str(_rule_file(tmp_path, count=1))])
    assert (ok.exit_code, ok.output.strip()) == (0, "1 条规则的例子和边界情况全部通过")
    bad = runner.invoke(cli, ["test-rules", str(_rule_file(tmp_path, count=3))])
    assert bad.exit_code == 1
    assert "本地规则.toml:2: XY601: 应报告3个问题，实际报告了1个" in bad.output
    broken = tmp_path / "broken.toml"
    broken.write_text(RULE_TEXT.replace('section = "一"', 'section = "7"').replace("COUNT", "1"), encoding="utf-8")
    err = runner.invoke(cli, ["test-rules", str(broken)])
    assert err.exit_code == 2
    assert err.output.strip() == f"govaudit: 错误: {broken}:7: XY601: section 不能是 '7'：可用的值为 全文、一、二、三、四、五、六"


def test_test_rules_runs_the_built_in_cases(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["test-rules", "rules/table3.toml"])
    # 7: GA201–GA205, GA290, GA291
    assert (result.exit_code, result.output.strip()) == (0, "7 条规则的例子和边界情况全部通过")

"""Every rule's own examples, run through the same harness users run on theirs."""

import pytest

from govaudit.engine.run import rule_set
from govaudit.engine.testing import example_problem
from tests.conftest import ROOT

RULES = rule_set()
CASES = [(rule, i) for rule in RULES for i in range(len(rule.examples))]


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

"""Running a rule's own examples: the harness the test suite uses, and that
users can call on their own rule files (see docs/writing-rules.md).

    from govaudit.engine.testing import check_rule_examples
    problems = check_rule_examples("my-rules.toml")
    assert not problems, problems
"""

from __future__ import annotations

import os
from pathlib import Path

from ..lint.config import Config
from .rule import Example, Rule, builtin_rule_paths
from .rulefile import load_rule_file


def run_example(rule: Rule, example: Example, extra_files: list[str] | None = None) -> list:
    """The findings `rule` gives on the example's report (and previous report)."""
    from ..api import audit

    config = Config(select=[rule.id], rule_files=list(extra_files or []))
    previous = example.previous if example.previous else None
    result = audit(_as_text(example.report), previous=_as_text(previous) if previous else None, config=config)
    return [f for f in result.findings if f.rule == rule.id]


def _as_text(report: str) -> str:
    # audit() reads a str with a line break as the report itself.
    return report if "\n" in report else report + "\n"


def example_problem(rule: Rule, example: Example, extra_files: list[str] | None = None) -> str | None:
    """None when the example behaves as it says, else what went wrong."""
    findings = run_example(rule, example, extra_files)
    if example.kind == "pass":
        if findings:
            return f"{rule.id}: 通过的例子却报告了：{findings[0].message}"
        return None
    if not findings:
        return f"{rule.id}: 报错的例子没有报告任何问题"
    if example.expect and not any(example.expect in f.message for f in findings):
        return f"{rule.id}: 报错的例子的消息不含“{example.expect}”，实际为：{findings[0].message}"
    return None


def check_rule_examples(path: str | Path) -> list[str]:
    """Every problem with the examples of the rules in one rule file."""
    path = str(path)
    builtin = {os.path.realpath(p) for p in builtin_rule_paths()}
    extra = [] if os.path.realpath(path) in builtin else [path]  # rules/x.toml, ./rules/x.toml, absolute
    problems = []
    for rule in load_rule_file(path):
        kinds = {e.kind for e in rule.examples}
        if kinds != {"pass", "fail"}:
            problems.append(f"{rule.id}: 应至少各有一个 pass 和 fail 例子")
        for example in rule.examples:
            problem = example_problem(rule, example, extra)
            if problem:
                problems.append(problem)
    return problems

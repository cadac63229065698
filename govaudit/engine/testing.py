"""Running a rule's own examples and named edge cases: the harness the test
suite uses, that `govaudit test-rules` runs, and that users can call on their
own rule files (see docs/writing-rules.md).

    from govaudit.engine.testing import check_rule_examples
    problems = check_rule_examples("my-rules.toml")
    assert not problems, problems

An example (or case) says `pass` (no finding) or `fail`, and for `fail` may
say more: `expect` (text of a finding's message), `count` (exactly how many
findings), `line` (a finding at that line of the report) and `fact` (a
finding about that fact key, i.e. that cell). Cases sit in cases/ID.toml
beside the rule file.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..lint.config import Config
from .rule import Example, Rule, builtin_rule_paths
from .rulefile import load_cases, load_rule_file


def run_example(rule: Rule, example: Example, extra_files: list[str] | None = None) -> list:
    """The findings `rule` gives on the example's report (and previous report)."""
    from ..api import audit_text, extract_text

    config = Config(select=[rule.id], rule_files=list(extra_files or []))
    previous = extract_text(example.previous) if example.previous else None
    result = audit_text(example.report, previous=previous, config=config)
    return [f for f in result.findings if f.rule == rule.id]


def _label(rule: Rule, example: Example) -> str:
    return f"{rule.id}（{example.name}）" if example.name else rule.id


def example_problem(rule: Rule, example: Example, extra_files: list[str] | None = None) -> str | None:
    """None when the example behaves as it says, else what went wrong."""
    findings = run_example(rule, example, extra_files)
    label = _label(rule, example)
    if example.kind == "pass":
        if findings:
            return f"{label}: 通过的例子却报告了：{findings[0].message}"
        return None
    if not findings:
        return f"{label}: 报错的例子没有报告任何问题"
    if example.expect and not any(example.expect in f.message for f in findings):
        return f"{label}: 报错的例子的消息不含“{example.expect}”，实际为：{findings[0].message}"
    if example.count is not None and len(findings) != example.count:
        said = "；".join(f.message for f in findings[:3])
        return f"{label}: 应报告{example.count}个问题，实际报告了{len(findings)}个：{said}"
    if example.line is not None and not any(f.location.line == example.line for f in findings):
        lines = "、".join(str(f.location.line) for f in findings)
        return f"{label}: 应有一个问题在第{example.line}行，实际在第{lines}行"
    if example.fact is not None and not any(example.fact in (f.facts or ()) for f in findings):
        return f"{label}: 应有一个问题涉及数据项 {example.fact}，实际没有"
    return None


def check_rule_examples(path: str | Path) -> list[str]:
    """Every problem with the examples and cases of the rules in one rule file."""
    return [problem for _, problems in run_rule_file(path) for problem in problems]


def run_rule_file(path: str | Path) -> list[tuple[Rule, list[str]]]:
    """(rule, its problems) for each rule of the file: its examples, then its
    cases. Raises ConfigError for a broken rule or cases file."""
    path = str(path)
    builtin = {os.path.realpath(p) for p in builtin_rule_paths()}
    extra = [] if os.path.realpath(path) in builtin else [path]  # rules/x.toml, ./rules/x.toml, absolute
    out = []
    for rule in load_rule_file(path):
        problems = []
        kinds = {e.kind for e in rule.examples}
        if kinds != {"pass", "fail"}:
            problems.append(f"{rule.id}: 应至少各有一个 pass 和 fail 例子")
        for example in rule.examples + load_cases(rule):
            problem = example_problem(rule, example, extra)
            if problem:
                problems.append(problem)
        out.append((rule, problems))
    return out

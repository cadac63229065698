"""The other `check --output-format`s, named as ruff names them: concise,
gitlab (Code Quality), junit; and `--statistics`."""

from __future__ import annotations

import json
from collections import Counter

from ..core.findings import SEVERITY_NAMES
from ..text.sanitize import one_line

# GitLab Code Quality severities: info, minor, major, critical, blocker.
_GITLAB = {"error": "major", "warning": "minor", "info": "info"}


def render_concise(findings) -> str:
    """One line per finding, no source excerpt."""
    return "".join(one_line(f"{f.location.short()}: {f.rule} [{f.severity}] {f.message}") + "\n" for f in findings)


def render_gitlab(results) -> str:
    """A GitLab Code Quality report (artifacts: reports: codequality)."""
    from ..core.paths import normalise_path
    from ..lint.fingerprint import fingerprints

    issues = []
    for result in results:
        for finding, print_ in zip(result.findings, fingerprints(result.findings)):
            issues.append({
                "description": f"{finding.rule} {finding.message}",
                "check_name": finding.rule,
                "fingerprint": print_,
                "severity": _GITLAB[finding.severity],
                "location": {"path": normalise_path(finding.location.path), "lines": {"begin": finding.location.line or 1}},
            })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def render_junit(results, failed=()) -> str:
    """JUnit XML: a test suite per report, a failing test case per finding
    (an unreadable file is an error case), as CI test viewers show them."""
    from xml.sax.saxutils import escape as _escape, quoteattr as _quoteattr

    def escape(text):  # XML 1.0 holds no control characters: shown as \xNN
        return _escape(one_line(str(text)))

    def quoteattr(text):
        return _quoteattr(one_line(str(text)))

    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    n = sum(len(r.findings) for r in results)
    out.append(f'<testsuites name="govaudit" tests="{n + len(failed)}" failures="{n}" errors="{len(failed)}">')
    for result in results:
        out.append(f'  <testsuite name={quoteattr(result.path)} tests="{len(result.findings)}" failures="{len(result.findings)}">')
        for f in result.findings:
            where = f.location.short()
            out.append(f'    <testcase name={quoteattr(f"{f.rule} {where}")} classname={quoteattr(result.path)}>')
            out.append(f'      <failure type={quoteattr(f.severity)} message={quoteattr(f.message)}>{escape(where)}: {escape(f.message)}</failure>')
            out.append("    </testcase>")
        out.append("  </testsuite>")
    for error in failed:
        out.append(f'  <testsuite name={quoteattr(str(error.path))} tests="1" errors="1">')
        out.append(f'    <testcase name="读取" classname={quoteattr(str(error.path))}><error message={quoteattr(error.problem)}/></testcase>')
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def render_statistics(findings, rules) -> str:
    """A count per rule, most frequent first (ruff's --statistics)."""
    counts = Counter(f.rule for f in findings)
    severity = {f.rule: f.severity for f in findings}
    names = {r.id: r.name for r in rules}
    lines = [f"{n:>5}  {rule:<6} [{SEVERITY_NAMES[severity[rule]]}] {names.get(rule, '')}".rstrip()
             for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "".join(line + "\n" for line in lines)

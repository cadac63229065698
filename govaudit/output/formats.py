"""The other `check --output-format`s, named as ruff names them: concise,
gitlab (Code Quality), junit; and `--statistics`."""

from __future__ import annotations

from collections import Counter

from ..core.findings import SEVERITY_NAMES
from ..text.sanitize import one_line

# GitLab Code Quality severities: info, minor, major, critical, blocker.
_GITLAB = {"error": "major", "warning": "minor", "info": "info"}


def render_concise(findings) -> str:
    """One line per finding, no source excerpt."""
    return "".join(one_line(f"{f.location.short()}: {f.rule} [{f.severity}] {f.message}") + "\n" for f in findings)


def gitlab_issues(result) -> list[dict]:
    """The Code Quality issues of one report's findings."""
    from ..core.paths import normalise_path
    from ..lint.fingerprint import fingerprints

    return [
        {
            "description": f"{finding.rule} {finding.message}",
            "check_name": finding.rule,
            "fingerprint": print_,
            "severity": _GITLAB[finding.severity],
            "location": {"path": normalise_path(finding.location.path), "lines": {"begin": finding.location.line or 1}},
        }
        for finding, print_ in zip(result.findings, fingerprints(result.findings))
    ]


def _escape(text) -> str:  # XML 1.0 holds no control characters: shown as \xNN
    from xml.sax.saxutils import escape

    return escape(one_line(str(text)))


def _quoteattr(text) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(one_line(str(text)))


def junit_head(n_findings: int, n_failed: int) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="govaudit" tests="{n_findings + n_failed}" failures="{n_findings}" errors="{n_failed}">\n')


def junit_suite(result) -> str:
    """One report's test suite, lines ending in a line break."""
    name = _quoteattr(result.path)
    out = [f'  <testsuite name={name} tests="{len(result.findings)}" failures="{len(result.findings)}">']
    for f in result.findings:
        where = f.location.short()
        out.append(f'    <testcase name={_quoteattr(f"{f.rule} {where}")} classname={name}>')
        out.append(f'      <failure type={_quoteattr(f.severity)} message={_quoteattr(f.message)}>{_escape(where)}: {_escape(f.message)}</failure>')
        out.append("    </testcase>")
    out.append("  </testsuite>")
    return "".join(line + "\n" for line in out)


def junit_tail(failed) -> str:
    """An error suite per unreadable file, and the end of the document."""
    out = []
    for error in failed:
        out.append(f'  <testsuite name={_quoteattr(str(error.path))} tests="1" errors="1">')
        out.append(f'    <testcase name="读取" classname={_quoteattr(str(error.path))}><error message={_quoteattr(error.problem)}/></testcase>')
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "".join(line + "\n" for line in out)


def statistics_of(counts: Counter, severity: dict, rules) -> str:
    """`counts`: findings per rule; `severity`: each rule's (its last finding's)."""
    names = {r.id: r.name for r in rules}
    lines = [f"{n:>5}  {rule:<6} [{SEVERITY_NAMES[severity[rule]]}] {names.get(rule, '')}".rstrip()
             for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "".join(line + "\n" for line in lines)

"""The lint layer: what the user asked for, applied to what the engine found.

The engine (engine/run.py) turns rules and facts into findings and knows
nothing of configurations. Everything a user decides happens here, on
frozen findings, in this order:

1. selection: which rules run on a file (select, ignore, per-file ignores);
2. suppression comments the loader handed over (lint/suppress.py), which
   also add findings about the comments themselves;
3. severity overrides (attrs.evolve: a finding is never changed in place);
4. baselines (lint/baseline.py), over each file's complete list.
"""

from __future__ import annotations

import attrs

from ..core.findings import Finding
from .config import Config


def selected_rules(rules, config: Config, path: str | None) -> list:
    """The rules to run on the file at `path`: selected, and sure enough (min-confidence)."""
    return [rule for rule in rules if config.selected(rule.id, path) and config.confident(rule)]


def lint(findings: list[Finding], extraction, rules, config: Config) -> tuple[list[Finding], list]:
    """(findings to report, in report order; [(finding, Suppression)] hidden
    by a comment) of one report. `findings`: what the engine gave for
    `rules` (every rule loaded: suppression comments may name any)."""
    path = extraction.document.path
    findings = [f for f in findings if config.selected(f.rule, path)]
    suppressed: list = []
    if extraction.document.directives:  # the module loads only for a report that has any
        from .suppress import apply_suppressions

        findings, suppressed = apply_suppressions(findings, extraction, rules, config)
    if config.severity:
        own = {rule.id: rule.severity for rule in rules}
        findings = [_override(f, own, config.severity) for f in findings]
        suppressed = [(_override(f, own, config.severity), sup) for f, sup in suppressed]
    findings.sort(key=Finding.sort_key)
    return findings, suppressed


def _override(finding: Finding, own: dict, severity: dict) -> Finding:
    # Only a finding at its rule's own severity: a rule may say a check could
    # not run at a lower one (identity's "无法核对"), and that stays what it is.
    wanted = severity.get(finding.rule)
    if wanted and finding.severity == own.get(finding.rule) and wanted != finding.severity:
        return attrs.evolve(finding, severity=wanted)
    return finding


def apply_baseline(results, known: set[str] | None, fingerprint: bool = False) -> int:
    """Hide, in each result (`.findings` of one file, complete), the findings
    of the baseline `known`; return how many were hidden. With `fingerprint`
    (or a baseline), the findings left carry their fingerprints, counted over
    the complete lists (SARIF shows them)."""
    if known is None and not fingerprint:
        return 0
    from .baseline import filter_baseline

    hidden = 0
    for result in results:
        result.findings, n = filter_baseline(result.findings, known or set())
        hidden += n
    return hidden

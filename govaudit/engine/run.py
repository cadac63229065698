"""Running rules over one report: rules and facts in, findings out.

Nothing else happens here: which rules run, at what severity, and which
findings are hidden (suppression comments, per-file ignores, baselines) is
the lint layer's business (lint/apply.py), done on the findings this returns.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..data import rulecache
from .kinds import kind_module
from .rule import Rule, builtin_rule_paths

if TYPE_CHECKING:  # the extraction package behind it is not needed to list or load rules
    from .context import Context

# Kinds whose findings depend on last year's report (ctx.previous), when a
# kind module does not say so itself (USES_PREVIOUS).
_CROSS_YEAR_KINDS = frozenset({"continuity", "similarity"})


def _load(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    from .rulefile import load_rules  # only when the cache has no rule set for these files

    return tuple(load_rules(list(paths)))


@functools.cache
def _cached_rules(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    return rulecache.cached("rules", paths, lambda: _load(paths))


def rule_set(extra_files=()) -> list[Rule]:
    """The built-in rules plus the rules of `extra_files`, loaded once."""
    return list(_cached_rules(tuple(builtin_rule_paths() + list(extra_files))))


def import_kinds(rules: list[Rule]) -> None:
    """Import the code of every kind `rules` use (before forking workers, so
    that each starts with it)."""
    for rule in rules:
        kind_module(rule.kind)


def uses_previous(rule: Rule) -> bool:
    """Whether the rule's findings depend on last year's report."""
    return bool(getattr(kind_module(rule.kind), "USES_PREVIOUS", rule.kind in _CROSS_YEAR_KINDS))


def applicable(rule: Rule, ctx: Context) -> bool:
    return ctx.seg.profile in rule.profiles and ctx.seg.issuer_kind in rule.issuers


def run_rules(rules: list[Rule], ctx: Context) -> list[Finding]:
    """The findings of every rule of `rules` that applies to this report's
    format and issuer, in report order."""
    findings: list[Finding] = []
    for rule in rules:
        if applicable(rule, ctx):
            findings.extend(kind_module(rule.kind).check(rule, ctx))
    findings.sort(key=Finding.sort_key)
    return findings

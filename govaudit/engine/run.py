"""Running rules over one report."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..lint.config import Config
from ..core.findings import Finding
from ..data import rulecache
from .kinds import kind_module
from .rule import Rule, builtin_rule_paths

if TYPE_CHECKING:  # the extraction package behind it is not needed to list or load rules
    from .context import Context


def _load(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    from .rulefile import load_rules  # only when the cache has no rule set for these files

    return tuple(load_rules(list(paths)))


@functools.cache
def _cached_rules(paths: tuple[str, ...]) -> tuple[Rule, ...]:
    return rulecache.cached("rules", paths, lambda: _load(paths))


def rule_set(config: Config | None = None) -> list[Rule]:
    """The built-in rules plus the configuration's extra rule files, loaded once."""
    paths = builtin_rule_paths()
    if config is not None:
        paths += config.rule_files
    return list(_cached_rules(tuple(paths)))


def import_kinds(rules: list[Rule]) -> None:
    """Import the code of every kind `rules` use (before forking workers, so
    that each starts with it)."""
    for rule in rules:
        kind_module(rule.kind)


def applicable(rule: Rule, ctx: Context) -> bool:
    return ctx.seg.profile in rule.profiles and ctx.seg.issuer_kind in rule.issuers


def run_rules(rules: list[Rule], ctx: Context, config: Config) -> list[Finding]:
    from .kinds.sections import unrecognised

    findings: list[Finding] = []
    # A text whose structure could not be read at all gets the structure
    # rules only: every other rule would report its own consequence of it.
    structure_only = unrecognised(ctx) is not None
    for rule in rules:
        if not config.selected(rule.id, ctx.path) or not applicable(rule, ctx):
            continue
        if structure_only and rule.kind != "sections":
            continue
        for finding in kind_module(rule.kind).check(rule, ctx):
            override = config.severity.get(rule.id)
            if override and finding.severity == rule.severity:
                finding.severity = override
            findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return findings

"""Running rules over one report: rules and facts in, findings out.

Nothing else happens here: which rules run, at what severity, and which
findings are hidden (suppression comments, per-file ignores, baselines) is
the lint layer's business (lint/apply.py), done on the findings this returns.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..data import rulecache
from .kinds import kind_module
from .rule import Rule, builtin_rule_paths
from ..text.lazyre import lazy_compile

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
    from ..data.profile import builtin_data_paths

    # What rules compile to depends on the schema and profiles too (over.col =
    # "t3.columns", the fact keys they name): their files are part of the key.
    return rulecache.cached(
        "rules", paths + builtin_data_paths(), lambda: _load(paths), _encode, _decode, lambda rules: _complete(rules, paths),
        classes=_classes(),
    )


# The rule cache holds plain data only (data/rulecache.py): each rule's
# fields, and what its kind compiled when that is plain data or made of the
# classes below; otherwise (an automaton) the kind compiles it again on loading.
_RECOMPILE = {"recompile": True}


@functools.cache
def _classes() -> dict:
    """The only classes the rule cache may make (by name, from this list)."""
    from .expression import Alternatives, Identity
    from .rule import Example

    return {cls.__name__: cls for cls in (Alternatives, Identity, Example)}


def _encode(rules: tuple[Rule, ...]) -> list:
    import attrs

    classes = _classes()
    out = []
    for rule in rules:
        fields = attrs.asdict(rule, recurse=False)
        compiled = fields.pop("compiled")
        try:
            rulecache.to_plain(compiled, classes)
        except rulecache.NotPlain:
            compiled = _RECOMPILE
        out.append({"fields": fields, "compiled": compiled})
    return out


def _decode(data) -> tuple[Rule, ...]:
    if not isinstance(data, list):
        raise rulecache.NotPlain("rules")
    rules = []
    for item in data:
        fields = item["fields"]
        if not isinstance(fields, dict):
            raise rulecache.NotPlain("rule")
        rule = Rule(**fields)
        compiled = item["compiled"]
        rule.compiled = kind_module(rule.kind).compile(rule) if compiled == _RECOMPILE else compiled
        rules.append(rule)
    return tuple(rules)


_RULE_TABLE = lazy_compile(rb"^[ \t]*\[\[rule\]\][ \t]*\r?$", re.M)


def _complete(rules: tuple[Rule, ...], paths: tuple[str, ...]) -> bool:
    """As many rules as the files define, each from one of them: a cache
    emptied or cut short is never read as "fewer rules". (The `[[rule]]`
    lines are counted by one regular expression over the bytes: this runs
    on every start.)"""
    try:
        expected = 0
        for path in paths:
            with open(path, "rb") as handle:
                expected += len(_RULE_TABLE.findall(handle.read()))
    except OSError:
        return False
    return len(rules) == expected and all(rule.source in paths for rule in rules)


def rule_set(extra_files=()) -> list[Rule]:
    """The built-in rules plus the rules of `extra_files`, loaded once."""
    return list(_cached_rules(tuple(builtin_rule_paths() + list(extra_files))))


def import_kinds(rules: list[Rule]) -> None:
    """Import the code of every kind `rules` use (before forking workers, so
    that each starts with it)."""
    for rule in rules:
        kind_module(rule.kind)


def uses_previous(rule: Rule) -> bool:
    """Whether the rule's findings depend on last year's report: its kind
    says so, or is one of the cross-year kinds, or an example of the rule
    comes with last year's report."""
    declared = getattr(kind_module(rule.kind), "USES_PREVIOUS", None)
    if declared is not None:
        return bool(declared)
    return rule.kind in _CROSS_YEAR_KINDS or any(example.previous for example in rule.examples)


def applicable(rule: Rule, ctx: Context) -> bool:
    return ctx.seg.profile in rule.profiles and ctx.seg.issuer_kind in rule.issuers


def run_rules(rules: list[Rule], ctx: Context, every: list[Rule] | None = None) -> list[Finding]:
    """The findings of every rule of `rules` that applies to this report's
    format and issuer, in report order. `every`: the whole rule set, of which
    `rules` are those selected; checks that read the table's identities as a
    whole (suspects, GA290) see all of them, whatever is selected."""
    findings: list[Finding] = []
    ctx.rules = [rule for rule in (every if every is not None else rules) if applicable(rule, ctx)]
    from .checks import STRUCTURE
    from .checks.structure_recognised import unrecognised

    # A text whose structure could not be read at all gets the structure
    # rules only: every other rule would report its own consequence of it.
    structure_only = unrecognised(ctx) is not None
    for rule in rules:
        if not applicable(rule, ctx):
            continue
        if structure_only and not (rule.kind == "builtin" and rule.params.get("check") in STRUCTURE):
            continue
        if ctx.previous is None and rule.kind in _CROSS_YEAR_KINDS:
            continue  # nothing to compare with (and their code need not even be loaded)
        findings.extend(kind_module(rule.kind).check(rule, ctx))
    findings.sort(key=Finding.sort_key)
    return findings

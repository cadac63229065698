"""Built-in checks: what no template can say, one module each.

A rule file uses one with `kind = "builtin"` and `check = "name"`; the rule
still gives its id, name, severity, message and examples. Each module has
PARAMS and PLACEHOLDERS (engine/params.py), compile(rule) and check(rule,
ctx), and its docstring (Chinese) is the check's documentation in
docs/rules. Only the checks listed here exist: a rule file never names code.
"""

from __future__ import annotations

import importlib

CHECKS = (
    "structure_recognised",
    "sections_present",
    "sections_order",
    "section_titles",
    "sections_numbering",
    "table_format",
    "t3_other_rows",
    "missing_rows",
    "negative_counts",
    "unchecked_identities",
    "table_mostly_unread",
    "stats_period",
    "stats_period_missing",
    "published_early",
    "published_late",
    "unused_suppression",
    "suppression_without_reason",
    "invalid_suppression",
)
# The checks that still run when the report's structure could not be read at all
# (structure_recognised): every other rule would report its own consequence of it.
STRUCTURE = ("structure_recognised", "sections_present", "sections_order", "section_titles", "sections_numbering")
# Checks whose findings the suppression step emits (lint/suppress.py).
DIRECTIVES = ("unused_suppression", "suppression_without_reason", "invalid_suppression")


def check_module(name: str):
    if name not in CHECKS:
        raise KeyError(name)
    return importlib.import_module(f".{name}", __package__)

"""Findings about govaudit's own directives (suppression comments).

Rules of this kind produce nothing when run: the suppression step
(govaudit/suppress.py) emits their findings, since only it knows which
comments were used. The rule file gives them an id, name, severity and
message like any other rule, so they can be selected, ignored and documented.
"""

from __future__ import annotations

PARAMS: dict = {}
REQUIRED = ()


def compile(rule):
    return None


def check(rule, ctx):
    return []

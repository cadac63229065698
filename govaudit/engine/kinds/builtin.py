"""Kind `builtin`: a rule whose check is a built-in one (engine/checks/),
named by `check`. The check module declares the rule's other parameters
and its placeholders; this kind only dispatches to it."""

from __future__ import annotations

from ..checks import CHECKS, check_module
from ..params import Param

PARAMS = (Param("check", "str", "内置检查的名称（见 engine/checks/，每个检查一个模块）", required=True, choices=CHECKS),)
PLACEHOLDERS: dict = {}


def compile(rule):
    return check_module(rule.params["check"]).compile(rule)


def check(rule, ctx):
    return check_module(rule.params["check"]).check(rule, ctx)

"""The six sections: present, in order, with their standard titles (spec §3)."""

from __future__ import annotations

from ...segment.sections import NUMERALS
from ..context import render

PARAMS = {"check": str}
REQUIRED = ("check",)
CHECKS = ("present", "order", "title")


def compile(rule):
    if rule.params["check"] not in CHECKS:
        raise ValueError(f"check 应为 {'/'.join(CHECKS)}", "check")
    return rule.params["check"]


def check(rule, ctx):
    sections = ctx.seg.sections
    if rule.compiled == "present":
        found = {s.number for s in sections}
        missing = [n for n in NUMERALS if n not in found]
        if not missing:
            return []
        listing = "、".join(missing)
        return [ctx.finding(rule, render(rule.message, {"missing": listing}), ctx.document_location(), facts=[])]
    if rule.compiled == "order":
        numbers = [s.number for s in sections]
        expected = sorted(numbers, key=NUMERALS.index)
        if numbers == expected:
            return []
        return [
            ctx.finding(rule, render(rule.message, {"actual": "、".join(numbers), "expected": "、".join(expected)}), sections[0].location)
        ]
    findings = []
    for s in sections:
        if s.match in ("variant", "loose"):
            findings.append(ctx.finding(rule, render(rule.message, {"number": s.number, "title": s.title}), s.location, section=s.number, evidence=s.title))
    return findings

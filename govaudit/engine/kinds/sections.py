"""The six sections: present, in order, with their standard titles, in the
prescribed numbering (spec §3)."""

from __future__ import annotations

from ...core.facts import SECTION_OF_TABLE
from ...segment.sections import NUMERALS
from ..context import render

PARAMS = {"check": str}
REQUIRED = ("check",)
CHECKS = ("present", "order", "title", "numbering")


def compile(rule):
    if rule.params["check"] not in CHECKS:
        raise ValueError(f"check 应为 {'/'.join(CHECKS)}", "check")
    return rule.params["check"]


def check(rule, ctx):
    sections = ctx.seg.sections
    if rule.compiled == "numbering":
        return _numbering(rule, ctx)
    if rule.compiled == "present":
        found = {s.number for s in sections}
        if ctx.seg.own_parts:
            # Parts numbered by the issuer: a national table is its part's content.
            found |= {SECTION_OF_TABLE[t] for t, where in ctx.extraction.tables.items() if where}
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
        if s.ordinal is None and s.match in ("variant", "loose", "near"):  # renumbered: said once by "numbering"
            findings.append(ctx.finding(rule, render(rule.message, {"number": s.number, "title": s.title}), s.location, section=s.number, evidence=s.title))
    return findings


def _numbering(rule, ctx):
    """One finding for a report that numbers its own parts: how it is laid
    out, and where each prescribed part was found."""
    parts = ctx.seg.own_parts
    if not parts:
        return []
    written = "；".join(f"{p.ordinal}、{p.title}" for p in parts)
    moved = [f"第{p.number}部分为“{p.ordinal}、{p.title}”" for p in parts if p.number and p.number != p.ordinal]
    first = next((p for p in parts if p.number != p.ordinal), parts[0])
    values = {"count": len(parts), "parts": written, "mapping": "，".join(moved) or "无"}
    return [ctx.finding(rule, render(rule.message, values), first.location, evidence=f"{first.ordinal}、{first.title}")]

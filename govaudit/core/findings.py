"""Findings: what a rule says about a report, in the shape of the public JSON contract."""

from __future__ import annotations


import attrs

from .decimals import is_decimal
from .fieldwise import FieldsEq
from .model import Location

SEVERITIES = ("info", "warning", "error")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}  # as the text, page and tables say them


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def json_number(value):
    """Decimals become int or float for JSON; None stays None."""
    if is_decimal(value):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@attrs.frozen(repr=False, eq=False)
class Finding(FieldsEq):
    """Frozen: the lint layer changes a finding (a severity override, its
    fingerprint) by making a new one with attrs.evolve."""

    rule: str  # stable id, e.g. GA201
    name: str  # kebab-case, e.g. t3-balance
    severity: str  # error | warning | info
    message: str  # Chinese; says what is wrong and what the number should be
    location: Location
    section: str | None = None  # 一…六
    facts: list[str] = attrs.Factory(list)
    expected: object = None
    actual: object = None
    evidence: str | None = None  # the quoted sentence or cell text, or what the rule read (see `quoted`)
    scope: str | None = None
    suspects: list = attrs.Factory(list)  # engine.suspects.Suspect: the one cell that explains the failure
    cells: list = attrs.Factory(list)  # arithmetic: every figure of the equation (dicts, see docs/output-formats.md)
    place: str | None = None  # said as a person looks for it; derived from location and section when None
    # False: `evidence` says what was read (a heading and the start of a section,
    # every figure of an equation) rather than quoting the text at `location`,
    # so the annotated page does not look it up there.
    quoted: bool = True
    # Set by the lint layer when a baseline or SARIF needs it (lint/fingerprint.py):
    # counted over the file's complete list, so it survives a baseline's filtering.
    fingerprint: str | None = attrs.field(default=None, eq=False, repr=False)

    def where(self) -> str:
        from .places import describe

        return self.place or describe(self.location, section=self.section)


    def as_json(self) -> dict:
        loc = self.location
        out = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
        }
        for extra in ("page", "paragraph", "table", "row", "col"):
            value = getattr(loc, extra)
            if value is not None:
                out[extra] = value
        out["place"] = self.where()
        out["section"] = self.section
        out["facts"] = list(self.facts)
        if self.expected is not None or self.actual is not None:
            out["expected"] = json_number(self.expected)
            out["actual"] = json_number(self.actual)
        if self.scope is not None:
            out["scope"] = self.scope
        if self.cells:
            out["cells"] = [dict(c, value=json_number(c["value"])) for c in self.cells]
        if self.suspects:
            out["suspects"] = [s.as_json() for s in self.suspects]
        if self.evidence is not None:
            out["evidence"] = self.evidence
        return out

    def sort_key(self):
        loc = self.location
        return (
            loc.path,
            loc.page or 0,
            loc.line or 0,
            loc.table or 0,
            loc.row or 0,
            loc.paragraph or 0,
            loc.column or 0,
            self.rule,
        )

"""The library entry points: `extract` and `audit`."""

from __future__ import annotations


import attrs

from .core.fieldwise import FieldsRepr
from .lint.config import Config
from .engine.context import Context
from .engine.run import rule_set, run_rules
from .lint.apply import lint, selected_rules
from .lint.codes import resolve_config
from .extraction import extract_document
from .extraction.model import Extraction
from .core.guard import bounded
from .core.limits import DEFAULT, Limits
from .load import load, load_bytes


def _is_text(value) -> bool:
    """A str holding a line break is the report itself; anything else is a path."""
    return isinstance(value, str) and "\n" in value


def extract(path_or_text, limits: Limits = DEFAULT) -> Extraction:
    """Read one report (a path, or the report's own text as Markdown) into facts."""
    if _is_text(path_or_text):
        label = "<text>"
        with bounded(label, limits.timeout_seconds):
            doc = load_bytes(label, path_or_text.encode("utf-8"), "md", limits)
            return extract_document(doc, limits)
    path = str(path_or_text)
    with bounded(path, limits.timeout_seconds):
        return extract_document(load(path, limits), limits)


@attrs.define(eq=False, repr=False)  # compared by identity: an aggregate, not a value
class AuditResult(FieldsRepr):
    """Findings and facts of one report."""

    path: str
    extraction: Extraction
    findings: list
    suppressed: list = attrs.Factory(list)  # (finding, Suppression) hidden by a comment
    # What the engine found for the selected rules, before the lint layer's
    # other steps: the summary adds the cross-year findings to these and
    # lints them again, instead of auditing a report twice.
    engine_findings: list = attrs.Factory(list)

    @property
    def facts(self):
        return self.extraction.facts

    def as_json(self) -> dict:
        seg = self.extraction.segmentation
        return {
            "path": self.path,
            "format": self.extraction.document.format,
            "issuer": seg.issuer,
            "year": seg.year,
            "profile": seg.profile,
            "fully_checked": self.extraction.fully_read,  # False: some figures could not be read
            "findings": [f.as_json() for f in self.findings],
        }


def audit(path_or_text, previous=None, config: Config | None = None, limits: Limits | None = None) -> AuditResult:
    """Audit one report. `previous`: last year's report (path, text or Extraction),
    for the cross-year checks. `config`: a `Config` (default: none, all rules)."""
    config = config or Config()
    limits = limits or config.limits
    rules = rule_set(config.rule_files)
    config = resolve_config(config, rules)  # an unknown rule code is an error, never a check silently off
    extraction = extract(path_or_text, limits)
    if previous is not None and not isinstance(previous, Extraction):
        previous = extract(previous, limits)
    with bounded(extraction.document.path, limits.timeout_seconds):
        found = run_rules(selected_rules(rules, config, extraction.document.path), Context(extraction, previous), rules)
        findings, suppressed = lint(found, extraction, rules, config)
    return AuditResult(extraction.document.path, extraction, findings, suppressed, found)

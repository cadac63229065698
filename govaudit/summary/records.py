"""One audited report → a small, JSON-ready record: what the summary shows,
and nothing else (no Document, no facts beyond the key figures)."""

from __future__ import annotations

from ..core.findings import json_number
from ..core.places import describe

# (field, label, fact keys summed). 诉讼 falls back to the prose total.
FIGURES = (
    ("new_received", "新收", ("t3.new_received.total",)),
    ("carried_over", "上年结转", ("t3.carried_over.total",)),
    ("processed", "办结", ("t3.total_processed.total",)),
    ("carried_forward", "结转", ("t3.carried_forward.total",)),
    ("review", "复议", ("t4.review.total",)),
    ("litigation", "诉讼", ("t4.suit_direct.total", "t4.suit_after_review.total")),
)
LITIGATION_TOTAL = "t4.litigation.total"
MAX_EVIDENCE = 400  # characters quoted per finding


def location_text(loc, section: str | None = None) -> str:
    """Where in the file, in words a reviewer can follow (no path): the page
    or paragraph, never a source line and column (those stay in the JSON)."""
    return describe(loc, section=section)


def _fact_group(extraction, prefix: str):
    """The facts a figure is read from: the table if there is one; else the
    prose facts without a scope, or of the scope that covers all (全省…)."""
    facts = [f for f in extraction.facts if f.key.startswith(prefix + ".")]
    table = [f for f in facts if f.source == "table"]
    if table:
        return "表格", {f.key: f for f in table}
    text = [f for f in facts if f.source == "text"]
    scopes = []
    for f in text:
        if f.scope not in scopes:
            scopes.append(f.scope)
    scope = None if None in scopes else next((s for s in scopes if s and s.startswith("全")), "")
    if scope == "":
        return None, {}
    chosen: dict = {}
    for f in text:
        if f.scope == scope:
            chosen.setdefault(f.key, f)
    return ("正文" + (f"（{scope}）" if scope else "")), chosen


def key_figures(extraction) -> dict:
    """field → {value, source, blank}; value None when the report gives none."""
    groups = {p: _fact_group(extraction, p) for p in ("t3", "t4")}
    out = {}
    for field, _, keys in FIGURES:
        source, facts = groups[keys[0][:2]]
        found = [facts[k] for k in keys if k in facts]
        if field == "litigation" and len(found) < len(keys) and LITIGATION_TOTAL in facts:
            found = [facts[LITIGATION_TOTAL]]
        elif len(found) < len(keys):
            found = []
        if not found:
            out[field] = {"value": None, "source": None, "blank": False}
            continue
        values = [f.value for f in found if not f.blank and f.value is not None]
        blank = any(f.blank for f in found)
        unreadable = any(f.value is None and not f.blank for f in found)
        value = None if unreadable or not values else json_number(sum(values))
        out[field] = {"value": value, "source": source, "blank": blank}
    return out


def finding_record(finding) -> dict:
    evidence = finding.evidence
    if evidence is not None:
        evidence = str(evidence).strip()
        if len(evidence) > MAX_EVIDENCE:
            evidence = evidence[:MAX_EVIDENCE] + "…"
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "section": finding.section,
        "scope": finding.scope,
        "where": finding.where(),
        "evidence": evidence or None,
    }


def report_record(result) -> dict:
    extraction = result.extraction
    seg = extraction.segmentation
    doc = extraction.document
    return {
        "path": result.path,
        "format": doc.format,
        "title": seg.title,
        "issuer": seg.issuer,
        "year": seg.year,
        "profile": seg.profile,
        "layout": seg.layout,
        "sections": [{"number": s.number, "title": s.title, "where": location_text(s.location, s.number)} for s in seg.sections],
        "figures": key_figures(extraction),
        "fully_checked": extraction.fully_read,
        "findings": [finding_record(f) for f in result.findings],
    }

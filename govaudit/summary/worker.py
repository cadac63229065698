"""What runs in the worker processes, through the batch runner
(batch/runner.py). Each function takes a path and returns small records
(records.py), never a Document, so that results cross the process boundary
cheaply and the parent's memory stays flat.

Each report is read and audited once (`audit_file`). What the cross-year
rules need of it (its extraction without the source text, and what the
engine found) comes back as a compressed blob that the parent keeps in a
temporary file of its own; once the years are chained, `cross_year` runs
only the cross-year rules on two such blobs and lints the report again.
"""

from __future__ import annotations

import os
import pickle
import zlib

import attrs

from ..batch.runner import Failure
from .records import finding_record, report_record

NOT_A_REPORT = "没有找到报告的任何部分（如“一、总体情况”），不像是政府信息公开工作年度报告"


def audit_file(path: str, config, keep_for_chain: bool, pages_dir: str | None = None):
    """(record, blob or None) of one report on its own (no previous year),
    or a Failure. `keep_for_chain`: some cross-year rule is selected.
    `pages_dir`: where its annotated page goes (record["page"]: the link)."""
    from ..api import audit

    _audit_hook(path)
    # The path as given: the records are keyed by it (a Path would drop a leading "./").
    result = audit(path, config=config)
    if not result.extraction.segmentation.sections:
        return Failure(path, NOT_A_REPORT, "not-report")
    record = report_record(result)
    if pages_dir:
        # Written now; a report that is chained gets it again, with the cross-year findings (cross_year).
        record["page"], record["page_error"] = _write_page(result, pages_dir, config)
    blob = None
    if keep_for_chain and record["issuer"] and record["year"]:
        extraction = result.extraction
        slim = attrs.evolve(extraction, document=attrs.evolve(extraction.document, source_lines=None))
        # Our own objects into our own temporary file (never a shared or user-writable place).
        blob = zlib.compress(pickle.dumps((slim, result.engine_findings), protocol=pickle.HIGHEST_PROTOCOL), 1)
    return record, blob


def cross_year(current: bytes, previous: bytes, config, pages_dir: str | None = None) -> list[dict]:
    """The findings records of the report of `current` checked against the
    one of `previous` (blobs from audit_file): its own findings plus those of
    the cross-year rules, through the lint layer again (a suppression comment
    may cover a cross-year finding)."""
    from ..batch.chaining import lint_with_previous  # the same second pass as `check`'s

    extraction, found = pickle.loads(zlib.decompress(current))
    last, _ = pickle.loads(zlib.decompress(previous))
    findings, suppressed = lint_with_previous(extraction, found, last, config)
    if pages_dir:
        from ..api import AuditResult

        _write_page(AuditResult(extraction.document.path, extraction, findings, suppressed), pages_dir, config)
    return [finding_record(f) for f in findings]


def _write_page(result, pages_dir: str, config) -> tuple[str | None, str | None]:
    """(link, None), or (None, why): a page that cannot be drawn costs the
    page, not the report's audit, and the row says why."""
    from ..core.errors import internal_error, os_reason
    from ..engine.run import rule_set
    from ..output.annotated import write_report_page

    try:
        return write_report_page(result, pages_dir, rule_set(config.rule_files)), None
    except OSError as exc:
        return None, f"标注页无法写入：{os_reason(exc)}"
    except Exception as exc:
        return None, internal_error(exc)


def _audit_hook(path: str) -> None:
    """GOVAUDIT_AUDIT_LOG names a file that gets one line per report audited
    (appended whole, so workers side by side do not mix lines): how a test or
    an operator counts that a resumed run audits no report twice."""
    log = os.environ.get("GOVAUDIT_AUDIT_LOG")
    if log:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (path + "\n").encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)
